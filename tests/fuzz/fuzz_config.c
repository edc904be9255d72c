// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for lib/jhconfig.c. The input is read as a system
 * config followed by up to 4 cell configs (the layout a loader sees when
 * configs sit back to back), and on its own as one cell config. Every
 * entry point runs on whatever parses; besides the sanitizers it checks
 * that a reported diagnostic points inside the input and that "report all"
 * and "first problem" modes agree on the first error.
 */
#include <stdint.h>
#include <stdlib.h>

#include "jhconfig.h"

#define MAX_CELLS 4

static unsigned int reports;

static void count(void *ctx, const struct jhc_diag *d)
{
	size_t len = *(const size_t *)ctx;
	char name[96];

	if (!d->field || !d->what || d->offset >= len)
		abort();
	jhc_field_name(d, name, sizeof(name));
	reports++;
}

/* Both reporting modes must agree on the first error. */
#define BOTH(call_report, call_first)                                          \
	do {                                                                   \
		struct jhc_diag a, b;                                          \
		int ea = (call_report), eb = (call_first);                     \
		if (ea != eb ||                                                \
		    (ea && (a.err != b.err || a.offset != b.offset)))          \
			abort();                                               \
	} while (0)

static void try_translate(const struct jhc_cell *c, const uint8_t *data,
			  size_t size)
{
	uint64_t ipa = 0, len = 0x1000, phys;
	struct jh_memory m;

	if (size >= 16) {
		memcpy(&ipa, data + size - 16, 8);
		memcpy(&len, data + size - 8, 8);
	}
	jhc_translate_loadable(c, ipa, len, &phys);
	jhc_translate_loadable(c, 0, 0x1000, &phys);
	/* the first region always decides for its own start address */
	if (c->desc->num_memory_regions) {
		jhc_mem_at(c, 0, &m);
		/* (a region of size 0 contains nothing) */
		if (m.size &&
		    jhc_translate_loadable(c, m.virt_start, m.size, &phys) ==
			    0 &&
		    (phys != m.phys_start || !(m.flags & JH_MEM_LOADABLE) ||
		     !(m.flags & JH_MEM_WRITE)))
			abort();
	}
}

static void cell_queries(const struct jhc_cell *c)
{
	struct jh_irqchip ic;
	struct jh_pci_device p;

	jhc_cpu_count(c);
	jhc_cpu_max(c);
	jhc_cpu_first(c);
	jhc_cpu_in(c, 3);
	if (c->desc->num_irqchips)
		jhc_irqchip_at(c, c->desc->num_irqchips - 1, &ic);
	if (c->desc->num_pci_devices)
		jhc_pci_at(c, c->desc->num_pci_devices - 1, &p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jhc_system s;
	struct jhc_cell cells[MAX_CELLS], c;
	struct jhc_diag d;
	unsigned int n = 0;
	size_t off, sz;
	char name[64];

	jhc_system_size(data, size, &sz);
	jhc_cell_size(data, size, &sz);

	if (jhc_parse_system(data, size, &s, &d) == 0) {
		if (s.size > size)
			abort();
		BOTH(jhc_check_system(&s, count, &size, &a),
		     jhc_check_system(&s, NULL, NULL, &b));
		cell_queries(&s.root);
		off = s.size;
		while (n < MAX_CELLS && off < size &&
		       jhc_parse_cell(data + off, size - off, &cells[n],
				      NULL) == 0) {
			/* diagnostics of a cell are relative to its start */
			size_t rest = size - off;

			BOTH(jhc_check_cell(&cells[n], count, &rest, &a),
			     jhc_check_cell(&cells[n], NULL, NULL, &b));
			BOTH(jhc_check_cell_against_system(&s, &cells[n], count,
							   &rest, &a),
			     jhc_check_cell_against_system(&s, &cells[n], NULL,
							   NULL, &b));
			try_translate(&cells[n], data, size);
			off += cells[n].size;
			n++;
		}
		if (n) {
			size_t big = SIZE_MAX; /* offsets are per cell file */

			BOTH(jhc_check_whole(&s, cells, n, count, &big, &a),
			     jhc_check_whole(&s, cells, n, NULL, NULL, &b));
		}
	} else {
		jhc_field_name(&d, name, sizeof(name));
		jhc_strerror(d.err);
	}

	if (jhc_parse_cell(data, size, &c, &d) == 0) {
		if (c.size > size)
			abort();
		BOTH(jhc_check_cell(&c, count, &size, &a),
		     jhc_check_cell(&c, NULL, NULL, &b));
		cell_queries(&c);
		try_translate(&c, data, size);
	} else {
		jhc_field_name(&d, name, sizeof(name));
	}
	return 0;
}
