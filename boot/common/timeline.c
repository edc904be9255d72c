// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Boot timeline: each phase stamped with the Arm generic counter and
 * printed at hand-over as one table (format: docs/timeline.md).
 */
#include "jhboot.h"
#include <asm/arch.h>

#define MAX_MARKS 128 /* phases, cells and per-CPU stamps */

static struct {
	const char *what;
	char name[40];
	unsigned int cpu;
	uint64_t t;
} marks[MAX_MARKS];
static unsigned int nmarks;
uint64_t tl_entry;
uint64_t tl_hv_ticks;	 /* time spent inside the hypervisor (entry, calls) */
uint64_t tl_first_start; /* when the first CELL_START returned */
uint64_t tl_hv_ticks_at_first_start;
uint64_t tl_wait_ticks; /* deliberate sleeps (settle times) */
uint64_t tl_wait_ticks_at_first_start;

static void add(const char *what, const char *name, unsigned int cpu,
		uint64_t t)
{
	if (nmarks >= MAX_MARKS)
		return;
	marks[nmarks].what = what;
	marks[nmarks].name[0] = 0;
	if (name)
		jh_snprintf(marks[nmarks].name, sizeof(marks[nmarks].name),
			    "%s", name);
	marks[nmarks].cpu = cpu;
	marks[nmarks].t = t;
	nmarks++;
}

void tl_mark_at(const char *what, unsigned int cpu, uint64_t t)
{
	add(what, NULL, cpu, t);
}

void tl_mark(const char *what, unsigned int cpu)
{
	add(what, NULL, cpu, counter_read());
}

void tl_mark_cell(const char *what, const char *cell, unsigned int cpu)
{
	add(what, cell, cpu, counter_read());
}

/*
 * The per-CPU stamps the SMP code keeps in cpu_slots (when each secondary
 * reached EL1 with its MMU on, when each CPU returned from the
 * hypervisor's entry) join the table as marks of their own CPU.
 */
static void add_cpu_marks(void)
{
	static bool added;

	if (added)
		return;
	added = true;
	for (unsigned int cpu = 1; cpu < plat.ncpus && cpu < JHBOOT_MAX_CPUS;
	     cpu++)
		if (cpu_slots[cpu].t_ready)
			add("CPU up", NULL, cpu, cpu_slots[cpu].t_ready);
	for (unsigned int cpu = 0; cpu < plat.ncpus && cpu < JHBOOT_MAX_CPUS;
	     cpu++)
		if (cpu_slots[cpu].t_entered && cpu_slots[cpu].result == 0)
			add("hypervisor entered", NULL, cpu,
			    cpu_slots[cpu].t_entered);
}

void tl_print(void)
{
	uint64_t f = counter_freq();
	unsigned char order[MAX_MARKS];

	add_cpu_marks();
	/* in time order; marks of the same time keep their order */
	for (unsigned int i = 0; i < nmarks; i++) {
		unsigned int j = i;

		while (j > 0 && marks[order[j - 1]].t > marks[i].t) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = (unsigned char)i;
	}
	pr_info("timeline: counter frequency %lu Hz, entry at counter %lu\n", f,
		tl_entry);
	for (unsigned int k = 0; k < nmarks; k++) {
		unsigned int i = order[k];
		uint64_t dt = marks[i].t - tl_entry;
		uint64_t us = f ? dt * 1000000 / f : 0;

		jh_printf("jhboot: timeline: %6lu.%03lu ms  cpu%-2u %s%s%s%s\n",
			  us / 1000, us % 1000, marks[i].cpu, marks[i].what,
			  marks[i].name[0] ? " \"" : "", marks[i].name,
			  marks[i].name[0] ? "\"" : "");
	}
	if (tl_first_start) {
		uint64_t all = ticks_to_us(tl_first_start - tl_entry);
		uint64_t hvt = ticks_to_us(tl_hv_ticks_at_first_start);
		uint64_t wt = ticks_to_us(tl_wait_ticks_at_first_start);

		jh_printf("jhboot: timeline: own work until the first cell "
			  "start: %lu us (hypervisor calls excluded: %lu us, "
			  "waits excluded: %lu us)\n",
			  all - hvt - wt, hvt, wt);
	}
}
