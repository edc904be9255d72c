/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Jailhouse hypercalls, cell states, messages and the communication region
 * (arm64). Facts: jailhouse-interface.md §5 and §8.
 */
#ifndef JHBOOT_ABI_JAILHOUSE_HYPERCALL_H
#define JHBOOT_ABI_JAILHOUSE_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>

/* hvc immediate of a hypercall; x0 = code, x1/x2 = args, result in x0. */
#define JH_HVC_IMM 0x4a48

#define JH_HC_DISABLE 0
#define JH_HC_CELL_CREATE 1
#define JH_HC_CELL_START 2
#define JH_HC_CELL_SET_LOADABLE 3
#define JH_HC_CELL_DESTROY 4
#define JH_HC_HYPERVISOR_GET_INFO 5
#define JH_HC_CELL_GET_STATE 6
#define JH_HC_CPU_GET_INFO 7
#define JH_HC_DEBUG_CONSOLE_PUTC 8

/* HYPERVISOR_GET_INFO types */
#define JH_INFO_MEM_POOL_SIZE 0
#define JH_INFO_MEM_POOL_USED 1
#define JH_INFO_REMAP_POOL_SIZE 2
#define JH_INFO_REMAP_POOL_USED 3
#define JH_INFO_NUM_CELLS 4

/* CPU_GET_INFO types: 0 = state, 1000 + n = statistic n */
#define JH_CPU_INFO_STATE 0
#define JH_CPU_INFO_STAT_BASE 1000
#define JH_CPU_STAT_VMEXITS_TOTAL 0
#define JH_CPU_STATE_RUNNING 0
#define JH_CPU_STATE_FAILED 2

/* Cell states (comm region cell_state, CELL_GET_STATE) */
#define JH_CELL_RUNNING 0
#define JH_CELL_RUNNING_LOCKED 1
#define JH_CELL_SHUT_DOWN 2
#define JH_CELL_FAILED 3
#define JH_CELL_FAILED_COMM_REV 4

/* Messages to a cell and its replies */
#define JH_MSG_NONE 0
#define JH_MSG_SHUTDOWN_REQUEST 1
#define JH_MSG_RECONFIG_COMPLETED 2
#define JH_MSG_UNKNOWN 1
#define JH_MSG_REQUEST_DENIED 2
#define JH_MSG_REQUEST_APPROVED 3
#define JH_MSG_RECEIVED 4

/* Errno values the hypervisor returns (negated), §5.2 */
#define JH_EPERM 1
#define JH_ENOENT 2
#define JH_EIO 5
#define JH_E2BIG 7
#define JH_ENOMEM 12
#define JH_EBUSY 16
#define JH_EEXIST 17
#define JH_ENODEV 19
#define JH_EINVAL 22
#define JH_ERANGE 34
#define JH_ENOSYS 38

/* CELL_CREATE: page offset + config size must fit in this many bytes. */
#define JH_CELL_CREATE_MAX_BYTES (16 * 4096)

/* Communication region, mapped into a cell at its COMM_REGION (§8). */
#define JH_COMM_SIGNATURE "JHCOMM"
#define JH_COMM_REVISION 2
#define JH_COMM_FLAG_DBG_PUTC_PERMITTED 0x1
#define JH_COMM_FLAG_DBG_PUTC_ACTIVE 0x2

struct jh_comm_console {
	uint64_t address;
	uint32_t size;
	uint16_t type;
	uint16_t flags;
	uint32_t divider;
	uint32_t gate_nr;
	uint64_t clock_reg;
} __attribute__((packed));

struct jh_comm_region {
	char signature[6];
	uint16_t revision;
	volatile uint32_t cell_state;
	volatile uint32_t msg_to_cell;
	volatile uint32_t reply_from_cell;
	uint32_t flags;
	struct jh_comm_console console;
	uint64_t pci_mmconfig_base;
	uint8_t gic_version;
	uint8_t padding[7];
	uint64_t gicd_base;
	uint64_t gicc_base;
	uint64_t gicr_base;
	uint32_t vpci_irq_base;
} __attribute__((packed));

_Static_assert(sizeof(struct jh_comm_console) == 32, "comm console");
_Static_assert(offsetof(struct jh_comm_region, revision) == 6, "revision");
_Static_assert(offsetof(struct jh_comm_region, cell_state) == 8, "state");
_Static_assert(offsetof(struct jh_comm_region, msg_to_cell) == 12, "msg");
_Static_assert(offsetof(struct jh_comm_region, reply_from_cell) == 16, "reply");
_Static_assert(offsetof(struct jh_comm_region, flags) == 20, "flags");
_Static_assert(offsetof(struct jh_comm_region, console) == 24, "console");
_Static_assert(offsetof(struct jh_comm_region, pci_mmconfig_base) == 56,
	       "pci_mmconfig_base");
_Static_assert(offsetof(struct jh_comm_region, gic_version) == 64, "gicver");
_Static_assert(offsetof(struct jh_comm_region, gicd_base) == 72, "gicd");
_Static_assert(offsetof(struct jh_comm_region, gicc_base) == 80, "gicc");
_Static_assert(offsetof(struct jh_comm_region, gicr_base) == 88, "gicr");
_Static_assert(offsetof(struct jh_comm_region, vpci_irq_base) == 96, "vpci");
_Static_assert(sizeof(struct jh_comm_region) == 100, "comm region size");

/* PSCI function ids (DEN0022) as the root and cells use them over smc. */
#define PSCI_0_2_FN_VERSION 0x84000000u
#define PSCI_0_2_FN_CPU_SUSPEND 0x84000001u
#define PSCI_0_2_FN64_CPU_SUSPEND 0xc4000001u
#define PSCI_0_2_FN_CPU_OFF 0x84000002u
#define PSCI_0_2_FN_CPU_ON 0x84000003u
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u
#define PSCI_0_2_FN_AFFINITY_INFO 0x84000004u
#define PSCI_0_2_FN64_AFFINITY_INFO 0xc4000004u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u
#define PSCI_1_0_FN_FEATURES 0x8400000au
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)

#endif
