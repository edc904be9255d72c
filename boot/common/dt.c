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

/* reg entry idx of node: (base, size); 0 on success */
static int node_reg(const void *fdt, int node, int idx, uint64_t *base,
		    uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -1;
	if (len < (idx + 1) * (ac + sc) * 4)
		return -1;
	reg += idx * (ac + sc);
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
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

static void add_cpu(const void *fdt, int node, int ac, uint64_t self)
{
	const fdt32_t *reg;
	int len;
	uint64_t mpidr;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || len < ac * 4)
		return;
	mpidr = read_cells(reg, ac) & MPIDR_AFF_MASK;
	if (mpidr == self) {
		plat.cpu_node[0] = node;
		return;
	}
	if (plat.ncpus >= JHBOOT_MAX_CPUS) {
		pr_warn("DT: more than %d CPUs, ignoring the rest\n",
			JHBOOT_MAX_CPUS);
		return;
	}
	plat.cpu_node[plat.ncpus] = node;
	plat.mpidr[plat.ncpus++] = mpidr;
}

static void add_memory(const void *fdt, int node)
{
	uint64_t base, size;

	for (int i = 0; node_reg(fdt, node, i, &base, &size) == 0; i++) {
		if (!size || plat.nmem >= JHBOOT_MAX_MEM)
			continue;
		plat.mem[plat.nmem].base = base;
		plat.mem[plat.nmem].size = size;
		plat.nmem++;
	}
}

/*
 * One walk over the whole tree collects CPUs, memory, the GIC, PSCI and
 * the first PL011: every libfdt scan of the tree costs ~0.3 M
 * instructions, so jhboot makes one instead of six.
 */
static int first_pl011 = -1, psci_node = -1;

static void walk(const void *fdt)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int cpus_ac = cpus >= 0 ? fdt_address_cells(fdt, cpus) : 0;
	int node, depth = -1, parent_at_1 = -1; /* root at depth 0 */

	plat.ncpus = 1;
	plat.mpidr[0] = self;
	plat.cpu_node[0] = -1;
	plat.nmem = 0;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int tlen, clen;
		const char *type = fdt_getprop(fdt, node, "device_type", &tlen);
		const char *comp = fdt_getprop(fdt, node, "compatible", &clen);
		uint64_t size;

		if (depth == 1)
			parent_at_1 = node;
		if (type && depth == 2 && parent_at_1 == cpus &&
		    !strcmp(type, "cpu"))
			add_cpu(fdt, node, cpus_ac, self);
		else if (type && depth == 1 && !strcmp(type, "memory"))
			add_memory(fdt, node);
		if (!comp)
			continue;
		if (!plat.gic_version && compat_has(comp, clen, "arm,gic-v3")) {
			plat.gic_version = 3;
			node_reg(fdt, node, 0, &plat.gicd_base, &size);
			node_reg(fdt, node, 1, &plat.gicr_base,
				 &plat.gicr_size);
		} else if (psci_node < 0 &&
			   (compat_has(comp, clen, "arm,psci-1.0") ||
			    compat_has(comp, clen, "arm,psci-0.2"))) {
			psci_node = node;
		} else if (first_pl011 < 0 &&
			   compat_has(comp, clen, "arm,pl011")) {
			first_pl011 = node;
		}
	}
}

static const struct {
	const char *compat;
	int type;
} uarts[] = {
	{ "arm,pl011", CONSOLE_PL011 },	   { "ns16550a", CONSOLE_8250 },
	{ "ns16550", CONSOLE_8250 },	   { "snps,dw-apb-uart", CONSOLE_8250 },
	{ "ti,am654-uart", CONSOLE_8250 }, { "ti,omap4-uart", CONSOLE_8250 },
};

static int uart_type_of(const void *fdt, int node)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(uarts); i++)
		if (fdt_node_check_compatible(fdt, node, uarts[i].compat) == 0)
			return uarts[i].type;
	return 0;
}

static void parse_console(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path =
		chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL)
			    : NULL;
	int node = -1;
	uint64_t size;

	if (path) {
		const char *colon = strchr(path, ':');
		int len = colon ? (int)(colon - path) : (int)strlen(path);

		node = fdt_path_offset_namelen(fdt, path, len);
	}
	if (node < 0 || !uart_type_of(fdt, node))
		node = first_pl011;
	if (node < 0)
		return;
	plat.uart_type = uart_type_of(fdt, node);
	if (node_reg(fdt, node, 0, &plat.uart_base, &size))
		plat.uart_base = 0;
	plat.uart_shift = 0;
	if (plat.uart_type == CONSOLE_8250) {
		const fdt32_t *s = fdt_getprop(fdt, node, "reg-shift", NULL);

		plat.uart_shift = s ? fdt32_to_cpu(*s) : 0;
	}
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
	int chosen, psci;
	const char *method;

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
	psci = psci_node;
	method = psci >= 0 ? fdt_getprop(fdt, psci, "method", NULL) : NULL;
	plat.psci_smc = method && !strcmp(method, "smc");
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		plat.initrd_start = chosen_u(fdt, chosen, "linux,initrd-start");
		plat.initrd_end = chosen_u(fdt, chosen, "linux,initrd-end");
	}
	return 0;
}
