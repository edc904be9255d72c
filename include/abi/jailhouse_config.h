/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Jailhouse system and cell configuration, binary format revision 14
 * (upstream master), arm64 view. Facts: jailhouse-interface.md §4.
 *
 * All structures are packed and little-endian; a .cell file is the raw
 * image of one of them followed by its variable-length arrays (§4.4).
 * Only fixed-width types: the same header builds for host and firmware.
 */
#ifndef JHBOOT_ABI_JAILHOUSE_CONFIG_H
#define JHBOOT_ABI_JAILHOUSE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define JH_SYS_SIGNATURE "JHSYS" /* 5 bytes, no NUL */
#define JH_CELL_SIGNATURE "JHCLL"
#define JH_SIGNATURE_LEN 5
#define JH_CONFIG_REVISION 14

#define JH_ARCH_X86 0
#define JH_ARCH_ARM 1
#define JH_ARCH_ARM64 2

#define JH_CELL_NAME_MAXLEN 31 /* name field is 32 bytes incl. NUL */
#define JH_CPU_SET_MAX_BYTES 4096

/* system flags */
#define JH_SYS_VIRTUAL_DEBUG_CONSOLE 0x1u
#define JH_SYS_FLAGS_KNOWN (JH_SYS_VIRTUAL_DEBUG_CONSOLE)

/* cell flags */
#define JH_CELL_PASSIVE_COMMREG 0x1u
#define JH_CELL_TEST_DEVICE 0x2u /* x86 only */
#define JH_CELL_AARCH32 0x4u
#define JH_CELL_VIRTUAL_CONSOLE_PERMITTED 0x40000000u
#define JH_CELL_VIRTUAL_CONSOLE_ACTIVE 0x80000000u
#define JH_CELL_FLAGS_KNOWN                                                    \
	(JH_CELL_PASSIVE_COMMREG | JH_CELL_TEST_DEVICE | JH_CELL_AARCH32 |     \
	 JH_CELL_VIRTUAL_CONSOLE_PERMITTED | JH_CELL_VIRTUAL_CONSOLE_ACTIVE)

/* memory region flags (§4.5) */
#define JH_MEM_READ 0x0001ull
#define JH_MEM_WRITE 0x0002ull
#define JH_MEM_EXECUTE 0x0004ull
#define JH_MEM_DMA 0x0008ull
#define JH_MEM_IO 0x0010ull
#define JH_MEM_COMM_REGION 0x0020ull
#define JH_MEM_LOADABLE 0x0040ull
#define JH_MEM_ROOTSHARED 0x0080ull
#define JH_MEM_NO_HUGEPAGES 0x0100ull
#define JH_MEM_IO_UNALIGNED 0x8000ull
#define JH_MEM_IO_8 (1ull << 16)
#define JH_MEM_IO_16 (2ull << 16)
#define JH_MEM_IO_32 (4ull << 16)
#define JH_MEM_IO_64 (8ull << 16)
#define JH_MEM_FLAGS_KNOWN                                                     \
	(JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA |            \
	 JH_MEM_IO | JH_MEM_COMM_REGION | JH_MEM_LOADABLE |                    \
	 JH_MEM_ROOTSHARED | JH_MEM_NO_HUGEPAGES | JH_MEM_IO_UNALIGNED |       \
	 JH_MEM_IO_8 | JH_MEM_IO_16 | JH_MEM_IO_32 | JH_MEM_IO_64)
/* What the tools call RAM: R+W+X+DMA, not IO/COMM/ROOTSHARED. */
#define JH_MEM_IS_RAM(f)                                                       \
	((((f) &                                                               \
	   (JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA)) ==      \
	  (JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA)) &&       \
	 !((f) & (JH_MEM_IO | JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED)))

#define JH_COMM_REGION_SIZE 0x1000ull

/* console types and flags (§4.7) */
#define JH_CON_TYPE_NONE 0x0
#define JH_CON_TYPE_EFIFB 0x1
#define JH_CON_TYPE_8250 0x2
#define JH_CON_TYPE_PL011 0x3
#define JH_CON_TYPE_XUARTPS 0x4
#define JH_CON_TYPE_MVEBU 0x5
#define JH_CON_TYPE_HSCIF 0x6
#define JH_CON_TYPE_SCIFA 0x7
#define JH_CON_TYPE_IMX 0x8
#define JH_CON_TYPE_IMX_LPUART 0x9
#define JH_CON_TYPE_SCIF 0xa
#define JH_CON_TYPE_MAX JH_CON_TYPE_SCIF
#define JH_CON_FLAG_MMIO 0x0001u
#define JH_CON_FLAG_REGDIST_4 0x0002u
#define JH_CON_FLAG_FB_1920x1080 0x0004u
#define JH_CON_FLAG_INVERTED_GATE 0x1000u
#define JH_CON_FLAG_MDR_QUIRK 0x2000u
#define JH_CON_FLAGS_KNOWN                                                     \
	(JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4 | JH_CON_FLAG_FB_1920x1080 | \
	 JH_CON_FLAG_INVERTED_GATE | JH_CON_FLAG_MDR_QUIRK)

