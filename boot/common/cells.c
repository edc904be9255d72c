// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 5: create, load and start every cell of the bundle — what
 * `jailhouse cell create / load / start` do (jailhouse-interface.md §5.3,
 * §6). A cell that cannot boot is skipped with its cause; the half-made
 * cell is destroyed so that its CPUs and memory return to the root, and
 * the other cells boot on.
 */
#include "jhboot.h"
#include "abi/jailhouse_hypercall.h"
#include "bundle.h"
#include "jhconfig.h"
#include <asm/arch.h>

#define START_TRIES 5
#define START_SEEN_MS 20
#define CONSOLE_SETTLE_MS 30

struct cell_run cells[JHB_MAX_CELLS];
unsigned int ncells;

/* CELL_CREATE reads the config from root memory: one page-aligned buffer,
 * at most 16 pages (§5.3). */
static uint8_t cfg_buf[JH_CELL_CREATE_MAX_BYTES]
	__attribute__((aligned(4096), section(".noinit.cellcfg")));

static const char *hc_name(uint64_t code)
{
	switch (code) {
	case JH_HC_CELL_CREATE:
		return "CELL_CREATE";
	case JH_HC_CELL_START:
		return "CELL_START";
	case JH_HC_CELL_SET_LOADABLE:
		return "CELL_SET_LOADABLE";
	case JH_HC_CELL_DESTROY:
		return "CELL_DESTROY";
	default:
		return "hypercall";
	}
}

const char *jh_errno_name(int64_t e)
{
	switch (-e) {
	case JH_EPERM:
		return "EPERM";
	case JH_ENOENT:
		return "ENOENT";
	case JH_EIO:
		return "EIO";
	case JH_E2BIG:
		return "E2BIG";
	case JH_ENOMEM:
		return "ENOMEM";
	case JH_EBUSY:
		return "EBUSY";
	case JH_EEXIST:
		return "EEXIST";
	case JH_ENODEV:
		return "ENODEV";
	case JH_EINVAL:
		return "EINVAL";
	case JH_ERANGE:
		return "ERANGE";
	case JH_ENOSYS:
		return "ENOSYS";
	default:
		return "error";
	}
}

/* CELL_GET_STATE's answer by name (a negative one: the errno's) */
const char *jh_cell_state_name(int64_t st)
{
	switch (st) {
	case JH_CELL_RUNNING:
		return "RUNNING";
	case JH_CELL_RUNNING_LOCKED:
		return "RUNNING_LOCKED";
	case JH_CELL_SHUT_DOWN:
		return "SHUT_DOWN";
	case JH_CELL_FAILED:
		return "FAILED";
	case JH_CELL_FAILED_COMM_REV:
		return "FAILED_COMM_REV";
	default:
		return st < 0 ? jh_errno_name(st) : "unknown";
	}
}

static int64_t hc(struct cell_run *c, uint64_t code, uint64_t arg)
{
	int64_t r = hv_call(code, arg, 0);

	if (r < 0)
		pr_err("cell \"%s\": %s failed: %ld (%s)\n", c->name,
		       hc_name(code), (long)r, jh_errno_name(r));
	return r;
}

static int skip(struct cell_run *c, const char *why)
{
	c->state = CELL_SKIPPED;
	c->why = why;
	pr_err("cell \"%s\": SKIPPED: %s\n", c->name, why);
	return -1;
}

static void report_cb(void *ctx, const struct jhc_diag *d)
{
	report_diag(ctx, d);
}

