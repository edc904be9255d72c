/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * System register fields jhboot programs, named <REG>_<FIELD>
 * (Arm ARM DDI 0487). Usable from C and assembly.
 */
#ifndef JHBOOT_ASM_SYSREG_H
#define JHBOOT_ASM_SYSREG_H

#ifdef __ASSEMBLY__
#define BIT(n) (1 << (n))
#define UL(x) x
#else
#define BIT(n) (1ul << (n))
#define UL(x) x##ul
#endif

/* CurrentEL */
#define CURRENTEL_EL1 (1 << 2)
#define CURRENTEL_EL2 (2 << 2)

/* HCR_EL2 */
#define HCR_EL2_VM BIT(0)
#define HCR_EL2_FMO BIT(3)
#define HCR_EL2_IMO BIT(4)
#define HCR_EL2_TSC BIT(19)
#define HCR_EL2_RW BIT(31)
#define HCR_EL2_E2H BIT(34)

/* SPSR: EL1h with D, A, I, F masked */
#define SPSR_EL1H 0x5
#define SPSR_EL2H 0x9
#define SPSR_DAIF (0xf << 6)

/* SCTLR_ELx */
#define SCTLR_M BIT(0)
#define SCTLR_A BIT(1)
#define SCTLR_C BIT(2)
#define SCTLR_SA BIT(3)
#define SCTLR_I BIT(12)
#define SCTLR_EL2_RES1 UL(0x30c50830)
#define SCTLR_EL1_RES1 UL(0x30d00800)

/* CNTHCTL_EL2 (nVHE): EL1 physical counter and timer not trapped */
#define CNTHCTL_EL2_EL1PCTEN BIT(0)
#define CNTHCTL_EL2_EL1PCEN BIT(1)

/* CPTR_EL2 (nVHE): RES1 bits, no FP/SIMD (TFP, bit 10) or SVE trap */
#define CPTR_EL2_RES1 UL(0x33ff)

/* MDCR_EL2: HPMN (bits 4:0) = PMCR_EL0.N, no traps */
#define PMCR_EL0_N_SHIFT 11
#define PMCR_EL0_N_MASK 0x1f

/* ICC_SRE_ELx */
#define ICC_SRE_SRE BIT(0)
#define ICC_SRE_DFB BIT(1)
#define ICC_SRE_DIB BIT(2)
#define ICC_SRE_EL2_ENABLE BIT(3)

/* CNTKCTL_EL1: event stream from counter bit EVNTI */
#define CNTKCTL_EL1_EVNTEN BIT(2)
#define CNTKCTL_EL1_EVNTI_SHIFT 4

/* CPACR_EL1: FPEN = 0b11 (no FP/SIMD trap at EL0/EL1) */
#define CPACR_EL1_FPEN (3 << 20)

/* ESR_ELx */
#define ESR_EC_SHIFT 26
#define ESR_EC_HVC64 0x16

/* MPIDR affinity fields used for GICv3 and PSCI */
#define MPIDR_AFF_MASK UL(0xff00ffffff)

/* TCR_EL1 for a 4 KiB granule identity map: see mmu.c */
#define TCR_T0SZ(n) ((n) << 0)
#define TCR_IRGN0_WBWA (1 << 8)
#define TCR_ORGN0_WBWA (1 << 10)
#define TCR_SH0_INNER (3 << 12)
#define TCR_TG0_4K (0 << 14)
#define TCR_EPD1 BIT(23)
#define TCR_IPS_SHIFT 32

/* MAIR indexes */
#define MAIR_IDX_DEVICE 0 /* Device-nGnRnE */
#define MAIR_IDX_NORMAL 1 /* Normal WB RW-allocate */
#define MAIR_IDX_NC 2	  /* Normal non-cacheable */
#define MAIR_VALUE ((UL(0x00) << 0) | (UL(0xff) << 8) | (UL(0x44) << 16))

#endif
