// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 2a: read the platform from the device tree jhboot was started
 * with (x0): CPUs, RAM, GICv3, console UART, PSCI conduit and the boot
 * bundle (/chosen linux,initrd-start/end). Nothing about the board is
 * hard-coded.
 *
 * Logical CPU ids follow Linux: the boot CPU is 0, the other CPUs of
 * /cpus follow in DT order. Cell configs' CPU sets use these ids.
 */
#include "jhboot.h"
#include <asm/arch.h>
#include <libfdt.h>

struct platform plat;

/* jhboot works on its own copy of the DT: the previous stage may have put
 * the original anywhere, even where hypervisor or cell memory will be. */
static uint8_t dt_copy[1024 * 1024]
	__attribute__((aligned(8), section(".noinit.dt")));

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* compatible list of a node contains c (without libfdt's own scan) */
static bool compat_has(const char *list, int len, const char *c)
{
	size_t n = strlen(c) + 1;

	while (len > 0) {
		size_t l = strnlen(list, (size_t)len) + 1;

		if (l == n && !memcmp(list, c, n))
			return true;
		list += l;
		len -= (int)l;
	}
	return false;
}

static const struct {
	const char *compat;
	int type;
} uarts[] = {
	{ "arm,pl011", CONSOLE_PL011 },	   { "ns16550a", CONSOLE_8250 },
	{ "ns16550", CONSOLE_8250 },	   { "snps,dw-apb-uart", CONSOLE_8250 },
	{ "ti,am654-uart", CONSOLE_8250 }, { "ti,omap4-uart", CONSOLE_8250 },
};

/*
 * One pass over the structure block, tag by tag (fdt_next_tag), collects
 * what jhboot needs. libfdt's per-node lookups (fdt_getprop, fdt_parent_
 * offset, fdt_path_offset) each rescan properties or the tree from the
 * root; on QEMU's DT they cost ~1.5 M instructions together, this pass
 * a few ten thousand. A node is judged when its properties are complete
 * (at its first subnode or its end), with its parent's #address-cells and
 * #size-cells at hand.
 */
#define WALK_DEPTH 16
#define MAX_UARTS 8

struct wnode {
	int off;
	int ac, sc; /* for this node's children */
	const char *type, *comp, *name, *method;
	int tlen, clen;
	const fdt32_t *reg;
	int rlen;
	uint32_t ureg_shift;
	const fdt32_t *ranges; /* NULL: no "ranges" (not memory mapped) */
	int rglen;
	bool judged;
};

static struct {
	int off, depth, type;
	const char *name; /* node name when at depth 1 */
	uint64_t base;
	uint32_t shift;
} uart_cand[MAX_UARTS];
static unsigned int nuart;
static int chosen_node = -1;
static const char *psci_method;

static bool reg_entry(const struct wnode *parent, const struct wnode *n,
		      int idx, uint64_t *base, uint64_t *size)
{
	int ac = parent->ac, sc = parent->sc;

	if (!n->reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    n->rlen < (idx + 1) * (ac + sc) * 4)
		return false;
	*base = read_cells(n->reg + idx * (ac + sc), ac);
	*size = sc ? read_cells(n->reg + idx * (ac + sc) + ac, sc) : 0;
	return true;
}

/*
 * A bus address of a node at `depth` as a CPU address, through the
 * `ranges` of every bus above it (most buses map 1:1, QEMU's have none).
 */
static bool to_cpu(const struct wnode *st, int depth, uint64_t *addr)
{
	for (int d = depth - 1; d >= 1; d--) {
		const struct wnode *bus = &st[d];
		int cac = bus->ac, sc = bus->sc, pac = st[d - 1].ac, n;
		const fdt32_t *r = bus->ranges;
		bool hit = false;

		if (!r)
			return false;
		if (!bus->rglen)
			continue; /* empty ranges: identity */
		if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 1 ||
		    sc > 2)
			return false;
		n = bus->rglen / (4 * (cac + pac + sc));
		for (int i = 0; i < n && !hit; i++, r += cac + pac + sc) {
			uint64_t c = read_cells(r, cac);
			uint64_t p = read_cells(r + cac, pac);
			uint64_t size = read_cells(r + cac + pac, sc);

			if (*addr >= c && *addr - c < size) {
				*addr = p + (*addr - c);
				hit = true;
			}
		}
		if (!hit)
			return false;
	}
	return true;
}

