// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Linux in a non-root cell (bundle: --cell X.cell --linux-image Image
 * --linux-dtb cell.dtb [--linux-initrd F] [--bootargs S]), without
 * Jailhouse's inmate tools. Placement as upstream's `jailhouse cell linux`
 * makes it (jailhouse-interface.md §9.2): in the first RAM region of the
 * cell (R|W|X|DMA, loadable, not I/O, comm or shared) the DT at its base
 * (+8 KiB when that is cell address 0), the kernel at the next 2 MiB
 * boundary + text_offset, the initrd after the kernel's image_size.
 * jhboot's own entry stub (cell_tramp.S) goes to cpu_reset_address with
 * the kernel and DT addresses right behind it. The DT from the bundle is
 * fixed up with libfdt: /chosen bootargs and initrd, /memory = that RAM
 * region as the cell sees it, and a GICv3 redistributor range shrunk to
 * the frames of the system's CPUs (upstream's inmate DT declares one that
 * overlaps the virtual PCI config space, §15.3; Linux walks the frames
 * until the one marked Last, which Jailhouse sets on the last CPU of the
 * system, so the range must reach it), and, when the bundle gives
 * the cell a mailbox (supervised mode), a no-map /reserved-memory node
 * `jhboot-mailbox@ADDR` (compatible "jhboot,mailbox", the page as the cell
 * addresses it) for jhctl (tools/jhctl) to find.
 */
#include "jhboot.h"
#include "bundle.h"
#include <asm/arch.h>
#include <libfdt.h>

#define ARM64_IMAGE_MAGIC 0x644d5241u
#define GICR_FRAMES_SIZE 0x20000ull /* RD_base + SGI_base, GICv3 */
#define DT_SLACK 0x2000ull

struct arm64_image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags, res2, res3, res4;
	uint32_t magic, res5;
};

struct layout {
	uint64_t dtb, dt_space, kernel, initrd, tramp; /* cell addresses */
	uint64_t dtb_p, kernel_p, initrd_p, tramp_p;   /* root-physical */
	uint64_t ram, ram_size;			       /* the RAM region */
};

static struct layout layouts[JHB_MAX_CELLS];

extern char cell_tramp_start[], cell_tramp_params[], cell_tramp_end[];

static struct layout *layout_of(struct cell_run *c)
{
	return &layouts[c - cells];
}

int linux_cell_verify(struct cell_run *c)
{
	const struct jhb_cell *bc = c->bundle;
	char what[64];

	jh_snprintf(what, sizeof(what), "cell \"%s\" Linux kernel", c->name);
	if (verify_blob(what, &bc->linux_image))
		return -1;
	jh_snprintf(what, sizeof(what), "cell \"%s\" DT", c->name);
	if (verify_blob(what, &bc->linux_dtb))
		return -1;
	jh_snprintf(what, sizeof(what), "cell \"%s\" initrd", c->name);
	if (bc->linux_initrd.node && verify_blob(what, &bc->linux_initrd))
		return -1;
	return 0;
}

static int place(struct cell_run *c, const char *what, uint64_t addr,
		 uint64_t size, uint64_t *phys)
{
	const char *busy;

	if (jhc_translate_loadable(&c->cfg, addr, size, phys)) {
		pr_err("cell \"%s\": Linux %s (0x%lx bytes at 0x%lx) is not "
		       "inside one loadable region\n",
		       c->name, what, size, addr);
		return -1;
	}
	busy = busy_overlap(*phys, size);
	if (busy) {
		pr_err("cell \"%s\": Linux %s at 0x%lx overlaps %s\n", c->name,
		       what, *phys, busy);
		return -1;
	}
	return 0;
}

