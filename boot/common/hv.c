// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 4: load the hypervisor and enter it on every root CPU at once —
 * what `jailhouse enable` and the Linux driver do (jailhouse-interface.md
 * §1.4, §1.7, §2). jhboot checks harder than the driver, because the
 * hypervisor itself checks almost nothing (§4.9, §14.6).
 */
#include "jhboot.h"
#include "abi/jailhouse_header.h"
#include "bundle.h"
#include "jhconfig.h"
#include <asm/arch.h>

struct hv_state hv;
static volatile uint32_t enter_go;

void report_diag(const char *what, const struct jhc_diag *d)
{
	if (d->index >= 0)
		pr_err("%s: %s[%d]: %s (0x%lx) [%s, byte %u]\n", what,
		       d->field ? d->field : "?", d->index,
		       d->what ? d->what : "", (unsigned long)d->value,
		       jhc_strerror(d->err), d->offset);
	else
		pr_err("%s: %s: %s (0x%lx) [%s, byte %u]\n", what,
		       d->field ? d->field : "?", d->what ? d->what : "",
		       (unsigned long)d->value, jhc_strerror(d->err),
		       d->offset);
}

static void report_cb(void *ctx, const struct jhc_diag *d)
{
	report_diag(ctx, d);
}

/* Verify a blob's sha256; print both digests on mismatch. */
int verify_blob(const char *what, const struct jhb_blob *blob)
{
	uint8_t actual[JH_SHA256_LEN];
	int err;

	if (!blob->err && !blob->has_sha256) {
		/* jhboot uses only images it could check */
		pr_err("%s (%s): no sha256 hash in the bundle, refusing it\n",
		       what, blob->node ? blob->node : "?");
		return JHB_E_HASH;
	}
	err = jhb_verify(blob, sha256_blocks_fn(), actual);
	if (!err)
		return 0;
	pr_err("%s (%s): sha256 mismatch, refusing it\n", what,
	       blob->node ? blob->node : "?");
	jh_printf("jhboot:   expected ");
	print_hex_digest(blob->sha256, JH_SHA256_LEN);
	jh_printf("\njhboot:   actual   ");
	print_hex_digest(actual, JH_SHA256_LEN);
	jh_printf("\n");
	return err;
}

static int fail(const char *why)
{
	hv.why = why;
	return -1;
}

