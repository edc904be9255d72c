// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of lib/jhconfig.c: start from a good system and a good cell
 * config (built here, shaped like configs/qemu-virt), corrupt one thing at
 * a time and expect the exact error code and field; whole-system checks;
 * loadable address translation; sizes; every truncated length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jhconfig.h"

/* ------------------------------------------------------------------ */
/* Good configs */

struct test_sys {
	struct jh_system h;
	uint8_t cpus[8];
	struct jh_memory mem[4];
	struct jh_irqchip irq[1];
} __attribute__((packed));

struct test_cell {
	struct jh_cell_desc c;
	uint8_t cpus[8];
	struct jh_memory mem[4];
	struct jh_irqchip irq[1];
	struct jh_pci_device pci[1];
	struct jh_pci_capability caps[1];
} __attribute__((packed));

static void set_mem(struct jh_memory *m, uint64_t phys, uint64_t virt,
		    uint64_t size, uint64_t flags)
{
	m->phys_start = phys;
	m->virt_start = virt;
	m->size = size;
	m->flags = flags;
}

static void make_sys(struct test_sys *s)
{
	struct jh_system *h = &s->h;

	memset(s, 0, sizeof(*s));
	memcpy(h->signature, JH_SYS_SIGNATURE, 5);
	h->architecture = JH_ARCH_ARM64;
	h->revision = JH_CONFIG_REVISION;
	h->flags = JH_SYS_VIRTUAL_DEBUG_CONSOLE;
	h->hypervisor_memory.phys_start = 0x7fc00000;
	h->hypervisor_memory.size = 0x400000;
	h->debug_console.address = 0x09000000;
	h->debug_console.size = 0x1000;
	h->debug_console.type = JH_CON_TYPE_PL011;
	h->debug_console.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4;
	h->platform_info.pci_mmconfig_base = 0x08e00000;
	h->platform_info.arm.maintenance_irq = 25;
	h->platform_info.arm.gic_version = 3;
	h->platform_info.arm.gicd_base = 0x08000000;
	h->platform_info.arm.gicr_base = 0x080a0000;
	strcpy(h->root_cell.name, "root");
	h->root_cell.cpu_set_size = sizeof(s->cpus);
	h->root_cell.num_memory_regions = 4;
	h->root_cell.num_irqchips = 1;
	s->cpus[0] = 0x0f;
	set_mem(&s->mem[0], 0x09000000, 0x09000000, 0x37000000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO);
	set_mem(&s->mem[1], 0x40000000, 0x40000000, 0x3fb00000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE);
	set_mem(&s->mem[2], 0x7fb00000, 0x7fb00000, 0x100000,
		JH_MEM_READ | JH_MEM_WRITE);
	set_mem(&s->mem[3], 0x4010000000, 0x4010000000, 0x10000000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO);
	s->irq[0].address = 0x08000000;
	s->irq[0].pin_base = 32;
	memset(s->irq[0].pin_bitmap, 0xff, sizeof(s->irq[0].pin_bitmap));
}

/* A cell on CPU `cpu` with 1 MiB of RAM at phys `ram` (IPA 0) and SPI
 * INTID `intid`. */
static void make_cell_at(struct test_cell *c, const char *name,
			 unsigned int cpu, uint64_t ram, unsigned int intid)
{
	struct jh_cell_desc *d = &c->c;

	memset(c, 0, sizeof(*c));
	memcpy(d->signature, JH_CELL_SIGNATURE, 5);
	d->architecture = JH_ARCH_ARM64;
	d->revision = JH_CONFIG_REVISION;
	strcpy(d->name, name);
	d->flags = JH_CELL_PASSIVE_COMMREG | JH_CELL_VIRTUAL_CONSOLE_PERMITTED;
	d->cpu_set_size = sizeof(c->cpus);
	d->num_memory_regions = 4;
	d->num_irqchips = 1;
	d->num_pci_devices = 1;
	d->num_pci_caps = 1;
	d->console.address = 0x09000000;
	d->console.type = JH_CON_TYPE_PL011;
	d->console.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4;
	c->cpus[cpu / 8] = (uint8_t)(1u << (cpu % 8));
	set_mem(&c->mem[0], ram, 0, 0x100000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_LOADABLE);
	set_mem(&c->mem[1], 0x09000000, 0x09000000, 0x1000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO | JH_MEM_ROOTSHARED);
	set_mem(&c->mem[2], 0, 0x80000000, 0x1000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_COMM_REGION);
	set_mem(&c->mem[3], 0x7fb00000, 0x7fb00000, 0x1000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_ROOTSHARED);
	c->irq[0].address = 0x08000000;
	c->irq[0].pin_base = 32;
	c->irq[0].pin_bitmap[(intid - 32) / 32] = 1u << (intid % 32);
	c->pci[0].type = JH_PCI_TYPE_DEVICE;
	c->pci[0].bdf = 0x08;
	c->pci[0].caps_start = 0;
	c->pci[0].num_caps = 1;
	c->caps[0].id = 0x5;
	c->caps[0].start = 0x50;
	c->caps[0].len = 14;
}

static void make_cell(struct test_cell *c)
{
	make_cell_at(c, "demo", 3, 0x7fa00000, 40);
}

/* ------------------------------------------------------------------ */
/* Parse + check helpers */

static int parse_and_check_sys(const void *buf, size_t len, struct jhc_diag *d)
{
	struct jhc_system s;
	int err;

	memset(d, 0, sizeof(*d));
	err = jhc_parse_system(buf, len, &s, d);
	if (err)
		return err;
	assert_int_equal(s.size, len);
	return jhc_check_system(&s, NULL, NULL, d);
}

static int parse_and_check_cell(const void *buf, size_t len, struct jhc_diag *d)
{
	struct jhc_cell c;
	int err;

	memset(d, 0, sizeof(*d));
	err = jhc_parse_cell(buf, len, &c, d);
	if (err)
		return err;
	assert_int_equal(c.size, len);
	return jhc_check_cell(&c, NULL, NULL, d);
}

static void good_configs_are_clean(void **state)
{
	struct test_sys s;
	struct test_cell c;
	struct jhc_diag d;

	(void)state;
	make_sys(&s);
	make_cell(&c);
	assert_int_equal(parse_and_check_sys(&s, sizeof(s), &d), 0);
	assert_int_equal(parse_and_check_cell(&c, sizeof(c), &d), 0);
}

/* ------------------------------------------------------------------ */
/* Mutation table: one corruption, the exact error and field */

