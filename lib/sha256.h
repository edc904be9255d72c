/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* SHA-256 (FIPS 180-4), portable; the firmware may swap in the Armv8
 * SHA-256 instructions through jh_sha256_blocks (weak-free: selected at
 * run time by a function pointer in the context). */
#ifndef JHBOOT_LIB_SHA256_H
#define JHBOOT_LIB_SHA256_H

#include "jh_env.h"

#define JH_SHA256_LEN 32

typedef void (*jh_sha256_blocks_fn)(uint32_t state[8], const uint8_t *p,
				    size_t nblocks);

struct jh_sha256 {
	uint32_t state[8];
	uint64_t total;
	uint8_t buf[64];
	size_t fill;
	jh_sha256_blocks_fn blocks;
};

/* FIPS 180-4 round constants, shared with accelerated block functions */
extern const uint32_t jh_sha256_k[64];

void jh_sha256_blocks_portable(uint32_t state[8], const uint8_t *p,
			       size_t nblocks);
/* blocks == NULL selects the portable implementation */
void jh_sha256_init(struct jh_sha256 *c, jh_sha256_blocks_fn blocks);
void jh_sha256_update(struct jh_sha256 *c, const void *data, size_t len);
void jh_sha256_final(struct jh_sha256 *c, uint8_t out[JH_SHA256_LEN]);
void jh_sha256(const void *data, size_t len, uint8_t out[JH_SHA256_LEN],
	       jh_sha256_blocks_fn blocks);

#endif
