// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Supervised mode (jhboot-mkbundle --supervise, docs/supervised-mode.md):
 * jhboot stays resident as the root cell on the boot CPU instead of
 * booting a root Linux. Its loop sleeps in wfi until its virtual timer
 * (PPI 27, acknowledged by polling the GIC CPU interface with interrupts
 * masked) fires every POLL_MS, and on each pass
 *   - reads the debug UART for control commands (control.c),
 *   - asks CELL_GET_STATE of every watched cell, reads its heartbeat
 *     word, serves its mailbox (control.c),
 * and restarts a cell that FAILED, SHUT DOWN or stopped beating, per its
 * policy from the bundle, from the pristine images in the bundle (checked
 * against their sha256 before every reuse) with the verified start of
 * jailhouse-interface.md §14.1. Every event is printed with the time
 * since jhboot's entry and kept for the `log` command.
 */
#include "supervisor.h"
#include "abi/jailhouse_hypercall.h"
#include "abi/jhboot_mailbox.h"
#include "bundle.h"
#include <asm/arch.h>

#define POLL_MS 10
#define LOG_ENTRIES 64
#define LOG_LEN 240
#define TIMER_PPI 27 /* EL1 virtual timer */
#define GICR_FRAME 0x20000ull
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_ISENABLER0 (0x10000 + 0x0100)
#define CNT_CTL_ENABLE 1u

struct sv_cell sv_cells[JHB_MAX_CELLS];
unsigned int sv_ncells;

static void sleep_until(uint64_t until);

static char log_buf[LOG_ENTRIES][LOG_LEN];
static unsigned int log_next, log_count;

uint64_t sv_us(uint64_t counter)
{
	return ticks_to_us(counter - tl_entry);
}

void sv_event(const char *fmt, ...)
{
	uint64_t us = sv_us(counter_read());
	char *e = log_buf[log_next];
	int n;
	va_list ap;

	n = jh_snprintf(e, LOG_LEN, "[%6lu.%03lu s] ", us / 1000000,
			(us / 1000) % 1000);
	if (n < 0 || n >= (int)LOG_LEN)
		n = 0;
	va_start(ap, fmt);
	jh_vsnprintf(e + n, LOG_LEN - (size_t)n, fmt, ap);
	va_end(ap);
	log_next = (log_next + 1) % LOG_ENTRIES;
	if (log_count < LOG_ENTRIES)
		log_count++;
	jh_printf("jhboot: %s\n", e);
}

void sv_log_print(unsigned int last)
{
	unsigned int n = last < log_count ? last : log_count;

	pr_info("log: last %u of %u event(s)\n", n, log_count);
	for (unsigned int i = 0; i < n; i++)
		jh_printf("jhboot:   %s\n",
			  log_buf[(log_next + LOG_ENTRIES - n + i) %
				  LOG_ENTRIES]);
}

struct sv_cell *sv_find(const char *name)
{
	for (unsigned int i = 0; i < sv_ncells; i++)
		if (!strcmp(sv_cells[i].c->name, name))
			return &sv_cells[i];
	return NULL;
}

const char *sv_state_name(const struct sv_cell *s)
{
	switch (s->state) {
	case SV_RUNNING:
		return "running";
	case SV_STOPPED:
		return "stopped";
	case SV_DOWN:
		return "down";
	default:
		return "skipped";
	}
}

static uint32_t hb_read(const struct sv_cell *s)
{
	/* the cell may write it with its MMU off: fetch from memory */
	dcache_clean_inval_range(s->hb_addr, 4);
	return *(volatile uint32_t *)(uintptr_t)s->hb_addr;
}

static void hb_reset(struct sv_cell *s)
{
	if (!s->hb_addr)
		return;
	*(volatile uint32_t *)(uintptr_t)s->hb_addr = 0;
	dcache_clean_inval_range(s->hb_addr, 4);
	s->hb_last = 0;
	s->hb_seen = counter_read();
	s->hb_beating = false;
}