struct poke {
	size_t off;
	unsigned int width; /* 0: unused */
	uint64_t value;
};

struct mutation {
	const char *name;
	bool system;
	struct poke p[3];
	int err;
	const char *field; /* NULL: expect no error */
	int index;
};

#define S(f) offsetof(struct test_sys, f)
#define C(f) offsetof(struct test_cell, f)
#define W(x) sizeof(((struct test_sys *)0)->x)
#define WC(x) sizeof(((struct test_cell *)0)->x)
#define PS(f, v)                                                               \
	{                                                                      \
		S(f), W(f), (uint64_t)(v)                                      \
	}
#define PC(f, v)                                                               \
	{                                                                      \
		C(f), WC(f), (uint64_t)(v)                                     \
	}
#define RAM_RWXL (JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_LOADABLE)

static const struct mutation mutations[] = {
	/* system: header */
	{ "sys signature",
	  true,
	  { PS(h.signature[0], 'X') },
	  JHC_E_SIGNATURE,
	  "signature",
	  -1 },
	{ "sys given a cell signature",
	  true,
	  { PS(h.signature[2], 'C'), PS(h.signature[3], 'L'),
	    PS(h.signature[4], 'L') },
	  JHC_E_SIGNATURE,
	  "signature",
	  -1 },
	{ "sys revision",
	  true,
	  { PS(h.revision, 13) },
	  JHC_E_REVISION,
	  "revision",
	  -1 },
	{ "sys architecture",
	  true,
	  { PS(h.architecture, JH_ARCH_ARM) },
	  JHC_E_ARCH,
	  "architecture",
	  -1 },
	{ "sys mem count past end",
	  true,
	  { PS(h.root_cell.num_memory_regions, 100) },
	  JHC_E_TRUNCATED,
	  "root_cell.num_memory_regions",
	  -1 },
	{ "sys cpu_set_size past end",
	  true,
	  { PS(h.root_cell.cpu_set_size, 5000) },
	  JHC_E_TRUNCATED,
	  "root_cell.cpu_set_size",
	  -1 },
	{ "sys stream ids past end",
	  true,
	  { PS(h.root_cell.num_stream_ids, 0xffffffff) },
	  JHC_E_TRUNCATED,
	  "root_cell.num_stream_ids",
	  -1 },
	{ "sys flags", true, { PS(h.flags, 0x3) }, JHC_E_FLAGS, "flags", -1 },
	/* hypervisor memory */
	{ "hv not 2M aligned",
	  true,
	  { PS(h.hypervisor_memory.phys_start, 0x7fd00000) },
	  JHC_E_ALIGN,
	  "hypervisor_memory.phys_start",
	  -1 },
	{ "hv too small",
	  true,
	  { PS(h.hypervisor_memory.size, 0x80000) },
	  JHC_E_HVMEM,
	  "hypervisor_memory.size",
	  -1 },
	{ "hv size not page multiple",
	  true,
	  { PS(h.hypervisor_memory.size, 0x400800) },
	  JHC_E_HVMEM,
	  "hypervisor_memory.size",
	  -1 },
	{ "hv wraps",
	  true,
	  { PS(h.hypervisor_memory.phys_start, 0xffffffffffe00000) },
	  JHC_E_RANGE,
	  "hypervisor_memory.phys_start",
	  -1 },
	{ "hv inside root RAM",
	  true,
	  { PS(h.hypervisor_memory.phys_start, 0x7fa00000) },
	  JHC_E_HVMEM,
	  "root_cell.mem_regions.phys_start",
	  1 },
	/* debug console */
	{ "console type",
	  true,
	  { PS(h.debug_console.type, 11) },
	  JHC_E_CONSOLE,
	  "debug_console.type",
	  -1 },
	{ "console without MMIO",
	  true,
	  { PS(h.debug_console.flags, JH_CON_FLAG_REGDIST_4) },
	  JHC_E_CONSOLE,
	  "debug_console.flags",
	  -1 },
	{ "console unknown flag",
	  true,
	  { PS(h.debug_console.flags, 0x8001) },
	  JHC_E_CONSOLE,
	  "debug_console.flags",
	  -1 },
	{ "console address 0",
	  true,
	  { PS(h.debug_console.address, 0) },
	  JHC_E_CONSOLE,
	  "debug_console.address",
	  -1 },
	{ "console NONE needs nothing",
	  true,
	  { PS(h.debug_console.type, 0), PS(h.debug_console.flags, 0),
	    PS(h.debug_console.address, 0) },
	  0,
	  NULL,
	  -1 },
	/* platform */
	{ "gic version 4",
	  true,
	  { PS(h.platform_info.arm.gic_version, 4) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.gic_version",
	  -1 },
	{ "gicd 0",
	  true,
	  { PS(h.platform_info.arm.gicd_base, 0) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.gicd_base",
	  -1 },
	{ "gicr 0",
	  true,
	  { PS(h.platform_info.arm.gicr_base, 0) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.gicr_base",
	  -1 },
	{ "gicv2 without gicc",
	  true,
	  { PS(h.platform_info.arm.gic_version, 2) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.gicd_base",
	  -1 },
	{ "gicv2 without gicv",
	  true,
	  { PS(h.platform_info.arm.gic_version, 2),
	    PS(h.platform_info.arm.gicc_base, 0x08010000),
	    PS(h.platform_info.arm.gich_base, 0x08030000) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.gicd_base",
	  -1 },
	{ "maintenance irq not a PPI",
	  true,
	  { PS(h.platform_info.arm.maintenance_irq, 5) },
	  JHC_E_PLATFORM,
	  "platform_info.arm.maintenance_irq",
	  -1 },
	{ "iommu type",
	  true,
	  { PS(h.platform_info.iommu_units[2].type, 9) },
	  JHC_E_PLATFORM,
	  "platform_info.iommu_units.type",
	  2 },
	{ "ecam wraps",
	  true,
	  { PS(h.platform_info.pci_mmconfig_base, 0xfffffffffff80000) },
	  JHC_E_RANGE,
	  "platform_info.pci_mmconfig_base",
	  -1 },
	{ "root region over ecam",
	  true,
	  { PS(mem[0].phys_start, 0x08e00000),
	    PS(mem[0].virt_start, 0x08e00000) },
	  JHC_E_OVERLAP,
	  "root_cell.mem_regions.phys_start",
	  0 },
	/* root cell */
	{ "root name empty",
	  true,
	  { PS(h.root_cell.name[0], 0) },
	  JHC_E_NAME,
	  "root_cell.name",
	  -1 },
	{ "root flags",
	  true,
	  { PS(h.root_cell.flags, 0x10) },
	  JHC_E_FLAGS,
	  "root_cell.flags",
	  -1 },
	{ "root test device",
	  true,
	  { PS(h.root_cell.flags, JH_CELL_TEST_DEVICE) },
	  JHC_E_FLAGS,
	  "root_cell.flags",
	  -1 },
	{ "root no CPUs",
	  true,
	  { PS(cpus[0], 0) },
	  JHC_E_CPUS,
	  "root_cell.cpus",
	  -1 },
	{ "root region unknown flag",
	  true,
	  { PS(mem[1].flags, JH_MEM_READ | 0x200) },
	  JHC_E_FLAGS,
	  "root_cell.mem_regions.flags",
	  1 },
	{ "root region not 1:1",
	  true,
	  { PS(mem[1].virt_start, 0x50000000) },
	  JHC_E_RANGE,
	  "root_cell.mem_regions.virt_start",
	  1 },
	{ "root RAM sub-page",
	  true,
	  { PS(mem[1].phys_start, 0x40000800),
	    PS(mem[1].virt_start, 0x40000800) },
	  JHC_E_ALIGN,
	  "root_cell.mem_regions.virt_start",
	  1 },
	{ "root RAM size not page multiple",
	  true,
	  { PS(mem[2].size, 0x1800) },
	  JHC_E_ALIGN,
	  "root_cell.mem_regions.size",
	  2 },
	{ "root IO sub-page is legal",
	  true,
	  { PS(mem[0].phys_start, 0x09000800),
	    PS(mem[0].virt_start, 0x09000800), PS(mem[0].size, 0x36fff000) },
	  0,
	  NULL,
	  -1 },
	{ "root regions overlap",
	  true,
	  { PS(mem[2].phys_start, 0x7fa00000),
	    PS(mem[2].virt_start, 0x7fa00000) },
	  JHC_E_OVERLAP,
	  "root_cell.mem_regions.virt_start",
	  2 },
	{ "root comm region",
	  true,
	  { PS(mem[2].flags, JH_MEM_READ | JH_MEM_COMM_REGION),
	    PS(mem[2].size, 0x1000) },
	  JHC_E_COMM,
	  "root_cell.mem_regions.flags",
	  2 },
	{ "root region wraps",
	  true,
	  { PS(mem[3].phys_start, 0xfffffffff0000000),
	    PS(mem[3].virt_start, 0xfffffffff0000000),
	    PS(mem[3].size, 0x20000000) },
	  JHC_E_RANGE,
	  "root_cell.mem_regions.phys_start",
	  3 },
	{ "root region ends at 2^64",
	  true,
	  { PS(mem[3].phys_start, 0xfffffffff0000000),
	    PS(mem[3].virt_start, 0xfffffffff0000000) },
	  0,
	  NULL,
	  -1 },
	{ "root empty region slot is fine",
	  true,
	  { PS(mem[2].size, 0), PS(mem[2].flags, 0) },
	  0,
	  NULL,
	  -1 },
	{ "root irqchip pin_base unaligned",
	  true,
	  { PS(irq[0].pin_base, 33) },
	  JHC_E_IRQCHIP,
	  "root_cell.irqchips.pin_base",
	  0 },
	{ "root irqchip pin_base too high",
	  true,
	  { PS(irq[0].pin_base, 928) },
	  JHC_E_IRQCHIP,
	  "root_cell.irqchips.pin_base",
	  0 },
	{ "root irqchip not at gicd",
	  true,
	  { PS(irq[0].address, 0x08010000) },
	  JHC_E_IRQCHIP,
	  "root_cell.irqchips.address",
	  0 },

	/* cell: header */
	{ "cell signature",
	  false,
	  { PC(c.signature[4], 'S') },
	  JHC_E_SIGNATURE,
	  "signature",
	  -1 },
	{ "cell revision",
	  false,
	  { PC(c.revision, 12) },
	  JHC_E_REVISION,
	  "revision",
	  -1 },
	{ "cell architecture",
	  false,
	  { PC(c.architecture, JH_ARCH_X86) },
	  JHC_E_ARCH,
	  "architecture",
	  -1 },
	{ "cell mem count past end",
	  false,
	  { PC(c.num_memory_regions, 200) },
	  JHC_E_TRUNCATED,
	  "num_memory_regions",
	  -1 },
	{ "cell caps past end",
	  false,
	  { PC(c.num_pci_caps, 2) },
	  JHC_E_TRUNCATED,
	  "num_pci_caps",
	  -1 },
	{ "cell stream ids past end",
	  false,
	  { PC(c.num_stream_ids, 1) },
	  JHC_E_TRUNCATED,
	  "num_stream_ids",
	  -1 },
	{ "first array past the end is named",
	  false,
	  { PC(c.num_pio_regions, 1) },
	  JHC_E_TRUNCATED,
	  "num_pci_caps",
	  -1 },
	/* cell: descriptor */
	{ "cell name empty",
	  false,
	  { PC(c.name[0], 0) },
	  JHC_E_NAME,
	  "name",
	  -1 },
	{ "cell flags unknown",
	  false,
	  { PC(c.flags, 0x100) },
	  JHC_E_FLAGS,
	  "flags",
	  -1 },
	{ "cell console active not permitted",
	  false,
	  { PC(c.flags, JH_CELL_VIRTUAL_CONSOLE_ACTIVE) },
	  JHC_E_FLAGS,
	  "flags",
	  -1 },
	{ "cell aarch32 is known",
	  false,
	  { PC(c.flags, JH_CELL_AARCH32) },
	  0,
	  NULL,
	  -1 },
	{ "cell id above 255",
	  false,
	  { PC(c.id, 256) },
	  JHC_E_RANGE,
	  "id",
	  -1 },
	{ "cell no CPUs", false, { PC(cpus[0], 0) }, JHC_E_CPUS, "cpus", -1 },
	{ "cell reset address outside RAM",
	  false,
	  { PC(c.cpu_reset_address, 0x90000000) },
	  JHC_E_RANGE,
	  "cpu_reset_address",
	  -1 },
	{ "cell reset address in comm region",
	  false,
	  { PC(c.cpu_reset_address, 0x80000000) },
	  JHC_E_RANGE,
	  "cpu_reset_address",
	  -1 },
	{ "cell console type",
	  false,
	  { PC(c.console.type, 12) },
	  JHC_E_CONSOLE,
	  "console.type",
	  -1 },
	{ "cell console no MMIO",
	  false,
	  { PC(c.console.flags, 0) },
	  JHC_E_CONSOLE,
	  "console.flags",
	  -1 },
	{ "cell console address",
	  false,
	  { PC(c.console.address, 0) },
	  JHC_E_CONSOLE,
	  "console.address",
	  -1 },
	/* cell: memory */
	{ "cell region unknown flag",
	  false,
	  { PC(mem[0].flags, RAM_RWXL | 0x4000) },
	  JHC_E_FLAGS,
	  "mem_regions.flags",
	  0 },
	{ "comm region size",
	  false,
	  { PC(mem[2].size, 0x2000) },
	  JHC_E_COMM,
	  "mem_regions.size",
	  2 },
	{ "second comm region",
	  false,
	  { PC(mem[3].flags, JH_MEM_READ | JH_MEM_COMM_REGION) },
	  JHC_E_COMM,
	  "mem_regions.flags",
	  3 },
	{ "comm region unaligned",
	  false,
	  { PC(mem[2].virt_start, 0x80000800) },
	  JHC_E_ALIGN,
	  "mem_regions.virt_start",
	  2 },
	{ "RAM phys unaligned",
	  false,
	  { PC(mem[0].phys_start, 0x7fa00800) },
	  JHC_E_ALIGN,
	  "mem_regions.phys_start",
	  0 },
	{ "RAM size unaligned",
	  false,
	  { PC(mem[0].size, 0x100800) },
	  JHC_E_ALIGN,
	  "mem_regions.size",
	  0 },
	{ "RAM virt unaligned",
	  false,
	  { PC(mem[0].virt_start, 0x10), PC(c.cpu_reset_address, 0x10) },
	  JHC_E_ALIGN,
	  "mem_regions.virt_start",
	  0 },
	{ "IO sub-page is legal",
	  false,
	  { PC(mem[1].size, 0x800) },
	  0,
	  NULL,
	  -1 },
	{ "virt overlap",
	  false,
	  { PC(mem[3].virt_start, 0x80000) },
	  JHC_E_OVERLAP,
	  "mem_regions.virt_start",
	  3 },
	{ "virt overlap with comm",
	  false,
	  { PC(mem[3].virt_start, 0x80000000) },
	  JHC_E_OVERLAP,
	  "mem_regions.virt_start",
	  3 },
	{ "phys overlap",
	  false,
	  { PC(mem[3].phys_start, 0x7fa80000) },
	  JHC_E_OVERLAP,
	  "mem_regions.phys_start",
	  3 },
	{ "phys wraps",
	  false,
	  { PC(mem[0].phys_start, 0xfffffffffff00000),
	    PC(mem[0].size, 0x200000) },
	  JHC_E_RANGE,
	  "mem_regions.phys_start",
	  0 },
	{ "virt wraps",
	  false,
	  { PC(mem[3].virt_start, 0xfffffffffffff000),
	    PC(mem[3].size, 0x2000) },
	  JHC_E_RANGE,
	  "mem_regions.virt_start",
	  3 },
	/* cell: irqchip, PCI */
	{ "cell irqchip pin_base",
	  false,
	  { PC(irq[0].pin_base, 48) },
	  JHC_E_IRQCHIP,
	  "irqchips.pin_base",
	  0 },
	{ "cell irqchip pin_base too high",
	  false,
	  { PC(irq[0].pin_base, 0xffffffe0) },
	  JHC_E_IRQCHIP,
	  "irqchips.pin_base",
	  0 },
	{ "pci type",
	  false,
	  { PC(pci[0].type, 7) },
	  JHC_E_PCI,
	  "pci_devices.type",
	  0 },
	{ "pci caps beyond",
	  false,
	  { PC(pci[0].caps_start, 1) },
	  JHC_E_PCI,
	  "pci_devices.caps_start",
	  0 },
	{ "ivshmem regions beyond",
	  false,
	  { PC(pci[0].type, JH_PCI_TYPE_IVSHMEM),
	    PC(pci[0].shmem_regions_start, 1), PC(pci[0].shmem_peers, 2) },
	  JHC_E_PCI,
	  "pci_devices.shmem_regions_start",
	  0 },
	{ "ivshmem too many peers",
	  false,
	  { PC(pci[0].type, JH_PCI_TYPE_IVSHMEM), PC(pci[0].shmem_peers, 13) },
	  JHC_E_PCI,
	  "pci_devices.shmem_peers",
	  0 },
	{ "ivshmem peer id",
	  false,
	  { PC(pci[0].type, JH_PCI_TYPE_IVSHMEM), PC(pci[0].shmem_peers, 2),
	    PC(pci[0].shmem_dev_id, 12) },
	  JHC_E_PCI,
	  "pci_devices.shmem_dev_id",
	  0 },
	{ "ivshmem fits",
	  false,
	  { PC(pci[0].type, JH_PCI_TYPE_IVSHMEM), PC(pci[0].shmem_peers, 2),
	    PC(pci[0].shmem_dev_id, 1) },
	  0,
	  NULL,
	  -1 },
};

static void poke(uint8_t *buf, const struct poke *p)
{
	/* little-endian host (x86-64, aarch64) */
	memcpy(buf + p->off, &p->value, p->width);
}

static void run_mutation(const struct mutation *m)
{
	struct test_sys s;
	struct test_cell c;
	uint8_t *buf;
	size_t len;
	struct jhc_diag d;
	unsigned int i;
	int err;

	make_sys(&s);
	make_cell(&c);
	buf = m->system ? (uint8_t *)&s : (uint8_t *)&c;
	len = m->system ? sizeof(s) : sizeof(c);
	for (i = 0; i < 3 && m->p[i].width; i++)
		poke(buf, &m->p[i]);
	err = m->system ? parse_and_check_sys(buf, len, &d)
			: parse_and_check_cell(buf, len, &d);
	if (err != m->err || (m->field && strcmp(d.field, m->field)) ||
	    (m->field && d.index != m->index))
		fail_msg("%s: got %d (%s) field %s[%d] '%s', want %d %s[%d]",
			 m->name, err, jhc_strerror(err), err ? d.field : "-",
			 err ? d.index : 0, err ? d.what : "", m->err,
			 m->field ? m->field : "-", m->index);
	if (m->field) {
		/* the offset points at the field named */
		assert_true(d.offset < len);
		assert_non_null(d.what);
		assert_int_equal(d.err, err);
	}
}

static void mutation_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++)
		run_mutation(&mutations[i]);
}

/* The diag offset is exactly the byte offset of the field in the file. */
static void diag_offsets(void **state)
{
	struct test_sys s;
	struct test_cell c;
	struct jhc_diag d;

	(void)state;
	make_sys(&s);
	s.mem[2].size = 0x1800;
	assert_int_equal(parse_and_check_sys(&s, sizeof(s), &d), JHC_E_ALIGN);
	assert_int_equal(d.offset, S(mem[2].size));
	assert_int_equal(d.value, 0x1800);

	make_cell(&c);
	c.irq[0].pin_base = 40;
	assert_int_equal(parse_and_check_cell(&c, sizeof(c), &d),
			 JHC_E_IRQCHIP);
	assert_int_equal(d.offset, C(irq[0].pin_base));
	assert_int_equal(d.value, 40);

	make_sys(&s);
	s.h.revision = 7;
	assert_int_equal(parse_and_check_sys(&s, sizeof(s), &d),
			 JHC_E_REVISION);
	assert_int_equal(d.offset, 6);
	assert_int_equal(d.value, 7);
}

static void names_unterminated(void **state)
{
	struct test_sys s;
	struct test_cell c;
	struct jhc_diag d;

	(void)state;
	make_sys(&s);
	memset(s.h.root_cell.name, 'a', sizeof(s.h.root_cell.name));
	assert_int_equal(parse_and_check_sys(&s, sizeof(s), &d), JHC_E_NAME);
	assert_string_equal(d.field, "root_cell.name");
	make_cell(&c);
	memset(c.c.name, 'b', sizeof(c.c.name));
	assert_int_equal(parse_and_check_cell(&c, sizeof(c), &d), JHC_E_NAME);
	assert_string_equal(d.field, "name");
	/* 31 characters + NUL is the maximum and fine */
	make_cell(&c);
	memset(c.c.name, 'b', 31);
	assert_int_equal(parse_and_check_cell(&c, sizeof(c), &d), 0);
}

static void cpu_set_too_large(void **state)
{
	/* A buffer long enough for a 4097-byte CPU set: parses, but the
	 * check refuses it. 4096 bytes is accepted. */
	size_t len = sizeof(struct jh_cell_desc) + 4097;
	uint8_t *buf = calloc(1, len);
	struct test_cell c;
	struct jhc_cell pc;
	struct jhc_diag d;

	(void)state;
	make_cell(&c);
	c.c.num_memory_regions = 0;
	c.c.num_irqchips = c.c.num_pci_devices = c.c.num_pci_caps = 0;
	c.c.cpu_reset_address = 0;
	c.c.cpu_set_size = 4097;
	memcpy(buf, &c.c, sizeof(c.c));
	buf[sizeof(c.c) + 4096] = 1; /* CPU 32768 */
	assert_int_equal(jhc_parse_cell(buf, len, &pc, &d), 0);
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, &d), JHC_E_CPUS);
	assert_string_equal(d.field, "cpu_set_size");
	assert_int_equal(d.value, 4097);
	assert_int_equal(jhc_cpu_max(&pc), 32769);

	/* an empty set names the size field */
	c.c.cpu_set_size = 0;
	assert_int_equal(jhc_parse_cell(&c.c, sizeof(c.c), &pc, &d), 0);
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, &d), JHC_E_CPUS);
	assert_string_equal(d.field, "cpu_set_size");
	assert_int_equal(d.offset, offsetof(struct jh_cell_desc, cpu_set_size));

	c.c.cpu_set_size = 4096;
	memcpy(buf, &c.c, sizeof(c.c));
	buf[sizeof(c.c) + 4095] = 0x80; /* CPU 32767 */
	assert_int_equal(jhc_parse_cell(buf, len - 1, &pc, &d), 0);
	/* no memory regions: the reset address check fires, not CPUS */
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, &d), JHC_E_RANGE);
	assert_string_equal(d.field, "cpu_reset_address");
	free(buf);
}

