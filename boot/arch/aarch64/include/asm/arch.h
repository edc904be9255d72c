/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Inline helpers for system registers, barriers and calls to EL2/EL3. */
#ifndef JHBOOT_ASM_ARCH_H
#define JHBOOT_ASM_ARCH_H

#include <stdint.h>
#include <asm/sysreg.h>

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t __v;                                                  \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                   \
		__v;                                                           \
	})
#define write_sysreg(v, r)                                                     \
	do {                                                                   \
		uint64_t __v = (uint64_t)(v);                                  \
		__asm__ volatile("msr " #r ", %0" : : "r"(__v));               \
	} while (0)
/* GICv3 CPU interface registers by encoding (older assemblers) */
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")
#define cpu_relax() __asm__ volatile("yield" ::: "memory")

static inline uint64_t counter_read(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static inline uint64_t counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

static inline uint64_t current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/* SMCCC call through smc #0 (PSCI, DEN0022 / DEN0028): x0..x3 in, x0 out */
static inline int64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2,
			       uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

/* Jailhouse hypercall: hvc #0x4a48, x0 = code, x1/x2 args; x0-x3 clobbered */
static inline int64_t jh_hypercall(uint64_t code, uint64_t a1, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = code;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3");
	__asm__ volatile("hvc #0x4a48"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "=r"(x3)
			 :
			 : "memory");
	(void)x3;
	return (int64_t)x0;
}

/* Linux hyp-stub call (hvc #0) to jhboot's own EL2 stub */
static inline uint64_t hyp_stub_call(uint64_t op, uint64_t a1, uint64_t a2,
				     uint64_t a3, uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "memory");
	return x0;
}

static inline uint64_t mmio_read32(uint64_t addr)
{
	uint32_t v = *(volatile uint32_t *)(uintptr_t)addr;
	dsb(ld);
	return v;
}
static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	dsb(st);
	*(volatile uint32_t *)(uintptr_t)addr = v;
}
static inline uint64_t mmio_read64(uint64_t addr)
{
	uint64_t v = *(volatile uint64_t *)(uintptr_t)addr;
	dsb(ld);
	return v;
}
static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	dsb(st);
	*(volatile uint64_t *)(uintptr_t)addr = v;
}

/* cache.S */
void dcache_clean_inval_range(uint64_t start, uint64_t size);
void dcache_clean_range(uint64_t start, uint64_t size);
void dcache_inval_range(uint64_t start, uint64_t size);
void icache_inval_all(void);
void zero_range(uint64_t start, uint64_t size);
void copy_fast(void *dst, const void *src, uint64_t size);

/* head.S / el2_stub.S */
extern char el2_stub_vectors[];
extern char secondary_entry[];
extern char _start_image[], _end[], _image_file_end[], __bss_end[];
void el2_to_el1(void *entry, uint64_t sp);

#endif
