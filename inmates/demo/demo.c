// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Demo inmate: a bare-metal Jailhouse cell that says when it started,
 * prints a heartbeat, answers the hypervisor's messages and, on request,
 * crashes by touching memory outside its cell, hangs, shuts itself down,
 * or asks the supervising jhboot for something through its mailbox
 * (include/abi/jhboot_mailbox.h). docs/demo-inmate.md.
 *
 * Runs at EL1 with the MMU off, so every access is Device memory: only
 * naturally aligned accesses (-mstrict-align), no FP/SIMD
 * (-mgeneral-regs-only), no UART set-up (the root side did it).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/jailhouse_config.h"
#include "abi/jailhouse_hypercall.h"
#include "abi/jhboot_bundle.h"
#include "abi/jhboot_mailbox.h"
#include "common/parse_num.h"

#define DEFAULT_COMM_BASE 0x80000000ull /* Jailhouse inmate convention */
#define DEFAULT_CON_BASE 0x09000000ull	/* QEMU virt PL011 */
#define CRASH_ADDR 0x40000000ull	/* not mapped in the demo cell */
#define DEFAULT_HEARTBEAT_MS 1000

/* PL011 (Arm DDI 0183): data register, flag register, TX FIFO full */
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

/* CNTKCTL_EL1 event stream (Arm ARM D13.8.x): EVNTEN, EVNTI[7:4] */
#define CNTKCTL_EVNTEN (1u << 2)
#define CNTKCTL_EVNTI_SHIFT 4
#define CNTKCTL_EVNTI_MASK (0xfu << CNTKCTL_EVNTI_SHIFT)

#define NAME_MAX_LEN 31
#define MAX_REQUESTS 4
#define MBOX_WAIT_MS 5000 /* for jhboot to serve / answer the mailbox */

extern volatile char demo_cmdline[JHB_ARGS_MAX + 1];

void demo_main(uint64_t t0);
void demo_exception(uint64_t idx, uint64_t esr, uint64_t far, uint64_t elr);

static uintptr_t uart = DEFAULT_CON_BASE;
static uintptr_t comm; /* 0: no comm region */
static char name[NAME_MAX_LEN + 1] = "demo";
static bool in_exception;

/* ---- MMIO and system registers ------------------------------------------ */

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint8_t rd8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                    \
		v_;                                                            \
	})
#define write_sysreg(v, r)                                                     \
	__asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))

static inline uint64_t counter(void)
{
	__asm__ volatile("isb" ::: "memory");
	return read_sysreg(cntvct_el0);
}

/* ---- console --------------------------------------------------------------- */

static void putc_raw(char c)
{
	while (rd32(uart + UARTFR) & UARTFR_TXFF)
		;
	wr32(uart + UARTDR, (uint8_t)c);
}

static void con_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_raw('\r');
		putc_raw(*s);
	}
}

static void put_dec(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	con_puts(buf + i);
}

static void put_hex(uint64_t v)
{
	char buf[17];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	con_puts("0x");
	con_puts(buf + i);
}

/* "demo[NAME]: " */
static void prefix(void)
{
	con_puts("demo[");
	con_puts(name);
	con_puts("]: ");
}

/* ---- parameters ---------------------------------------------------------- */

struct params {
	uint64_t con_base;
	bool con_set;
	uint64_t comm_base;
	uint64_t crash_after; /* 0: never */
	uint64_t hang_after;  /* 0: never */
	uint64_t heartbeat_ms;
	uint64_t shared;
	bool shared_set;
	uint64_t shutdown_after; /* 0: never */
	uint64_t mailbox;	 /* 0: none */
	uint64_t request_after;
	char *requests; /* "CMD[:NAME],..." or NULL */
};

/* Problems found while parsing, printed once the console is known. */
#define MAX_WARN 4
static const char *warn_tok[MAX_WARN];
static const char *warn_what[MAX_WARN];
static unsigned int nwarn;
static char cmdline[JHB_ARGS_MAX + 1];

