// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhctl: ask the supervising jhboot for something from a Linux cell
 * (docs/supervised-mode.md). It talks through the cell's mailbox page
 * (include/abi/jhboot_mailbox.h), which it maps from /dev/mem at the
 * address of the no-map /reserved-memory node "jhboot-mailbox@ADDR" that
 * jhboot puts into the cell's DT (or -m ADDR).
 *
 *   jhctl list                  cells, state, CPUs, restarts, uptime
 *   jhctl restart|stop|start NAME
 *   jhctl heartbeat [MS]        keep the mailbox's heartbeat word moving
 *                               (every MS ms, default 200), for
 *                               jhboot-mkbundle --heartbeat MAILBOX+0x18
 *
 * Exit status: 0 done, 1 refused or failed, 2 usage or no mailbox.
 *
 * A static aarch64 program without a C library: raw system calls, its own
 * _start. The page is mapped from /dev/mem outside the kernel's RAM, so
 * it is Device memory: only naturally aligned 8- and 32-bit accesses,
 * no memcpy/string routines on it.
 */
#include <stddef.h>
#include <stdint.h>

#include "abi/jhboot_mailbox.h"
#include "common/parse_num.h"

#define SYS_getdents64 61
#define SYS_openat 56
#define SYS_close 57
#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_nanosleep 101
#define SYS_mmap 222
#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_RDWR 2
#define O_SYNC 04010000
#define O_DIRECTORY 040000
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 1

#define DT_DIR "/proc/device-tree/reserved-memory"
#define NODE_PREFIX "jhboot-mailbox@"
#define WAIT_SERVED_MS 2000
#define WAIT_ANSWER_MS 30000 /* a restart of a Linux cell takes a while */
#define POLL_MS 5

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	mov	x0, sp\n"
	"	mov	x29, #0\n"
	"	mov	x30, #0\n"
	"	b	jhctl_start\n");

void jhctl_start(uint64_t *sp) __attribute__((noreturn, used));

/* ---- system calls ------------------------------------------------------ */

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static __attribute__((noreturn)) void quit(int code)
{
	for (;;)
		sys3(SYS_exit_group, code, 0, 0);
}

static void sleep_ms(unsigned long ms)
{
	long ts[2] = { (long)(ms / 1000), (long)(ms % 1000) * 1000000 };

	sys3(SYS_nanosleep, ts, 0, 0);
}

/* The compiler may emit calls to these. */
void *memset(void *d, int c, size_t n);
void *memset(void *d, int c, size_t n)
{
	volatile unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n);