/* Every blob of the cell against its hash: the bundle is the pristine
 * copy, and root memory could have been scribbled on since boot. */
static int verify_pristine(struct sv_cell *s)
{
	const struct jhb_cell *bc = s->c->bundle;

	for (unsigned int i = 0; i < bc->nimages; i++)
		if (verify_blob("cell image", &bc->images[i].blob))
			return -1;
	if (bc->linux_image.node && linux_cell_verify(s->c))
		return -1;
	return 0;
}

/* SET_LOADABLE: the cell's CPUs park, its loadable memory is the root's. */
static int park_cell(struct sv_cell *s)
{
	int64_t r = hv_call(JH_HC_CELL_SET_LOADABLE, s->c->id, 0);

	if (r < 0) {
		sv_event("cell \"%s\": CELL_SET_LOADABLE failed: %ld (%s)",
			 s->c->name, (long)r, jh_errno_name(r));
		return -1;
	}
	return 0;
}

/* Reload from the pristine copy and start; the cell is loadable. */
static int reload_and_start(struct sv_cell *s)
{
	uint64_t end = counter_read() + ms_to_ticks(START_SETTLE_MS);

	if (verify_pristine(s)) {
		jh_snprintf(s->why, sizeof(s->why),
			    "its pristine images fail their sha256");
		return JHB_MBOX_EIO;
	}
	if (s->mbox)
		mailbox_init(s);
	hb_reset(s);
	if (load_images(s->c)) {
		jh_snprintf(s->why, sizeof(s->why),
			    "its images could not be loaded");
		return JHB_MBOX_EIO;
	}
	/* let the parked CPUs settle before START (§14.1) */
	while (counter_read() < end)
		sleep_until(end);
	if (start_verified(s->c)) {
		jh_snprintf(s->why, sizeof(s->why),
			    "CELL_START did not reach its CPU");
		return JHB_MBOX_EIO;
	}
	s->started = counter_read();
	hb_reset(s);
	s->hv_state = JH_CELL_RUNNING;
	s->state = SV_RUNNING;
	s->why[0] = 0;
	return 0;
}

static void go_down(struct sv_cell *s, const char *fmt, const char *cause,
		    int limit)
{
	s->state = SV_DOWN;
	jh_snprintf(s->why, sizeof(s->why), fmt, cause, limit);
	/* park whatever is left of it (a hung cell still runs) */
	if (s->hv_state == JH_CELL_RUNNING)
		park_cell(s);
	sv_event("cell \"%s\": stays down: %s", s->c->name, s->why);
}

/* A watched cell stopped working: cause is what was detected. */
static void recover(struct sv_cell *s, const char *cause, uint64_t t_detect)
{
	uint64_t t0;
	int err;

	if (!s->max_restarts) {
		go_down(s, "%s (restart policy: never)", cause, 0);
		return;
	}
	if (s->restarts >= s->max_restarts) {
		go_down(s, "%s, restart limit %d reached", cause,
			s->max_restarts);
		return;
	}
	s->restarts++;
	t0 = counter_read();
	err = park_cell(s) ? JHB_MBOX_EIO : reload_and_start(s);
	if (err) {
		s->state = SV_DOWN;
		sv_event("cell \"%s\": restart %d failed: %s; stays down",
			 s->c->name, s->restarts, s->why);
		return;
	}
	{
		uint64_t took = ticks_to_us(s->started - t0);
		uint64_t since = ticks_to_us(s->started - t_detect);

		if (s->max_restarts == JHB_RESTART_UNLIMITED)
			sv_event("cell \"%s\": restarted (automatic restart "
				 "%d) in %lu.%03lu ms, %lu.%03lu ms after "
				 "detection%s",
				 s->c->name, s->restarts, took / 1000,
				 took % 1000, since / 1000, since % 1000,
				 s->c->start_tries > 1 ? " (START re-issued)"
						       : "");
		else
			sv_event("cell \"%s\": restarted (automatic restart "
				 "%d of %d) in %lu.%03lu ms, %lu.%03lu ms "
				 "after detection%s",
				 s->c->name, s->restarts, s->max_restarts,
				 took / 1000, took % 1000, since / 1000,
				 since % 1000,
				 s->c->start_tries > 1 ? " (START re-issued)"
						       : "");
	}
}

