// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Supervised mode (jhboot-mkbundle --supervise): jhboot stays resident as
 * the root cell on the boot CPU instead of booting a root Linux.
 */
#include "jhboot.h"
#include "bundle.h"

void supervise_run(const struct jhb_bundle *b)
{
	(void)b;
	pr_err("supervised mode is not implemented yet\n");
}