void *memcpy(void *d, const void *s, size_t n)
{
	volatile unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

/* ---- output ------------------------------------------------------------- */

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(int fd, const char *s)
{
	sys3(SYS_write, fd, s, slen(s));
}

static void put_hex(int fd, uint64_t v)
{
	char b[19];
	int i = 18;

	b[i] = 0;
	do {
		b[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	b[--i] = 'x';
	b[--i] = '0';
	out(fd, b + i);
}

static void put_dec(int fd, long v)
{
	char b[24];
	int i = 23;
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	out(fd, b + i);
}

static __attribute__((noreturn)) void usage(void)
{
	out(2, "usage: jhctl [-m MAILBOX_ADDR] list\n"
	       "       jhctl [-m MAILBOX_ADDR] restart|stop|start CELL\n"
	       "       jhctl [-m MAILBOX_ADDR] heartbeat [MS]\n"
	       "Asks the supervising jhboot through this cell's mailbox "
	       "(docs/supervised-mode.md).\n");
	quit(2);
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int starts(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static int parse_num(const char *s, uint64_t *v, unsigned int base)
{
	return jh_parse_num(s, NULL, base, v) ? 0 : -1;
}

/* ---- finding and mapping the mailbox -------------------------------- */

struct dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* "jhboot,mailbox" in the node's compatible? */
static int node_is_mailbox(const char *node)
{
	char path[160], buf[64];
	size_t n = 0;
	long fd, got;

	for (const char *p = DT_DIR "/"; *p && n < sizeof(path) - 1;)
		path[n++] = *p++;
	for (const char *p = node; *p && n < sizeof(path) - 1;)
		path[n++] = *p++;
	for (const char *p = "/compatible"; *p && n < sizeof(path) - 1;)
		path[n++] = *p++;
	path[n] = 0;
	fd = sys3(SYS_openat, AT_FDCWD, path, O_RDONLY);
	if (fd < 0)
		return 0;
	got = sys3(SYS_read, fd, buf, sizeof(buf) - 1);
	sys3(SYS_close, fd, 0, 0);
	if (got <= 0)
		return 0;
	buf[got] = 0;
	return streq(buf, "jhboot,mailbox");
}

static int find_mailbox(uint64_t *addr)
{
	static char buf[2048] __attribute__((aligned(8)));
	long fd = sys3(SYS_openat, AT_FDCWD, DT_DIR, O_RDONLY | O_DIRECTORY);
	long n;
	int found = 0;

	if (fd < 0)
		return -1;
	while (!found && (n = sys3(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n && !found;) {
			struct dirent64 *d = (void *)(buf + off);

			if (starts(d->name, NODE_PREFIX) &&
			    !parse_num(d->name + slen(NODE_PREFIX), addr, 16) &&
			    node_is_mailbox(d->name))
				found = 1;
			off += d->reclen;
		}
	}
	sys3(SYS_close, fd, 0, 0);
	return found ? 0 : -1;
}

static volatile uint8_t *map_mailbox(uint64_t addr)
{
	long fd = sys3(SYS_openat, AT_FDCWD, "/dev/mem", O_RDWR | O_SYNC);
	long p;

	if (fd < 0) {
		out(2, "jhctl: cannot open /dev/mem (error ");
		put_dec(2, -fd);
		out(2, ")\n");
		quit(2);
	}
	p = sys6(SYS_mmap, 0, JHB_MBOX_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, (long)addr);
	sys3(SYS_close, fd, 0, 0);
	if (p < 0 && p > -4096) {
		out(2, "jhctl: cannot map the mailbox at ");
		put_hex(2, addr);
		out(2, " from /dev/mem (error ");
		put_dec(2, -p);
		out(2, ")\n");
		quit(2);
	}
	return (volatile uint8_t *)p;
}

/* ---- the protocol ------------------------------------------------------- */

static volatile uint8_t *mb;

static uint32_t rd(unsigned int off)
{
	uint32_t v = *(volatile uint32_t *)(mb + off);

	__asm__ volatile("dmb sy" ::: "memory");
	return v;
}

static void wr(unsigned int off, uint32_t v)
{
	__asm__ volatile("dmb sy" ::: "memory");
	*(volatile uint32_t *)(mb + off) = v;
	__asm__ volatile("dsb sy" ::: "memory");
}

static int wait_for(int (*cond)(void), unsigned long ms)
{
	for (unsigned long t = 0; !cond(); t += POLL_MS) {
		if (t >= ms)
			return -1;
		sleep_ms(POLL_MS);
	}
	return 0;
}

static int served(void)
{
	return rd(JHB_MBOX_OFF_MAGIC) == JHB_MBOX_MAGIC;
}

static int idle(void)
{
	return rd(JHB_MBOX_OFF_REQ_SEQ) == rd(JHB_MBOX_OFF_ACK_SEQ);
}

static void print_reply(void)
{
	char line[128];
	size_t n = 0;

	for (unsigned int i = 0; i < JHB_MBOX_REPLY_LEN; i++) {
		char c = (char)mb[JHB_MBOX_OFF_REPLY + i];

		if (c)
			line[n++] = c;
		if (!c || c == '\n' || n == sizeof(line) - 1) {
			line[n] = 0;
			out(1, line);
			n = 0;
		}
		if (!c)
			break;
	}
}

static int request(uint32_t cmd, const char *arg)
{
	uint32_t seq;
	int32_t r;
	size_t n = arg ? slen(arg) : 0;

	if (n >= JHB_MBOX_NAME_LEN) {
		out(2, "jhctl: cell name too long\n");
		return 2;
	}
	if (wait_for(served, WAIT_SERVED_MS)) {
		out(2, "jhctl: the mailbox is not served by jhboot (not in "
		       "supervised mode, or --mailbox names another page)\n");
		return 2;
	}
	if (wait_for(idle, WAIT_ANSWER_MS)) {
		out(2, "jhctl: another request is still pending\n");
		return 1;
	}
	wr(JHB_MBOX_OFF_COMMAND, cmd);
	for (unsigned int i = 0; i < JHB_MBOX_NAME_LEN; i += 4) {
		uint32_t w = 0;

		for (unsigned int k = 0; k < 4; k++)
			if (i + k < n)
				w |= (uint32_t)(uint8_t)arg[i + k] << (8 * k);
		wr(JHB_MBOX_OFF_ARG + i, w);
	}
	seq = rd(JHB_MBOX_OFF_ACK_SEQ) + 1;
	wr(JHB_MBOX_OFF_REQ_SEQ, seq);
	if (wait_for(idle, WAIT_ANSWER_MS)) {
		out(2, "jhctl: no answer from jhboot\n");
		return 1;
	}
	r = (int32_t)rd(JHB_MBOX_OFF_RESULT);
	print_reply();
	return r == JHB_MBOX_OK ? 0 : 1;
}

static __attribute__((noreturn)) void heartbeat(unsigned long ms)
{
	uint32_t v = rd(JHB_MBOX_HEARTBEAT_OFFSET);

	for (;;) {
		wr(JHB_MBOX_HEARTBEAT_OFFSET, ++v);
		sleep_ms(ms);
	}
}

void jhctl_start(uint64_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	uint64_t addr = 0;
	int i = 1;
	const char *cmd;

	if (i + 1 < argc && streq(argv[i], "-m")) {
		if (parse_num(argv[i + 1], &addr, 0) || !addr ||
		    (addr & (JHB_MBOX_SIZE - 1))) {
			out(2, "jhctl: -m needs a page-aligned address\n");
			quit(2);
		}
		i += 2;
	}
	if (i >= argc)
		usage();
	cmd = argv[i++];
	if (!addr && find_mailbox(&addr)) {
		out(2, "jhctl: no mailbox: no " DT_DIR "/" NODE_PREFIX
		       "* node (jhboot adds it for cells with a mailbox; "
		       "or give -m ADDR)\n");
		quit(2);
	}
	mb = map_mailbox(addr);

	if ((streq(cmd, "list") || streq(cmd, "status")) && i == argc)
		quit(request(JHB_MBOX_CMD_STATUS, NULL));
	if (streq(cmd, "heartbeat") && i >= argc - 1) {
		uint64_t ms = 200;

		if (i < argc && (parse_num(argv[i], &ms, 0) || !ms))
			usage();
		heartbeat((unsigned long)ms);
	}
	if (i == argc - 1) {
		if (streq(cmd, "restart"))
			quit(request(JHB_MBOX_CMD_RESTART, argv[i]));
		if (streq(cmd, "stop"))
			quit(request(JHB_MBOX_CMD_STOP, argv[i]));
		if (streq(cmd, "start"))
			quit(request(JHB_MBOX_CMD_START, argv[i]));
	}
	usage();
}