static void check_cell(struct sv_cell *s, uint64_t now)
{
	int64_t st = hv_call(JH_HC_CELL_GET_STATE, s->c->id, 0);
	char cause[128];

	cause[0] = 0;
	if (st < 0) {
		if (st != s->hv_state)
			sv_event("cell \"%s\": CELL_GET_STATE failed: %ld "
				 "(%s)",
				 s->c->name, (long)st, jh_errno_name(st));
		s->hv_state = st;
		return;
	}
	s->hv_state = st;
	if (st == JH_CELL_FAILED || st == JH_CELL_FAILED_COMM_REV) {
		jh_snprintf(cause, sizeof(cause), "failed (cell state %s)",
			    jh_cell_state_name(st));
	} else if (st == JH_CELL_SHUT_DOWN) {
		jh_snprintf(cause, sizeof(cause), "shut down (cell state %s)",
			    jh_cell_state_name(st));
	} else if (s->hb_addr) {
		uint32_t v = hb_read(s);

		uint32_t limit = s->hb_beating ? s->hb_ms : s->hb_first_ms;

		if (v != s->hb_last) {
			s->hb_last = v;
			s->hb_seen = now;
			s->hb_beating = true;
		} else if (now - s->hb_seen > ms_to_ticks(limit)) {
			uint64_t quiet = ticks_to_us(now - s->hb_seen) / 1000;

			if (s->hb_beating)
				jh_snprintf(cause, sizeof(cause),
					    "missed heartbeat (word at 0x%lx "
					    "stuck at %u for %lu ms, timeout "
					    "%u ms)",
					    s->hb_addr, v, quiet, limit);
			else
				jh_snprintf(cause, sizeof(cause),
					    "no first heartbeat (word at 0x%lx "
					    "still %u %lu ms after the start, "
					    "allowed %u ms)",
					    s->hb_addr, v, quiet, limit);
		}
	}
	if (!cause[0])
		return;
	sv_event("cell \"%s\": detected: %s (counter %lu, up %lu ms)",
		 s->c->name, cause, now, ticks_to_us(now - s->started) / 1000);
	recover(s, cause, now);
}

int sv_restart(struct sv_cell *s, const char *by)
{
	uint64_t t0 = counter_read(), took;
	int err;

	if (s->state == SV_SKIPPED)
		return JHB_MBOX_EBUSY;
	sv_event("cell \"%s\": restart requested by %s", s->c->name, by);
	err = park_cell(s) ? JHB_MBOX_EIO : reload_and_start(s);
	if (err) {
		s->state = SV_DOWN;
		sv_event("cell \"%s\": restart failed: %s; stays down",
			 s->c->name, s->why);
		return err;
	}
	s->requested++;
	took = ticks_to_us(s->started - t0);
	sv_event("cell \"%s\": restarted (requested by %s) in %lu.%03lu ms",
		 s->c->name, by, took / 1000, took % 1000);
	return 0;
}

int sv_stop(struct sv_cell *s, const char *by)
{
	if (s->state == SV_SKIPPED)
		return JHB_MBOX_EBUSY;
	if (s->state == SV_STOPPED)
		return 0;
	if (park_cell(s))
		return JHB_MBOX_EIO;
	s->state = SV_STOPPED;
	jh_snprintf(s->why, sizeof(s->why), "stopped by %s", by);
	sv_event("cell \"%s\": stopped (requested by %s); its CPUs are parked",
		 s->c->name, by);
	return 0;
}

