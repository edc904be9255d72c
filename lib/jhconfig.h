/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Jailhouse configuration library (format revision 14, arm64).
 *
 * Works on untrusted (buffer, length) pairs and never reads outside them.
 * Every function returns 0 or a negative JHC_E* code; jhc_strerror() names
 * it. Checks that fail fill a struct jhc_diag naming the field, the array
 * index and the byte offset in the file, so that a tool can print
 * "file: field[index]: what is wrong (value)".
 *
 * Accessors take a validated buffer (jhc_parse_* returned 0).
 */
#ifndef JHBOOT_LIB_JHCONFIG_H
#define JHBOOT_LIB_JHCONFIG_H

#include "abi/jailhouse_config.h"
#include "jh_env.h"

enum {
	JHC_OK = 0,
	JHC_E_TRUNCATED = -1,	 /* buffer shorter than the structure says */
	JHC_E_SIGNATURE = -2,	 /* not JHSYS / JHCLL */
	JHC_E_REVISION = -3,	 /* revision != 14 */
	JHC_E_ARCH = -4,	 /* architecture != arm64 */
	JHC_E_SIZE = -5,	 /* sizes/counts inconsistent with the buffer */
	JHC_E_NAME = -6,	 /* name empty or not NUL-terminated */
	JHC_E_FLAGS = -7,	 /* unknown or contradicting flags */
	JHC_E_ALIGN = -8,	 /* region not page aligned / hv not 2 MiB */
	JHC_E_OVERLAP = -9,	 /* two regions overlap */
	JHC_E_CPUS = -10,	 /* bad CPU set */
	JHC_E_CONSOLE = -11,	 /* bad console description */
	JHC_E_HVMEM = -12,	 /* hypervisor memory bad or overlapped */
	JHC_E_RANGE = -13,	 /* address arithmetic wraps / out of range */
	JHC_E_CONFLICT = -14,	 /* two cells claim the same CPU or memory */
	JHC_E_NOT_ROOT = -15,	 /* resource not owned by the root cell */
	JHC_E_DUPLICATE = -16,	 /* duplicate cell id or name */
	JHC_E_NO_ROOT_CPU = -17, /* no CPU left to the root cell */
	JHC_E_NOT_LOADABLE = -18, /* address not in a LOADABLE region */
	JHC_E_IRQCHIP = -19,	  /* bad irqchip entry */
	JHC_E_PCI = -20,	  /* bad PCI device / capability entry */
	JHC_E_COMM = -21,	  /* bad comm region */
	JHC_E_PLATFORM = -22,	  /* bad platform info (GIC, PCI) */
};

const char *jhc_strerror(int err);

/* What was wrong and where. field is a static string like
 * "mem_regions.phys_start"; index is -1 when not an array element. */
struct jhc_diag {
	int err;
	const char *field;
	int index;
	uint32_t offset;  /* byte offset in the file */
	uint64_t value;	  /* the offending value */
	const char *what; /* short static description */
};

/* Sizes (§4.8). Return 0 and set *size, or a negative code when the buffer
 * cannot hold even the header / counts overflow. */
int jhc_cell_size(const void *buf, size_t len, size_t *size);
int jhc_system_size(const void *buf, size_t len, size_t *size);

/* A parsed view of one cell descriptor and its arrays, pointing into the
 * caller's buffer (elements may be unaligned: read them with the
 * jhc_*_at() helpers or memcpy). */
struct jhc_cell {
	const struct jh_cell_desc *desc;
	const uint8_t *cpu_set; /* desc->cpu_set_size bytes */
	const uint8_t *mem;	/* num_memory_regions * 32 */
	const uint8_t *cache;
	const uint8_t *irqchips;
	const uint8_t *pio;
	const uint8_t *pci_devices;
	const uint8_t *pci_caps;
	const uint8_t *stream_ids;
	size_t size;	   /* bytes of descriptor + arrays */
	uint32_t base_off; /* offset of desc in the file (356 for root) */
};

