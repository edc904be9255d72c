// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Memory jhboot must not overwrite while it works: its own image, stacks
 * and tables, the DT it was given and the bundle. Every copy into
 * hypervisor or cell memory is checked against this list first.
 */
#include "jhboot.h"

#define MAX_BUSY 16

static struct {
	const char *what;
	uint64_t base, size;
} busy[MAX_BUSY];
static unsigned int nbusy;

void busy_add(const char *what, uint64_t base, uint64_t size)
{
	if (nbusy < MAX_BUSY) {
		busy[nbusy].what = what;
		busy[nbusy].base = base;
		busy[nbusy].size = size;
		nbusy++;
	}
}

const char *busy_overlap(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < nbusy; i++)
		if (base < busy[i].base + busy[i].size &&
		    busy[i].base < base + size)
			return busy[i].what;
	return NULL;
}