/* ------------------------------------------------------------------ */
/* Reporting all problems */

struct collect {
	unsigned int n;
	int errs[32];
	const char *fields[32];
	int index[32];
};

static void collect(void *ctx, const struct jhc_diag *d)
{
	struct collect *c = ctx;

	if (c->n < 32) {
		c->errs[c->n] = d->err;
		c->fields[c->n] = d->field;
		c->index[c->n] = d->index;
	}
	c->n++;
}

static void report_all(void **state)
{
	struct test_cell c;
	struct jhc_cell pc;
	struct jhc_diag first;
	struct collect col = { 0 };

	(void)state;
	make_cell(&c);
	c.c.flags = 0x100;
	c.mem[0].size = 0x100800;
	c.pci[0].type = 9;
	assert_int_equal(jhc_parse_cell(&c, sizeof(c), &pc, NULL), 0);
	assert_int_equal(jhc_check_cell(&pc, collect, &col, &first),
			 JHC_E_FLAGS);
	/* flags, RAM size, the longer RAM now overlapping the shared page,
	 * PCI type */
	assert_int_equal(col.n, 4);
	assert_string_equal(first.field, "flags");
	assert_string_equal(col.fields[1], "mem_regions.size");
	assert_string_equal(col.fields[2], "mem_regions.phys_start");
	assert_int_equal(col.index[2], 3);
	assert_string_equal(col.fields[3], "pci_devices.type");
	/* without a callback: first problem only */
	memset(&first, 0, sizeof(first));
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, &first), JHC_E_FLAGS);
	assert_string_equal(first.field, "flags");
}