int linux_cell_check(struct cell_run *c)
{
	const struct jhb_cell *bc = c->bundle;
	const struct arm64_image_header *ih =
		(const void *)bc->linux_image.data;
	const void *dtb = bc->linux_dtb.data;
	struct layout *l = layout_of(c);
	uint64_t kspan, isize = bc->linux_initrd.size, need;
	size_t args = bc->bootargs ? strlen(bc->bootargs) : 0;
	const uint64_t ram =
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA;

	memset(l, 0, sizeof(*l));
	if (linux_cell_verify(c))
		return -1;
	if (bc->linux_image.size < sizeof(*ih) ||
	    ih->magic != ARM64_IMAGE_MAGIC) {
		pr_err("cell \"%s\": %s is not an arm64 Image\n", c->name,
		       bc->linux_image.node);
		return -1;
	}
	if (bc->linux_dtb.size < sizeof(struct fdt_header) ||
	    fdt_check_header(dtb) || fdt_totalsize(dtb) > bc->linux_dtb.size) {
		pr_err("cell \"%s\": %s is not a device tree\n", c->name,
		       bc->linux_dtb.node);
		return -1;
	}
	kspan = ih->image_size ? ih->image_size
			       : ALIGN_UP(bc->linux_image.size, SZ_2M);
	if (kspan < bc->linux_image.size)
		kspan = bc->linux_image.size;
	l->dt_space = ALIGN_UP(fdt_totalsize(dtb) + DT_SLACK + args, 0x1000);
	need = l->dt_space + 2 * SZ_2M + kspan + ALIGN_UP(isize, 0x1000);
	for (uint32_t i = 0; i < c->cfg.desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(&c->cfg, i, &m);
		if ((m.flags & ram) != ram || !(m.flags & JH_MEM_LOADABLE) ||
		    (m.flags &
		     (JH_MEM_IO | JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED)) ||
		    m.size < need)
			continue;
		l->ram = m.virt_start;
		l->ram_size = m.size;
		break;
	}
	if (!l->ram_size) {
		pr_err("cell \"%s\": no loadable RAM region (R|W|X|DMA) of at "
		       "least 0x%lx bytes for kernel, DT and initrd\n",
		       c->name, need);
		return -1;
	}
	l->dtb = l->ram ? l->ram : 0x2000;
	l->kernel = ALIGN_UP(l->dtb + l->dt_space, SZ_2M) + ih->text_offset;
	l->initrd = ALIGN_UP(l->kernel + kspan, 0x1000);
	l->tramp = c->cfg.desc->cpu_reset_address;
	if (place(c, "DT", l->dtb, l->dt_space, &l->dtb_p) ||
	    place(c, "kernel", l->kernel, kspan, &l->kernel_p) ||
	    (isize && place(c, "initrd", l->initrd, isize, &l->initrd_p)) ||
	    place(c, "entry stub", l->tramp,
		  (uint64_t)(cell_tramp_end - cell_tramp_start), &l->tramp_p))
		return -1;
	if (l->tramp < l->initrd + isize && l->dtb < l->tramp + 0x1000) {
		pr_err("cell \"%s\": cpu_reset_address 0x%lx is inside the "
		       "Linux images\n",
		       c->name, l->tramp);
		return -1;
	}
	pr_info("cell \"%s\": Linux: DT at 0x%lx, kernel at 0x%lx, initrd "
		"%lu bytes at 0x%lx, entry stub at 0x%lx (cell addresses)\n",
		c->name, l->dtb, l->kernel, (unsigned long)isize,
		isize ? l->initrd : 0, l->tramp);
	return 0;
}

static int set_reg(void *fdt, int node, int ac, int sc, uint64_t a, uint64_t s)
{
	fdt32_t v[4];
	int n = 0;

	if (ac == 2)
		v[n++] = cpu_to_fdt32((uint32_t)(a >> 32));
	v[n++] = cpu_to_fdt32((uint32_t)a);
	if (sc == 2)
		v[n++] = cpu_to_fdt32((uint32_t)(s >> 32));
	v[n++] = cpu_to_fdt32((uint32_t)s);
	return fdt_setprop(fdt, node, "reg", v, (int)(n * sizeof(v[0])));
}

static int fix_memory(void *fdt, const struct layout *l, int ac, int sc)
{
	int node, err;
	char name[32];

	/* drop every memory node, then add the one the cell has */
	while ((node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
						     "memory",
						     sizeof("memory"))) >= 0) {
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
	}
	jh_snprintf(name, sizeof(name), "memory@%lx", l->ram);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	return err ? err : set_reg(fdt, node, ac, sc, l->ram, l->ram_size);
}

/* Shrink the GICv3 redistributor range to the frames of all the system's
 * CPUs (§15.3): Linux stops at the frame marked Last, not at the end of
 * the range, and Jailhouse marks the last CPU's frame. */
static int fix_gicr(struct cell_run *c, void *fdt, int ac, int sc)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	uint64_t want = (uint64_t)hv.max_cpus * GICR_FRAMES_SIZE, size;
	const fdt32_t *reg;
	fdt32_t v[16];
	int len, cells = ac + sc;

	if (node < 0)
		return 0;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 2 * cells * 4 || len > (int)sizeof(v) ||
	    (sc != 1 && sc != 2))
		return 0;
	memcpy(v, reg, (size_t)len);
	size = sc == 2 ? ((uint64_t)fdt32_to_cpu(v[cells + ac]) << 32) |
				 fdt32_to_cpu(v[cells + ac + 1])
		       : fdt32_to_cpu(v[cells + ac]);
	if (size <= want)
		return 0;
	if (sc == 2) {
		v[cells + ac] = cpu_to_fdt32((uint32_t)(want >> 32));
		v[cells + ac + 1] = cpu_to_fdt32((uint32_t)want);
	} else {
		v[cells + ac] = cpu_to_fdt32((uint32_t)want);
	}
	pr_info("cell \"%s\": DT: GICv3 redistributor range 0x%lx -> 0x%lx "
		"(the frames of the system's CPUs)\n",
		c->name, size, want);
	return fdt_setprop(fdt, node, "reg", v, len);
}