int sv_start(struct sv_cell *s, const char *by)
{
	uint64_t t0 = counter_read(), took;
	int err;

	if (s->state == SV_SKIPPED)
		return JHB_MBOX_EBUSY;
	if (s->state == SV_RUNNING)
		return JHB_MBOX_EBUSY;
	sv_event("cell \"%s\": start requested by %s", s->c->name, by);
	/* a cell that went down may be FAILED: make it loadable first */
	err = park_cell(s) ? JHB_MBOX_EIO : reload_and_start(s);
	if (err) {
		s->state = SV_DOWN;
		sv_event("cell \"%s\": start failed: %s", s->c->name, s->why);
		return err;
	}
	s->requested++;
	s->restarts = 0; /* an operator's start renews the restart budget */
	took = ticks_to_us(s->started - t0);
	sv_event("cell \"%s\": started (requested by %s) in %lu.%03lu ms",
		 s->c->name, by, took / 1000, took % 1000);
	return 0;
}

static void cpus_text(const struct cell_run *c, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned int cpu = 0; cpu < JHBOOT_MAX_CPUS && n + 4 < len; cpu++)
		if (c->cfg.desc && jhc_cpu_in(&c->cfg, cpu))
			n += (size_t)jh_snprintf(buf + n, len - n, "%s%u",
						 n ? "," : "", cpu);
	if (!n)
		jh_snprintf(buf, len, "-");
}

void sv_list(void (*line)(void *ctx, const char *text), void *ctx)
{
	uint64_t now = counter_read();
	char buf[200], cpus[40], up[24], lim[16];

	jh_snprintf(buf, sizeof(buf), "%-16s %-3s %-8s %-8s %-10s %-9s %s",
		    "CELL", "ID", "STATE", "CPUS", "RESTARTS", "UPTIME",
		    "NOTE");
	line(ctx, buf);
	for (unsigned int i = 0; i < sv_ncells; i++) {
		struct sv_cell *s = &sv_cells[i];
		uint64_t ms = ticks_to_us(now - s->started) / 1000;

		cpus_text(s->c, cpus, sizeof(cpus));
		if (s->state == SV_RUNNING)
			jh_snprintf(up, sizeof(up), "%lu.%01lus", ms / 1000,
				    (ms / 100) % 10);
		else
			jh_snprintf(up, sizeof(up), "-");
		if (s->max_restarts == JHB_RESTART_UNLIMITED)
			jh_snprintf(lim, sizeof(lim), "%d/inf", s->restarts);
		else if (s->max_restarts)
			jh_snprintf(lim, sizeof(lim), "%d/%d", s->restarts,
				    s->max_restarts);
		else
			jh_snprintf(lim, sizeof(lim), "%d/never", s->restarts);
		jh_snprintf(buf, sizeof(buf),
			    "%-16s %-3u %-8s %-8s %-10s %-9s %s%s", s->c->name,
			    s->c->id, sv_state_name(s), cpus, lim, up,
			    s->state == SV_SKIPPED
				    ? (s->c->why ? s->c->why : "")
				    : s->why,
			    s->hb_addr && s->state == SV_RUNNING
				    ? "heartbeat watched"
				    : "");
		line(ctx, buf);
	}
}

/* ---- sleeping: wfi until the EL1 virtual timer fires ---------------------
 * jhboot keeps PSTATE.I masked: a pending interrupt still ends wfi (under
 * Jailhouse the physical one traps to EL2 and comes back as a virtual
 * IRQ), and is then acknowledged by polling ICC_IAR1_EL1. wfe would not
 * do: QEMU (TCG) treats it as a yield, so the loop would spin. */

static bool timer_ready;

/* RD frame of the redistributor of the CPU we run on, 0 if not found */
static uint64_t own_redist(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
	uint64_t r = plat.gicr_base;
	uint64_t end = plat.gicr_base +
		       (plat.gicr_size ? plat.gicr_size : GICR_FRAME * 64);

	while (r && r < end) {
		uint64_t typer = mmio_read64(r + GICR_TYPER);

		if ((typer >> 32) == aff)
			return r;
		if (typer & GICR_TYPER_LAST)
			break;
		r += (typer & 2) ? 2 * GICR_FRAME : GICR_FRAME; /* VLPIS */
	}
	return 0;
}

