// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot cell "linux": a Linux guest on CPUs 1-2 with 128 MiB of RAM at
 * 0x70000000 (1:1) and jhboot's entry stub at IPA 0 (boot/arch/aarch64/
 * cell_tramp.S). The cell takes the UART interrupt (INTID 33 = SPI 1)
 * from the root, so that its shell can read the console; while it runs,
 * console input is the cell's (docs/supervised-mode.md). Its DT:
 * configs/qemu-virt/linux-cell.dts. Memory map: docs/config-format.md.
 */
#include "abi/jailhouse_config.h"

#define NUM_REGIONS 5

const struct {
	struct jh_cell_desc cell;
	uint8_t cpus[8];
	struct jh_memory mem_regions[NUM_REGIONS];
	struct jh_irqchip irqchips[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JH_CELL_SIGNATURE,
		.architecture = JH_ARCH_ARM64,
		.revision = JH_CONFIG_REVISION,
		.name = "linux",
		.flags = JH_CELL_PASSIVE_COMMREG |
			 JH_CELL_VIRTUAL_CONSOLE_PERMITTED,
		.cpu_set_size = 8,
		.num_memory_regions = NUM_REGIONS,
		.num_irqchips = 1,
		.cpu_reset_address = 0,
		.console = {
			.address = 0x09000000,
			.size = 0x1000,
			.type = JH_CON_TYPE_PL011,
			.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4,
		},
	},
	.cpus = { (1 << 1) | (1 << 2) },
	.mem_regions = {
		/* entry stub RAM: jhboot's stub and its parameters at 0 */
		{
			.phys_start = 0x7f900000,
			.virt_start = 0,
			.size = 0x10000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE |
				 JH_MEM_LOADABLE,
		},
		/* RAM: DTB, kernel, initrd */
		{
			.phys_start = 0x70000000,
			.virt_start = 0x70000000,
			.size = 0x8000000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE |
				 JH_MEM_DMA | JH_MEM_LOADABLE,
		},
		/* UART, shared with the root */
		{
			.phys_start = 0x09000000,
			.virt_start = 0x09000000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO |
				 JH_MEM_ROOTSHARED,
		},
		/* comm region */
		{
			.virt_start = 0x80000000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE |
				 JH_MEM_COMM_REGION,
		},
		/* page shared with the root (heartbeat / mailbox) */
		{
			.phys_start = 0x7fb01000,
			.virt_start = 0x7fb01000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_ROOTSHARED,
		},
	},
	.irqchips = {
		/* the PL011's SPI 1 (INTID 33), taken from the root */
		{
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = { 1u << (33 - 32), 0, 0, 0 },
		},
	},
};