int hv_prepare(const struct jhb_bundle *b)
{
	const struct jh_fw_header *h;
	struct jhc_system s;
	struct jhc_diag d;
	uint64_t cfg_off;
	const char *busy;

	if (!b->hypervisor.data || b->hypervisor.err)
		return fail("the bundle has no usable hypervisor image");
	if (!b->system.data || b->system.err)
		return fail("the bundle has no usable system config");
	if (verify_blob("system config", &b->system))
		return fail("system config: hash mismatch");
	if (jhc_parse_system(b->system.data, b->system.size, &s, &d)) {
		report_diag("system config", &d);
		return fail("system config is malformed");
	}
	/* From here on, a native fallback keeps Linux out of the memory the
	 * system config gives the hypervisor, when that is plausible RAM. */
	if (s.sys->hypervisor_memory.phys_start % JH_HV_MEM_ALIGN == 0 &&
	    range_is_ram(s.sys->hypervisor_memory.phys_start,
			 s.sys->hypervisor_memory.size)) {
		hv.phys = s.sys->hypervisor_memory.phys_start;
		hv.size = s.sys->hypervisor_memory.size;
	}
	if (jhc_check_system(&s, report_cb, "system config", &d))
		return fail("system config failed its checks");
	if (verify_blob("hypervisor", &b->hypervisor))
		return fail("hypervisor image: hash mismatch");
	hv.sys_cfg = b->system.data;
	hv.sys_size = s.size;
	hv.sys = s;

	h = (const void *)b->hypervisor.data;
	if (b->hypervisor.size < sizeof(*h) ||
	    memcmp(h->signature, JH_HDR_SIGNATURE, JH_HDR_SIGNATURE_LEN))
		return fail("hypervisor image has no JAILHOUS header");
	hv.phys = s.sys->hypervisor_memory.phys_start;
	hv.size = s.sys->hypervisor_memory.size;
	hv.core_size = h->core_size;
	hv.percpu_size = h->percpu_size;
	hv.console_page = h->console_page;
	hv.entry = hv.phys + h->entry;
	hv.max_cpus = jhc_cpu_max(&s.root);
	hv.online_cpus = jhc_cpu_count(&s.root);

	if (hv.phys % JH_HV_MEM_ALIGN)
		return fail("hypervisor memory is not 2 MiB aligned");
	if (!range_is_ram(hv.phys, hv.size))
		return fail("hypervisor memory is not RAM in the DT");
	busy = busy_overlap(hv.phys, hv.size);
	if (busy) {
		pr_err("hypervisor memory 0x%lx+0x%lx overlaps %s\n", hv.phys,
		       hv.size, busy);
		return fail("hypervisor memory overlaps what jhboot uses");
	}
	if (b->hypervisor.size >= hv.size ||
	    h->core_size < b->hypervisor.size || h->core_size % PAGE_SIZE ||
	    !h->percpu_size || h->percpu_size % PAGE_SIZE ||
	    h->entry >= b->hypervisor.size)
		return fail("hypervisor header sizes are inconsistent");
	/* a crafted header must not wrap the layout arithmetic around */
	if (hv.max_cpus &&
	    hv.percpu_size > (UINT64_MAX - hv.core_size) / hv.max_cpus)
		return fail("hypervisor header sizes are inconsistent");
	cfg_off = JH_CONFIG_OFFSET(hv.core_size, hv.max_cpus, hv.percpu_size);
	if (cfg_off >= hv.size || hv.sys_size >= hv.size - cfg_off)
		return fail("hypervisor memory too small for core, per-CPU "
			    "data and config");
	if (cfg_off + ALIGN_UP(hv.sys_size, PAGE_SIZE) + 4 * PAGE_SIZE > SZ_2M)
		pr_warn("hypervisor: per-CPU data and config end beyond the "
			"early 2 MiB window (%u CPUs)\n",
			hv.max_cpus);

	/* Root CPUs are jhboot's logical ids; every one must be up. */
	if (!jhc_cpu_in(&s.root, 0))
		return fail("the boot CPU (0) is not in the root cell: "
			    "unsupported layout");
	for (unsigned int cpu = 0; cpu < hv.max_cpus; cpu++) {
		if (!jhc_cpu_in(&s.root, cpu))
			continue;
		if (cpu >= plat.ncpus) {
			pr_err("root cell CPU %u is not in the DT (%u CPUs)\n",
			       cpu, plat.ncpus);
			return fail("root cell names a CPU the DT lacks");
		}
		if (!cpu_is_up(cpu)) {
			pr_err("root cell CPU %u did not come up\n", cpu);
			return fail("a root cell CPU is not running");
		}
		if ((plat.mpidr[cpu] & 0xff) >= 16)
			return fail("MPIDR.Aff0 >= 16: GICv3 SGI targets "
				    "cannot reach it");
	}
	return 0;
}

