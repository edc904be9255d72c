/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Stand-in hypervisor: traps from EL1 (hypercalls, PSCI/SMCCC over smc,
 * faults), the stop interrupt, and parking / starting CPUs
 * (jailhouse-interface.md §5.4, §6.1, §6.7, §7).
 */
#include "standin.h"

#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

#define PSCI_32(n) (0x84000000u + (n))
#define PSCI_64(n) (0xc4000000u + (n))
#define UBOOT_PSCI_CPU_OFF 0x95c1ba5fu
#define UBOOT_PSCI_CPU_ON 0x95c1ba60u
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define MPIDR_AFF_MASK 0xff00ffffffull

static struct frame *cpu_frame(struct percpu *p)
{
	return (struct frame *)((u64)p + PERCPU_SIZE - FRAME_SIZE);
}

void gic_enable_sgi15(struct percpu *me)
{
	mmio_w8(me->gicr + GICR_IPRIORITYR + SGI_STOP, 0x80);
	mmio_w32(me->gicr + GICR_ISENABLER0, (u32)BIT(SGI_STOP));
	dsb(sy);
}

static void send_sgi(u64 mpidr, u32 intid)
{
	u64 v = (((mpidr >> 32) & 0xff) << 48) |
		(((mpidr >> 16) & 0xff) << 32) | ((u64)intid << 24) |
		(((mpidr >> 8) & 0xff) << 16) | BIT(mpidr & 0xf);

	dsb(sy);
	xsysreg_write(ICC_SGI1R_EL1, v);
	isb();
}

static void gic_eoi(u64 iar, bool grp0)
{
	if (grp0)
		xsysreg_write(ICC_EOIR0_EL1, iar);
	else
		xsysreg_write(ICC_EOIR1_EL1, iar);
	isb();
	if (xsysreg_read(ICC_CTLR_EL1) & BIT(1)) /* EOImode: split drop */
		xsysreg_write(ICC_DIR_EL1, iar);
	isb();
}

/* No vGIC: a cell cannot take interrupts; mask them at the source. */
static void gic_mask(struct percpu *me, u32 intid)
{
	if (intid < 32)
		mmio_w32(me->gicr + GICR_ICENABLER0, (u32)BIT(intid));
	else
		mmio_w32(g.gicd + GICD_ICENABLER + (intid / 32) * 4,
			 (u32)BIT(intid % 32));
	pr("standin: CPU %u: interrupt %u masked (no vGIC in the fixture)\n",
	   me->id, intid);
}

/*
 * Put the calling CPU into its reset state for its cell (§6.7 table) and
 * enter EL1 at pc with x1 = ctx, all other GPRs 0.
 */
static void __attribute__((noreturn))
cpu_reset(struct percpu *me, u64 pc, u64 ctx)
{
	struct frame *f = cpu_frame(me);
	struct cell *c = me->cell;

	mem_set(f, 0, sizeof(*f));
	f->x[1] = ctx;
	f->elr = pc;
	f->spsr = SPSR_EL1H_DAIF;

	sysreg_write(sctlr_el1, SCTLR_EL1_RES1);
	sysreg_write(cpacr_el1, CPACR_FPEN);
	sysreg_write(cntkctl_el1, 0);
	sysreg_write(pmcr_el0, 0);
	sysreg_write(sp_el0, 0);
	sysreg_write(sp_el1, 0);
	sysreg_write(spsr_el1, 0);
	sysreg_write(elr_el1, 0);
	sysreg_write(afsr0_el1, 0);
	sysreg_write(afsr1_el1, 0);
	sysreg_write(amair_el1, 0);
	sysreg_write(contextidr_el1, 0);
	sysreg_write(csselr_el1, 0);
	sysreg_write(esr_el1, 0);
	sysreg_write(far_el1, 0);
	sysreg_write(mair_el1, 0);
	sysreg_write(par_el1, 0);
	sysreg_write(tcr_el1, 0);
	sysreg_write(tpidrro_el0, 0);
	sysreg_write(tpidr_el0, 0);
	sysreg_write(tpidr_el1, 0);
	sysreg_write(ttbr0_el1, 0);
	sysreg_write(ttbr1_el1, 0);
	sysreg_write(vbar_el1, 0);
	sysreg_write(cntp_ctl_el0, 0);
	sysreg_write(cntp_cval_el0, 0);
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntv_cval_el0, 0);

	if (c == &cells[0]) {
		/* Root: no stage 2, physical GIC; drop a stale stop SGI. */
		sysreg_write(hcr_el2, HCR_RW | HCR_TSC);
		if ((xsysreg_read(ICC_HPPIR1_EL1) & 0xffffff) == SGI_STOP)
			gic_eoi(xsysreg_read(ICC_IAR1_EL1), false);
	} else {
		/* Cell: stage 2 with VMID = id; IRQs go to EL2 (stop SGI). */
		xsysreg_write(ICC_PMR_EL1, 0xf0);
		xsysreg_write(ICC_IGRPEN1_EL1, 1);
		xsysreg_write(ICH_HCR_EL2, 0);
		sysreg_write(vttbr_el2, c->s2_root | ((u64)c->id << 48));
		isb();
		__asm__ __volatile__("tlbi vmalls12e1is\n dsb ish" ::
					     : "memory");
		sysreg_write(hcr_el2,
			     HCR_VM | HCR_RW | HCR_TSC | HCR_IMO | HCR_FMO);
	}
	__asm__ __volatile__("ic iallu\n dsb sy" ::: "memory");
	isb();
	vm_return(f);
}

