/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef JHBOOT_LIBC_STDLIB_H
#define JHBOOT_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

#endif
