/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Stand-in hypervisor: the hypercalls (jailhouse-interface.md §5, §6, §8):
 * cell create / set-loadable / start / destroy / get-state, CPU and
 * hypervisor info, debug console, and the cells' stage-2 tables.
 */
#include "standin.h"

#define S2_TABLE 3ull
#define S2_BLOCK 1ull
#define S2_PAGE 3ull
#define S2_AP_R BIT(6)
#define S2_AP_W BIT(7)
#define S2_SH_INNER (3ull << 8)
#define S2_AF BIT(10)
#define S2_NORMAL_WB (0xfull << 2)
#define S2_DEVICE_NGNRE (0x1ull << 2)
#define S2_ADDR_MASK 0x0000fffffffff000ull
#define IPA_LIMIT BIT(40)
#define BLOCK_2M 0x200000ull

static struct {
	u8 b[PAGE_SIZE];
} comm_pages[MAX_CELLS] __attribute__((aligned(4096)));

/* ---- stage 2: 4 KiB granule, 40-bit IPA, 2 concatenated L1 tables ---- */

static long next_table(u64 *entry, u64 **table)
{
	if (!*entry) {
		u64 t = pool_alloc(1, 1);

		if (!t)
			return -JH_ENOMEM;
		*entry = t | S2_TABLE;
	}
	if ((*entry & 3) != S2_TABLE)
		return -JH_EINVAL; /* a block is there: overlapping regions */
	*table = (u64 *)(*entry & S2_ADDR_MASK);
	return 0;
}

static long s2_map(u64 root, u64 ipa, u64 pa, u64 size, u64 attr)
{
	while (size) {
		u64 *l2, *l3, step;
		long err = next_table((u64 *)root + ((ipa >> 30) & 0x3ff), &l2);

		if (err)
			return err;
		u64 *e = l2 + ((ipa >> 21) & 0x1ff);
		if (!((ipa | pa) & (BLOCK_2M - 1)) && size >= BLOCK_2M) {
			if (*e)
				return -JH_EINVAL;
			*e = pa | attr | S2_BLOCK;
			step = BLOCK_2M;
		} else {
			err = next_table(e, &l3);
			if (err)
				return err;
			e = l3 + ((ipa >> 12) & 0x1ff);
			if (*e)
				return -JH_EINVAL;
			*e = pa | attr | S2_PAGE;
			step = PAGE_SIZE;
		}
		ipa += step;
		pa += step;
		size -= step;
	}
	return 0;
}

static long build_stage2(struct cell *c)
{
	const struct jh_memory *regions = cell_mem(c->cfg);

	c->s2_root = pool_alloc(2, 2);
	if (!c->s2_root)
		return -JH_ENOMEM;
	for (u32 i = 0; i < c->cfg->num_memory_regions; i++) {
		struct jh_memory r;
		u64 attr, ipa, end, pa;
		long err;

		mem_cpy(&r, &regions[i], sizeof(r));
		attr = S2_AF | ((r.flags & JH_MEM_READ) ? S2_AP_R : 0) |
		       ((r.flags & JH_MEM_WRITE) ? S2_AP_W : 0);
		if (r.flags & JH_MEM_IO)
			attr |= S2_DEVICE_NGNRE;
		else
			attr |= S2_NORMAL_WB | S2_SH_INNER;
		pa = r.phys_start;
		if (r.flags & JH_MEM_COMM_REGION) {
			if (r.size != JH_COMM_REGION_SIZE) {
				pr("standin: cell \"%s\": region %u: "
				   "COMM_REGION size must be 0x1000\n",
				   c->name, i);
				return -JH_EINVAL;
			}
			pa = (u64)c->comm;
		}
		/* Sub-page regions are mapped as whole pages (no emulation). */
		ipa = r.virt_start & ~(PAGE_SIZE - 1);
		end = PAGE_ALIGN(r.virt_start + r.size);
		if (!r.size || end > IPA_LIMIT || end <= ipa ||
		    ((pa ^ r.virt_start) & (PAGE_SIZE - 1))) {
			pr("standin: cell \"%s\": region %u: bad address or "
			   "size\n",
			   c->name, i);
			return -JH_EINVAL;
		}
		err = s2_map(c->s2_root, ipa, pa & ~(PAGE_SIZE - 1), end - ipa,
			     attr);
		if (err) {
			pr("standin: cell \"%s\": region %u: %s\n", c->name, i,
			   err == -JH_ENOMEM ? "out of pool memory"
					     : "overlaps another region");
			return err;
		}
	}
	return 0;
}

