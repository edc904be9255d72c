/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The root Linux's device tree, fixed up to describe exactly what the
 * root cell owns (used by the firmware at boot and by the host tools to
 * preview it). Freestanding, libfdt only.
 *
 * What the root owns: the CPUs of the root cell minus those of every
 * running cell; as RAM the root cell's RAM regions (R+W+X, not IO, COMM,
 * ROOTSHARED) inside the DT's memory, minus hypervisor memory and every
 * running cell's non-shared regions; as devices whatever lies inside a
 * root region and outside those cells' non-shared regions, plus the GIC
 * (Jailhouse emulates the distributor). Without a hypervisor (native
 * fallback) all CPUs and devices stay and only hypervisor memory is cut.
 */
#ifndef JHBOOT_LIB_ROOTDT_H
#define JHBOOT_LIB_ROOTDT_H

#include "jh_env.h"
#include "jhconfig.h"

#define JHR_MAX_RANGES 64
#define JHR_MAX_CPUS 256

struct jhr_range {
	uint64_t base, size;
};

/* A sorted set of disjoint address ranges. */
struct jhr_rset {
	unsigned int n;
	bool overflow;
	struct jhr_range r[JHR_MAX_RANGES];
};

void jhr_rset_init(struct jhr_rset *s);
void jhr_rset_add(struct jhr_rset *s, uint64_t base, uint64_t size);
void jhr_rset_sub(struct jhr_rset *s, uint64_t base, uint64_t size);
/* s = s ∩ o */
void jhr_rset_and(struct jhr_rset *s, const struct jhr_rset *o);
/* [base, base+size) entirely inside one range of s */
bool jhr_rset_covers(const struct jhr_rset *s, uint64_t base, uint64_t size);
bool jhr_rset_touches(const struct jhr_rset *s, uint64_t base, uint64_t size);
uint64_t jhr_rset_total(const struct jhr_rset *s);

enum {
	JHR_E_FDT = -200,     /* libfdt error while editing */
	JHR_E_NOMEM = -201,   /* no RAM would be left to the root */
	JHR_E_BOOTCPU = -202, /* the boot CPU is not the root's */
	JHR_E_RANGES = -203,  /* too many ranges */
};

struct jhr_view {
	bool native;		 /* no hypervisor: everything but hv memory */
	struct jhr_rset ram;	 /* RAM Linux may use */
	struct jhr_rset devices; /* MMIO the root may touch */
	struct jhr_rset cut;	 /* owned by cells or the hypervisor */
	uint8_t cpus[JHR_MAX_CPUS / 8]; /* logical ids the root keeps */
	uint64_t gicd_base, gicr_base;
};

/*
 * Compute the view. sys may be NULL for a native boot (then hv_base/size
 * describe memory to keep out, 0 for none). cells: the cells that exist.
 */
int jhr_compute(struct jhr_view *v, const void *fdt,
		const struct jhc_system *sys, const struct jhc_cell *cells,
		unsigned int ncells, uint64_t hv_base, uint64_t hv_size);

/* Called for every change the fixup makes (what: static text). */
typedef void (*jhr_note_fn)(void *ctx, const char *what, const char *node,
			    uint64_t addr);

/*
 * Apply the view to fdt (writable, with room: fdt_open_into first).
 * boot_mpidr: the CPU Linux will boot on (logical id 0); ~0 = the first
 * CPU node. bootargs may be NULL (kept as is); initrd_size 0 = none.
 */
int jhr_fixup(void *fdt, const struct jhr_view *v, uint64_t boot_mpidr,
	      const char *bootargs, uint64_t initrd_start, uint64_t initrd_size,
	      jhr_note_fn note, void *ctx);

#endif
