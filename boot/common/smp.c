// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 1a: bring up every CPU of the DT with PSCI CPU_ON (DEN0022) and run
 * per-CPU commands on them. Waiting CPUs sleep in wfe; the boot CPU wakes
 * them with sev after posting a command (under QEMU -icount a spinning CPU
 * would eat the others' time, jailhouse-interface.md §14.10).
 */
#include "jhboot.h"
#include "abi/jailhouse_hypercall.h"
#include <asm/arch.h>

char jhboot_stacks[JHBOOT_MAX_CPUS][JHBOOT_STACK_SIZE]
	__attribute__((aligned(16), section(".noinit.stacks")));
struct cpu_slot cpu_slots[JHBOOT_MAX_CPUS];
static bool cpu_up[JHBOOT_MAX_CPUS];

uint64_t ms_to_ticks(uint64_t ms)
{
	return counter_freq() * ms / 1000;
}

uint64_t ticks_to_us(uint64_t t)
{
	uint64_t f = counter_freq();

	return f ? t * 1000000 / f : 0;
}

void delay_ms(uint64_t ms)
{
	uint64_t end = counter_read() + ms_to_ticks(ms);

	while (counter_read() < end)
		wfe(); /* woken by the event stream (el1_setup) */
}

int psci_cpu_off(void)
{
	return (int)smc_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

int64_t psci_affinity_info(uint64_t mpidr)
{
	return smc_call(PSCI_0_2_FN64_AFFINITY_INFO, mpidr, 0, 0);
}

/* Wait (sleeping) until *p != 0 or the timeout; returns the value. */
static uint32_t wait_nonzero(volatile uint32_t *p, uint64_t timeout_ms)
{
	uint64_t end = counter_read() + ms_to_ticks(timeout_ms);
	uint32_t v;

	while (!(v = __atomic_load_n(p, __ATOMIC_ACQUIRE))) {
		if (counter_read() > end)
			break;
		wfe(); /* sev from the CPU, or the event stream */
	}
	return v;
}

int smp_boot_secondaries(void)
{
	unsigned int up = 1;

	if (!plat.psci_smc)
		pr_warn("DT: PSCI method is not smc; using smc anyway\n");
	dcache_clean_inval_range((uint64_t)(uintptr_t)cpu_slots,
				 sizeof(cpu_slots));
	cpu_up[0] = true;
	for (unsigned int cpu = 1; cpu < plat.ncpus; cpu++) {
		int64_t ret =
			smc_call(PSCI_0_2_FN64_CPU_ON, plat.mpidr[cpu],
				 (uint64_t)(uintptr_t)secondary_entry, cpu);

		if (ret) {
			pr_err("CPU %u (MPIDR 0x%lx): PSCI CPU_ON failed "
			       "(%ld)\n",
			       cpu, plat.mpidr[cpu], (long)ret);
			continue;
		}
	}
	for (unsigned int cpu = 1; cpu < plat.ncpus; cpu++) {
		if (!wait_nonzero(&cpu_slots[cpu].ready, 1000)) {
			pr_err("CPU %u (MPIDR 0x%lx) did not come up\n", cpu,
			       plat.mpidr[cpu]);
			continue;
		}
		if (cpu_slots[cpu].ready != 1) {
			pr_err("CPU %u: GIC redistributor setup failed\n", cpu);
			continue;
		}
		cpu_up[cpu] = true;
		up++;
	}
	return (int)up;
}

bool cpu_is_up(unsigned int cpu)
{
	return cpu < JHBOOT_MAX_CPUS && cpu_up[cpu];
}

void cpu_set_down(unsigned int cpu)
{
	if (cpu < JHBOOT_MAX_CPUS)
		cpu_up[cpu] = false;
}

void smp_command(unsigned int cpu, enum cpu_cmd cmd)
{
	struct cpu_slot *s = &cpu_slots[cpu];

	s->cmd = cmd;
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}

bool smp_wait_done(unsigned int cpu, uint64_t timeout_ms)
{
	struct cpu_slot *s = &cpu_slots[cpu];
	uint64_t end = counter_read() + ms_to_ticks(timeout_ms);

	while (__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) != s->seq) {
		if (timeout_ms && counter_read() > end)
			return false;
		wfe();
	}
	return true;
}

void secondary_main(unsigned int cpu)
{
	struct cpu_slot *s = &cpu_slots[cpu];
	uint32_t seen = 0;

	el1_setup();
	/* its stack was written with the MMU off (mmu_early_enable) */
	dcache_inval_range((uint64_t)(uintptr_t)jhboot_stacks[cpu],
			   JHBOOT_STACK_SIZE);
	mmu_enable_secondary();
	s->t_ready = counter_read();
	__atomic_store_n(&s->ready,
			 gic_redist_init(plat.mpidr[cpu]) == 0 ? 1 : 2,
			 __ATOMIC_RELEASE);
	dsb(ish);
	sev();
	for (;;) {
		uint32_t seq;

		while ((seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE)) ==
		       seen)
			wfe();
		seen = seq;
		switch (s->cmd) {
		case CMD_ENTER:
			hv_enter_on_this_cpu(cpu);
			if (s->result == 0) {
				/* Under the hypervisor now: hand this CPU back
				 * so the root Linux can CPU_ON it (§7.3). */
				__atomic_store_n(&s->done, seen,
						 __ATOMIC_RELEASE);
				dsb(ish);
				sev();
				psci_cpu_off();
				panic("CPU %u: PSCI CPU_OFF returned\n", cpu);
			}
			break;
		case CMD_OFF:
			__atomic_store_n(&s->done, seen, __ATOMIC_RELEASE);
			dsb(ish);
			sev();
			dcache_clean_inval_range(
				(uint64_t)(uintptr_t)&jhboot_stacks[cpu],
				JHBOOT_STACK_SIZE);
			psci_cpu_off();
			panic("CPU %u: PSCI CPU_OFF returned\n", cpu);
		default:
			break;
		}
		__atomic_store_n(&s->done, seen, __ATOMIC_RELEASE);
		dsb(ish);
		sev();
	}
}