/* ------------------------------------------------------------------ */
/* Whole-system checks */

struct whole {
	struct test_sys s;
	struct test_cell c[3];
	struct jhc_system ps;
	struct jhc_cell pc[3];
};

static void whole_init(struct whole *w)
{
	make_sys(&w->s);
	make_cell_at(&w->c[0], "demo", 3, 0x7fa00000, 40);
	make_cell_at(&w->c[1], "second", 2, 0x7f800000, 41);
	make_cell_at(&w->c[2], "third", 1, 0x7f600000, 42);
}

static int whole_run(struct whole *w, unsigned int n, struct jhc_diag *d,
		     struct collect *col)
{
	unsigned int i;

	assert_int_equal(jhc_parse_system(&w->s, sizeof(w->s), &w->ps, NULL),
			 0);
	for (i = 0; i < n; i++)
		assert_int_equal(jhc_parse_cell(&w->c[i], sizeof(w->c[i]),
						&w->pc[i], NULL),
				 0);
	memset(d, 0, sizeof(*d));
	return jhc_check_whole(&w->ps, w->pc, n, col ? collect : NULL, col, d);
}

static void expect_whole(struct whole *w, unsigned int n, int err,
			 const char *field, int index, uint64_t value)
{
	struct jhc_diag d;
	int got = whole_run(w, n, &d, NULL);

	if (got != err || (field && (strcmp(d.field, field) ||
				     d.index != index || d.value != value)))
		fail_msg("got %d %s[%d] value 0x%llx '%s', want %d %s[%d] "
			 "0x%llx",
			 got, got ? d.field : "-", d.index,
			 (unsigned long long)d.value, got ? d.what : "", err,
			 field ? field : "-", index, (unsigned long long)value);
}

