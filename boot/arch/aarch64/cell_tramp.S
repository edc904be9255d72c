/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Entry stub of a Linux cell (boot/common/linux_cell.c copies it to the
 * cell's cpu_reset_address). Runs on the cell's first CPU at EL1 right
 * after CELL_START, position independent: reads the kernel and DTB
 * addresses (cell addresses) from the parameter block that follows it,
 * makes sure the MMU and D-cache are off, and enters the kernel as the
 * arm64 boot protocol wants: x0 = DTB, x1 = x2 = x3 = 0.
 */
	.section .rodata.cell_tramp, "a"
	.balign 16
	.global cell_tramp_start, cell_tramp_params, cell_tramp_end
cell_tramp_start:
	adr	x4, cell_tramp_params
	ldr	x5, [x4]		/* kernel entry */
	ldr	x0, [x4, #8]		/* DTB */
	mrs	x6, sctlr_el1
	bic	x6, x6, #(1 << 0)	/* M: MMU off */
	bic	x6, x6, #(1 << 2)	/* C: D-cache off */
	msr	sctlr_el1, x6
	isb
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x5
	.balign 16
cell_tramp_params:
	.quad	0			/* kernel (written by jhboot) */
	.quad	0			/* DTB (written by jhboot) */
cell_tramp_end:
