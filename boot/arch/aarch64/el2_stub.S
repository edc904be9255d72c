/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * EL2 stub with the Linux hyp-stub opcode ABI (Linux >= 4.12,
 * arch/arm64/include/asm/virt.h numbers), as Jailhouse expects of the
 * kernel it replaces (jailhouse-interface.md §3).
 *
 * From EL1: hvc #0 with x0 = opcode.
 *   0 SET_VECTORS:  x1 = physical address of a new EL2 vector table.
 *   1 SOFT_RESTART: branch to x1 at EL2, MMU off, x0..x2 = x2..x4.
 *   2 RESET_VECTORS: VBAR_EL2 = this stub.
 * Result in x0: 0, or HVC_STUB_ERR for an unknown opcode. Every other
 * register is preserved (Jailhouse keeps state in x1-x18 across the call)
 * and the stub never touches the EL1 stack.
 */
#include <asm/sysreg.h>

#define HVC_SET_VECTORS 0
#define HVC_SOFT_RESTART 1
#define HVC_RESET_VECTORS 2
#define HVC_STUB_ERR 0xbadca11

	.macro	ventry label
	.align	7
	b	\label
	.endm

	.section .text.el2_stub, "ax"
	.align	11
	.globl	el2_stub_vectors
el2_stub_vectors:
	ventry	stub_hang		/* current EL, SP0 */
	ventry	stub_hang
	ventry	stub_hang
	ventry	stub_hang
	ventry	stub_hang		/* current EL, SPx */
	ventry	stub_hang
	ventry	stub_hang
	ventry	stub_hang
	ventry	stub_sync		/* lower EL, AArch64: sync */
	ventry	stub_hang		/* IRQ */
	ventry	stub_hang		/* FIQ */
	ventry	stub_hang		/* SError */
	ventry	stub_hang		/* lower EL, AArch32 */
	ventry	stub_hang
	ventry	stub_hang
	ventry	stub_hang

/*
 * stub_sync: x2 is parked in TPIDR_EL2 while the syndrome is checked, so
 * that only x0 changes, except for SOFT_RESTART which does not return.
 * The condition flags come back from SPSR_EL2 on eret.
 */
stub_sync:
	msr	tpidr_el2, x2
	mrs	x2, esr_el2
	lsr	x2, x2, #ESR_EC_SHIFT
	cmp	x2, #ESR_EC_HVC64
	b.ne	stub_err
	cbz	x0, stub_set_vectors
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	stub_reset_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	stub_soft_restart
stub_err:
	mrs	x2, tpidr_el2
	mov	x0, #(HVC_STUB_ERR & 0xffff)
	movk	x0, #(HVC_STUB_ERR >> 16), lsl #16
	eret

stub_set_vectors:
	msr	vbar_el2, x1
	isb
	mrs	x2, tpidr_el2
	mov	x0, #0
	eret

stub_reset_vectors:
	adr	x2, el2_stub_vectors
	msr	vbar_el2, x2
	isb
	mrs	x2, tpidr_el2
	mov	x0, #0
	eret

stub_soft_restart:
	mrs	x2, tpidr_el2
	mov	x9, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	br	x9

stub_hang:
	wfe
	b	stub_hang