static void timer_init(void)
{
	uint64_t rd = own_redist();

	write_sysreg(0, cntv_ctl_el0);
	isb();
	if (!rd) {
		pr_warn("supervisor: no redistributor for this CPU: the loop "
			"polls instead of sleeping\n");
		return;
	}
	mmio_write32(rd + GICR_ISENABLER0, 1u << TIMER_PPI);
	timer_ready = true;
}

/* Acknowledge whatever the CPU interface has pending for us. */
static void irq_drain(void)
{
	for (int i = 0; i < 8; i++) {
		uint64_t iar = read_sysreg(ICC_IAR1_EL1);

		if ((iar & 0xffffff) >= 1020)
			break;
		write_sysreg(iar, ICC_EOIR1_EL1);
		isb();
	}
}

/* Sleep until the counter reaches `until` (or an interrupt comes). */
static void sleep_until(uint64_t until)
{
	uint64_t now = counter_read();

	if (until <= now)
		return;
	if (!timer_ready) {
		wfe();
		return;
	}
	write_sysreg(until - now, cntv_tval_el0);
	write_sysreg(CNT_CTL_ENABLE, cntv_ctl_el0);
	isb();
	dsb(sy);
	wfi();
	/* disable first: the level interrupt then stays quiet */
	write_sysreg(0, cntv_ctl_el0);
	isb();
	irq_drain();
}

/* [a, a + len) inside one ROOTSHARED (non-IO) region of the cell, by
 * root-physical address */
static bool jhc_rootshared(const struct jhc_cell *cfg, uint64_t a, uint64_t len)
{
	if (!cfg->desc)
		return false;
	for (uint32_t i = 0; i < cfg->desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(cfg, i, &m);
		if ((m.flags & JH_MEM_ROOTSHARED) && !(m.flags & JH_MEM_IO) &&
		    a >= m.phys_start && a - m.phys_start < m.size &&
		    len <= m.size - (a - m.phys_start))
			return true;
	}
	return false;
}

static bool setup_cell(struct sv_cell *s, struct cell_run *c)
{
	const struct jhb_cell *bc = c->bundle;

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->state = c->state == CELL_RUNNING ? SV_RUNNING : SV_SKIPPED;
	s->started = counter_read();
	s->hv_state = JH_CELL_RUNNING;
	jhb_parse_restart(bc->restart, &s->max_restarts);
	s->may = bc->may;
	if (bc->heartbeat)
		jhb_parse_heartbeat_first(bc->heartbeat, &s->hb_addr, &s->hb_ms,
					  &s->hb_first_ms);
	if (bc->mailbox)
		jhb_parse_mailbox(bc->mailbox, &s->mbox);
	/* jhboot must be able to read them: root memory, outside the cell's
	 * own (non-shared) memory */
	if (s->hb_addr && (!jhc_rootshared(&c->cfg, s->hb_addr, 4) ||
			   !range_is_ram(s->hb_addr, 4))) {
		pr_err("cell \"%s\": heartbeat 0x%lx is not in a ROOTSHARED "
		       "RAM region of the cell: not watched\n",
		       c->name, s->hb_addr);
		s->hb_addr = 0;
	}
	if (s->mbox && (!jhc_rootshared(&c->cfg, s->mbox, JHB_MBOX_SIZE) ||
			!range_is_ram(s->mbox, JHB_MBOX_SIZE))) {
		pr_err("cell \"%s\": mailbox 0x%lx is not in a ROOTSHARED RAM "
		       "region of the cell: not served\n",
		       c->name, s->mbox);
		s->mbox = 0;
	}
	return s->state == SV_RUNNING;
}

/* Can the bundle serve as the pristine copy? Not when any cell's memory
 * region covers it: then that cell could change it (and the root lost
 * access to it at CELL_CREATE). */
