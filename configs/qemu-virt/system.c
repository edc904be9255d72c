// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot system (root cell) config for QEMU virt:
 *   qemu-system-aarch64 -M virt,gic-version=3,virtualization=on,its=off
 *                       -cpu cortex-a57 -smp 4 -m 1G
 * Memory map and reasoning: docs/config-format.md.
 */
#include "abi/jailhouse_config.h"

#define NUM_REGIONS 4

const struct {
	struct jh_system header;
	uint8_t cpus[8];
	struct jh_memory mem_regions[NUM_REGIONS];
	struct jh_irqchip irqchips[1];
} __attribute__((packed)) config = {
	.header = {
		.signature = JH_SYS_SIGNATURE,
		.architecture = JH_ARCH_ARM64,
		.revision = JH_CONFIG_REVISION,
		.flags = JH_SYS_VIRTUAL_DEBUG_CONSOLE,
		/* top 4 MiB of the 1 GiB of RAM, 2 MiB aligned (§1.5) */
		.hypervisor_memory = {
			.phys_start = 0x7fc00000,
			.size = 0x400000,
		},
		.debug_console = {
			.address = 0x09000000,
			.size = 0x1000,
			.type = JH_CON_TYPE_PL011,
			.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4,
			.divider = 0, /* QEMU's PL011 needs no set-up */
		},
		.platform_info = {
			.pci_mmconfig_base = 0, /* no virtual PCI */
			.arm = {
				.maintenance_irq = 25,
				.gic_version = 3,
				.gicd_base = 0x08000000,
				.gicr_base = 0x080a0000,
			},
		},
		.root_cell = {
			.name = "qemu-virt",
			.cpu_set_size = 8,
			.num_memory_regions = NUM_REGIONS,
			.num_irqchips = 1,
		},
	},
	.cpus = { 0x0f }, /* CPUs 0-3 */
	.mem_regions = {
		/* MMIO: UART, RTC, GPIO, virtio-mmio, PCIe windows (the
		 * GIC below 0x09000000 is emulated by the hypervisor) */
		{
			.phys_start = 0x09000000,
			.virt_start = 0x09000000,
			.size = 0x37000000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO,
		},
		/* RAM, including what the cells take */
		{
			.phys_start = 0x40000000,
			.virt_start = 0x40000000,
			.size = 0x3fb00000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE,
		},
		/* shared window: per-cell pages for supervision */
		{
			.phys_start = 0x7fb00000,
			.virt_start = 0x7fb00000,
			.size = 0x100000,
			.flags = JH_MEM_READ | JH_MEM_WRITE,
		},
		/* PCIe ECAM (the physical host bridge) */
		{
			.phys_start = 0x4010000000,
			.virt_start = 0x4010000000,
			.size = 0x10000000,
			.flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO,
		},
	},
	.irqchips = {
		{
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = { 0xffffffff, 0xffffffff, 0xffffffff,
					0xffffffff }, /* INTIDs 32-159 */
		},
	},
};
