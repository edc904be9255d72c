/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The environment of lib/: the same sources build for the host tools and
 * for the freestanding firmware. Only what is listed here may be used:
 * fixed-width types, bool, size_t and the string functions below (the
 * firmware provides them in boot/libc). No malloc, no stdio.
 */
#ifndef JHBOOT_LIB_JH_ENV_H
#define JHBOOT_LIB_JH_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* memcpy memset memcmp memchr strlen strnlen strcmp */

#define JH_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
