/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * jhboot entry points.
 *
 * jhboot is an arm64 Image (Linux Documentation/arch/arm64/booting.rst):
 * QEMU -kernel and U-Boot booti start it at EL2, MMU off, x0 = DT address,
 * on one CPU. It is linked position independent (static PIE) and applies
 * its own R_AARCH64_RELATIVE relocations, so it runs wherever it is loaded.
 *
 * The assembly only checks the exception level, relocates, clears .bss,
 * sets a stack and calls C; EL2 and EL1 register setup is C (el2.c).
 */
#include <asm/sysreg.h>

#define R_AARCH64_RELATIVE 1027
#define STACK_SIZE 0x4000	/* must match JHBOOT_STACK_SIZE in smp.h */

	.section .text.head, "ax"
	.globl _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_jhboot_image_size	/* image_size, incl. .bss */
	.quad	0xa			/* flags: LE, 4K pages, anywhere */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

/*
 * primary_entry: the boot CPU.
 * In: x0 = DT physical address, EL2 (booti / QEMU), MMU and D-cache off.
 * Register ownership until boot_main: x19 = DT, x20 = load address,
 * x21 = counter value at entry.
 */
primary_entry:
	mrs	x21, cntpct_el0		/* timeline: jhboot entry */
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #CURRENTEL_EL2
	b.ne	not_el2
	/* FP/SIMD untrapped at EL2: compiled C may use SIMD registers */
	mov	x1, #CPTR_EL2_RES1
	msr	cptr_el2, x1
	isb

	/* apply R_AARCH64_RELATIVE: *(base + off) = base + addend */
	adr	x20, _start
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1], #16	/* r_offset, r_info */
	ldr	x5, [x1], #8		/* r_addend */
	cmp	x4, #R_AARCH64_RELATIVE
	b.ne	1b			/* the build checks there are no others */
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b

	/* clear .bss (MMU off: plain stores, no dc zva on Device memory) */
2:	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
3:	cmp	x1, x2			/* 4 KiB aligned: 64 bytes a step */
	b.hs	4f
	stp	xzr, xzr, [x1]
	stp	xzr, xzr, [x1, #16]
	stp	xzr, xzr, [x1, #32]
	stp	xzr, xzr, [x1, #48]
	add	x1, x1, #64
	b	3b

4:	adrp	x1, jhboot_stacks
	add	x1, x1, :lo12:jhboot_stacks
	add	x1, x1, #STACK_SIZE
	mov	sp, x1
	mov	x0, #0
	bl	el2_setup		/* per-CPU EL2 registers, stub vectors */
	adr	x0, 5f
	mov	x1, sp
	b	el2_to_el1
5:	mov	x0, x19
	mov	x1, x21
	bl	boot_main		/* does not return */
	b	park_self

/*
 * secondary_entry: CPUs started by PSCI CPU_ON.
 * In: x0 = context id = jhboot's logical CPU number, EL2, MMU off.
 * x19 = logical CPU number.
 */
	.globl secondary_entry
secondary_entry:
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #CURRENTEL_EL2
	b.ne	not_el2
	mov	x1, #CPTR_EL2_RES1
	msr	cptr_el2, x1
	isb
	adrp	x1, jhboot_stacks
	add	x1, x1, :lo12:jhboot_stacks
	add	x2, x19, #1
	mov	x3, #STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	mov	x0, x19
	bl	el2_setup
	adr	x0, 6f
	mov	x1, sp
	b	el2_to_el1
6:	mov	x0, x19
	bl	secondary_main		/* does not return */
	b	park_self

/*
 * el2_to_el1: continue at x0 in EL1h with DAIF masked and SP_EL1 = x1.
 * Callee-saved registers (x19-x29) carry state across.
 */
	.globl el2_to_el1
el2_to_el1:
	msr	sp_el1, x1
	msr	elr_el2, x0
	mov	x2, #(SPSR_EL1H | SPSR_DAIF)
	msr	spsr_el2, x2
	eret

/* Started at EL1 or EL3: nothing jhboot can do; sleep forever. */
not_el2:
park_self:
	wfe
	b	park_self
