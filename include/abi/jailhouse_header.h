/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Jailhouse firmware header (arm64) at offset 0 of jailhouse.bin.
 * Layout: jailhouse-interface.md §1.2 (upstream header.h, master and v0.12).
 * Shared by the firmware, the stand-in hypervisor and the host tools.
 */
#ifndef JHBOOT_ABI_JAILHOUSE_HEADER_H
#define JHBOOT_ABI_JAILHOUSE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define JH_HDR_SIGNATURE "JAILHOUS" /* 8 bytes, no NUL */
#define JH_HDR_SIGNATURE_LEN 8

/* arm_linux_hyp_abi values */
#define JH_HYP_STUB_ABI_LEGACY 0
#define JH_HYP_STUB_ABI_OPCODE 1

struct jh_fw_header {
	char signature[8];
	uint64_t core_size;	 /* build: header..end of bss, page multiple */
	uint64_t percpu_size;	 /* build: bytes per CPU after the core */
	uint64_t entry;		 /* build: OFFSET of arch_entry */
	uint64_t console_page;	 /* build: offset of struct jh_virt_console */
	uint64_t gcov_info_head; /* build: gcov only, ignored */
	uint32_t max_cpus;	 /* loader: highest root CPU id + 1 */
	uint32_t online_cpus;	 /* loader: CPUs that call entry */
	uint64_t debug_console_base;	/* hypervisor writes it; loader 0 */
	uint64_t arm_linux_hyp_vectors; /* loader: phys of EL2 stub vectors */
	uint32_t arm_linux_hyp_abi;	/* loader: JH_HYP_STUB_ABI_* */
	uint32_t pad;			/* must be 0: read as 64-bit */
} __attribute__((packed));

_Static_assert(sizeof(struct jh_fw_header) == 80, "jh_fw_header size");
_Static_assert(offsetof(struct jh_fw_header, core_size) == 8, "core_size");
_Static_assert(offsetof(struct jh_fw_header, percpu_size) == 16, "percpu");
_Static_assert(offsetof(struct jh_fw_header, entry) == 24, "entry");
_Static_assert(offsetof(struct jh_fw_header, console_page) == 32, "console");
_Static_assert(offsetof(struct jh_fw_header, max_cpus) == 48, "max_cpus");
_Static_assert(offsetof(struct jh_fw_header, online_cpus) == 52, "online");
_Static_assert(offsetof(struct jh_fw_header, debug_console_base) == 56,
	       "debug_console_base");
_Static_assert(offsetof(struct jh_fw_header, arm_linux_hyp_vectors) == 64,
	       "arm_linux_hyp_vectors");
_Static_assert(offsetof(struct jh_fw_header, arm_linux_hyp_abi) == 72,
	       "arm_linux_hyp_abi");
_Static_assert(offsetof(struct jh_fw_header, pad) == 76, "pad");

/* The hypervisor's console ring (at header.console_page), §1.2. */
#define JH_VIRT_CONSOLE_SIZE 2048
struct jh_virt_console {
	uint32_t busy;
	uint32_t tail; /* total bytes ever written */
	char content[JH_VIRT_CONSOLE_SIZE];
} __attribute__((packed));

_Static_assert(offsetof(struct jh_virt_console, content) == 8, "content");

/*
 * Hypervisor memory layout (§1.3): image at 0, per-CPU areas at core_size,
 * the system config copy right after them, then the page pool.
 */
#define JH_CONFIG_OFFSET(core_size, max_cpus, percpu_size)                     \
	((core_size) + (uint64_t)(max_cpus) * (percpu_size))

/* phys_start of hypervisor memory must be 2 MiB aligned (§1.5). */
#define JH_HV_MEM_ALIGN 0x200000ull

#endif
