// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot cell "peer": a second bare-metal demo inmate, on CPU 2, with 1 MiB
 * of RAM (phys 0x7f800000) at IPA 0 and its page shared with the root at
 * 0x7fb02000. For supervised mode (docs/supervised-mode.md): a cell that
 * asks jhboot, through its mailbox, to act on another cell.
 */
#include "abi/jailhouse_config.h"

#define NUM_REGIONS 4

const struct {
	struct jh_cell_desc cell;
	uint8_t cpus[8];
	struct jh_memory mem_regions[NUM_REGIONS];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JH_CELL_SIGNATURE,
		.architecture = JH_ARCH_ARM64,
		.revision = JH_CONFIG_REVISION,
		.name = "peer",
		.flags = JH_CELL_PASSIVE_COMMREG |
			 JH_CELL_VIRTUAL_CONSOLE_PERMITTED,
		.cpu_set_size = 8,
		.num_memory_regions = NUM_REGIONS,
		.cpu_reset_address = 0,
		.console = {
			.address = 0x09000000,
			.size = 0x1000,
			.type = JH_CON_TYPE_PL011,
			.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4,
		},
	},
	.cpus = { 1 << 2 },
	.mem_regions = {
		/* RAM: image and parameters are loaded here */
		{
			.phys_start = 0x7f800000,
			.virt_start = 0,
			.size = 0x100000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE |
				 JH_MEM_LOADABLE,
		},
		/* UART, shared with the root */
		{
			.phys_start = 0x09000000,
			.virt_start = 0x09000000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO |
				 JH_MEM_ROOTSHARED,
		},
		/* comm region where the inmate library expects it (§9.1) */
		{
			.virt_start = 0x80000000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE |
				 JH_MEM_COMM_REGION,
		},
		/* page shared with the root (heartbeat / mailbox) */
		{
			.phys_start = 0x7fb02000,
			.virt_start = 0x7fb02000,
			.size = 0x1000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_ROOTSHARED,
		},
	},
};
