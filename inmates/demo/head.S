/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Demo inmate entry and exception vectors. The cell's CPU starts here at
 * offset 0 (cpu_reset_address) at EL1 with the MMU and caches off
 * (jailhouse-interface.md §6.7): every data access is Device memory.
 */

	.section .text.boot, "ax"
	.global _start
/*
 * _start
 * in:  nothing (x0..x3 are not defined by Jailhouse)
 * out: does not return
 * Register ownership: x19 holds the first counter value until it is
 * passed to demo_main() in x0.
 */
_start:
	/* first instruction: when did this cell's code start running? */
	mrs	x19, cntvct_el0

	msr	daifset, #0xf		/* no interrupts are used */
	msr	spsel, #1		/* run on SP_EL1 */
	adr	x0, __stack_end
	mov	sp, x0
	adr	x0, demo_vectors
	msr	vbar_el1, x0
	isb

	/* .bss is not part of the loaded image: clear it (8-byte aligned,
	 * see demo.lds) */
	adr	x0, __bss_start
	adr	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b

2:	mov	x0, x19
	bl	demo_main
3:	wfi
	b	3b

/*
 * Exception vectors (Arm ARM D1.10.2: 16 entries of 0x80 bytes, table
 * 2 KiB aligned; demo.lds places it at 0x800). Nothing is expected to
 * trap: every entry reports and stops.
 */
	.macro	ventry	idx
	.balign	0x80
	mov	x0, #\idx
	b	exc_entry
	.endm

	.section .vectors, "ax"
	.balign	0x800
	.global	demo_vectors
demo_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	\i
	.endr
	.balign	0x80		/* pad the last entry: the table is 2 KiB */

	.text
/*
 * exc_entry
 * in:  x0 = vector index
 * out: does not return; calls demo_exception(idx, ESR, FAR, ELR) on a
 *      stack of its own (the fault may have been a bad SP)
 */
exc_entry:
	adr	x1, __exc_stack_end
	mov	sp, x1
	mrs	x1, esr_el1
	mrs	x2, far_el1
	mrs	x3, elr_el1
	bl	demo_exception
1:	wfi
	b	1b

/* Parameter string, written by the loader at image base + 0x1000 (the
 * jhboot bundle's jhboot,args; jailhouse cell load -s ... -a 0x1000). */
	.section .cmdline, "aw"
	.global	demo_cmdline
demo_cmdline:
	.space	256

	.section .bss.stack, "aw", %nobits
	.balign	16
	.space	4096
__stack_end:
	.space	1024
__exc_stack_end:
