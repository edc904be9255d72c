// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Root Linux device tree fix-up (see rootdt.h for what the root owns).
 * Nodes are deleted one at a time and the scan restarted, because libfdt
 * node offsets move when the tree changes.
 */
#include "rootdt.h"
#include <libfdt.h>

/* ---- range sets ---- */

void jhr_rset_init(struct jhr_rset *s)
{
	s->n = 0;
	s->overflow = false;
}

static void del_at(struct jhr_rset *s, unsigned int i)
{
	memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(s->r[0]));
	s->n--;
}

static bool ins_at(struct jhr_rset *s, unsigned int i, uint64_t b, uint64_t sz)
{
	if (s->n >= JHR_MAX_RANGES) {
		s->overflow = true;
		return false;
	}
	memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->r[i].base = b;
	s->r[i].size = sz;
	s->n++;
	return true;
}

static uint64_t end_of(uint64_t base, uint64_t size)
{
	/* saturating: a range never wraps */
	return base + size < base ? UINT64_MAX : base + size;
}

void jhr_rset_add(struct jhr_rset *s, uint64_t base, uint64_t size)
{
	uint64_t end = end_of(base, size);
	unsigned int i = 0;

	if (!size)
		return;
	while (i < s->n && end_of(s->r[i].base, s->r[i].size) < base)
		i++;
	/* merge every range that touches [base, end) */
	while (i < s->n && s->r[i].base <= end) {
		uint64_t e = end_of(s->r[i].base, s->r[i].size);

		if (s->r[i].base < base)
			base = s->r[i].base;
		if (e > end)
			end = e;
		del_at(s, i);
	}
	ins_at(s, i, base, end - base);
}

void jhr_rset_sub(struct jhr_rset *s, uint64_t base, uint64_t size)
{
	uint64_t end = end_of(base, size);

	if (!size)
		return;
	for (unsigned int i = 0; i < s->n;) {
		uint64_t rb = s->r[i].base, re = end_of(rb, s->r[i].size);

		if (re <= base || rb >= end) {
			i++;
			continue;
		}
		del_at(s, i);
		if (rb < base)
			ins_at(s, i++, rb, base - rb);
		if (re > end)
			ins_at(s, i++, end, re - end);
	}
}

void jhr_rset_and(struct jhr_rset *s, const struct jhr_rset *o)
{
	struct jhr_rset out;

	jhr_rset_init(&out);
	for (unsigned int i = 0; i < s->n; i++)
		for (unsigned int j = 0; j < o->n; j++) {
			uint64_t b = s->r[i].base > o->r[j].base ? s->r[i].base
								 : o->r[j].base;
			uint64_t e1 = end_of(s->r[i].base, s->r[i].size);
			uint64_t e2 = end_of(o->r[j].base, o->r[j].size);
			uint64_t e = e1 < e2 ? e1 : e2;

			if (b < e)
				jhr_rset_add(&out, b, e - b);
		}
	out.overflow |= s->overflow;
	*s = out;
}

bool jhr_rset_covers(const struct jhr_rset *s, uint64_t base, uint64_t size)
{
	uint64_t end = end_of(base, size);

	for (unsigned int i = 0; i < s->n; i++)
		if (s->r[i].base <= base &&
		    end <= end_of(s->r[i].base, s->r[i].size))
			return true;
	return false;
}

bool jhr_rset_touches(const struct jhr_rset *s, uint64_t base, uint64_t size)
{
	uint64_t end = end_of(base, size);

	for (unsigned int i = 0; i < s->n; i++)
		if (s->r[i].base < end &&
		    base < end_of(s->r[i].base, s->r[i].size))
			return true;
	return false;
}

uint64_t jhr_rset_total(const struct jhr_rset *s)
{
	uint64_t t = 0;

	for (unsigned int i = 0; i < s->n; i++)
		t += s->r[i].size;
	return t;
}

/* ---- reading the DT ---- */

static uint64_t cells_val(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* reg entry idx of node, with the parent's cell sizes; 0 on success */
static int reg_at(const void *fdt, int node, int idx, uint64_t *base,
		  uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return -1;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < 0)
		return -1;
	if ((size_t)len < (size_t)(idx + 1) * (size_t)(ac + sc) * 4)
		return -1;
	reg += idx * (ac + sc);
	*base = cells_val(reg, ac);
	*size = sc ? cells_val(reg + ac, sc) : 0;
	return 0;
}

static bool is_type(const void *fdt, int node, const char *type)
{
	int len;
	const char *t = fdt_getprop(fdt, node, "device_type", &len);

	return t && len > 0 && strnlen(t, (size_t)len) < (size_t)len &&
	       !strcmp(t, type);
}