/* ---- helpers ---- */

static struct cell *find_cell(u64 id)
{
	for (unsigned int i = 0; i < MAX_CELLS; i++)
		if (cells[i].used && cells[i].id == id)
			return &cells[i];
	return NULL;
}

static unsigned int num_cells(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_CELLS; i++)
		n += cells[i].used;
	return n;
}

/* Some non-root cell other than `except` is RUNNING_LOCKED (§8). */
static bool other_cell_locked(struct cell *except)
{
	for (unsigned int i = 1; i < MAX_CELLS; i++) {
		struct cell *c = &cells[i];

		if (!c->used || c == except)
			continue;
		flush_range(c->comm, 64);
		if (c->comm->cell_state == JH_CELL_RUNNING_LOCKED)
			return true;
	}
	return false;
}

static void set_state(struct cell *c, u32 state)
{
	c->comm->cell_state = state;
	flush_range(c->comm, PAGE_SIZE);
}

static void stop_cell_cpus(struct cell *c)
{
	for (u32 n = 0; n < MAX_CPUS; n++) {
		if (!(c->cpus & BIT(n)))
			continue;
		stop_cpu(percpu(n));
		percpu(n)->failed = 0;
	}
}

/* SHUTDOWN_REQUEST to a non-passive cell; false if it denies (§8). */
static bool shutdown_ok(struct cell *c)
{
	volatile struct jh_comm_region *comm = c->comm;
	u64 timeout = c->cfg->msg_reply_timeout;

	if (c->flags & JH_CELL_PASSIVE_COMMREG)
		return true;
	comm->reply_from_cell = JH_MSG_NONE;
	dsb(sy);
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	flush_range(comm, 64);
	for (;;) {
		flush_range(comm, 64);
		u32 state = comm->cell_state, reply = comm->reply_from_cell;

		if (state == JH_CELL_SHUT_DOWN || state == JH_CELL_FAILED ||
		    reply == JH_MSG_REQUEST_APPROVED)
			return true;
		if (reply != JH_MSG_NONE)
			return false;
		if (c->cfg->msg_reply_timeout && --timeout == 0) {
			pr("standin: cell \"%s\": no reply, cell failed\n",
			   c->name);
			stop_cell_cpus(c);
			set_state(c, JH_CELL_FAILED);
			return true;
		}
	}
}

/* Common start of START / SET_LOADABLE / DESTROY (lock held). */
static long prologue(u64 id, enum fault_step step, struct cell **cp)
{
	struct cell *c = find_cell(id);
	long err;

	if (!c)
		return -JH_ENOENT;
	if (c == &cells[0])
		return -JH_EINVAL;
	err = fault_check(step, c->name);
	if (err)
		return err;
	if ((step == F_DESTROY && other_cell_locked(c)) || !shutdown_ok(c))
		return -JH_EPERM;
	stop_cell_cpus(c);
	*cp = c;
	return 0;
}

static bool in_root_ram(u64 addr, u64 size)
{
	const struct jh_cell_desc *root = &g.sys->root_cell;
	const struct jh_memory *m = cell_mem(root);

	for (u32 i = 0; i < root->num_memory_regions; i++) {
		struct jh_memory r;

		mem_cpy(&r, &m[i], sizeof(r));
		if ((r.flags & JH_MEM_READ) && !(r.flags & JH_MEM_IO) &&
		    addr >= r.phys_start && addr + size >= addr &&
		    addr + size <= r.phys_start + r.size)
			return true;
	}
	return false;
}

/* ---- the hypercalls ---- */

