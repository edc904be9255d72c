// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Bulk copies of images (hypervisor, cell images, kernel): 64 bytes per
 * iteration through SIMD registers when source and destination are
 * 16-byte aligned (mkimage -B 0x1000 keeps bundle data page aligned),
 * byte-exact memcpy for the rest.
 */
#include "jhboot.h"
#include <asm/arch.h>

void copy_image(void *dst, const void *src, size_t size)
{
	size_t bulk = 0;

	if ((((uintptr_t)dst | (uintptr_t)src) & 15) == 0) {
		bulk = size & ~(size_t)15;
		if (bulk)
			copy_fast(dst, src, bulk);
	}
	memcpy((uint8_t *)dst + bulk, (const uint8_t *)src + bulk, size - bulk);
}
