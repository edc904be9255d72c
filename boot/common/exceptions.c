// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Report an unexpected EL1 exception in jhboot itself and stop this CPU. */
#include "jhboot.h"
#include <asm/arch.h>

void el1_exception(const uint64_t *regs, uint64_t vector);

void el1_exception(const uint64_t *regs, uint64_t vector)
{
	static const char *const kinds[] = { "sync", "irq", "fiq", "serror" };

	jh_printf("jhboot: PANIC: unhandled %s exception at EL1 on MPIDR "
		  "0x%lx: ESR=0x%lx ELR=0x%lx FAR=0x%lx x0=0x%lx x30=0x%lx\n",
		  kinds[vector & 3], read_sysreg(mpidr_el1) & MPIDR_AFF_MASK,
		  read_sysreg(esr_el1), read_sysreg(elr_el1),
		  read_sysreg(far_el1), regs[0], regs[30]);
	for (;;)
		wfe();
}