/* PCI device types */
#define JH_PCI_TYPE_DEVICE 1
#define JH_PCI_TYPE_BRIDGE 2
#define JH_PCI_TYPE_IVSHMEM 3

/* IOMMU types */
#define JH_IOMMU_AMD 1
#define JH_IOMMU_INTEL 2
#define JH_IOMMU_SMMUV3 3
#define JH_IOMMU_PVU 4
#define JH_IOMMU_ARM_MMU500 5
#define JH_MAX_IOMMU_UNITS 8

struct jh_memory {
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t size;
	uint64_t flags;
} __attribute__((packed));

struct jh_cache {
	uint32_t start;
	uint32_t size;
	uint8_t type;
	uint8_t padding;
	uint16_t flags;
} __attribute__((packed));

struct jh_irqchip {
	uint64_t address;
	uint32_t id;
	uint32_t pin_base;
	uint32_t pin_bitmap[4];
} __attribute__((packed));

struct jh_pio {
	uint16_t base;
	uint16_t length;
} __attribute__((packed));

struct jh_pci_device {
	uint8_t type;
	uint8_t iommu;
	uint16_t domain;
	uint16_t bdf;
	uint32_t bar_mask[6];
	uint16_t caps_start;
	uint16_t num_caps;
	uint8_t num_msi_vectors;
	uint8_t msi_flags; /* bit0 64-bit, bit1 maskable */
	uint16_t num_msix_vectors;
	uint16_t msix_region_size;
	uint64_t msix_address;
	uint32_t shmem_regions_start;
	uint8_t shmem_dev_id;
	uint8_t shmem_peers;
	uint16_t shmem_protocol;
} __attribute__((packed));

struct jh_pci_capability {
	uint16_t id;
	uint16_t start;
	uint16_t len;
	uint16_t flags;
} __attribute__((packed));

struct jh_console {
	uint64_t address;
	uint32_t size;
	uint16_t type;
	uint16_t flags;
	uint32_t divider;
	uint32_t gate_nr;
	uint64_t clock_reg;
} __attribute__((packed));

struct jh_iommu {
	uint32_t type;
	uint64_t base;
	uint32_t size;
	union {
		struct {
			uint16_t bdf;
			uint8_t base_cap;
			uint8_t msi_cap;
			uint32_t features;
		} __attribute__((packed)) amd;
		struct {
			uint64_t tlb_base;
			uint32_t tlb_size;
		} __attribute__((packed)) tipvu;
	};
} __attribute__((packed));

struct jh_cell_desc {
	char signature[5];
	uint8_t architecture;
	uint16_t revision;
	char name[JH_CELL_NAME_MAXLEN + 1];
	uint32_t id;
	uint32_t flags;
	uint32_t cpu_set_size;
	uint32_t num_memory_regions;
	uint32_t num_cache_regions;
	uint32_t num_irqchips;
	uint32_t num_pio_regions;
	uint32_t num_pci_devices;
	uint32_t num_pci_caps;
	uint32_t num_stream_ids;
	uint32_t vpci_irq_base;
	uint64_t cpu_reset_address;
	uint64_t msg_reply_timeout;
	struct jh_console console;
} __attribute__((packed));

struct jh_platform_arm {
	uint8_t maintenance_irq;
	uint8_t gic_version;
	uint16_t padding;
	uint64_t gicd_base;
	uint64_t gicc_base;
	uint64_t gich_base;
	uint64_t gicv_base;
	uint64_t gicr_base;
} __attribute__((packed));

struct jh_system {
	char signature[5];
	uint8_t architecture;
	uint16_t revision;
	uint32_t flags;
	struct jh_memory hypervisor_memory;
	struct jh_console debug_console;
	struct {
		uint64_t pci_mmconfig_base;
		uint8_t pci_mmconfig_end_bus;
		uint8_t pci_is_virtual;
		uint16_t pci_domain;
		struct jh_iommu iommu_units[JH_MAX_IOMMU_UNITS];
		/* arm64 member of the arch union (x86 uses another view) */
		struct jh_platform_arm arm;
	} __attribute__((packed)) platform_info;
	struct jh_cell_desc root_cell;
} __attribute__((packed));