static void dt_memory(const void *fdt, struct jhr_rset *mem)
{
	int node;

	jhr_rset_init(mem);
	fdt_for_each_subnode(node, fdt, 0)
	{
		uint64_t b, s;

		if (!is_type(fdt, node, "memory"))
			continue;
		for (int i = 0; reg_at(fdt, node, i, &b, &s) == 0; i++)
			jhr_rset_add(mem, b, s);
	}
}

static void set_cpu(struct jhr_view *v, unsigned int cpu, bool on)
{
	if (cpu >= JHR_MAX_CPUS)
		return;
	if (on)
		v->cpus[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
	else
		v->cpus[cpu / 8] &= (uint8_t) ~(1u << (cpu % 8));
}

static bool cpu_kept(const struct jhr_view *v, unsigned int cpu)
{
	return cpu < JHR_MAX_CPUS && (v->cpus[cpu / 8] >> (cpu % 8)) & 1;
}

#define RAM_FLAGS (JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE)
#define NOT_RAM_FLAGS (JH_MEM_IO | JH_MEM_COMM_REGION)
#define SHARED_FLAGS (JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED)

int jhr_compute(struct jhr_view *v, const void *fdt,
		const struct jhc_system *sys, const struct jhc_cell *cells,
		unsigned int ncells, uint64_t hv_base, uint64_t hv_size)
{
	struct jhr_rset mem;

	memset(v, 0, sizeof(*v));
	dt_memory(fdt, &mem);
	jhr_rset_init(&v->cut);
	if (sys) {
		hv_base = sys->sys->hypervisor_memory.phys_start;
		hv_size = sys->sys->hypervisor_memory.size;
		v->gicd_base = sys->sys->platform_info.arm.gicd_base;
		v->gicr_base = sys->sys->platform_info.arm.gicr_base;
	}
	jhr_rset_add(&v->cut, hv_base, hv_size);
	if (!sys) {
		v->native = true;
		v->ram = mem;
		jhr_rset_sub(&v->ram, hv_base, hv_size);
		memset(v->cpus, 0xff, sizeof(v->cpus));
		return v->ram.n ? 0 : JHR_E_NOMEM;
	}
	jhr_rset_init(&v->ram);
	jhr_rset_init(&v->devices);
	for (uint32_t i = 0; i < sys->root.desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(&sys->root, i, &m);
		if (m.flags & JH_MEM_COMM_REGION)
			continue;
		jhr_rset_add(&v->devices, m.phys_start, m.size);
		if ((m.flags & RAM_FLAGS) == RAM_FLAGS &&
		    !(m.flags & NOT_RAM_FLAGS))
			jhr_rset_add(&v->ram, m.phys_start, m.size);
	}
	for (unsigned int cpu = 0; cpu < JHR_MAX_CPUS; cpu++)
		set_cpu(v, cpu, jhc_cpu_in(&sys->root, cpu));
	for (unsigned int c = 0; c < ncells; c++) {
		for (uint32_t i = 0; i < cells[c].desc->num_memory_regions;
		     i++) {
			struct jh_memory m;

			jhc_mem_at(&cells[c], i, &m);
			if (!(m.flags & SHARED_FLAGS))
				jhr_rset_add(&v->cut, m.phys_start, m.size);
		}
		for (unsigned int cpu = 0; cpu < JHR_MAX_CPUS; cpu++)
			if (jhc_cpu_in(&cells[c], cpu))
				set_cpu(v, cpu, false);
	}
	jhr_rset_and(&v->ram, &mem);
	for (unsigned int i = 0; i < v->cut.n; i++)
		jhr_rset_sub(&v->ram, v->cut.r[i].base, v->cut.r[i].size);
	if (v->ram.overflow || v->devices.overflow || v->cut.overflow)
		return JHR_E_RANGES;
	return v->ram.n ? 0 : JHR_E_NOMEM;
}

/* ---- editing ---- */

static void note(jhr_note_fn fn, void *ctx, const char *what, const void *fdt,
		 int node, uint64_t addr)
{
	if (fn)
		fn(ctx, what, node >= 0 ? fdt_get_name(fdt, node, NULL) : "",
		   addr);
}

/*
 * Remove the CPU nodes the root does not keep. Logical ids are the ones
 * Linux assigns: the boot CPU 0, the others 1, 2, ... in DT order. The ids
 * must come from the DT as it was, so nodes are overwritten with NOP tags
 * (fdt_nop_node keeps every offset valid) rather than deleted one by one.
 */
static int remove_cpus(void *fdt, const struct jhr_view *v, uint64_t boot_mpidr,
		       jhr_note_fn fn, void *ctx, bool *removed)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, next;
	unsigned int id_next = 1;
	bool boot_seen = false;

	if (cpus < 0)
		return 0;
	for (node = fdt_first_subnode(fdt, cpus); node >= 0; node = next) {
		uint64_t mpidr, sz;
		unsigned int id;

		next = fdt_next_subnode(fdt, node);
		if (!is_type(fdt, node, "cpu") ||
		    reg_at(fdt, node, 0, &mpidr, &sz))
			continue;
		mpidr &= 0xff00ffffffull;
		if (boot_mpidr == UINT64_MAX && !boot_seen)
			boot_mpidr = mpidr;
		if (mpidr == boot_mpidr && !boot_seen) {
			id = 0;
			boot_seen = true;
		} else {
			id = id_next++;
		}
		if (cpu_kept(v, id))
			continue;
		note(fn, ctx, "removed CPU not owned by the root", fdt, node,
		     mpidr);
		if (fdt_nop_node(fdt, node))
			return JHR_E_FDT;
		*removed = true;
	}
	return 0;
}