/* Acknowledge what woke a parked CPU: the wake-up SGI, or (masked) more. */
static void drain_irqs(struct percpu *me)
{
	u64 iar;

	while (((iar = xsysreg_read(ICC_HPPIR1_EL1)) & 0xffffff) < 1020) {
		u32 intid = (iar = xsysreg_read(ICC_IAR1_EL1)) & 0xffffff;

		if (intid >= 1020)
			break;
		if (intid != SGI_STOP)
			gic_mask(me, intid);
		gic_eoi(iar, false);
	}
}

/*
 * Sleep in EL2 until released through the mailbox, then start as
 * requested. WFI, not WFE: a halted vCPU lets QEMU -icount skip idle time,
 * as Jailhouse's parked CPUs do (they sit in WFI at EL1). IRQs are routed
 * to EL2 (masked there) so the release SGI wakes the WFI; the EL1 timers
 * are stopped so that they cannot keep it awake.
 */
void park(struct percpu *me)
{
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntp_ctl_el0, 0);
	sysreg_write(hcr_el2, sysreg_read(hcr_el2) | HCR_IMO | HCR_FMO);
	xsysreg_write(ICC_PMR_EL1, 0xf0);
	xsysreg_write(ICC_IGRPEN1_EL1, 1);
	isb();
	dsb(sy);
	me->state = CPU_PARKED;
	dsb(sy);
	sev();
	while (!me->start_req) {
		wfi();
		drain_irqs(me);
	}
	me->start_req = 0;
	cpu_reset(me, me->start_pc, me->start_ctx);
}

/* Lock held, t parked: start it at pc with context ctx. */
void release_cpu(struct percpu *t, u64 pc, u64 ctx)
{
	t->start_pc = pc;
	t->start_ctx = ctx;
	t->failed = 0;
	t->exits++;
	t->state = CPU_RUNNING;
	dsb(sy);
	t->start_req = 1;
	send_sgi(t->mpidr, SGI_STOP); /* wakes its WFI */
}

/* Lock held: bring a running cell CPU to its parked state (SGI 15). */
void stop_cpu(struct percpu *t)
{
	if (t->state == CPU_PARKED)
		return;
	t->stop_req = 1;
	send_sgi(t->mpidr, SGI_STOP);
	while (t->state != CPU_PARKED)
		wfe();
	t->stop_req = 0;
	dsb(sy);
}

void fail_cpu(struct percpu *me, struct frame *f, const char *what, u64 esr)
{
	struct cell *c = me->cell;
	u64 far = sysreg_read(far_el2);

	if (c == &cells[0])
		pr("standin: root CPU %u: %s (ESR=%lx, FAR=%lx, PC=%lx)\n",
		   me->id, what, esr, far, f->elr);
	else
		pr("standin: cell \"%s\" CPU %u: %s (ESR=%lx, FAR=%lx, "
		   "PC=%lx)\n",
		   c->name, me->id, what, esr, far, f->elr);
	lock(me);
	me->failed = 1;
	if (c != &cells[0]) {
		bool all = true;

		for (u32 n = 0; n < MAX_CPUS; n++)
			if ((c->cpus & BIT(n)) && !percpu(n)->failed)
				all = false;
		if (all) {
			c->comm->cell_state = JH_CELL_FAILED;
			flush_range(c->comm, PAGE_SIZE);
			pr("standin: cell \"%s\" failed\n", c->name);
		}
	}
	unlock();
	park(me);
}

static void handle_irq(struct percpu *me, bool grp0)
{
	u64 iar =
		grp0 ? xsysreg_read(ICC_IAR0_EL1) : xsysreg_read(ICC_IAR1_EL1);
	u32 intid = iar & 0xffffff;

	if (intid >= 1020)
		return;
	if (intid == SGI_STOP) {
		gic_eoi(iar, grp0);
		if (me->stop_req)
			park(me);
		return;
	}
	gic_mask(me, intid);
	gic_eoi(iar, grp0);
}

static struct percpu *cell_cpu_by_mpidr(struct cell *c, u64 mpidr)
{
	for (u32 n = 0; n < MAX_CPUS; n++)
		if ((c->cpus & BIT(n)) &&
		    ((percpu(n)->mpidr ^ mpidr) & MPIDR_AFF_MASK) == 0)
			return percpu(n);
	return NULL;
}