/* Sizes and every offset the code relies on (§4.2–§4.7). */
_Static_assert(sizeof(struct jh_memory) == 32, "jh_memory");
_Static_assert(sizeof(struct jh_cache) == 12, "jh_cache");
_Static_assert(sizeof(struct jh_irqchip) == 32, "jh_irqchip");
_Static_assert(offsetof(struct jh_irqchip, pin_base) == 12, "pin_base");
_Static_assert(offsetof(struct jh_irqchip, pin_bitmap) == 16, "pin_bitmap");
_Static_assert(sizeof(struct jh_pio) == 4, "jh_pio");
_Static_assert(sizeof(struct jh_pci_device) == 56, "jh_pci_device");
_Static_assert(offsetof(struct jh_pci_device, bar_mask) == 6, "bar_mask");
_Static_assert(offsetof(struct jh_pci_device, caps_start) == 30, "caps");
_Static_assert(offsetof(struct jh_pci_device, msix_address) == 40, "msix");
_Static_assert(offsetof(struct jh_pci_device, shmem_regions_start) == 48,
	       "shmem_regions_start");
_Static_assert(offsetof(struct jh_pci_device, shmem_peers) == 53, "peers");
_Static_assert(sizeof(struct jh_pci_capability) == 8, "jh_pci_capability");
_Static_assert(sizeof(struct jh_console) == 32, "jh_console");
_Static_assert(offsetof(struct jh_console, type) == 12, "console type");
_Static_assert(offsetof(struct jh_console, flags) == 14, "console flags");
_Static_assert(offsetof(struct jh_console, divider) == 16, "divider");
_Static_assert(offsetof(struct jh_console, clock_reg) == 24, "clock_reg");
_Static_assert(sizeof(struct jh_iommu) == 28, "jh_iommu");
_Static_assert(sizeof(struct jh_cell_desc) == 132, "jh_cell_desc");
_Static_assert(offsetof(struct jh_cell_desc, architecture) == 5, "arch");
_Static_assert(offsetof(struct jh_cell_desc, revision) == 6, "revision");
_Static_assert(offsetof(struct jh_cell_desc, name) == 8, "name");
_Static_assert(offsetof(struct jh_cell_desc, id) == 40, "id");
_Static_assert(offsetof(struct jh_cell_desc, flags) == 44, "flags");
_Static_assert(offsetof(struct jh_cell_desc, cpu_set_size) == 48, "cpu_set");
_Static_assert(offsetof(struct jh_cell_desc, num_memory_regions) == 52, "mem");
_Static_assert(offsetof(struct jh_cell_desc, num_cache_regions) == 56, "cache");
_Static_assert(offsetof(struct jh_cell_desc, num_irqchips) == 60, "irqchips");
_Static_assert(offsetof(struct jh_cell_desc, num_pio_regions) == 64, "pio");
_Static_assert(offsetof(struct jh_cell_desc, num_pci_devices) == 68, "pci");
_Static_assert(offsetof(struct jh_cell_desc, num_pci_caps) == 72, "caps");
_Static_assert(offsetof(struct jh_cell_desc, num_stream_ids) == 76, "sids");
_Static_assert(offsetof(struct jh_cell_desc, vpci_irq_base) == 80, "vpci");
_Static_assert(offsetof(struct jh_cell_desc, cpu_reset_address) == 84, "reset");
_Static_assert(offsetof(struct jh_cell_desc, msg_reply_timeout) == 92, "msg");
_Static_assert(offsetof(struct jh_cell_desc, console) == 100, "console");
_Static_assert(offsetof(struct jh_system, flags) == 8, "sys flags");
_Static_assert(offsetof(struct jh_system, hypervisor_memory) == 12, "hv mem");
_Static_assert(offsetof(struct jh_system, debug_console) == 44, "dbg con");
_Static_assert(offsetof(struct jh_system, platform_info) == 76, "platform");
_Static_assert(offsetof(struct jh_system, platform_info.pci_mmconfig_end_bus) ==
		       84,
	       "end_bus");
_Static_assert(offsetof(struct jh_system, platform_info.pci_domain) == 86,
	       "pci_domain");
_Static_assert(offsetof(struct jh_system, platform_info.iommu_units) == 88,
	       "iommu_units");
_Static_assert(offsetof(struct jh_system, platform_info.arm) == 312, "arm");
_Static_assert(offsetof(struct jh_system, platform_info.arm.gic_version) == 313,
	       "gic_version");
_Static_assert(offsetof(struct jh_system, platform_info.arm.gicd_base) == 316,
	       "gicd_base");
_Static_assert(offsetof(struct jh_system, platform_info.arm.gicr_base) == 348,
	       "gicr_base");
_Static_assert(offsetof(struct jh_system, root_cell) == 356, "root_cell");
_Static_assert(sizeof(struct jh_system) == 488, "jh_system");

#endif