static bool boot_cpu_kept(const void *fdt, const struct jhr_view *v)
{
	(void)fdt;
	return cpu_kept(v, 0);
}

static bool skip_node(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	if (!name)
		return true;
	return !strcmp(name, "cpus") || !strcmp(name, "chosen") ||
	       !strcmp(name, "aliases") || !strcmp(name, "reserved-memory") ||
	       !strncmp(name, "memory", 6) || is_type(fdt, node, "memory");
}

static bool is_gic(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, "arm,gic-v3") == 0 ||
	       fdt_node_check_compatible(fdt, node, "arm,cortex-a15-gic") ==
		       0 ||
	       fdt_node_check_compatible(fdt, node, "arm,gic-400") == 0;
}

/*
 * Translate a bus address of a child of `bus` to a CPU physical address
 * through the `ranges` of every bus up to the root. 0 on success; -1 when
 * the address is not memory mapped (a bus without `ranges`, no matching
 * entry, or cell counts this code does not handle).
 */
static int bus_to_cpu(const void *fdt, int bus, uint64_t *addr)
{
	while (bus > 0) {
		int up = fdt_parent_offset(fdt, bus), len;
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		int cac, pac, sc, n;
		bool hit = false;

		if (up < 0 || !r)
			return -1;
		if (len == 0) { /* identity */
			bus = up;
			continue;
		}
		cac = fdt_address_cells(fdt, bus);
		sc = fdt_size_cells(fdt, bus);
		pac = fdt_address_cells(fdt, up);
		if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 1 ||
		    sc > 2 || len < 0)
			return -1;
		n = len / (4 * (cac + pac + sc));
		for (int i = 0; i < n && !hit; i++, r += cac + pac + sc) {
			uint64_t c = cells_val(r, cac),
				 p = cells_val(r + cac, pac);
			uint64_t sz = cells_val(r + cac + pac, sc);

			if (*addr >= c && *addr - c < sz) {
				*addr = p + (*addr - c);
				hit = true;
			}
		}
		if (!hit)
			return -1;
		bus = up;
	}
	return 0;
}

/* A device node the root may not keep: its registers lie outside the root
 * regions or inside what cells/the hypervisor own. */
static bool device_foreign(const void *fdt, const struct jhr_view *v, int node,
			   uint64_t *addr)
{
	int bus = fdt_parent_offset(fdt, node);
	uint64_t b, s;
	int i;

	for (i = 0; reg_at(fdt, node, i, &b, &s) == 0; i++) {
		if (!s || bus_to_cpu(fdt, bus, &b))
			continue;
		*addr = b;
		if (jhr_rset_touches(&v->cut, b, s))
			return true;
		if (!v->native && !jhr_rset_covers(&v->devices, b, s))
			return true;
	}
	return false;
}

static bool is_bus(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, "simple-bus") == 0 ||
	       fdt_node_check_compatible(fdt, node, "simple-pm-bus") == 0;
}

/*
 * The next node to remove under parent, depth first: devices whose
 * registers the root may not use, and the GIC ITS. The GIC stays: the
 * hypervisor emulates its distributor for the root (§2.8). Memory-mapped
 * buses (simple-bus) are searched through their `ranges`.
 */