static bool str_is(const char *p, int len, const char *lit)
{
	return p && len > 0 && strnlen(p, (size_t)len) < (size_t)len &&
	       !strcmp(p, lit);
}

static void add_cpu(const struct wnode *parent, const struct wnode *n,
		    uint64_t self)
{
	uint64_t mpidr, sz;

	if (!reg_entry(parent, n, 0, &mpidr, &sz))
		return;
	mpidr &= MPIDR_AFF_MASK;
	if (mpidr == self) {
		plat.cpu_node[0] = n->off;
		return;
	}
	if (plat.ncpus >= JHBOOT_MAX_CPUS) {
		pr_warn("DT: more than %d CPUs, ignoring the rest\n",
			JHBOOT_MAX_CPUS);
		return;
	}
	plat.cpu_node[plat.ncpus] = n->off;
	plat.mpidr[plat.ncpus++] = mpidr;
}

static void judge(struct wnode *st, int depth, uint64_t self)
{
	struct wnode *n = &st[depth], *parent = &st[depth - 1];
	uint64_t base, size;

	if (n->judged || depth < 1)
		return;
	n->judged = true;
	if (depth == 2 && str_is(st[1].name, INT32_MAX, "cpus") &&
	    str_is(n->type, n->tlen, "cpu"))
		add_cpu(parent, n, self);
	if (depth == 1 && str_is(n->type, n->tlen, "memory"))
		for (int i = 0; reg_entry(parent, n, i, &base, &size); i++) {
			if (!size || plat.nmem >= JHBOOT_MAX_MEM)
				continue;
			plat.mem[plat.nmem].base = base;
			plat.mem[plat.nmem].size = size;
			plat.nmem++;
		}
	if (depth == 1 && str_is(n->name, INT32_MAX, "chosen"))
		chosen_node = n->off;
	if (!n->comp)
		return;
	if (!plat.gic_version && compat_has(n->comp, n->clen, "arm,gic-v3")) {
		plat.gic_version = 3;
		if (!reg_entry(parent, n, 0, &plat.gicd_base, &size) ||
		    !to_cpu(st, depth, &plat.gicd_base))
			plat.gicd_base = 0;
		if (!reg_entry(parent, n, 1, &plat.gicr_base,
			       &plat.gicr_size) ||
		    !to_cpu(st, depth, &plat.gicr_base))
			plat.gicr_base = 0;
		return;
	}
	if (!psci_method && (compat_has(n->comp, n->clen, "arm,psci-1.0") ||
			     compat_has(n->comp, n->clen, "arm,psci-0.2")))
		psci_method = n->method ? n->method : "";
	for (unsigned int i = 0; i < ARRAY_SIZE(uarts); i++) {
		if (!compat_has(n->comp, n->clen, uarts[i].compat))
			continue;
		if (nuart < MAX_UARTS &&
		    reg_entry(parent, n, 0, &base, &size) &&
		    to_cpu(st, depth, &base)) {
			uart_cand[nuart].off = n->off;
			uart_cand[nuart].depth = depth;
			uart_cand[nuart].type = uarts[i].type;
			uart_cand[nuart].name = depth == 1 ? n->name : NULL;
			uart_cand[nuart].base = base;
			uart_cand[nuart].shift = n->ureg_shift;
			nuart++;
		}
		break;
	}
}