static void load(const struct jhb_bundle *b)
{
	struct jh_fw_header *h = (void *)(uintptr_t)hv.phys;
	uint64_t img = ALIGN_UP(b->hypervisor.size, 64);
	uint64_t cfg_off =
		JH_CONFIG_OFFSET(hv.core_size, hv.max_cpus, hv.percpu_size);
	const struct jh_system *sys = hv.sys_cfg;

	copy_image(h, b->hypervisor.data, b->hypervisor.size);
	memset((uint8_t *)h + b->hypervisor.size, 0, img - b->hypervisor.size);
	/* The page pool assumes never-used pages are zero (§1.1). */
	zero_range(hv.phys + img, hv.size - img);
	h->max_cpus = hv.max_cpus;
	h->online_cpus = hv.online_cpus;
	h->debug_console_base = 0;
	h->arm_linux_hyp_vectors = (uint64_t)(uintptr_t)el2_stub_vectors;
	h->arm_linux_hyp_abi = JH_HYP_STUB_ABI_OPCODE;
	h->pad = 0;
	memcpy((uint8_t *)h + cfg_off, hv.sys_cfg, hv.sys_size);

	/* Optional clock gate of the debug UART (§1.4 step 9) */
	if (sys->debug_console.clock_reg) {
		uint64_t reg = sys->debug_console.clock_reg;
		uint32_t v = (uint32_t)mmio_read32(reg);
		uint32_t bit = 1u << (sys->debug_console.gate_nr & 31);

		if (sys->debug_console.flags & JH_CON_FLAG_INVERTED_GATE)
			v &= ~bit;
		else
			v |= bit;
		mmio_write32(reg, v);
	}
	dcache_clean_inval_range(hv.phys, hv.size);
	icache_inval_all();
}

/* A hypercall, with its duration counted as the hypervisor's time. */
int64_t hv_call(uint64_t code, uint64_t a1, uint64_t a2)
{
	uint64_t t0 = counter_read();
	int64_t r = jh_hypercall(code, a1, a2);

	tl_hv_ticks += counter_read() - t0;
	return r;
}

/* Runs on every root CPU (CPU 0 included) once enter_go is set. */
void hv_enter_on_this_cpu(unsigned int cpu)
{
	int (*entry)(unsigned int) = (int (*)(unsigned int))(uintptr_t)hv.entry;
	int ret;

	while (!__atomic_load_n(&enter_go, __ATOMIC_ACQUIRE))
		wfe();
	ret = entry(cpu);
	cpu_slots[cpu].result = ret;
	cpu_slots[cpu].t_entered = counter_read();
}

int hv_enable(const struct jhb_bundle *b)
{
	struct jhc_system s;
	struct jhc_diag d;
	int64_t ret;

	jhc_parse_system(hv.sys_cfg, hv.sys_size, &s, &d);
	/* CPUs the root cell does not have would run outside the
	 * hypervisor's control: power them off first. */
	for (unsigned int cpu = 1; cpu < plat.ncpus; cpu++)
		if (cpu_is_up(cpu) && !jhc_cpu_in(&s.root, cpu)) {
			pr_warn("CPU %u is in the DT but not in the root cell: "
				"powered off\n",
				cpu);
			smp_command(cpu, CMD_OFF);
			smp_wait_done(cpu, 1000);
			cpu_set_down(cpu);
		}
	load(b);
	tl_mark("hypervisor loaded", 0);
	enter_go = 0;
	dsb(ish);
	for (unsigned int cpu = 1; cpu < hv.max_cpus; cpu++)
		if (jhc_cpu_in(&s.root, cpu))
			smp_command(cpu, CMD_ENTER);
	pr_info("entering the hypervisor on %u CPUs\n", hv.online_cpus);
	__atomic_store_n(&enter_go, 1, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
	{
		uint64_t t0 = counter_read();

		hv_enter_on_this_cpu(0);
		tl_hv_ticks += counter_read() - t0;
	}
	ret = cpu_slots[0].result;
	for (unsigned int cpu = 1; cpu < hv.max_cpus; cpu++) {
		if (!jhc_cpu_in(&s.root, cpu))
			continue;
		if (!smp_wait_done(cpu, 10000)) {
			pr_err("CPU %u did not return from the hypervisor "
			       "entry\n",
			       cpu);
			ret = ret ? ret : -1;
			continue;
		}
		if (cpu_slots[cpu].result != ret) {
			pr_err("CPU %u: entry returned %ld, CPU 0 %ld\n", cpu,
			       (long)cpu_slots[cpu].result, (long)ret);
			if (!ret)
				ret = cpu_slots[cpu].result;
		}
	}
	hv.error = ret;
	if (ret) {
		hv.why = "the hypervisor's entry returned an error";
		return (int)ret;
	}
	hv.enabled = true;
	tl_mark("hypervisor enabled", 0);
	return 0;
}