/* The root-physical address phys as the cell addresses it (its region). */
static int cell_addr(const struct cell_run *c, uint64_t phys, uint64_t *virt)
{
	for (uint32_t i = 0; i < c->cfg.desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(&c->cfg, i, &m);
		if (!(m.flags & JH_MEM_COMM_REGION) && phys >= m.phys_start &&
		    phys - m.phys_start < m.size) {
			*virt = m.virt_start + (phys - m.phys_start);
			return 0;
		}
	}
	return -1;
}

/* /reserved-memory/jhboot-mailbox@ADDR, no-map: where jhctl looks. */
static int add_mailbox(struct cell_run *c, void *fdt, int ac, int sc)
{
	const struct jhb_cell *bc = c->bundle;
	uint64_t phys, addr;
	int rm, node, err;
	char name[40];

	if (!bc->mailbox || jhb_parse_mailbox(bc->mailbox, &phys))
		return 0;
	if (cell_addr(c, phys, &addr)) {
		pr_warn("cell \"%s\": mailbox 0x%lx is not in the cell's "
			"memory: not in its DT\n",
			c->name, phys);
		return 0;
	}
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0) {
		rm = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (rm < 0)
			return rm;
		err = fdt_setprop_u32(fdt, rm, "#address-cells", (uint32_t)ac);
		if (!err)
			err = fdt_setprop_u32(fdt, rm, "#size-cells",
					      (uint32_t)sc);
		if (!err)
			err = fdt_setprop(fdt, rm, "ranges", NULL, 0);
		if (err)
			return err;
	} else {
		/* the cell DT's own node: its cell sizes apply */
		ac = fdt_address_cells(fdt, rm);
		sc = fdt_size_cells(fdt, rm);
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
			return -FDT_ERR_BADNCELLS;
	}
	jh_snprintf(name, sizeof(name), "jhboot-mailbox@%lx", addr);
	node = fdt_add_subnode(fdt, rm, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", "jhboot,mailbox");
	if (!err)
		err = set_reg(fdt, node, ac, sc, addr, PAGE_SIZE);
	if (!err)
		err = fdt_setprop(fdt, node, "no-map", NULL, 0);
	return err;
}

static int fix_dt(struct cell_run *c, void *fdt, const struct layout *l)
{
	const struct jhb_cell *bc = c->bundle;
	int chosen, err, ac = fdt_address_cells(fdt, 0),
			 sc = fdt_size_cells(fdt, 0);

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;
	if (bc->bootargs) {
		err = fdt_setprop_string(fdt, chosen, "bootargs", bc->bootargs);
		if (err)
			return err;
	}
	if (bc->linux_initrd.node) {
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
				      l->initrd);
		if (!err)
			err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					      l->initrd +
						      bc->linux_initrd.size);
		if (err)
			return err;
	} else {
		fdt_delprop(fdt, chosen, "linux,initrd-start");
		fdt_delprop(fdt, chosen, "linux,initrd-end");
	}
	err = fix_memory(fdt, l, ac, sc);
	if (!err)
		err = fix_gicr(c, fdt, ac, sc);
	if (!err)
		err = add_mailbox(c, fdt, ac, sc);
	return err ? err : fdt_pack(fdt);
}

int linux_cell_load(struct cell_run *c)
{
	const struct jhb_cell *bc = c->bundle;
	struct layout *l = layout_of(c);
	void *fdt = (void *)(uintptr_t)l->dtb_p;
	uint64_t *params;
	size_t tramp = (size_t)(cell_tramp_end - cell_tramp_start);
	int err;

	if (!l->kernel_p)
		return -1;
	copy_image((void *)(uintptr_t)l->kernel_p, bc->linux_image.data,
		   bc->linux_image.size);
	dcache_clean_inval_range(l->kernel_p, bc->linux_image.size);
	if (bc->linux_initrd.node) {
		copy_image((void *)(uintptr_t)l->initrd_p,
			   bc->linux_initrd.data, bc->linux_initrd.size);
		dcache_clean_inval_range(l->initrd_p, bc->linux_initrd.size);
	}
	err = fdt_open_into(bc->linux_dtb.data, fdt, (int)l->dt_space);
	if (!err)
		err = fix_dt(c, fdt, l);
	if (err) {
		pr_err("cell \"%s\": DT fix-up failed: %s\n", c->name,
		       fdt_strerror(err));
		return -1;
	}
	dcache_clean_inval_range(l->dtb_p, l->dt_space);
	memcpy((void *)(uintptr_t)l->tramp_p, cell_tramp_start, tramp);
	params = (uint64_t *)(uintptr_t)(l->tramp_p +
					 (uint64_t)(cell_tramp_params -
						    cell_tramp_start));
	params[0] = l->kernel;
	params[1] = l->dtb;
	dcache_clean_inval_range(l->tramp_p, tramp);
	icache_inval_all();
	return 0;
}
