// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 2b: GICv3 set up the way Linux's driver leaves it, because
 * Jailhouse relies on that and cannot fix it later: after enable every
 * write to GICD_CTLR is ignored (jailhouse-interface.md §2.8, §14.2).
 * Register offsets: GICv3 architecture specification (IHI 0069).
 */
#include "jhboot.h"
#include <asm/arch.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICD_CTLR_ENABLE_G1 (1u << 0)
#define GICD_CTLR_ENABLE_G1A (1u << 1)
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_RWP (1u << 31)

#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_TYPER_VLPIS (1ull << 1)
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_CTLR_RWP (1u << 3)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR0 (GICR_SGI_BASE + 0x0400)

#define DEFAULT_PRIO 0xa0a0a0a0u
#define PMR_ALL 0xf0

static int wait_clear(uint64_t reg, uint32_t bit)
{
	uint64_t end = counter_read() + ms_to_ticks(100);

	while (mmio_read32(reg) & bit)
		if (counter_read() > end)
			return -1;
	return 0;
}

int gic_dist_init(void)
{
	uint64_t d = plat.gicd_base;
	uint32_t ctlr, lines, rev;
	uint64_t boot_aff = plat.mpidr[0];

	if (plat.gic_version != 3 || !d || !plat.gicr_base)
		return -1;
	rev = (uint32_t)(mmio_read32(d + GICD_PIDR2) >> 4) & 0xf;
	if (rev != 3 && rev != 4)
		return -2;
	ctlr = (uint32_t)mmio_read32(d + GICD_CTLR);
	mmio_write32(d + GICD_CTLR,
		     ctlr & ~(GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G1A));
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP))
		return -3;
	lines = 32 * (((uint32_t)mmio_read32(d + GICD_TYPER) & 0x1f) + 1);
	if (lines > 1020)
		lines = 1020;
	/* SPIs: Group 1 non-secure, disabled, not pending, default priority,
	 * routed to the boot CPU */
	for (uint32_t i = 32; i < lines; i += 32) {
		mmio_write32(d + GICD_IGROUPR + i / 8, 0xffffffff);
		mmio_write32(d + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(d + GICD_ICPENDR + i / 8, 0xffffffff);
		mmio_write32(d + GICD_ICACTIVER + i / 8, 0xffffffff);
	}
	for (uint32_t i = 32; i < lines; i += 4)
		mmio_write32(d + GICD_IPRIORITYR + i, DEFAULT_PRIO);
	for (uint32_t i = 32; i < lines; i++)
		mmio_write64(d + GICD_IROUTER + 8ull * i,
			     (boot_aff & 0xffffff) | ((boot_aff >> 32) << 32));
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP))
		return -3;
	mmio_write32(d + GICD_CTLR, ctlr | GICD_CTLR_ARE_NS |
					    GICD_CTLR_ENABLE_G1A |
					    GICD_CTLR_ENABLE_G1);
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP))
		return -3;
	return 0;
}

static uint64_t find_redist(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
	uint64_t r = plat.gicr_base;
	uint64_t end = plat.gicr_base +
		       (plat.gicr_size ? plat.gicr_size : 0x20000ull * 64);

	while (r < end) {
		uint64_t typer = mmio_read64(r + GICR_TYPER);

		if ((typer >> 32) == aff)
			return r;
		if (typer & GICR_TYPER_LAST)
			break;
		r += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return 0;
}

int gic_redist_init(uint64_t mpidr)
{
	uint64_t r = find_redist(mpidr);
	uint32_t waker;

	if (!r)
		return -1;
	waker = (uint32_t)mmio_read32(r + GICR_WAKER);
	mmio_write32(r + GICR_WAKER, waker & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (wait_clear(r + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP))
		return -2;
	/* SGIs and PPIs: Group 1, SGIs enabled, PPIs disabled (§2.8) */
	mmio_write32(r + GICR_IGROUPR0, 0xffffffff);
	mmio_write32(r + GICR_ICENABLER0, 0xffff0000);
	mmio_write32(r + GICR_ISENABLER0, 0x0000ffff);
	for (uint32_t i = 0; i < 32; i += 4)
		mmio_write32(r + GICR_IPRIORITYR0 + i, DEFAULT_PRIO);
	if (wait_clear(r + GICR_CTLR, GICR_CTLR_RWP))
		return -3;
	/* CPU interface at EL1; these values carry into the root's virtual
	 * interface at enable (§2.7). */
	write_sysreg(read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	write_sysreg(PMR_ALL, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(0, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
	return 0;
}
