/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Cache and memory helpers (Arm ARM DDI 0487, D7 "cache maintenance").
 * All take (x0 = start, x1 = size in bytes) and clobber x0-x4 only.
 */
	.text

/* x2 = D-cache minimum line size in bytes (CTR_EL0.DminLine) */
	.macro	dline
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	.endm

	.macro	dcache_op op
	dline
	add	x1, x0, x1
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	\op, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
	.endm

/* dcache_clean_inval_range: clean and invalidate to PoC */
	.globl	dcache_clean_inval_range
dcache_clean_inval_range:
	dcache_op civac

/* dcache_clean_range: clean to PoC */
	.globl	dcache_clean_range
dcache_clean_range:
	dcache_op cvac

/* dcache_inval_range: invalidate to PoC (discards dirty lines!) */
	.globl	dcache_inval_range
dcache_inval_range:
	dcache_op ivac

/* icache_inval_all: invalidate the I-cache to PoU, inner shareable */
	.globl	icache_inval_all
icache_inval_all:
	dsb	ish
	ic	ialluis
	dsb	ish
	isb
	ret

/*
 * zero_range: zero [x0, x0 + x1) with dc zva where allowed (Normal memory,
 * MMU on), else with 16-byte stores. x0 and x1 must be 16-byte aligned.
 */
	.globl	zero_range
zero_range:
	add	x1, x0, x1
	mrs	x3, dczid_el0
	tbnz	x3, #4, 3f		/* DZP: dc zva prohibited */
	and	x3, x3, #0xf
	mov	x2, #4
	lsl	x2, x2, x3		/* block size */
	sub	x4, x2, #1
	/* stores up to the first block boundary */
1:	tst	x0, x4
	b.eq	2f
	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	sub	x3, x1, x0
	cmp	x3, x2
	b.lo	3f
	dc	zva, x0
	add	x0, x0, x2
	b	2b
3:	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	3b
4:	ret

/*
 * copy_fast: x0 = dst, x1 = src, x2 = size; dst, src and size 16-byte
 * aligned dst/src/size; 64 bytes per iteration through q registers.
 * Clobbers x0-x3, q0-q3.
 */
	.globl	copy_fast
copy_fast:
	add	x3, x0, x2
1:	sub	x2, x3, x0
	cmp	x2, #64
	b.lo	2f
	ldp	q0, q1, [x1], #32
	ldp	q2, q3, [x1], #32
	stp	q0, q1, [x0], #32
	stp	q2, q3, [x0], #32
	b	1b
2:	cmp	x0, x3
	b.hs	3f
	ldr	q0, [x1], #16
	str	q0, [x0], #16
	b	2b
3:	ret