static long cell_create(struct percpu *me, u64 addr)
{
	const struct jh_cell_desc *src = (const void *)addr, *cfg;
	struct cell *c = NULL;
	u64 size, copy, set = 0;
	long err;

	if (other_cell_locked(NULL))
		return -JH_EPERM;
	if (!in_root_ram(addr, sizeof(*src))) {
		pr("standin: CELL_CREATE: config %lx not in root RAM\n", addr);
		return -JH_ENOMEM;
	}
	flush_range(src, sizeof(*src));
	size = cell_config_size(src);
	if ((addr & (PAGE_SIZE - 1)) + size > JH_CELL_CREATE_MAX_BYTES)
		return -JH_E2BIG;
	if (!in_root_ram(addr, size)) {
		pr("standin: CELL_CREATE: config %lx not in root RAM\n", addr);
		return -JH_ENOMEM;
	}
	for (unsigned int i = 1; i < MAX_CELLS && !c; i++)
		if (!cells[i].used)
			c = &cells[i];
	copy = pool_alloc(PAGE_ALIGN(size) / PAGE_SIZE, 1);
	if (!c || !copy)
		return -JH_ENOMEM;
	flush_range(src, size);
	mem_cpy((void *)copy, src, size);
	cfg = (const void *)copy;

	/* The real hypervisor checks none of these three (§4.9). */
	if (!str_eq(cfg->signature, JH_CELL_SIGNATURE, JH_SIGNATURE_LEN) ||
	    cfg->revision != JH_CONFIG_REVISION ||
	    cfg->architecture != JH_ARCH_ARM64) {
		pr("standin: CELL_CREATE: not a JHCLL rev 14 arm64 config\n");
		return -JH_EINVAL;
	}
	if (cfg->name[JH_CELL_NAME_MAXLEN] != 0) {
		pr("standin: CELL_CREATE: name not NUL-terminated\n");
		return -JH_EINVAL;
	}
	err = fault_check(F_CREATE, cfg->name);
	if (err)
		return err;
	for (unsigned int i = 0; i < MAX_CELLS; i++)
		if (cells[i].used &&
		    (cells[i].id == cfg->id ||
		     str_eq(cells[i].name, cfg->name, sizeof(cells[i].name))))
			return -JH_EEXIST;
	if (cfg->id > 255)
		return -JH_E2BIG;
	if (cfg->cpu_set_size > JH_CPU_SET_MAX_BYTES)
		return -JH_EINVAL;
	for (u32 i = 0; i < cfg->cpu_set_size; i++) {
		u8 b = cell_cpu_bitmap(cfg)[i];

		if (i >= 8 && b)
			return -JH_EBUSY; /* not in the root set */
		if (i < 8)
			set |= (u64)b << (8 * i);
	}
	if (!set) {
		pr("standin: CELL_CREATE: empty CPU set\n");
		return -JH_EINVAL;
	}
	if ((set & ~cells[0].cpus) || (set & BIT(me->id)))
		return -JH_EBUSY;
	for (u32 n = 0; n < MAX_CPUS; n++) {
		if ((set & BIT(n)) && percpu(n)->state != CPU_PARKED) {
			pr("standin: CELL_CREATE: CPU %u still runs root code "
			   "(no CPU_OFF; the fixture does not force it)\n",
			   n);
			return -JH_EBUSY;
		}
	}

	mem_set(c, 0, sizeof(*c));
	c->id = cfg->id;
	c->flags = cfg->flags;
	c->cfg = cfg;
	c->cpus = set;
	mem_cpy(c->name, cfg->name, sizeof(c->name));
	c->comm = (struct jh_comm_region *)comm_pages[c - cells].b;
	mem_set(c->comm, 0, PAGE_SIZE);
	err = build_stage2(c); /* pool pages leak on failure */
	if (err)
		return err;
	set_state(c, JH_CELL_SHUT_DOWN);
	for (u32 n = 0; n < MAX_CPUS; n++) {
		if (set & BIT(n)) {
			percpu(n)->cell = c;
			percpu(n)->failed = 0;
			percpu(n)->exits = 0;
		}
	}
	cells[0].cpus &= ~set;
	c->used = true;
	pr("standin: created cell \"%s\" (id %u)\n", c->name, c->id);
	return 0;
}

static long cell_start(u64 id)
{
	const struct jh_system *s = g.sys;
	struct jh_comm_region *comm;
	struct cell *c;
	long err = prologue(id, F_START, &c);
	u32 first;

	if (err)
		return err;
	comm = c->comm;
	mem_set(comm, 0, PAGE_SIZE);
	mem_cpy(comm->signature, JH_COMM_SIGNATURE, 6);
	comm->revision = JH_COMM_REVISION;
	comm->flags = ((c->flags & JH_CELL_VIRTUAL_CONSOLE_PERMITTED)
			       ? JH_COMM_FLAG_DBG_PUTC_PERMITTED
			       : 0) |
		      ((c->flags & JH_CELL_VIRTUAL_CONSOLE_ACTIVE)
			       ? JH_COMM_FLAG_DBG_PUTC_ACTIVE
			       : 0);
	mem_cpy(&comm->console, &c->cfg->console, sizeof(comm->console));
	comm->pci_mmconfig_base = s->platform_info.pci_mmconfig_base;
	comm->gic_version = 3;
	comm->gicd_base = g.gicd;
	comm->gicr_base = g.gicr;
	comm->vpci_irq_base = c->cfg->vpci_irq_base;
	set_state(c, JH_CELL_RUNNING);

	first = (u32)__builtin_ctzll(c->cpus);
	if (fault_lose_start(c->name))
		return 0;
	pr("standin: started cell \"%s\"\n", c->name);
	release_cpu(percpu(first), c->cfg->cpu_reset_address,
		    percpu(first)->on_context);
	return 0;
}