/* Static checks before anything is asked of the hypervisor. */
static int check_cell(struct cell_run *c, const struct jhc_system *sys)
{
	const struct jhb_cell *bc = c->bundle;
	struct jhc_cell others[JHB_MAX_CELLS + 1];
	unsigned int n = 0;
	struct jhc_diag d;
	char what[64];

	jh_snprintf(what, sizeof(what), "cell \"%s\" config", c->name);
	if (bc->err)
		return skip(c, bc->err_what ? bc->err_what
					    : jhb_strerror(bc->err));
	if (verify_blob(what, &bc->config))
		return skip(c, "config hash mismatch");
	jh_snprintf(what, sizeof(what), "cell \"%s\" image", c->name);
	for (unsigned int i = 0; i < bc->nimages; i++)
		if (bc->images[i].blob.err ||
		    verify_blob(what, &bc->images[i].blob))
			return skip(c, "an image is missing or fails its hash");
	jh_snprintf(what, sizeof(what), "cell \"%s\" config", c->name);
	if (!bc->nimages && !bc->linux_image.node)
		return skip(c, "it has no image to load");
	if (bc->config.size > sizeof(cfg_buf))
		return skip(c, "config larger than 64 KiB");
	if (jhc_parse_cell(bc->config.data, bc->config.size, &c->cfg, &d)) {
		report_diag(what, &d);
		return skip(c, "config is malformed");
	}
	if (jhc_check_cell(&c->cfg, report_cb, what, &d))
		return skip(c, "config failed its checks");
	/* against the system config and the cells already running */
	for (unsigned int i = 0; i < ncells; i++)
		if (cells[i].state == CELL_RUNNING)
			others[n++] = cells[i].cfg;
	others[n++] = c->cfg;
	if (jhc_check_whole(sys, others, n, report_cb, what, &d))
		return skip(c, "config conflicts with the system config or a "
			       "cell already running");
	if (jhc_cpu_in(&c->cfg, 0))
		return skip(c, "it wants CPU 0, which jhboot runs on");
	for (unsigned int i = 0; i < bc->nimages; i++) {
		const struct jhb_image *im = &bc->images[i];
		uint64_t phys;

		if (jhc_translate_loadable(&c->cfg, im->load, im->blob.size,
					   &phys)) {
			pr_err("cell \"%s\": image %s (%lu bytes at 0x%lx) is "
			       "not inside a loadable region\n",
			       c->name, im->blob.node,
			       (unsigned long)im->blob.size,
			       (unsigned long)im->load);
			return skip(c,
				    "image outside the cell's loadable memory");
		}
		if (busy_overlap(phys, im->blob.size))
			return skip(c, "image destination overlaps jhboot's "
				       "own memory or the bundle");
	}
	if (bc->args) {
		uint64_t phys, base = bc->nimages ? bc->images[0].load : 0;
		size_t len = strnlen(bc->args, JHB_ARGS_MAX + 1);

		if (len > JHB_ARGS_MAX)
			return skip(c, "parameter string longer than 255");
		if (jhc_translate_loadable(&c->cfg, base + JHB_ARGS_OFFSET,
					   len + 1, &phys))
			return skip(c,
				    "parameter string outside loadable memory");
	}
	/* issue-7 hook: a Linux cell's kernel, DTB and initrd */
	if (bc->linux_image.node && linux_cell_check(c))
		return skip(c, "the Linux cell's images cannot be placed");
	return 0;
}

/* issue-7 hook: not static, the supervisor reloads cells with it */
int load_images(struct cell_run *c)
{
	const struct jhb_cell *bc = c->bundle;

	if (bc->linux_image.node) /* issue-7 hook: Linux cell */
		return linux_cell_load(c);

	for (unsigned int i = 0; i < bc->nimages; i++) {
		const struct jhb_image *im = &bc->images[i];
		uint64_t phys;

		jhc_translate_loadable(&c->cfg, im->load, im->blob.size, &phys);
		copy_image((void *)(uintptr_t)phys, im->blob.data,
			   im->blob.size);
		/* CELL_START invalidates cell memory: clean to PoC (§6.6) */
		dcache_clean_inval_range(phys, im->blob.size);
	}
	if (bc->args) {
		uint64_t phys, base = bc->nimages ? bc->images[0].load : 0;
		size_t len = strnlen(bc->args, JHB_ARGS_MAX) + 1;

		jhc_translate_loadable(&c->cfg, base + JHB_ARGS_OFFSET, len,
				       &phys);
		memcpy((void *)(uintptr_t)phys, bc->args, len);
		dcache_clean_inval_range(phys, len);
	}
	icache_inval_all();
	return 0;
}

static int64_t cpu_exits(unsigned int cpu)
{
	return hv_call(JH_HC_CPU_GET_INFO, cpu,
		       JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_VMEXITS_TOTAL);
}

/* Does the cell write to the UART jhboot itself prints on? */
static bool shares_console(const struct cell_run *c)
{
	uint64_t con = console_base();

	for (uint32_t i = 0; con && i < c->cfg.desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(&c->cfg, i, &m);
		if (con >= m.phys_start && con - m.phys_start < m.size)
			return true;
	}
	return false;
}

/*
 * CELL_START, verified: a START that reached the cell's first CPU raises
 * its VM-exit count; upstream can lose one silently (§14.1), so re-issue
 * it when the count did not move.
 */