static void whole_clean(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	expect_whole(&w, 3, 0, NULL, 0, 0);
	expect_whole(&w, 0, 0, NULL, 0, 0);
}

static void whole_cpu_conflict(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[1].cpus[0] = 1 << 3;
	expect_whole(&w, 3, JHC_E_CONFLICT, "cells.cpus", 1, 3);
}

static void whole_memory_conflict(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[2].mem[0].phys_start = 0x7fa80000; /* inside cell 0's RAM */
	expect_whole(&w, 3, JHC_E_CONFLICT, "cells.mem_regions.phys_start", 2,
		     0x7fa80000);
}

static void whole_shared_regions_are_fine(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	/* UART and shared page are ROOTSHARED in all three cells */
	w.c[1].mem[3] = w.c[0].mem[3];
	expect_whole(&w, 3, 0, NULL, 0, 0);
}

static void whole_irq_conflict(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[1].irq[0].pin_bitmap[0] |= 1u << 8; /* INTID 40, cell 0's */
	expect_whole(&w, 2, JHC_E_CONFLICT, "cells.irqchips.pin_bitmap", 1, 40);
}

static void whole_irq_not_root(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.s.irq[0].pin_bitmap[0] = 0xfffffeff; /* root lacks INTID 40 */
	expect_whole(&w, 1, JHC_E_NOT_ROOT, "cells.irqchips.pin_bitmap", 0, 40);
}

