/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One number parser for every program of jhboot that reads numbers from
 * text: the bundle reader (lib/bundle.c, firmware and host), the demo
 * inmate's parameter string and jhctl. Header only, no libc.
 */
#ifndef JH_COMMON_PARSE_NUM_H
#define JH_COMMON_PARSE_NUM_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The whole of s up to end (or up to its NUL when end is NULL) as an
 * unsigned number: base 0 means decimal, or hexadecimal with a 0x/0X
 * prefix; base 16 means hexadecimal with or without the prefix. No sign,
 * no spaces; false on anything else, on no digits and on overflow.
 */
static inline bool jh_parse_num(const char *s, const char *end,
				unsigned int base, uint64_t *v)
{
	uint64_t r = 0;
	bool digits = false;

	if ((!end || end - s > 2) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (base != 16) {
		base = 10;
	}
	for (; end ? s < end : *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		if (r > (UINT64_MAX - d) / base)
			return false;
		r = r * base + d;
		digits = true;
	}
	if (!digits)
		return false;
	*v = r;
	return true;
}

#endif