int start_verified(struct cell_run *c) /* issue-7 hook: not static */
{
	for (int tries = 1; tries <= START_TRIES; tries++) {
		int64_t before = cpu_exits(c->first_cpu), after = before;
		uint64_t end;

		if (hc(c, JH_HC_CELL_START, c->id) < 0)
			return -1;
		if (!tl_first_start) {
			tl_first_start = counter_read();
			tl_hv_ticks_at_first_start = tl_hv_ticks;
			tl_wait_ticks_at_first_start = tl_wait_ticks;
		}
		end = counter_read() + ms_to_ticks(START_SEEN_MS);
		do {
			after = cpu_exits(c->first_cpu);
			if (before < 0 || after > before) {
				c->start_tries = tries;
				/*
				 * A cell that shares jhboot's UART (the QEMU
				 * demo's single console) prints its first line
				 * as soon as it runs: let it finish before
				 * jhboot prints on, so the two are not mixed
				 * character by character.
				 */
				if (shares_console(c))
					delay_ms(CONSOLE_SETTLE_MS);
				return 0;
			}
			wfe();
		} while (counter_read() < end);
		pr_warn("cell \"%s\": CPU %u did not take CELL_START (exits "
			"%ld), re-issuing it (%d/%d)\n",
			c->name, c->first_cpu, (long)after, tries, START_TRIES);
	}
	return -1;
}

static int boot_one(struct cell_run *c, const struct jhc_system *sys,
		    uint32_t id)
{
	const struct jhb_cell *bc = c->bundle;
	struct jh_cell_desc *desc = (void *)cfg_buf;
	uint64_t settle, t0;

	if (check_cell(c, sys))
		return -1;
	c->first_cpu = (unsigned int)jhc_cpu_first(&c->cfg);
	memcpy(cfg_buf, bc->config.data, bc->config.size);
	/* Shipped configs carry id 0, the root's: jhboot assigns ids (§14.3) */
	desc->id = id;
	c->id = id;
	dcache_clean_inval_range((uint64_t)(uintptr_t)cfg_buf, bc->config.size);
	if (hc(c, JH_HC_CELL_CREATE, (uint64_t)(uintptr_t)cfg_buf) < 0)
		return skip(c, "the hypervisor refused CELL_CREATE");
	c->created = true;
	tl_mark_cell("cell created", c->name, 0);
	if (hc(c, JH_HC_CELL_SET_LOADABLE, c->id) < 0)
		return skip(c, "the hypervisor refused CELL_SET_LOADABLE");
	settle = counter_read() + ms_to_ticks(START_SETTLE_MS);
	if (load_images(c)) /* issue-7 hook: can fail for Linux cells */
		return skip(c, "the cell's images could not be loaded");
	tl_mark_cell("cell loaded", c->name, 0);
	/*
	 * Let the cell's CPU get back to its parking loop before CELL_START
	 * (§14.1): a START that reaches a CPU still busy with the previous
	 * call is either lost or taken without a VM exit, and then neither
	 * can be told apart from the other.
	 */
	t0 = counter_read();
	while (counter_read() < settle)
		wfe();
	tl_wait_ticks += counter_read() - t0;
	if (start_verified(c))
		return skip(c, "the cell did not start");
	tl_mark_cell("cell started", c->name, c->first_cpu);
	c->state = CELL_RUNNING;
	pr_info("cell \"%s\" (id %u) running on CPU %u%s\n", c->name, c->id,
		c->first_cpu, c->start_tries > 1 ? " (START re-issued)" : "");
	return 0;
}

void cells_boot(const struct jhb_bundle *b)
{
	struct jhc_system sys;
	struct jhc_diag d;
	uint32_t next_id = 1;
	unsigned int ok = 0;

	jhc_parse_system(hv.sys_cfg, hv.sys_size, &sys, &d);
	for (unsigned int i = 0; i < b->ncells; i++) {
		struct cell_run *c = &cells[ncells++];
		const char *name = b->cells[i].node;

		memset(c, 0, sizeof(*c));
		c->bundle = &b->cells[i];
		if (b->cells[i].config.data &&
		    b->cells[i].config.size >= sizeof(struct jh_cell_desc)) {
			const struct jh_cell_desc *cd =
				(const void *)b->cells[i].config.data;
			size_t n = strnlen(cd->name, sizeof(cd->name));

			if (n && n < sizeof(cd->name))
				name = cd->name;
		}
		jh_snprintf(c->name, sizeof(c->name), "%s", name ? name : "?");
		pr_info("cell \"%s\": creating\n", c->name);
		if (boot_one(c, &sys, next_id) == 0) {
			ok++;
			next_id++;
			continue;
		}
		if (c->created) {
			/* give its CPUs and memory back to the root */
			if (hv_call(JH_HC_CELL_DESTROY, c->id, 0) == 0)
				pr_info("cell \"%s\": destroyed, its CPUs and "
					"memory return to the root\n",
					c->name);
			else
				pr_err("cell \"%s\": CELL_DESTROY failed too\n",
				       c->name);
			c->created = false;
			next_id++;
		}
	}
	pr_info("cells: %u of %u running\n", ok, b->ncells);
}
