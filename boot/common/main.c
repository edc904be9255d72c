// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot's boot flow, top to bottom (docs/boot-flow.md):
 *
 *   1. every CPU: EL2 registers and hyp stub, EL1 with identity MMU
 *   2. device tree, GICv3 like Linux leaves it
 *   3. the boot bundle
 *   4. hypervisor loaded and entered on every root CPU at once
 *   5. every cell created, loaded, started
 *   6. root Linux on what is left (or the root CPUs stay idle)
 */
#include "jhboot.h"
#include "bundle.h"
#include "abi/jailhouse_hypercall.h"
#include <asm/arch.h>

#define JHBOOT_VERSION "0.1"
#define WATCH_MS 50 /* how often watch_cells() looks */

static struct jhb_bundle bundle;

void boot_main(uint64_t dtb, uint64_t t_entry);

static void print_platform(void)
{
	pr_info("DT at 0x%lx (%lu bytes), %u CPUs, GICv3 D 0x%lx R 0x%lx\n",
		(uint64_t)(uintptr_t)plat.fdt, plat.fdt_size, plat.ncpus,
		plat.gicd_base, plat.gicr_base);
	for (unsigned int i = 0; i < plat.nmem; i++)
		pr_info("RAM 0x%lx-0x%lx\n", plat.mem[i].base,
			plat.mem[i].base + plat.mem[i].size - 1);
}

static int open_bundle(void)
{
	uint64_t start = plat.initrd_start, end = plat.initrd_end;
	int err;

	if (!start || end <= start) {
		pr_err("no boot bundle: /chosen has no linux,initrd-start/end "
		       "(QEMU -initrd, or booti's initrd argument)\n");
		return -1;
	}
	if (!range_is_ram(start, end - start)) {
		pr_err("boot bundle 0x%lx-0x%lx is not in RAM\n", start, end);
		return -1;
	}
	busy_add("the boot bundle", start, end - start);
	err = jhb_open(&bundle, (const void *)(uintptr_t)start, end - start);
	if (err) {
		pr_err("boot bundle at 0x%lx (%lu bytes) unusable: %s\n", start,
		       end - start, jhb_strerror(err));
		return -1;
	}
	pr_info("bundle at 0x%lx: %lu bytes, hypervisor %lu bytes, "
		"system config %lu bytes, %u cell(s)%s\n",
		start, end - start, (unsigned long)bundle.hypervisor.size,
		(unsigned long)bundle.system.size, bundle.ncells,
		bundle.linux_image.data ? ", root Linux" : "");
	return 0;
}

static void __attribute__((noreturn)) idle_forever(const char *why)
{
	pr_info("%s\n", why);
	for (;;)
		wfi();
}

/*
 * No root Linux: the boot CPU has nothing else to do, so it watches the
 * cells and reports every change of their state (CELL_GET_STATE), e.g. a
 * cell the hypervisor stopped after a fatal trap turns FAILED. It sleeps
 * in wfe between looks (woken by the counter's event stream).
 */
static void __attribute__((noreturn)) watch_cells(void)
{
	int64_t last[JHB_MAX_CELLS];

	for (unsigned int i = 0; i < ncells; i++)
		last[i] = JH_CELL_RUNNING;
	for (;;) {
		for (unsigned int i = 0; i < ncells; i++) {
			int64_t st;

			if (cells[i].state != CELL_RUNNING)
				continue;
			st = hv_call(JH_HC_CELL_GET_STATE, cells[i].id, 0);
			if (st == last[i])
				continue;
			pr_info("cell \"%s\" (id %u) is now %s (CELL_GET_STATE "
				"%ld) at %lu ms\n",
				cells[i].name, cells[i].id,
				jh_cell_state_name(st), (long)st,
				ticks_to_us(counter_read() - tl_entry) / 1000);
			last[i] = st;
		}
		delay_ms(WATCH_MS);
	}
}

/* Issue-5 fallback: no hypervisor, so boot the root Linux natively on
 * every CPU (never on hypervisor memory) and start no cells. */
static void __attribute__((noreturn)) boot_without_hypervisor(const char *why)
{
	pr_err("!!! system runs WITHOUT the hypervisor: %s; no cells are "
	       "started !!!\n",
	       why ? why : "unknown reason");
	hv.enabled = false;
	root_linux_boot(&bundle, true, NULL);
	tl_print();
	idle_forever("no root Linux either: CPUs stay idle");
}

void boot_main(uint64_t dtb, uint64_t t_entry)
{
	int up;

	tl_entry = t_entry;
	el1_setup();
	mmu_early_enable(dtb);
	if (dt_parse((const void *)(uintptr_t)dtb))
		idle_forever("no valid device tree in x0: cannot continue");
	if (plat.uart_base)
		console_set(plat.uart_base, plat.uart_type, plat.uart_shift);
	mmu_final_enable();
	jh_printf("\njhboot " JHBOOT_VERSION
		  ": type-1 boot for the Jailhouse hypervisor\n");
	tl_mark("jhboot entry", 0);
	busy_add("jhboot", (uint64_t)(uintptr_t)_start_image,
		 (uint64_t)(uintptr_t)_end - (uint64_t)(uintptr_t)_start_image);
	busy_add("the device tree", (uint64_t)(uintptr_t)plat.fdt,
		 plat.fdt_size); /* inside jhboot unless too big to copy */
	print_platform();

	if (gic_dist_init())
		pr_err("GIC: no usable GICv3 distributor in the DT\n");
	up = smp_boot_secondaries();
	if (gic_redist_init(plat.mpidr[0]))
		pr_err("GIC: no redistributor for the boot CPU\n");
	tl_mark("all CPUs up", 0);
	pr_info("CPUs: %d of %u up (PSCI CPU_ON), EL2 stub installed, EL1 "
		"with MMU on\n",
		up, plat.ncpus);
	tl_mark("GIC ready", 0);

	if (bench_requested()) {
		bench_run();
		idle_forever("bench mode: done");
	}
	if (open_bundle())
		idle_forever("nothing to boot; CPUs stay idle");
	tl_mark("bundle opened", 0);

	if (hv_prepare(&bundle)) {
		boot_without_hypervisor(hv.why);
	}
	pr_info("hypervisor: %lu bytes at 0x%lx (memory 0x%lx+0x%lx), "
		"%u root CPUs\n",
		(unsigned long)bundle.hypervisor.size, hv.phys, hv.phys,
		hv.size, hv.online_cpus);
	if (hv_enable(&bundle)) {
		pr_err("hypervisor entry failed on the root CPUs: %ld (%s)\n",
		       (long)hv.error, jh_errno_name(hv.error));
		boot_without_hypervisor(hv.why);
	}
	pr_info("hypervisor enabled on %u CPUs\n", hv.online_cpus);
	/* the root's secondaries did PSCI CPU_OFF: wait until parked */
	for (unsigned int cpu = 1; cpu < hv.max_cpus; cpu++) {
		uint64_t end = counter_read() + ms_to_ticks(1000);

		if (!cpu_is_up(cpu))
			continue;
		while (psci_affinity_info(plat.mpidr[cpu]) != 1 &&
		       counter_read() < end)
			wfe();
	}
	tl_mark("root secondaries parked", 0);

	cells_boot(&bundle);
	if (bundle.supervise)
		supervise_run(&bundle); /* returns only if it cannot run */
	else
		root_linux_boot(&bundle, false, &hv.sys);
	tl_print();
	pr_info("root Linux not started: the cells keep running, the root "
		"CPUs stay parked\n");
	watch_cells();
}