static long psci_cpu_on(struct percpu *me, u64 target, u64 pc, u64 ctx)
{
	struct percpu *t;
	long ret;

	lock(me);
	t = cell_cpu_by_mpidr(me->cell, target);
	if (!t) {
		ret = PSCI_RET_DENIED;
	} else if (t->state != CPU_PARKED) {
		ret = PSCI_RET_ALREADY_ON;
	} else {
		t->on_context = ctx;
		release_cpu(t, pc, ctx);
		ret = PSCI_RET_SUCCESS;
	}
	unlock();
	return ret;
}

static bool psci_supported(u32 fid)
{
	switch (fid) {
	case PSCI_32(0): /* VERSION */
	case PSCI_32(1):
	case PSCI_64(1): /* CPU_SUSPEND */
	case PSCI_32(2): /* CPU_OFF */
	case PSCI_32(3):
	case PSCI_64(3): /* CPU_ON */
	case PSCI_32(4):
	case PSCI_64(4):  /* AFFINITY_INFO */
	case PSCI_32(10): /* FEATURES */
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

static long psci(struct percpu *me, struct frame *f, u32 fid)
{
	u64 mask = (fid & BIT(30)) ? ~0ull : 0xffffffffull;
	u64 a1 = f->x[1] & mask, a2 = f->x[2] & mask, a3 = f->x[3] & mask;
	struct percpu *t;

	switch (fid) {
	case PSCI_32(0):
		return 0x10001; /* 1.1 */
	case PSCI_32(1):
	case PSCI_64(1):
		wfi();
		return 0;
	case PSCI_32(2):
		park(me);
	case PSCI_32(3):
	case PSCI_64(3):
		return psci_cpu_on(me, a1, a2, a3);
	case PSCI_32(4):
	case PSCI_64(4):
		t = cell_cpu_by_mpidr(me->cell, a1);
		if (!t)
			return PSCI_RET_DENIED;
		return t->state == CPU_PARKED ? 1 : 0;
	case PSCI_32(10):
		return psci_supported((u32)a1) ? 0 : PSCI_RET_NOT_SUPPORTED;
	default: /* incl. SYSTEM_OFF / SYSTEM_RESET, like Jailhouse */
		return PSCI_RET_NOT_SUPPORTED;
	}
}

static void handle_smc(struct percpu *me, struct frame *f, u64 esr)
{
	u32 fid = (u32)f->x[0];

	if (fid == UBOOT_PSCI_CPU_OFF)
		fid = PSCI_32(2);
	else if (fid == UBOOT_PSCI_CPU_ON)
		fid = PSCI_64(3);

	switch ((fid >> 24) & 0x3f) {
	case 0: /* Arm architecture calls */
		if (fid == SMCCC_VERSION)
			f->x[0] = 0x10001;
		else if (fid == SMCCC_ARCH_FEATURES)
			f->x[0] = (u64)(long)PSCI_RET_NOT_SUPPORTED;
		else
			fail_cpu(me, f, "unhandled SMCCC arch call", esr);
		break;
	case 2: /* SiP */
		f->x[0] = (u64)(long)PSCI_RET_NOT_SUPPORTED;
		break;
	case 4: /* standard service: PSCI */
		f->x[0] = (u64)psci(me, f, fid);
		break;
	default:
		fail_cpu(me, f, "SMC with unknown owner", esr);
	}
}

/* Every lower-EL exception (head.S); kind: 0 sync, 1 IRQ, 2 FIQ, ... */
void handle_trap(struct frame *f, u64 kind);
void handle_trap(struct frame *f, u64 kind)
{
	struct percpu *me = this_cpu();
	u64 esr = sysreg_read(esr_el2);

	me->exits++;
	switch (kind) {
	case 0:
		break;
	case 1:
	case 2:
		handle_irq(me, kind == 2);
		return;
	case 3:
		fail_cpu(me, f, "SError", esr);
	default:
		fail_cpu(me, f, "exception from AArch32", esr);
	}

	switch (esr >> 26) {
	case EC_HVC64:
		if ((esr & 0xffff) != JH_HVC_IMM)
			fail_cpu(me, f, "forbidden hvc (not #0x4a48)", esr);
		f->x[0] = (u64)hypercall(me, f->x[0], f->x[1], f->x[2]);
		return;
	case EC_SMC64:
		f->elr += 4; /* TSC trap: ELR points at the smc */
		handle_smc(me, f, esr);
		return;
	case EC_DABT_LOW:
		fail_cpu(me, f, "unhandled data abort", esr);
	case EC_IABT_LOW:
		fail_cpu(me, f, "unhandled instruction abort", esr);
	default:
		fail_cpu(me, f, "unhandled trap", esr);
	}
}