static void warn(const char *tok, const char *what)
{
	if (nwarn < MAX_WARN) {
		warn_tok[nwarn] = tok;
		warn_what[nwarn] = what;
		nwarn++;
	}
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* decimal or 0x-prefixed hexadecimal, nothing else */
static bool parse_num(const char *s, uint64_t *out)
{
	return jh_parse_num(s, NULL, 0, out);
}

static void num_param(const char *key, const char *val, uint64_t *dst,
		      bool *set)
{
	uint64_t v;

	if (!parse_num(val, &v)) {
		warn(key, "needs a number (decimal or 0x hex), ignored");
		return;
	}
	*dst = v;
	if (set)
		*set = true;
}

static void parse_params(struct params *p)
{
	unsigned int i;
	char *s;

	p->con_set = false;
	p->shared_set = false;
	p->con_base = DEFAULT_CON_BASE;
	p->comm_base = DEFAULT_COMM_BASE;
	p->crash_after = 0;
	p->hang_after = 0;
	p->heartbeat_ms = DEFAULT_HEARTBEAT_MS;
	p->shared = 0;
	p->shutdown_after = 0;
	p->mailbox = 0;
	p->request_after = 2;
	p->requests = NULL;

	/* copy out of the loader's area (Device memory, maybe unterminated) */
	for (i = 0; i < JHB_ARGS_MAX; i++) {
		cmdline[i] = demo_cmdline[i];
		if (!cmdline[i])
			break;
	}
	cmdline[i] = 0;

	s = cmdline;
	while (*s) {
		char *key, *val = NULL;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		key = s;
		while (*s && *s != ' ') {
			if (*s == '=' && !val) {
				*s = 0;
				val = s + 1;
			}
			s++;
		}
		if (*s)
			*s++ = 0;

		if (!val) {
			warn(key, "needs key=value, ignored");
		} else if (streq(key, "name")) {
			for (i = 0; i < NAME_MAX_LEN && val[i]; i++)
				name[i] = val[i];
			name[i] = 0;
		} else if (streq(key, "con-base")) {
			num_param(key, val, &p->con_base, &p->con_set);
		} else if (streq(key, "comm-base")) {
			num_param(key, val, &p->comm_base, NULL);
		} else if (streq(key, "crash-after")) {
			num_param(key, val, &p->crash_after, NULL);
		} else if (streq(key, "hang-after")) {
			num_param(key, val, &p->hang_after, NULL);
		} else if (streq(key, "heartbeat-ms")) {
			num_param(key, val, &p->heartbeat_ms, NULL);
			if (!p->heartbeat_ms) {
				warn(key, "must be at least 1, using 1000");
				p->heartbeat_ms = DEFAULT_HEARTBEAT_MS;
			}
		} else if (streq(key, "shutdown-after")) {
			num_param(key, val, &p->shutdown_after, NULL);
		} else if (streq(key, "mailbox")) {
			num_param(key, val, &p->mailbox, NULL);
			if (p->mailbox & (JHB_MBOX_SIZE - 1)) {
				warn(key, "must be page aligned, ignored");
				p->mailbox = 0;
			}
		} else if (streq(key, "request")) {
			p->requests = val;
		} else if (streq(key, "request-after")) {
			num_param(key, val, &p->request_after, NULL);
		} else if (streq(key, "shared")) {
			num_param(key, val, &p->shared, &p->shared_set);
			if (p->shared_set && (p->shared & 3)) {
				warn(key, "must be 4-byte aligned, ignored");
				p->shared_set = false;
			}
		} else {
			warn(key, "unknown parameter, ignored");
		}
	}
}

/* ---- comm region (jailhouse-interface.md §8) ------------------------------ */

#define COMM(field) (comm + offsetof(struct jh_comm_region, field))

static bool comm_valid(uintptr_t base)
{
	const char *sig = JH_COMM_SIGNATURE;
	unsigned int i;

	for (i = 0; i < 6; i++)
		if (rd8(base + i) != (uint8_t)sig[i])
			return false;
	return true;
}

/* Answer a pending message. Returns true when we agreed to shut down. */
static bool poll_comm(void)
{
	uint32_t msg, reply;

	if (!comm)
		return false;
	msg = rd32(COMM(msg_to_cell));
	if (msg == JH_MSG_NONE)
		return false;

	if (msg == JH_MSG_SHUTDOWN_REQUEST)
		reply = JH_MSG_REQUEST_APPROVED;
	else if (msg == JH_MSG_RECONFIG_COMPLETED)
		reply = JH_MSG_RECEIVED;
	else
		reply = JH_MSG_UNKNOWN;

	/* protocol: clear the message, barrier, then reply */
	wr32(COMM(msg_to_cell), JH_MSG_NONE);
	__asm__ volatile("dsb sy" ::: "memory");
	wr32(COMM(reply_from_cell), reply);
	return msg == JH_MSG_SHUTDOWN_REQUEST;
}

static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- timing ------------------------------------------------------------------ */

/*
 * Wake up from WFE about once a millisecond without the GIC: the generic
 * timer's event stream signals an event whenever counter bit EVNTI flips
 * 0->1, i.e. every 2^(EVNTI+1) ticks.
 */
static void event_stream_on(uint64_t freq)
{
	uint64_t ticks_ms = freq / 1000, k;
	unsigned int bit = 0;

	for (k = ticks_ms; k > 3; k >>= 1)
		bit++;
	if (bit > 15)
		bit = 15;
	k = read_sysreg(cntkctl_el1);
	k &= ~(uint64_t)CNTKCTL_EVNTI_MASK;
	k |= CNTKCTL_EVNTEN | ((uint64_t)bit << CNTKCTL_EVNTI_SHIFT);
	write_sysreg(k, cntkctl_el1);
	__asm__ volatile("isb");
}

/* Wait for the counter to reach `until`, answering messages meanwhile. */
static void wait_until(uint64_t until)
{
	while ((int64_t)(counter() - until) < 0) {
		if (poll_comm()) {
			prefix();
			con_puts("shutdown requested, approved\n");
			halt();
		}
		__asm__ volatile("wfe");
	}
}

/* ---- mailbox requests to jhboot (include/abi/jhboot_mailbox.h) --------- */

static uint64_t ticks_per_ms;

#define MBOX(off) ((uintptr_t)mbox + (off))

static uintptr_t mbox;

/* Wait until cond(mbox) holds, answering messages; false on timeout. */
static bool mbox_wait(bool (*cond)(void), uint64_t ms)
{
	uint64_t end = counter() + ms * ticks_per_ms;

	while (!cond()) {
		if ((int64_t)(counter() - end) >= 0)
			return false;
		wait_until(counter() + ticks_per_ms);
	}
	return true;
}

static bool mbox_served(void)
{
	return rd32(MBOX(JHB_MBOX_OFF_MAGIC)) == JHB_MBOX_MAGIC;
}

static bool mbox_idle(void)
{
	return rd32(MBOX(JHB_MBOX_OFF_REQ_SEQ)) ==
	       rd32(MBOX(JHB_MBOX_OFF_ACK_SEQ));
}

static const char *result_name(int32_t r)
{
	switch (r) {
	case JHB_MBOX_OK:
		return "ok";
	case JHB_MBOX_EPERM:
		return "refused";
	case JHB_MBOX_ENOENT:
		return "no such cell";
	case JHB_MBOX_EIO:
		return "failed";
	case JHB_MBOX_EBUSY:
		return "busy";
	default:
		return "invalid";
	}
}

/* Print the reply text line by line, "demo[NAME]: reply: ...". */
static void print_reply(void)
{
	uintptr_t p = MBOX(JHB_MBOX_OFF_REPLY);
	uintptr_t end = p + JHB_MBOX_REPLY_LEN;
	bool start = true;
	char c[2] = { 0, 0 };

	while (p < end && (c[0] = (char)rd8(p++)) != 0) {
		if (start) {
			prefix();
			con_puts("reply: ");
			start = false;
		}
		con_puts(c);
		if (c[0] == '\n')
			start = true;
	}
	if (!start)
		con_puts("\n");
}

/* One request "CMD" or "CMD:NAME" ([s, end)): send, wait, report. */
static void mbox_request(const char *s, const char *end)
{
	static const char *const cmds[] = { "status", "restart", "stop",
					    "start" };
	const char *colon = s;
	uint32_t cmd = 0, seq;
	unsigned int i, n;

	while (colon < end && *colon != ':')
		colon++;
	for (i = 0; i < 4 && !cmd; i++) {
		const char *a = s, *b = cmds[i];

		while (a < colon && *b && *a == *b) {
			a++;
			b++;
		}
		if (a == colon && !*b)
			cmd = JHB_MBOX_CMD_STATUS + i;
	}
	prefix();
	con_puts("request ");
	for (const char *q = s; q < end; q++) {
		char c[2] = { *q == ':' ? ' ' : *q, 0 };

		con_puts(c);
	}
	if (!cmd) {
		con_puts(": unknown command, not sent\n");
		return;
	}
	if (!mbox_wait(mbox_idle, MBOX_WAIT_MS)) {
		con_puts(": mailbox busy, not sent\n");
		return;
	}
	con_puts(": sent\n");
	wr32(MBOX(JHB_MBOX_OFF_COMMAND), cmd);
	n = colon < end ? (unsigned int)(end - colon - 1) : 0;
	if (n > JHB_MBOX_NAME_LEN - 1)
		n = JHB_MBOX_NAME_LEN - 1;
	for (i = 0; i < JHB_MBOX_NAME_LEN; i += 4) {
		uint32_t w = 0;

		for (unsigned int k = 0; k < 4; k++)
			if (i + k < n)
				w |= (uint32_t)(uint8_t)colon[1 + i + k]
				     << (8 * k);
		wr32(MBOX(JHB_MBOX_OFF_ARG + i), w);
	}
	__asm__ volatile("dsb sy" ::: "memory");
	seq = rd32(MBOX(JHB_MBOX_OFF_ACK_SEQ)) + 1;
	wr32(MBOX(JHB_MBOX_OFF_REQ_SEQ), seq);
	__asm__ volatile("dsb sy" ::: "memory");
	if (!mbox_wait(mbox_idle, MBOX_WAIT_MS)) {
		prefix();
		con_puts("no answer from jhboot\n");
		return;
	}
	{
		int32_t r = (int32_t)rd32(MBOX(JHB_MBOX_OFF_RESULT));

		prefix();
		con_puts("result ");
		if (r < 0) {
			con_puts("-");
			put_dec((uint64_t)(-(int64_t)r));
		} else {
			put_dec((uint64_t)r);
		}
		con_puts(" (");
		con_puts(result_name(r));
		con_puts(")\n");
	}
	print_reply();
}

static void mbox_requests(const char *list)
{
	if (!mbox_wait(mbox_served, MBOX_WAIT_MS)) {
		prefix();
		con_puts("mailbox at ");
		put_hex(mbox);
		con_puts(" is not served by jhboot\n");
		return;
	}
	while (*list) {
		const char *end = list;

		while (*end && *end != ',')
			end++;
		if (end > list)
			mbox_request(list, end);
		list = *end ? end + 1 : end;
	}
}

/* ---- main ---------------------------------------------------------------------- */

void demo_main(uint64_t t0)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t cpu = read_sysreg(mpidr_el1) & 0xff;
	uint64_t period, next, beat = 0;
	struct params p;
	bool con_from_comm = false;
	unsigned int i;

	parse_params(&p);

	if (p.comm_base && comm_valid((uintptr_t)p.comm_base))
		comm = (uintptr_t)p.comm_base;

	if (p.con_set) {
		uart = (uintptr_t)p.con_base;
	} else if (comm) {
		uint64_t addr = (uint64_t)rd32(COMM(console.address)) |
				(uint64_t)rd32(COMM(console.address) + 4) << 32;
		uint32_t tf = rd32(COMM(console.type)); /* type | flags<<16 */

		if (addr && (tf & 0xffff) == JH_CON_TYPE_PL011) {
			uart = (uintptr_t)addr;
			con_from_comm = true;
		}
	}

	prefix();
	con_puts("started on CPU ");
	put_dec(cpu);
	con_puts(" at counter ");
	put_dec(t0);
	con_puts(" (freq ");
	put_dec(freq);
	con_puts(" Hz)\n");

	for (i = 0; i < nwarn; i++) {
		prefix();
		con_puts("parameter '");
		con_puts(warn_tok[i]);
		con_puts("': ");
		con_puts(warn_what[i]);
		con_puts("\n");
	}
	if (!comm && p.comm_base) {
		prefix();
		con_puts("no comm region at ");
		put_hex(p.comm_base);
		con_puts(", messages are not answered\n");
	}
	(void)con_from_comm;

	if (!freq) {
		prefix();
		con_puts("CNTFRQ_EL0 is 0, assuming 62.5 MHz\n");
		freq = 62500000;
	}
	event_stream_on(freq);
	ticks_per_ms = freq / 1000 ? freq / 1000 : 1;
	mbox = (uintptr_t)p.mailbox;
	if (p.requests && !mbox) {
		prefix();
		con_puts("request= needs mailbox=ADDR, ignored\n");
	}

	period = p.heartbeat_ms * (freq / 1000) +
		 p.heartbeat_ms * (freq % 1000) / 1000;
	next = t0 + period;
	for (;;) {
		wait_until(next);
		next += period;
		beat++;
		if (p.shared_set) {
			wr32((uintptr_t)p.shared, (uint32_t)beat);
			__asm__ volatile("dsb sy" ::: "memory");
		}
		prefix();
		con_puts("heartbeat ");
		put_dec(beat);
		con_puts("\n");

		if (p.requests && mbox && beat == p.request_after)
			mbox_requests(p.requests);
		if (p.shutdown_after && beat == p.shutdown_after) {
			prefix();
			con_puts(
				"shutdown-after reached: cell state SHUT_DOWN, "
				"halting\n");
			if (comm)
				wr32(COMM(cell_state), JH_CELL_SHUT_DOWN);
			halt();
		}
		if (p.hang_after && beat == p.hang_after) {
			prefix();
			con_puts("hang-after reached: stops beating, spins "
				 "forever\n");
			for (;;)
				__asm__ volatile("wfe");
		}
		if (p.crash_after && beat == p.crash_after) {
			uint32_t v;

			prefix();
			con_puts("crash-after reached: reading ");
			put_hex(CRASH_ADDR);
			con_puts(" (outside the cell)\n");
			prefix();
			con_puts("crashing at counter ");
			put_dec(counter());
			con_puts("\n");
			v = rd32((uintptr_t)CRASH_ADDR);
			/* only reached when the address is mapped after all */
			prefix();
			con_puts("read did not fault (value ");
			put_hex(v);
			con_puts(")\n");
		}
	}
}

void demo_exception(uint64_t idx, uint64_t esr, uint64_t far, uint64_t elr)
{
	(void)idx;
	if (in_exception)
		halt(); /* the console itself faults: nothing left to say */
	in_exception = true;

	prefix();
	con_puts("unhandled exception ESR=");
	put_hex(esr);
	con_puts(" FAR=");
	put_hex(far);
	con_puts(" ELR=");
	put_hex(elr);
	con_puts("\n");
	halt();
}
