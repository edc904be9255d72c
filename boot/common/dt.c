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
static uint8_t dt_copy[512 * 1024] __attribute__((aligned(8)));

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

static void parse_cpus(const void *fdt)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node, ac;

	plat.ncpus = 1;
	plat.mpidr[0] = self;
	plat.cpu_node[0] = -1;
	if (cpus < 0)
		return;
	ac = fdt_address_cells(fdt, cpus);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg;
		int len;
		uint64_t mpidr;

		if (!type || strcmp(type, "cpu"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || ac < 1 || ac > 2 || len < ac * 4)
			continue;
		mpidr = read_cells(reg, ac) & MPIDR_AFF_MASK;
		if (mpidr == self) {
			plat.cpu_node[0] = node;
			continue;
		}
		if (plat.ncpus >= JHBOOT_MAX_CPUS) {
			pr_warn("DT: more than %d CPUs, ignoring the rest\n",
				JHBOOT_MAX_CPUS);
			break;
		}
		plat.cpu_node[plat.ncpus] = node;
		plat.mpidr[plat.ncpus++] = mpidr;
	}
}

static void parse_memory(const void *fdt)
{
	int node;

	plat.nmem = 0;
	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;

		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; node_reg(fdt, node, i, &base, &size) == 0;
		     i++) {
			if (!size || plat.nmem >= JHBOOT_MAX_MEM)
				continue;
			plat.mem[plat.nmem].base = base;
			plat.mem[plat.nmem].size = size;
			plat.nmem++;
		}
	}
}

static void parse_gic(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	uint64_t size;

	if (node < 0)
		return;
	plat.gic_version = 3;
	node_reg(fdt, node, 0, &plat.gicd_base, &size);
	node_reg(fdt, node, 1, &plat.gicr_base, &plat.gicr_size);
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
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
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
	if (fdt_open_into(fdt, dt_copy, sizeof(dt_copy)) == 0 &&
	    fdt_pack(dt_copy) == 0)
		fdt = dt_copy;
	plat.fdt = fdt;
	plat.fdt_size = fdt_totalsize(fdt);
	parse_cpus(fdt);
	parse_memory(fdt);
	parse_gic(fdt);
	parse_console(fdt);
	psci = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (psci < 0)
		psci = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	method = psci >= 0 ? fdt_getprop(fdt, psci, "method", NULL) : NULL;
	plat.psci_smc = method && !strcmp(method, "smc");
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		plat.initrd_start = chosen_u(fdt, chosen, "linux,initrd-start");
		plat.initrd_end = chosen_u(fdt, chosen, "linux,initrd-end");
	}
	return 0;
}
