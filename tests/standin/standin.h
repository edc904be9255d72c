/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Stand-in hypervisor: a TEST FIXTURE that answers jhboot the way Jailhouse
 * does (jailhouse-interface.md §1-§8), without any isolation. See
 * docs/standin.md. Everything runs at EL2 with the MMU off (Device memory),
 * so the code is built -mstrict-align and only addresses memory PC-relative
 * or through pointers computed at run time (the image is position
 * independent: the system config decides where it runs).
 */
#ifndef JHBOOT_STANDIN_H
#define JHBOOT_STANDIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/jailhouse_config.h"
#include "abi/jailhouse_header.h"
#include "abi/jailhouse_hypercall.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define PAGE_SIZE 4096ull
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define BIT(n) (1ull << (n))

#define MAX_CPUS 64 /* CPU sets are kept in one u64 */
#define MAX_CELLS 8 /* root included */
#define PERCPU_SIZE 8192
#define FRAME_SIZE 272

/* HCR_EL2 fields (Arm ARM D13.2.48) */
#define HCR_VM BIT(0)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_TSC BIT(19)
#define HCR_TGE BIT(27)
#define HCR_RW BIT(31)
#define HCR_E2H BIT(34)

#define SCTLR_EL1_RES1 0x30d00800ull
#define SPSR_EL1H_DAIF 0x3c5ull /* EL1h, D/A/I/F masked */
#define CPACR_FPEN (3ull << 20)

/* Guest register frame at the top of each CPU's EL2 stack (head.S). */
struct frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 pad;
};
_Static_assert(sizeof(struct frame) == FRAME_SIZE, "frame size");

enum cpu_state { CPU_RUNNING = 0, CPU_PARKED = 1 };

struct cell;

/* Start of each CPU's per-CPU area (core_size + n * PERCPU_SIZE). */
struct percpu {
	u32 id;
	volatile u32 state;	/* enum cpu_state */
	volatile u32 stop_req;	/* set by a requester, SGI 15 follows */
	volatile u32 start_req; /* mailbox: start at start_pc */
	u64 start_pc;
	u64 start_ctx;
	u64 on_context; /* context of the last PSCI CPU_ON (x1) */
	u64 mpidr;
	u64 gicr; /* RD frame of this CPU's redistributor */
	struct cell *cell;
	u32 failed;
	u32 exits; /* CPU_GET_INFO 1000 */
};

struct cell {
	bool used;
	u32 id;
	u32 flags;
	u64 cpus;
	char name[JH_CELL_NAME_MAXLEN + 1];
	const struct jh_cell_desc *cfg; /* copy in hypervisor memory */
	u64 s2_root;			/* phys of 2 concatenated L1 tables */
	struct jh_comm_region *comm;
};

/* Global state, all in .bss (zeroed by the loader). */
struct standin {
	volatile u32 arrived, initialized, done;
	volatile u32 lock, con_lock;
	u32 lock_owner; /* cpu id + 1 */
	bool master_done;
	long error, result;
	u64 seen;
	const struct jh_fw_header *hdr;
	u64 hv_base, hv_size;
	const struct jh_system *sys;
	u64 uart;
	u32 max_cpus;
	u64 root_set; /* root cell CPUs at enable */
	u64 pool_start, pool_pages, pool_used;
	u64 gicd, gicr;
};

extern struct standin g;
extern struct cell cells[MAX_CELLS];

/* head.S */
extern char __image_start[], runtime_vectors[];
void vm_return(struct frame *f) __attribute__((noreturn));

/* core.c: console, locks, helpers */
void pr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_putc_raw(char c);
void lock(struct percpu *me);
void unlock(void);
void spin_lock(volatile u32 *l);
void spin_unlock(volatile u32 *l);
void flush_range(const volatile void *p, u64 size);
struct percpu *percpu(u32 cpu);
struct percpu *this_cpu(void);
u64 mpidr_aff(u64 mpidr);
const u8 *cell_cpu_bitmap(const struct jh_cell_desc *c);
const struct jh_memory *cell_mem(const struct jh_cell_desc *c);
u64 cell_config_size(const struct jh_cell_desc *c);
bool str_eq(const char *a, const char *b, u64 n);
void *mem_set(void *d, int c, u64 n);
void *mem_cpy(void *d, const void *s, u64 n);
u64 pool_alloc(u64 pages, u64 align_pages);

/* faults.c */
enum fault_step {
	F_ENTRY,
	F_CREATE,
	F_LOADABLE,
	F_START,
	F_DESTROY,
	F_GETSTATE,
	F_LOSE_START,
	F_NUM_STEPS
};
void faults_parse(void);
bool faults_no_banner(void);
long fault_check(enum fault_step step, const char *name);
bool fault_lose_start(const char *name);

/* traps.c */
void park(struct percpu *me) __attribute__((noreturn));
void release_cpu(struct percpu *t, u64 pc, u64 ctx);
void stop_cpu(struct percpu *t);
void fail_cpu(struct percpu *me, struct frame *f, const char *what, u64 esr)
	__attribute__((noreturn));
void gic_enable_sgi15(struct percpu *me);

/* cells.c */
long hypercall(struct percpu *me, u64 code, u64 a1, u64 a2);

#define sysreg_read(r)                                                         \
	({                                                                     \
		u64 __v;                                                       \
		__asm__ __volatile__("mrs %0, " #r : "=r"(__v));               \
		__v;                                                           \
	})
#define sysreg_write(r, v)                                                     \
	__asm__ __volatile__("msr " #r ", %0" ::"r"((u64)(v)) : "memory")
#define isb() __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
#define sev() __asm__ __volatile__("sev" ::: "memory")
#define wfe() __asm__ __volatile__("wfe" ::: "memory")
#define wfi() __asm__ __volatile__("wfi" ::: "memory")

/* GICv3 system registers by encoding (IHI 0069) */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_IAR0_EL1 S3_0_C12_C8_0
#define ICC_EOIR0_EL1 S3_0_C12_C8_1
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define xsysreg_read(r) sysreg_read(r)
#define xsysreg_write(r, v) sysreg_write(r, v)

/* GICv3 memory-mapped registers */
#define GICD_CTLR 0x0
#define GICD_ICENABLER 0x180
#define GICR_FRAME 0x20000
#define GICR_TYPER 0x8
#define GICR_WAKER 0x14
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x80)
#define GICR_ISENABLER0 (GICR_SGI + 0x100)
#define GICR_ICENABLER0 (GICR_SGI + 0x180)
#define GICR_IPRIORITYR (GICR_SGI + 0x400)
#define SGI_STOP 15

static inline u32 mmio_r32(u64 a)
{
	return *(volatile u32 *)a;
}
static inline u64 mmio_r64(u64 a)
{
	return *(volatile u64 *)a;
}
static inline void mmio_w32(u64 a, u32 v)
{
	*(volatile u32 *)a = v;
}
static inline void mmio_w8(u64 a, u8 v)
{
	*(volatile u8 *)a = v;
}

static inline unsigned int popcount64(u64 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

#endif
