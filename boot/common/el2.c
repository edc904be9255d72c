// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 1b: EL2 and EL1 register setup on every CPU.
 *
 * Jailhouse programs most of EL2 itself but never writes the registers
 * below; Linux's EL2 setup normally does (jailhouse-interface.md §2.6).
 * Runs at EL2 with the MMU off, before the drop to EL1.
 */
#include "jhboot.h"
#include <asm/arch.h>

#define ID_AA64PFR0_GIC_SHIFT 24

void el2_setup(unsigned int cpu)
{
	uint64_t hpmn;

	(void)cpu;
	/* EL2 MMU and caches off, little-endian, no alignment checks: the
	 * state Jailhouse's arch_entry expects (§2.3). */
	write_sysreg(SCTLR_EL2_RES1, sctlr_el2);
	isb();
	/* EL1 is AArch64; no traps, no stage 2, IRQs/FIQs stay at EL1. */
	write_sysreg(HCR_EL2_RW, hcr_el2);
	write_sysreg(CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN, cnthctl_el2);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(CPTR_EL2_RES1, cptr_el2);
	hpmn = (read_sysreg(pmcr_el0) >> PMCR_EL0_N_SHIFT) & PMCR_EL0_N_MASK;
	write_sysreg(hpmn, mdcr_el2);
	write_sysreg(0, hstr_el2);
	write_sysreg(0, vttbr_el2);
	/* GICv3 system register interface usable at EL2 and EL1 */
	if ((read_sysreg(id_aa64pfr0_el1) >> ID_AA64PFR0_GIC_SHIFT) & 0xf) {
		write_sysreg(ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB |
				     ICC_SRE_EL2_ENABLE,
			     ICC_SRE_EL2);
		isb();
	}
	write_sysreg((uint64_t)(uintptr_t)el2_stub_vectors, vbar_el2);
	isb();
}

extern char el1_vectors[];

void el1_setup(void)
{
	write_sysreg(CPACR_EL1_FPEN, cpacr_el1);
	/* Timer event stream: wfe wakes at least every 2^15 counter ticks
	 * (0.5 ms at 62.5 MHz), so every wait can check its timeout. */
	write_sysreg(CNTKCTL_EL1_EVNTEN | (14 << CNTKCTL_EL1_EVNTI_SHIFT),
		     cntkctl_el1);
	write_sysreg((uint64_t)(uintptr_t)el1_vectors, vbar_el1);
	isb();
}