static void whole_duplicate_names(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	strcpy(w.c[2].c.name, "demo");
	expect_whole(&w, 3, JHC_E_DUPLICATE, "cells.name", 2, 0);
	whole_init(&w);
	strcpy(w.c[1].c.name, "root");
	expect_whole(&w, 3, JHC_E_DUPLICATE, "cells.name", 1, 0);
}

static void whole_ids(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	/* ids 0 are normal in files; the loader assigns them */
	expect_whole(&w, 3, 0, NULL, 0, 0);
	w.c[0].c.id = 5;
	w.c[2].c.id = 5;
	expect_whole(&w, 3, JHC_E_DUPLICATE, "cells.id", 2, 5);
	whole_init(&w);
	w.s.h.root_cell.id = 7;
	w.c[1].c.id = 7;
	expect_whole(&w, 3, JHC_E_DUPLICATE, "cells.id", 1, 7);
}

static void whole_no_root_cpu(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[0].cpus[0] = 0x0f; /* one cell takes all root CPUs */
	expect_whole(&w, 1, JHC_E_NO_ROOT_CPU, "cells.cpus", 0, 0);
	whole_init(&w);
	w.c[2].cpus[0] = 0x3; /* together: 3, 2, 1+0 */
	expect_whole(&w, 3, JHC_E_NO_ROOT_CPU, "root_cell.cpus", -1, 4);
}

static void whole_cpu_not_in_root(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[1].cpus[0] = 1 << 5;
	expect_whole(&w, 2, JHC_E_NOT_ROOT, "cells.cpus", 1, 5);
}

static void whole_region_not_in_root(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[0].mem[0].phys_start = 0x00100000; /* flash: not the root's */
	expect_whole(&w, 1, JHC_E_NOT_ROOT, "cells.mem_regions.phys_start", 0,
		     0x00100000);
	/* spanning two adjacent root regions (RAM + shared window) is
	 * covered */
	whole_init(&w);
	w.c[0].mem[0].size = 0x180000;
	w.c[0].mem[3].phys_start = 0x7fb80000; /* keep phys disjoint */
	expect_whole(&w, 1, 0, NULL, 0, 0);
	/* running into hypervisor memory is not */
	w.c[0].mem[0].size = 0x300000;
	w.c[0].mem[3].phys_start = 0x40000000;
	w.c[0].mem[3].flags = JH_MEM_READ | JH_MEM_ROOTSHARED;
	expect_whole(&w, 1, JHC_E_HVMEM, "cells.mem_regions.phys_start", 0,
		     0x7fa00000);
}

static void whole_overlap_hv(void **state)
{
	struct whole w;

	(void)state;
	whole_init(&w);
	w.c[1].mem[3].phys_start = 0x7fd00000; /* ROOTSHARED, still hv */
	expect_whole(&w, 2, JHC_E_HVMEM, "cells.mem_regions.phys_start", 1,
		     0x7fd00000);
}

static void whole_reports_all(void **state)
{
	struct whole w;
	struct jhc_diag d;
	struct collect col = { 0 };

	(void)state;
	whole_init(&w);
	w.c[1].cpus[0] = 1 << 3;	       /* conflict with cell 0 */
	strcpy(w.c[2].c.name, "second");       /* duplicate name */
	w.c[2].mem[0].phys_start = 0x00200000; /* not in root */
	assert_int_equal(whole_run(&w, 3, &d, &col), JHC_E_CONFLICT);
	assert_int_equal(col.n, 3);
	assert_int_equal(col.errs[0], JHC_E_CONFLICT);
	assert_int_equal(col.errs[1], JHC_E_NOT_ROOT);
	assert_int_equal(col.index[1], 2);
	assert_int_equal(col.errs[2], JHC_E_DUPLICATE);
}

static void single_cell_against_system(void **state)
{
	struct whole w;
	struct jhc_diag d;

	(void)state;
	whole_init(&w);
	w.c[0].cpus[0] = (1 << 3) | (1 << 6);
	whole_run(&w, 1, &d, NULL);
	assert_int_equal(
		jhc_check_cell_against_system(&w.ps, &w.pc[0], NULL, NULL, &d),
		JHC_E_NOT_ROOT);
	/* alone, the index is the element: CPU 6 */
	assert_string_equal(d.field, "cpus");
	assert_int_equal(d.index, 6);
	assert_int_equal(d.offset, C(cpus[0]));
	whole_init(&w);
	w.c[0].mem[0].phys_start = 0x00300000;
	whole_run(&w, 1, &d, NULL);
	assert_int_equal(
		jhc_check_cell_against_system(&w.ps, &w.pc[0], NULL, NULL, &d),
		JHC_E_NOT_ROOT);
	assert_string_equal(d.field, "mem_regions.phys_start");
	assert_int_equal(d.index, 0);
}