struct jhc_system {
	const struct jh_system *sys;
	struct jhc_cell root;
	size_t size;
};

/* Structural parse: signature, revision, architecture, sizes vs length.
 * Does not run the semantic checks. */
int jhc_parse_cell(const void *buf, size_t len, struct jhc_cell *cell,
		   struct jhc_diag *diag);
int jhc_parse_system(const void *buf, size_t len, struct jhc_system *sys,
		     struct jhc_diag *diag);

/* Copies of array elements (safe for unaligned data). */
void jhc_mem_at(const struct jhc_cell *c, uint32_t i, struct jh_memory *m);
void jhc_irqchip_at(const struct jhc_cell *c, uint32_t i,
		    struct jh_irqchip *ic);
void jhc_pci_at(const struct jhc_cell *c, uint32_t i, struct jh_pci_device *d);

/* CPU sets */
bool jhc_cpu_in(const struct jhc_cell *c, unsigned int cpu);
unsigned int jhc_cpu_count(const struct jhc_cell *c);
/* highest CPU id set + 1, 0 if none */
unsigned int jhc_cpu_max(const struct jhc_cell *c);
/* lowest CPU id set, -1 if none */
int jhc_cpu_first(const struct jhc_cell *c);

/*
 * Semantic checks of one config (after a successful parse): page alignment
 * of mappable regions, known flags only, no overlaps inside the cell (phys
 * and virt), CPU set within bounds, console, comm region size; for a
 * system additionally hypervisor memory 2 MiB aligned and outside every
 * root region, root regions 1:1, platform info.
 *
 * Reporting: each problem found calls report(ctx, diag) when report is not
 * NULL; the return value is the first error (0 when clean). With report ==
 * NULL the check stops at the first problem and fills *first.
 */
typedef void (*jhc_report_fn)(void *ctx, const struct jhc_diag *diag);

int jhc_check_cell(const struct jhc_cell *c, jhc_report_fn report, void *ctx,
		   struct jhc_diag *first);
int jhc_check_system(const struct jhc_system *s, jhc_report_fn report,
		     void *ctx, struct jhc_diag *first);

/*
 * Whole-system check: every cell CPU and every non-shared (not ROOTSHARED,
 * not COMM_REGION) cell region comes from the root cell; no CPU or
 * non-shared region in two cells; unique ids (non-zero, <= 255 when set)
 * and names; nothing overlaps hypervisor memory; at least one CPU stays
 * with the root. diag->index is the cell index (0-based) for cell-level
 * problems. Returns the first error, reports all.
 */
int jhc_check_cell_against_system(const struct jhc_system *s,
				  const struct jhc_cell *c,
				  jhc_report_fn report, void *ctx,
				  struct jhc_diag *first);
int jhc_check_whole(const struct jhc_system *s, const struct jhc_cell *cells,
		    unsigned int ncells, jhc_report_fn report, void *ctx,
		    struct jhc_diag *first);

/*
 * Translate [ipa, ipa + size) of a cell to host-physical through its
 * LOADABLE (and WRITE) regions, the way the Linux driver loads images: the
 * first region containing ipa must contain the whole range.
 * Returns 0 and *phys, or JHC_E_NOT_LOADABLE / JHC_E_RANGE.
 */
int jhc_translate_loadable(const struct jhc_cell *c, uint64_t ipa,
			   uint64_t size, uint64_t *phys);

/*
 * Writes diag's field with its index in place, e.g. field
 * "root_cell.mem_regions.phys_start" and index 3 give
 * "root_cell.mem_regions[3].phys_start" (the index goes after the first
 * array name; appended when there is none). Always NUL-terminates when
 * len > 0; returns the length the full name needs (like snprintf).
 */
size_t jhc_field_name(const struct jhc_diag *d, char *buf, size_t len);

#endif
