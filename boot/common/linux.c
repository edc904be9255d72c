// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 6: boot the root Linux on exactly what the root cell owns after
 * the cells started (or, without a hypervisor, natively on everything but
 * hypervisor memory). Placement follows booting.rst: kernel at a 2 MiB
 * aligned base + text_offset in the root's RAM, DT and initrd in the
 * root's RAM too and outside every cell.
 */
#include "jhboot.h"
#include "bundle.h"
#include "rootdt.h"
#include <asm/arch.h>
#include <libfdt.h>

#define ARM64_IMAGE_MAGIC 0x644d5241u
#define IMAGE_FLAG_ANYWHERE (1ull << 3)
#define DT_SLACK 0x10000ull

struct arm64_image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags, res2, res3, res4;
	uint32_t magic, res5;
};

void linux_enter_el1(uint64_t entry, uint64_t dtb) __attribute__((noreturn));
void linux_enter_el2(uint64_t entry, uint64_t dtb) __attribute__((noreturn));

static struct jhr_view view;

static void note(void *ctx, const char *what, const char *node, uint64_t addr)
{
	(void)ctx;
	pr_info("root DT: %s: %s (0x%lx)\n", what, node, (unsigned long)addr);
}

/* lowest 2 MiB aligned base whose [base, base + span) is free RAM */
static uint64_t place(uint64_t text_offset, uint64_t span, uint64_t avoid_b,
		      uint64_t avoid_s)
{
	for (unsigned int i = 0; i < view.ram.n; i++) {
		uint64_t end = view.ram.r[i].base + view.ram.r[i].size;

		for (uint64_t b = ALIGN_UP(view.ram.r[i].base, SZ_2M);
		     b + text_offset + span <= end; b += SZ_2M) {
			uint64_t k = b + text_offset;

			if (busy_overlap(k, span + DT_SLACK + plat.fdt_size))
				continue;
			if (avoid_s && k < avoid_b + avoid_s &&
			    avoid_b < k + span + DT_SLACK + plat.fdt_size)
				continue;
			return k;
		}
	}
	return 0;
}

int root_linux_boot(const struct jhb_bundle *b, bool native,
		    const struct jhc_system *sys)
{
	const struct arm64_image_header *ih = (const void *)b->linux_image.data;
	struct jhc_cell running[JHB_MAX_CELLS];
	unsigned int nrun = 0;
	uint64_t kernel, span, dtb, initrd = 0, initrd_size = 0;
	uint64_t dt_space;
	int err;

	if (!b->linux_image.data) {
		pr_info("no root Linux in the bundle\n");
		return -1;
	}
	if (b->linux_image.err ||
	    verify_blob("root Linux kernel", &b->linux_image))
		return -1;
	if (b->linux_image.size < sizeof(*ih) ||
	    ih->magic != ARM64_IMAGE_MAGIC) {
		pr_err("root Linux: %s is not an arm64 Image (no ARM\\x64 "
		       "magic)\n",
		       b->linux_image.node);
		return -1;
	}
	if (b->initrd.data) {
		if (b->initrd.err ||
		    verify_blob("root Linux initrd", &b->initrd))
			return -1;
		initrd = (uint64_t)(uintptr_t)b->initrd.data;
		initrd_size = b->initrd.size;
	}
	tl_mark("root Linux verified", 0);
	for (unsigned int i = 0; i < ncells; i++)
		if (cells[i].state == CELL_RUNNING)
			running[nrun++] = cells[i].cfg;
	err = jhr_compute(&view, plat.fdt, native ? NULL : sys, running, nrun,
			  hv.size ? hv.phys : 0, hv.size);
	if (err) {
		pr_err("root Linux: %s\n",
		       err == JHR_E_NOMEM ? "no RAM is left to the root"
					  : "too many memory ranges");
		return -1;
	}
	if (initrd_size && !jhr_rset_covers(&view.ram, initrd, initrd_size)) {
		pr_err("root Linux: the initrd at 0x%lx (inside the bundle) is "
		       "not in the root's RAM\n",
		       initrd);
		return -1;
	}
	span = ih->image_size ? ih->image_size
			      : ALIGN_UP(b->linux_image.size, SZ_2M);
	kernel = place(ih->text_offset, span, initrd, initrd_size);
	if (!kernel) {
		pr_err("root Linux: no free 2 MiB aligned RAM for %lu bytes\n",
		       span);
		return -1;
	}
	dtb = ALIGN_UP(kernel + span, 0x1000);
	dt_space = plat.fdt_size + DT_SLACK;
	err = fdt_open_into(plat.fdt, (void *)(uintptr_t)dtb, (int)dt_space);
	if (!err)
		err = jhr_fixup((void *)(uintptr_t)dtb, &view, plat.mpidr[0],
				b->bootargs, initrd, initrd_size, note, NULL);
	if (!err)
		err = fdt_pack((void *)(uintptr_t)dtb);
	if (err) {
		pr_err("root Linux: DT fix-up failed (%d)\n", err);
		return -1;
	}
	pr_info("root Linux: kernel %lu bytes at 0x%lx, DT at 0x%lx, initrd "
		"%lu bytes at 0x%lx\n",
		(unsigned long)b->linux_image.size, kernel, dtb,
		(unsigned long)initrd_size, initrd);
	for (unsigned int i = 0; i < view.ram.n; i++)
		pr_info("root Linux: RAM 0x%lx-0x%lx\n", view.ram.r[i].base,
			view.ram.r[i].base + view.ram.r[i].size - 1);
	if (b->bootargs)
		pr_info("root Linux: bootargs \"%s\"\n", b->bootargs);

	copy_image((void *)(uintptr_t)kernel, b->linux_image.data,
		   b->linux_image.size);
	dcache_clean_inval_range(kernel, b->linux_image.size);
	dcache_clean_inval_range(dtb, fdt_totalsize((void *)(uintptr_t)dtb));
	if (initrd_size)
		dcache_clean_inval_range(initrd, initrd_size);
	tl_mark("root Linux placed", 0);

	if (native) {
		/* secondaries power off; Linux brings them up at EL2 */
		for (unsigned int cpu = 1; cpu < plat.ncpus; cpu++)
			if (cpu_is_up(cpu)) {
				smp_command(cpu, CMD_OFF);
				smp_wait_done(cpu, 1000);
			}
		for (unsigned int cpu = 1; cpu < plat.ncpus; cpu++) {
			uint64_t end = counter_read() + ms_to_ticks(1000);

			while (cpu_is_up(cpu) &&
			       psci_affinity_info(plat.mpidr[cpu]) != 1 &&
			       counter_read() < end)
				wfe();
		}
	}
	tl_mark(native ? "root Linux entered (native, EL2)"
		       : "root Linux entered",
		0);
	tl_print();
	pr_info("starting the root Linux%s\n\n",
		native ? " natively at EL2, WITHOUT the hypervisor" : "");
	if (native)
		linux_enter_el2(kernel, dtb);
	linux_enter_el1(kernel, dtb);
}