/* ------------------------------------------------------------------ */
/* Loadable translation */

static void translate(void **state)
{
	struct test_cell c;
	struct jhc_cell pc;
	uint64_t phys = 0;

	(void)state;
	make_cell(&c);
	assert_int_equal(jhc_parse_cell(&c, sizeof(c), &pc, NULL), 0);
	assert_int_equal(jhc_translate_loadable(&pc, 0, 0x1000, &phys), 0);
	assert_int_equal(phys, 0x7fa00000);
	assert_int_equal(jhc_translate_loadable(&pc, 0x1000, 0x100, &phys), 0);
	assert_int_equal(phys, 0x7fa01000);
	/* the whole range must fit: last byte exactly at the end */
	assert_int_equal(jhc_translate_loadable(&pc, 0xff000, 0x1000, &phys),
			 0);
	assert_int_equal(phys, 0x7faff000);
	assert_int_equal(jhc_translate_loadable(&pc, 0xff000, 0x1001, &phys),
			 JHC_E_NOT_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0, 0x100001, &phys),
			 JHC_E_NOT_LOADABLE);
	/* empty image at a loadable address */
	assert_int_equal(jhc_translate_loadable(&pc, 0x5000, 0, &phys), 0);
	assert_int_equal(phys, 0x7fa05000);
	/* UART (no LOADABLE), comm region, unmapped */
	assert_int_equal(jhc_translate_loadable(&pc, 0x09000000, 4, &phys),
			 JHC_E_NOT_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x80000000, 4, &phys),
			 JHC_E_NOT_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x50000000, 4, &phys),
			 JHC_E_NOT_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x100000, 1, &phys),
			 JHC_E_NOT_LOADABLE);
	/* address arithmetic that would wrap */
	assert_int_equal(jhc_translate_loadable(&pc, UINT64_MAX, 2, &phys),
			 JHC_E_RANGE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x10, UINT64_MAX, &phys),
			 JHC_E_RANGE);

	/* LOADABLE without WRITE */
	c.mem[0].flags = JH_MEM_READ | JH_MEM_LOADABLE;
	assert_int_equal(jhc_translate_loadable(&pc, 0, 0x10, &phys),
			 JHC_E_NOT_LOADABLE);
	/* WRITE without LOADABLE */
	c.mem[0].flags = JH_MEM_READ | JH_MEM_WRITE;
	assert_int_equal(jhc_translate_loadable(&pc, 0, 0x10, &phys),
			 JHC_E_NOT_LOADABLE);
}

static void translate_first_region_decides(void **state)
{
	struct test_cell c;
	struct jhc_cell pc;
	uint64_t phys = 0;

	(void)state;
	make_cell(&c);
	/* region 0: IPA 0..1M loadable; region 3 overlaps it at 0x80000
	 * with a bigger loadable range: the driver stops at region 0 */
	set_mem(&c.mem[3], 0x7f000000, 0x80000, 0x200000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_LOADABLE);
	assert_int_equal(jhc_parse_cell(&c, sizeof(c), &pc, NULL), 0);
	assert_int_equal(jhc_translate_loadable(&pc, 0x80000, 0x100000, &phys),
			 JHC_E_NOT_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x100000, 0x1000, &phys),
			 0);
	assert_int_equal(phys, 0x7f080000);
	/* a first region without LOADABLE hides a later one */
	set_mem(&c.mem[0], 0x7fa00000, 0, 0x100000, JH_MEM_READ);
	set_mem(&c.mem[3], 0x7f000000, 0, 0x200000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_LOADABLE);
	assert_int_equal(jhc_translate_loadable(&pc, 0x1000, 0x10, &phys),
			 JHC_E_NOT_LOADABLE);
}

/* ------------------------------------------------------------------ */
/* Sizes and truncation */

static void sizes(void **state)
{
	struct test_sys s;
	struct test_cell c;
	size_t size = 0;
	uint8_t longer[sizeof(struct test_cell) + 64];
	struct jhc_cell pc;

	(void)state;
	make_sys(&s);
	make_cell(&c);
	assert_int_equal(jhc_system_size(&s, sizeof(s), &size), 0);
	assert_int_equal(size, sizeof(s));
	assert_int_equal(jhc_cell_size(&c, sizeof(c), &size), 0);
	assert_int_equal(size, sizeof(c));
	/* the size needs only the header */
	assert_int_equal(jhc_cell_size(&c, sizeof(struct jh_cell_desc), &size),
			 0);
	assert_int_equal(size, sizeof(c));
	assert_int_equal(
		jhc_cell_size(&c, sizeof(struct jh_cell_desc) - 1, &size),
		JHC_E_TRUNCATED);
	assert_int_equal(
		jhc_system_size(&s, sizeof(struct jh_system) - 1, &size),
		JHC_E_TRUNCATED);
	assert_int_equal(jhc_cell_size(NULL, 1000, &size), JHC_E_TRUNCATED);
	/* counts whose sum exceeds 32 bits */
	c.c.num_memory_regions = 0xffffffff;
	assert_int_equal(jhc_cell_size(&c, sizeof(c), &size), JHC_E_SIZE);
	s.h.root_cell.num_pci_devices = 0x10000000;
	assert_int_equal(jhc_system_size(&s, sizeof(s), &size), JHC_E_SIZE);

	/* parse accepts a longer buffer and reports the exact size */
	make_cell(&c);
	memset(longer, 0xee, sizeof(longer));
	memcpy(longer, &c, sizeof(c));
	assert_int_equal(jhc_parse_cell(longer, sizeof(longer), &pc, NULL), 0);
	assert_int_equal(pc.size, sizeof(c));
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, NULL), 0);
}

