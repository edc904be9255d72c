/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Hand-over to a Linux kernel (Documentation/arch/arm64/booting.rst):
 * MMU and D-cache off, x0 = DT, x1-x3 = 0, interrupts masked. The caller
 * has cleaned the kernel, DT and initrd to PoC. Neither routine returns
 * and neither uses the stack after the MMU is off.
 */
#include <asm/sysreg.h>

	.text
/*
 * linux_enter_el1: x0 = kernel entry, x1 = DT. Boots the kernel at EL1,
 * as the root cell of the hypervisor.
 */
	.globl	linux_enter_el1
linux_enter_el1:
	mov	x19, x0
	mov	x20, x1
	mrs	x2, sctlr_el1
	bic	x2, x2, #SCTLR_M
	bic	x2, x2, #SCTLR_C
	msr	sctlr_el1, x2
	isb
	ic	iallu
	tlbi	vmalle1
	dsb	nsh
	isb
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19

/*
 * linux_enter_el2: x0 = kernel entry, x1 = DT. Boots the kernel at EL2
 * through the stub's SOFT_RESTART (native boot, no hypervisor), so that
 * Linux owns EL2 as if jhboot had not been there.
 */
	.globl	linux_enter_el2
linux_enter_el2:
	mov	x19, x0
	mov	x20, x1
	mrs	x2, sctlr_el1
	bic	x2, x2, #SCTLR_M
	bic	x2, x2, #SCTLR_C
	msr	sctlr_el1, x2
	isb
	ic	iallu
	tlbi	vmalle1
	dsb	nsh
	isb
	mov	x0, #1			/* HVC_SOFT_RESTART */
	mov	x1, x19			/* entry at EL2 */
	mov	x2, x20			/* -> x0 = DT */
	mov	x3, xzr
	mov	x4, xzr
	hvc	#0
1:	wfe
	b	1b