static void walk(const void *fdt)
{
	static struct wnode st[WALK_DEPTH];
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int off = 0, next, depth = -1;
	uint32_t tag;

	plat.ncpus = 1;
	plat.mpidr[0] = self;
	plat.cpu_node[0] = -1;
	plat.nmem = 0;
	do {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_BEGIN_NODE) {
			if (depth >= 0 && depth < WALK_DEPTH)
				judge(st, depth, self);
			depth++;
			if (depth < WALK_DEPTH) {
				struct wnode *n = &st[depth];

				memset(n, 0, sizeof(*n));
				n->off = off;
				n->ac = 2; /* defaults of the DT spec */
				n->sc = 1;
				if (depth == 1)
					n->name = fdt_get_name(fdt, off, NULL);
			}
		} else if (tag == FDT_END_NODE) {
			if (depth >= 0 && depth < WALK_DEPTH)
				judge(st, depth, self);
			depth--;
		} else if (tag == FDT_PROP && depth >= 0 &&
			   depth < WALK_DEPTH) {
			struct wnode *n = &st[depth];
			int len;
			const char *name;
			const void *val =
				fdt_getprop_by_offset(fdt, off, &name, &len);

			if (!val || !name) {
				/* malformed property: ignore it */
			} else if (!strcmp(name, "compatible")) {
				n->comp = val;
				n->clen = len;
			} else if (!strcmp(name, "device_type")) {
				n->type = val;
				n->tlen = len;
			} else if (!strcmp(name, "ranges")) {
				n->ranges = val;
				n->rglen = len;
			} else if (!strcmp(name, "reg")) {
				n->reg = val;
				n->rlen = len;
			} else if (!strcmp(name, "#address-cells") &&
				   len == 4) {
				n->ac = (int)fdt32_to_cpu(
					*(const fdt32_t *)val);
			} else if (!strcmp(name, "#size-cells") && len == 4) {
				n->sc = (int)fdt32_to_cpu(
					*(const fdt32_t *)val);
			} else if (!strcmp(name, "reg-shift") && len == 4) {
				n->ureg_shift =
					fdt32_to_cpu(*(const fdt32_t *)val);
			} else if (!strcmp(name, "method") &&
				   str_is(val, len, "smc")) {
				n->method = "smc";
			} else if (!strcmp(name, "method")) {
				n->method = "other";
			}
		}
		off = next;
	} while (tag != FDT_END && next >= 0 && depth >= -1);
}

/* The console: /chosen/stdout-path, else the first PL011 (QEMU). */
static void parse_console(const void *fdt)
{
	const char *path = chosen_node >= 0 ? fdt_getprop(fdt, chosen_node,
							  "stdout-path", NULL)
					    : NULL;
	int pick = -1;

	if (path) {
		const char *colon = strchr(path, ':');
		int len = colon ? (int)(colon - path) : (int)strlen(path);
		int node = -1;

		/* a UART at depth 1 matches by name; anything else (aliases,
		 * nested buses) through libfdt */
		for (unsigned int i = 0; i < nuart && pick < 0; i++)
			if (uart_cand[i].name && path[0] == '/' &&
			    (int)strlen(uart_cand[i].name) == len - 1 &&
			    !memcmp(uart_cand[i].name, path + 1,
				    (size_t)len - 1))
				pick = (int)i;
		if (pick < 0)
			node = fdt_path_offset_namelen(fdt, path, len);
		for (unsigned int i = 0; i < nuart && pick < 0 && node >= 0;
		     i++)
			if (uart_cand[i].off == node)
				pick = (int)i;
	}
	for (unsigned int i = 0; i < nuart && pick < 0; i++)
		if (uart_cand[i].type == CONSOLE_PL011)
			pick = (int)i;
	if (pick < 0)
		return;
	plat.uart_type = uart_cand[pick].type;
	plat.uart_base = uart_cand[pick].base;
	plat.uart_shift =
		plat.uart_type == CONSOLE_8250 ? uart_cand[pick].shift : 0;
}

static uint64_t chosen_u(const void *fdt, int chosen, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, chosen, name, &len);

	if (!p)
		return 0;
	if (len == 8)
		return read_cells(p, 2);
	if (len == 4)
		return read_cells(p, 1);
	return 0;
}

int dt_parse(const void *fdt)
{

	if (!fdt || fdt_check_header(fdt))
		return -1;
	/* copy what the blocks use, not the padding (QEMU pads to 1 MiB) */
	{
		uint32_t used =
			fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
		uint32_t s_end =
			fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt);

		if (s_end > used)
			used = s_end;
		if (used <= fdt_totalsize(fdt) && used <= sizeof(dt_copy) &&
		    fdt_off_mem_rsvmap(fdt) < used) {
			memcpy(dt_copy, fdt, used);
			fdt_set_totalsize(dt_copy, used);
			if (fdt_check_header(dt_copy) == 0)
				fdt = dt_copy;
		}
	}
	plat.fdt = fdt;
	plat.fdt_size = fdt_totalsize(fdt);
	walk(fdt);
	parse_console(fdt);
	plat.psci_smc = psci_method && !strcmp(psci_method, "smc");
	if (chosen_node >= 0) {
		plat.initrd_start =
			chosen_u(fdt, chosen_node, "linux,initrd-start");
		plat.initrd_end =
			chosen_u(fdt, chosen_node, "linux,initrd-end");
	}
	return 0;
}
