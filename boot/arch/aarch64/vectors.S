/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * EL1 exception vectors of jhboot. jhboot runs with interrupts masked, so
 * any exception is a bug or a hardware/hypervisor refusal: save the
 * general registers and report it (el1_exception() in exceptions.c).
 */
	.macro	ventry type
	.align	7
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #0]
	mov	x1, #\type
	b	el1_vector_common
	.endm

	.section .text.vectors, "ax"
	.align	11
	.globl	el1_vectors
el1_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

/* frame: x0..x30, then (sp + 31*8) unused; x1 = vector index */
el1_vector_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x0, sp
	bl	el1_exception
1:	wfe
	b	1b