static long cell_set_loadable(u64 id)
{
	struct cell *c;
	long err = prologue(id, F_LOADABLE, &c);

	if (err)
		return err;
	set_state(c, JH_CELL_SHUT_DOWN);
	return 0;
}

static long cell_destroy(u64 id)
{
	struct cell *c;
	long err = prologue(id, F_DESTROY, &c);

	if (err)
		return err;
	set_state(c, JH_CELL_SHUT_DOWN);
	for (u32 n = 0; n < MAX_CPUS; n++) {
		if (c->cpus & BIT(n)) {
			percpu(n)->cell = &cells[0];
			percpu(n)->exits = 0;
		}
	}
	cells[0].cpus |= c->cpus;
	c->used = false;
	pr("standin: destroyed cell \"%s\"\n", c->name);
	return 0;
}

static long cell_get_state(u64 id)
{
	struct cell *c = find_cell(id);
	long err;
	u32 state;

	if (!c)
		return -JH_ENOENT;
	err = fault_check(F_GETSTATE, c->name);
	if (err)
		return err;
	if (c == &cells[0])
		return JH_CELL_RUNNING;
	flush_range(c->comm, 64);
	state = c->comm->cell_state;
	return state <= JH_CELL_FAILED_COMM_REV ? (long)state : -JH_EINVAL;
}

static long cpu_get_info(struct percpu *me, u64 cpu, u64 type)
{
	struct percpu *p;

	if (cpu >= MAX_CPUS || !(g.root_set & BIT(cpu)))
		return -JH_EINVAL;
	if (me->cell != &cells[0] && !(me->cell->cpus & BIT(cpu)))
		return -JH_EPERM;
	p = percpu((u32)cpu);
	if (type == JH_CPU_INFO_STATE)
		return p->failed ? JH_CPU_STATE_FAILED : JH_CPU_STATE_RUNNING;
	if (type == JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_VMEXITS_TOTAL)
		return p->exits & 0x7fffffff;
	return -JH_EINVAL;
}

static long hypervisor_get_info(u64 type)
{
	switch (type) {
	case JH_INFO_MEM_POOL_SIZE:
		return (long)g.pool_pages;
	case JH_INFO_MEM_POOL_USED:
		return (long)g.pool_used;
	case JH_INFO_REMAP_POOL_SIZE:
	case JH_INFO_REMAP_POOL_USED:
		return 0; /* no remap pool in the fixture */
	case JH_INFO_NUM_CELLS:
		return num_cells();
	default:
		return -JH_EINVAL;
	}
}

long hypercall(struct percpu *me, u64 code, u64 a1, u64 a2)
{
	long ret;

	switch (code) {
	case JH_HC_HYPERVISOR_GET_INFO:
		return hypervisor_get_info(a1);
	case JH_HC_CPU_GET_INFO:
		return cpu_get_info(me, a1, a2);
	case JH_HC_DEBUG_CONSOLE_PUTC:
		if (!(me->cell->flags & JH_CELL_VIRTUAL_CONSOLE_PERMITTED))
			return -JH_EPERM;
		con_putc_raw((char)a1);
		return 0;
	case JH_HC_DISABLE:
	case JH_HC_CELL_CREATE:
	case JH_HC_CELL_START:
	case JH_HC_CELL_SET_LOADABLE:
	case JH_HC_CELL_DESTROY:
	case JH_HC_CELL_GET_STATE:
		if (me->cell != &cells[0])
			return -JH_EPERM;
		break;
	default:
		return -JH_ENOSYS;
	}

	lock(me);
	switch (code) {
	case JH_HC_DISABLE:
		/* Disabling is not implemented by the fixture (docs). */
		ret = num_cells() > 1 ? -JH_EBUSY : -JH_ENOSYS;
		break;
	case JH_HC_CELL_CREATE:
		ret = cell_create(me, a1);
		break;
	case JH_HC_CELL_START:
		ret = cell_start(a1);
		break;
	case JH_HC_CELL_SET_LOADABLE:
		ret = cell_set_loadable(a1);
		break;
	case JH_HC_CELL_DESTROY:
		ret = cell_destroy(a1);
		break;
	default:
		ret = cell_get_state(a1);
		break;
	}
	unlock();
	return ret;
}