static void truncated_every_length(void **state)
{
	struct test_sys s;
	struct test_cell c;
	struct jhc_system ps;
	struct jhc_cell pc;
	struct jhc_diag d;
	size_t len;

	(void)state;
	make_sys(&s);
	make_cell(&c);
	/* exact-size heap copies, so that ASan sees any read past the end */
	for (len = 0; len < sizeof(s); len++) {
		uint8_t *b = malloc(len ? len : 1);

		memcpy(b, &s, len);
		memset(&d, 0, sizeof(d));
		assert_int_not_equal(jhc_parse_system(b, len, &ps, &d), 0);
		assert_int_equal(d.err, JHC_E_TRUNCATED);
		assert_null(ps.sys);
		assert_int_not_equal(jhc_parse_cell(b, len, &pc, NULL), 0);
		free(b);
	}
	for (len = 0; len < sizeof(c); len++) {
		uint8_t *b = malloc(len ? len : 1);

		memcpy(b, &c, len);
		memset(&d, 0, sizeof(d));
		assert_int_not_equal(jhc_parse_cell(b, len, &pc, &d), 0);
		assert_int_equal(d.err, JHC_E_TRUNCATED);
		assert_null(pc.desc);
		free(b);
	}
	assert_int_equal(jhc_parse_system(NULL, 0, &ps, &d), JHC_E_TRUNCATED);
	assert_int_equal(jhc_parse_cell(NULL, 0, NULL, NULL), JHC_E_TRUNCATED);
}

/* Configs at an odd address: everything works on unaligned data. */
static void unaligned_buffer(void **state)
{
	struct test_sys s;
	struct test_cell c;
	uint8_t *bs = malloc(sizeof(s) + 1), *bc = malloc(sizeof(c) + 3);
	struct jhc_system ps;
	struct jhc_cell pc;
	uint64_t phys;

	(void)state;
	make_sys(&s);
	make_cell(&c);
	memcpy(bs + 1, &s, sizeof(s));
	memcpy(bc + 3, &c, sizeof(c));
	assert_int_equal(jhc_parse_system(bs + 1, sizeof(s), &ps, NULL), 0);
	assert_int_equal(jhc_parse_cell(bc + 3, sizeof(c), &pc, NULL), 0);
	assert_int_equal(jhc_check_system(&ps, NULL, NULL, NULL), 0);
	assert_int_equal(jhc_check_cell(&pc, NULL, NULL, NULL), 0);
	assert_int_equal(jhc_check_whole(&ps, &pc, 1, NULL, NULL, NULL), 0);
	assert_int_equal(jhc_translate_loadable(&pc, 0x10, 1, &phys), 0);
	assert_int_equal(phys, 0x7fa00010);
	free(bs);
	free(bc);
}

/* ------------------------------------------------------------------ */
/* CPU helpers, field names, strerror */

static void cpu_helpers(void **state)
{
	struct test_cell c;
	struct jhc_cell pc;

	(void)state;
	make_cell(&c);
	c.cpus[0] = 0x06; /* 1, 2 */
	c.cpus[7] = 0x80; /* 63 */
	assert_int_equal(jhc_parse_cell(&c, sizeof(c), &pc, NULL), 0);
	assert_true(jhc_cpu_in(&pc, 1));
	assert_true(jhc_cpu_in(&pc, 63));
	assert_false(jhc_cpu_in(&pc, 0));
	assert_false(jhc_cpu_in(&pc, 64)); /* beyond the set */
	assert_false(jhc_cpu_in(&pc, 100000));
	assert_int_equal(jhc_cpu_count(&pc), 3);
	assert_int_equal(jhc_cpu_max(&pc), 64);
	assert_int_equal(jhc_cpu_first(&pc), 1);
	memset(c.cpus, 0, sizeof(c.cpus));
	assert_int_equal(jhc_cpu_count(&pc), 0);
	assert_int_equal(jhc_cpu_max(&pc), 0);
	assert_int_equal(jhc_cpu_first(&pc), -1);
}

static void field_names(void **state)
{
	struct jhc_diag d = { 0 };
	char buf[64];

	(void)state;
	d.field = "root_cell.mem_regions.phys_start";
	d.index = 3;
	assert_int_equal(jhc_field_name(&d, buf, sizeof(buf)),
			 strlen("root_cell.mem_regions[3].phys_start"));
	assert_string_equal(buf, "root_cell.mem_regions[3].phys_start");
	d.field = "cells.mem_regions.phys_start";
	d.index = 12;
	jhc_field_name(&d, buf, sizeof(buf));
	assert_string_equal(buf, "cells[12].mem_regions.phys_start");
	d.field = "irqchips.pin_base";
	d.index = 0;
	jhc_field_name(&d, buf, sizeof(buf));
	assert_string_equal(buf, "irqchips[0].pin_base");
	d.field = "hypervisor_memory.size";
	d.index = -1;
	jhc_field_name(&d, buf, sizeof(buf));
	assert_string_equal(buf, "hypervisor_memory.size");
	d.field = "foo";
	d.index = 7;
	jhc_field_name(&d, buf, sizeof(buf));
	assert_string_equal(buf, "foo[7]");
	/* truncates, always terminated, returns the full length */
	d.field = "root_cell.mem_regions.phys_start";
	d.index = 3;
	assert_int_equal(jhc_field_name(&d, buf, 10), 35);
	assert_string_equal(buf, "root_cell");
	assert_int_equal(jhc_field_name(&d, NULL, 0), 35);
}

static void strerror_names_every_code(void **state)
{
	int e;

	(void)state;
	for (e = JHC_E_PLATFORM; e <= 0; e++)
		assert_string_not_equal(jhc_strerror(e), "unknown error");
	assert_string_equal(jhc_strerror(-999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_configs_are_clean),
		cmocka_unit_test(mutation_table),
		cmocka_unit_test(diag_offsets),
		cmocka_unit_test(names_unterminated),
		cmocka_unit_test(cpu_set_too_large),
		cmocka_unit_test(report_all),
		cmocka_unit_test(whole_clean),
		cmocka_unit_test(whole_cpu_conflict),
		cmocka_unit_test(whole_memory_conflict),
		cmocka_unit_test(whole_shared_regions_are_fine),
		cmocka_unit_test(whole_irq_conflict),
		cmocka_unit_test(whole_irq_not_root),
		cmocka_unit_test(whole_duplicate_names),
		cmocka_unit_test(whole_ids),
		cmocka_unit_test(whole_no_root_cpu),
		cmocka_unit_test(whole_cpu_not_in_root),
		cmocka_unit_test(whole_region_not_in_root),
		cmocka_unit_test(whole_overlap_hv),
		cmocka_unit_test(whole_reports_all),
		cmocka_unit_test(single_cell_against_system),
		cmocka_unit_test(translate),
		cmocka_unit_test(translate_first_region_decides),
		cmocka_unit_test(sizes),
		cmocka_unit_test(truncated_every_length),
		cmocka_unit_test(unaligned_buffer),
		cmocka_unit_test(cpu_helpers),
		cmocka_unit_test(field_names),
		cmocka_unit_test(strerror_names_every_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
