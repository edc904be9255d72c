/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Stand-in hypervisor: firmware header, EL1 entry, EL2 vector tables and
 * the guest frame save/restore. Only PC-relative addressing (adrp/add):
 * the image runs wherever the system config puts it.
 *
 * Register ownership in the enable path (entry -> bootstrap_sync):
 *   x16 = cpu_id (w0 of the caller), x17 = caller LR; the loader's stub
 *   preserves x1..x30 across SET_VECTORS (jailhouse-interface.md §3).
 */
#define FRAME_SIZE 272
#define PERCPU_SIZE 8192
#define MAX_CPUS 64
#define EMERG_STACK 2048

	.section .header, "a"
	.ascii "JAILHOUS"
	.quad __core_size		/* core_size */
	.quad PERCPU_SIZE		/* percpu_size */
	.quad __entry_offset		/* entry (offset) */
	.quad __console_offset		/* console_page (offset) */
	.quad 0				/* gcov_info_head */
	.word 0, 0			/* max_cpus, online_cpus: loader */
	.quad 0				/* debug_console_base */
	.quad 0				/* arm_linux_hyp_vectors: loader */
	.word 0, 0			/* arm_linux_hyp_abi, pad: loader */

/*
 * int entry(unsigned int cpu_id), called at EL1 with the MMU on (identity).
 * In: w0 = cpu_id, x30 = return address. Out: x0 = 0 or -errno, x1..x18 = 0,
 * x19..x30 preserved (restored from the frame by the EL2 side).
 */
	.section .text.entry, "ax"
	.globl standin_el1_entry
standin_el1_entry:
	mov	w16, w0
	mov	x17, x30
	adrp	x9, __image_start
	add	x9, x9, :lo12:__image_start
	ldr	x10, [x9, #72]		/* hyp_abi + pad read as 64 bit */
	cmp	x10, #0
	cset	x0, eq			/* opcode ABI: 0, legacy: 1 */
	adrp	x1, bootstrap_vectors
	add	x1, x1, :lo12:bootstrap_vectors
	hvc	#0			/* stub: VBAR_EL2 = x1 */
	hvc	#0			/* -> bootstrap_sync at EL2 */
1:	wfe				/* not reached: EL2 erets to x30 */
	b	1b

.macro SAVE_REST
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
	mrs	x1, elr_el2
	stp	x30, x1, [sp, #240]
	mrs	x1, spsr_el2
	str	x1, [sp, #256]
.endm

	.text
/*
 * Second hvc of the enable path, EL2, MMU off. Picks this CPU's stack at
 * the top of its per-CPU area (or an emergency stack when cpu_id or
 * max_cpus are unusable or cpu_id is used twice, so that the checks can
 * still report), saves the caller's registers as a frame and continues
 * in C (never returns).
 */
bootstrap_sync:
	adrp	x9, __image_start
	add	x9, x9, :lo12:__image_start
	ldr	w10, [x9, #48]		/* max_cpus */
	cmp	w16, w10
	b.hs	1f
	cmp	w10, #MAX_CPUS
	b.hi	1f
	adrp	x12, stack_claimed	/* a duplicate cpu_id must not share */
	add	x12, x12, :lo12:stack_claimed
	add	x12, x12, x16, lsl #2
	mov	w13, #1
4:	ldaxr	w14, [x12]
	cbnz	w14, 1f
	stxr	w15, w13, [x12]
	cbnz	w15, 4b
	ldr	x11, [x9, #8]		/* core_size */
	add	x11, x9, x11
	mov	x12, #PERCPU_SIZE
	madd	x11, x16, x12, x11
	add	x11, x11, x12
	b	2f
1:	mrs	x11, mpidr_el1
	and	x11, x11, #0xf
	adrp	x12, emergency_stacks
	add	x12, x12, :lo12:emergency_stacks
	add	x11, x12, x11, lsl #11
	add	x11, x11, #EMERG_STACK
2:	mov	sp, x11
	stp	x0, x1, [sp, #-FRAME_SIZE]!
	SAVE_REST
	mov	x0, sp
	mov	w1, w16
	bl	standin_enable
3:	wfe
	b	3b

/* Runtime: every lower-EL exception saves a frame and calls handle_trap. */
trap_common:
	SAVE_REST
	mov	x1, x0
	mov	x0, sp
	bl	handle_trap
	mov	x0, sp
	/* fall through */

/* void vm_return(struct frame *f): restore f and eret (SP_EL2 = f + 272). */
	.globl vm_return
vm_return:
	mov	sp, x0
	ldp	x30, x1, [sp, #240]
	msr	elr_el2, x1
	ldr	x1, [sp, #256]
	msr	spsr_el2, x1
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldp	x0, x1, [sp], #FRAME_SIZE
	eret

el2_fault:
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	el2_panic
1:	wfe
	b	1b

.macro VENTRY kind
	.align	7
	stp	x0, x1, [sp, #-FRAME_SIZE]!
	mov	x0, #\kind
	b	trap_common
.endm

.macro VFAULT
	.align	7
	b	el2_fault
.endm

.macro VDEAD
	.align	7
1:	wfe
	b	1b
.endm

	.align	11
	.globl bootstrap_vectors
bootstrap_vectors:
	.rept	8
	VDEAD
	.endr
	.align	7
	b	bootstrap_sync
	.rept	7
	VDEAD
	.endr

	.align	11
	.globl runtime_vectors
runtime_vectors:
	.rept	8
	VFAULT
	.endr
	VENTRY	0		/* lower EL AArch64: sync */
	VENTRY	1		/* IRQ */
	VENTRY	2		/* FIQ */
	VENTRY	3		/* SError */
	VENTRY	4		/* lower EL AArch32: not supported */
	VENTRY	4
	VENTRY	4
	VENTRY	4

	.bss
	.align	4
emergency_stacks:
	.space	16 * EMERG_STACK
stack_claimed:
	.space	4 * MAX_CPUS
