// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * SHA-256 block function selection: the Armv8 Cryptographic Extension
 * when ID_AA64ISAR0_EL1.SHA2 says the CPU has it (cortex-a57 does), else
 * the portable C version from lib/. This file alone is compiled with
 * +crypto (boot/boot.mk), and its code only runs after the check.
 */
#include "jhboot.h"
#include <arm_neon.h>
#include <asm/arch.h>

#define ID_AA64ISAR0_SHA2_SHIFT 12

static void sha256_blocks_ce(uint32_t state[8], const uint8_t *p,
			     size_t nblocks)
{
	uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);

	for (; nblocks; nblocks--, p += 64) {
		uint32x4_t m[4], abcd0 = abcd, efgh0 = efgh;

		for (int i = 0; i < 4; i++)
			m[i] = vreinterpretq_u32_u8(
				vrev32q_u8(vld1q_u8(p + 16 * i)));
		/* 16 steps of 4 rounds; the schedule runs 3 steps ahead */
		for (int i = 0; i < 16; i++) {
			uint32x4_t t = vaddq_u32(
				m[i & 3], vld1q_u32(&jh_sha256_k[4 * i]));
			uint32x4_t a = abcd;

			if (i < 12)
				m[i & 3] = vsha256su1q_u32(
					vsha256su0q_u32(m[i & 3],
							m[(i + 1) & 3]),
					m[(i + 2) & 3], m[(i + 3) & 3]);
			abcd = vsha256hq_u32(abcd, efgh, t);
			efgh = vsha256h2q_u32(efgh, a, t);
		}
		abcd = vaddq_u32(abcd, abcd0);
		efgh = vaddq_u32(efgh, efgh0);
	}
	vst1q_u32(state, abcd);
	vst1q_u32(state + 4, efgh);
}

jh_sha256_blocks_fn sha256_blocks_fn(void)
{
	if ((read_sysreg(id_aa64isar0_el1) >> ID_AA64ISAR0_SHA2_SHIFT) & 0xf)
		return sha256_blocks_ce;
	return jh_sha256_blocks_portable;
}