static bool bundle_safe(const struct jhb_bundle *b)
{
	uint64_t lo = ~0ull, hi = 0;

	for (unsigned int i = 0; i < b->ncells; i++) {
		const struct jhb_cell *bc = &b->cells[i];
		const struct jhb_blob *bl[3 + JHB_MAX_CELL_IMAGES];
		unsigned int n = 0;

		bl[n++] = &bc->linux_image;
		bl[n++] = &bc->linux_dtb;
		bl[n++] = &bc->linux_initrd;
		for (unsigned int j = 0; j < bc->nimages; j++)
			bl[n++] = &bc->images[j].blob;
		for (unsigned int j = 0; j < n; j++) {
			uint64_t a = (uint64_t)(uintptr_t)bl[j]->data;

			if (!bl[j]->data)
				continue;
			if (a < lo)
				lo = a;
			if (a + bl[j]->size > hi)
				hi = a + bl[j]->size;
		}
	}
	if (hi <= lo)
		return true;
	for (unsigned int i = 0; i < ncells; i++) {
		const struct jhc_cell *cfg = &cells[i].cfg;

		if (!cfg->desc)
			continue;
		for (uint32_t r = 0; r < cfg->desc->num_memory_regions; r++) {
			struct jh_memory m;

			jhc_mem_at(cfg, r, &m);
			if (m.flags & (JH_MEM_IO | JH_MEM_COMM_REGION))
				continue;
			if (m.phys_start < hi && lo < m.phys_start + m.size) {
				pr_err("supervisor: cell \"%s\" memory "
				       "0x%lx+0x%lx covers the bundle's "
				       "images: no pristine copy, no "
				       "restarts\n",
				       cells[i].name, m.phys_start, m.size);
				return false;
			}
		}
	}
	return true;
}

void supervise_run(const struct jhb_bundle *b)
{
	uint64_t next_poll;
	bool pristine;

	if (!hv.enabled) {
		pr_err("supervised mode needs the hypervisor: not "
		       "supervising\n");
		return;
	}
	if (b->linux_image.data)
		pr_warn("supervised mode: the bundle's root Linux is not "
			"started (the root is jhboot; Linux runs in cells)\n");
	pristine = bundle_safe(b);
	for (unsigned int i = 0; i < ncells; i++) {
		struct sv_cell *s = &sv_cells[sv_ncells++];

		setup_cell(s, &cells[i]);
		if (!pristine)
			s->max_restarts = 0;
		if (s->mbox)
			mailbox_init(s);
		s->hb_seen = counter_read();
		s->hb_last = s->hb_addr ? hb_read(s) : 0;
	}
	tl_mark("supervised mode", 0);
	tl_print();
	timer_init();
	pr_info("supervised mode: jhboot stays the root cell on CPU 0 (the "
		"other root CPUs are parked); %u cell(s) watched every %u ms; "
		"pristine images: the bundle (sha256 checked before reuse)\n",
		sv_ncells, POLL_MS);
	for (unsigned int i = 0; i < sv_ncells; i++) {
		struct sv_cell *s = &sv_cells[i];

		pr_info("supervised: cell \"%s\": %s, restart %s, heartbeat "
			"%s, mailbox %s, may %s\n",
			s->c->name, sv_state_name(s),
			s->c->bundle->restart ? s->c->bundle->restart : "never",
			s->hb_addr ? s->c->bundle->heartbeat : "none",
			s->mbox ? s->c->bundle->mailbox : "none",
			s->may ? s->may : "nothing");
	}
	control_init();
	sv_event("supervisor started, %u cell(s)", sv_ncells);

	next_poll = counter_read();
	for (;;) {
		uint64_t now;

		control_poll();
		now = counter_read();
		if (now >= next_poll) {
			next_poll = now + ms_to_ticks(POLL_MS);
			for (unsigned int i = 0; i < sv_ncells; i++) {
				struct sv_cell *s = &sv_cells[i];

				if (s->state == SV_RUNNING)
					check_cell(s, counter_read());
				if (s->mbox && s->state != SV_SKIPPED)
					mailbox_poll(s);
			}
		}
		sleep_until(next_poll);
	}
}