static int next_foreign(const void *fdt, const struct jhr_view *v, int parent,
			uint64_t *addr, const char **why)
{
	int node;

	fdt_for_each_subnode(node, fdt, parent)
	{
		if (skip_node(fdt, node))
			continue;
		if (is_bus(fdt, node)) {
			int n = next_foreign(fdt, v, node, addr, why);

			if (n >= 0)
				return n;
			continue;
		}
		if (!fdt_getprop(fdt, node, "reg", NULL))
			continue;
		if (is_gic(fdt, node)) {
			int child;

			fdt_for_each_subnode(child, fdt, node)
			{
				uint64_t b, sz;

				if (v->native ||
				    fdt_node_check_compatible(
					    fdt, child, "arm,gic-v3-its") != 0)
					continue;
				*addr = 0;
				if (reg_at(fdt, child, 0, &b, &sz) == 0 &&
				    bus_to_cpu(fdt, node, &b) == 0)
					*addr = b;
				*why = "removed the GIC ITS (not virtualised)";
				return child;
			}
			continue;
		}
		if (device_foreign(fdt, v, node, addr)) {
			*why = "removed device outside the root cell";
			return node;
		}
	}
	return -1;
}

static int set_memory(void *fdt, const struct jhr_view *v)
{
	int node, ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	char name[32];
	int err;

	/* drop every memory node, then write one with the root's RAM */
	for (;;) {
		int found = -1;

		fdt_for_each_subnode(node, fdt, 0)
		{
			if (is_type(fdt, node, "memory")) {
				found = node;
				break;
			}
		}
		if (found < 0)
			break;
		err = fdt_del_node(fdt, found);
		if (err)
			return err;
	}
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	{
		static const char hex[] = "0123456789abcdef";
		uint64_t b = v->ram.r[0].base;
		char tmp[17];
		int n = 0, k = 0;

		do {
			tmp[n++] = hex[b & 15];
			b >>= 4;
		} while (b);
		memcpy(name, "memory@", 7);
		k = 7;
		while (n)
			name[k++] = tmp[--n];
		name[k] = 0;
	}
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (err)
		return err;
	err = fdt_setprop(fdt, node, "reg", NULL, 0);
	for (unsigned int i = 0; !err && i < v->ram.n; i++) {
		if (ac == 2)
			err = fdt_appendprop_u64(fdt, node, "reg",
						 v->ram.r[i].base);
		else
			err = fdt_appendprop_u32(fdt, node, "reg",
						 (uint32_t)v->ram.r[i].base);
		if (err)
			break;
		if (sc == 2)
			err = fdt_appendprop_u64(fdt, node, "reg",
						 v->ram.r[i].size);
		else
			err = fdt_appendprop_u32(fdt, node, "reg",
						 (uint32_t)v->ram.r[i].size);
	}
	return err;
}

static int set_chosen(void *fdt, const char *bootargs, uint64_t initrd_start,
		      uint64_t initrd_size)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int err = 0;

	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;
	if (bootargs)
		err = fdt_setprop_string(fdt, chosen, "bootargs", bootargs);
	fdt_delprop(fdt, chosen, "linux,initrd-start");
	fdt_delprop(fdt, chosen, "linux,initrd-end");
	if (!err && initrd_size) {
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
				      initrd_start);
		if (!err)
			err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					      initrd_start + initrd_size);
	}
	return err;
}

int jhr_fixup(void *fdt, const struct jhr_view *v, uint64_t boot_mpidr,
	      const char *bootargs, uint64_t initrd_start, uint64_t initrd_size,
	      jhr_note_fn fn, void *ctx)
{
	bool cpu_removed = false;
	uint64_t addr;
	const char *why;
	int node, err;

	if (!boot_cpu_kept(fdt, v))
		return JHR_E_BOOTCPU;
	err = remove_cpus(fdt, v, boot_mpidr, fn, ctx, &cpu_removed);
	if (err)
		return err;
	if (cpu_removed) {
		/* cpu-map entries point at CPU nodes by phandle (§14.9) */
		node = fdt_path_offset(fdt, "/cpus/cpu-map");
		if (node >= 0) {
			note(fn, ctx, "removed the CPU topology map", fdt, node,
			     0);
			if (fdt_del_node(fdt, node))
				return JHR_E_FDT;
		}
	}
	while ((node = next_foreign(fdt, v, 0, &addr, &why)) >= 0) {
		note(fn, ctx, why, fdt, node, addr);
		if (fdt_del_node(fdt, node))
			return JHR_E_FDT;
	}
	err = set_memory(fdt, v);
	if (err)
		return JHR_E_FDT;
	err = set_chosen(fdt, bootargs, initrd_start, initrd_size);
	if (err)
		return JHR_E_FDT;
	if (!v->native) {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
		if (node < 0)
			node = fdt_node_offset_by_compatible(fdt, -1,
							     "arm,psci-0.2");
		if (node >= 0 && fdt_setprop_string(fdt, node, "method", "smc"))
			return JHR_E_FDT;
	}
	return 0;
}
