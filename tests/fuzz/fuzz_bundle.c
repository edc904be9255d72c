// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for lib/bundle.c, the boot bundle reader the firmware
 * runs on an untrusted FIT image. The input is the whole bundle file.
 *
 * After jhb_open() every accessor is walked the way the firmware walks
 * it (boot/common/hv.c, cells.c, linux.c, supervisor.c): every blob's
 * bytes are read and hashed with jhb_verify(), every string property is
 * read to its NUL and parsed with the jhb_parse_* helpers, configs are
 * parsed and cell images translated through the cell's loadable regions.
 * Besides ASan/UBSan, the target aborts when the reader hands out a
 * pointer outside the input, a string without its NUL inside the input,
 * a count beyond its array, or values that contradict its own contract
 * (a digest that disagrees with the blob, a kept string its parser
 * refuses).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "jhconfig.h"

static const uint8_t *in_lo, *in_hi; /* the input: [in_lo, in_hi) */
static volatile uint32_t sink;	     /* keeps the byte walks alive */

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* [p, p + n) lies inside the input */
static bool inside(const void *p, size_t n)
{
	const uint8_t *b = p;

	return b >= in_lo && b <= in_hi && n <= (size_t)(in_hi - b);
}

/* A string the reader returned: inside the input, NUL-terminated there. */
static size_t string(const char *s)
{
	size_t max, n;

	if (!s)
		return 0;
	check(inside(s, 1));
	max = (size_t)(in_hi - (const uint8_t *)s);
	n = strnlen(s, max);
	check(n < max);
	return n;
}

/* Every byte of a blob, its hash, and its contract. */
static void blob(const struct jhb_blob *b)
{
	uint8_t a1[JH_SHA256_LEN], a2[JH_SHA256_LEN];
	uint32_t sum = 0;
	int e1, e2;

	string(b->node);
	if (b->err) {
		/* the root kernel keeps its data when only jhboot,bootargs
		 * is malformed; everything else drops it */
		check(!b->data ? !b->size : inside(b->data, b->size));
		check(jhb_verify(b, NULL, NULL) == b->err);
		check(jhb_strerror(b->err) != NULL);
		return;
	}
	if (!b->node) {
		/* absent optional blob: nothing to hand out */
		check(!b->data && !b->size && !b->has_sha256);
		check(jhb_verify(b, NULL, NULL) == 0);
		return;
	}
	check(b->data != NULL);
	check(inside(b->data, b->size));
	for (size_t i = 0; i < b->size; i++)
		sum += b->data[i];
	sink += sum;

	e1 = jhb_verify(b, NULL, a1);
	e2 = jhb_verify(b, jh_sha256_blocks_portable, a2);
	check(e1 == e2 && (e1 == 0 || e1 == JHB_E_HASH));
	if (b->has_sha256) {
		check(!memcmp(a1, a2, sizeof(a1)));
		check((e1 == 0) == !memcmp(a1, b->sha256, sizeof(a1)));
	} else {
		check(e1 == 0);
	}
}

/* The supervised-mode strings: kept only when their parser accepts them
 * (jhb_open drops the others), and jhb_may() never grants on a bad list. */
static void cell_strings(const struct jhb_cell *c)
{
	static const char *const cmds[] = { "restart", "stop", "start",
					    "status", "bogus" };
	uint64_t addr;
	uint32_t ms;
	int n;

	string(c->node);
	string(c->name);
	check(string(c->args) <= JHB_ARGS_MAX);
	string(c->bootargs);
	string(c->restart);
	string(c->may);
	string(c->heartbeat);
	string(c->mailbox);
	check(!c->err || c->err_what != NULL);
	check(c->err_index >= -1 && c->err_index < (int)c->nimages);

	if (c->restart)
		check(jhb_parse_restart(c->restart, &n) == 0);
	if (c->heartbeat)
		check(jhb_parse_heartbeat(c->heartbeat, &addr, &ms) == 0 &&
		      addr && !(addr & 3) && ms >= 1 && ms <= 3600000);
	if (c->mailbox)
		check(jhb_parse_mailbox(c->mailbox, &addr) == 0 && addr &&
		      !(addr & 0xfff));
	for (size_t i = 0; i < JH_ARRAY_SIZE(cmds); i++) {
		bool granted = jhb_may(c->may, cmds[i], c->name);

		check(!granted || (c->may && jhb_check_may(c->may) == 0));
		jhb_may(c->may, cmds[i], "*");
	}
	if (c->may)
		check(jhb_check_may(c->may) == 0);
}

/* What cells.c check_cell() does with a cell once its config parses. */
static void cell_config(const struct jhc_system *sys, bool sys_ok,
			const struct jhb_cell *c, struct jhc_cell *out,
			bool *ok)
{
	struct jhc_diag d;

	*ok = false;
	if (c->config.err || !c->config.data ||
	    jhc_parse_cell(c->config.data, c->config.size, out, &d))
		return;
	check(out->size <= c->config.size);
	jhc_check_cell(out, NULL, NULL, &d);
	if (sys_ok)
		jhc_check_cell_against_system(sys, out, NULL, NULL, &d);
	for (unsigned int i = 0; i < c->nimages; i++) {
		const struct jhb_image *im = &c->images[i];
		uint64_t phys;

		if (!im->blob.err)
			jhc_translate_loadable(out, im->load, im->blob.size,
					       &phys);
	}
	if (c->args)
		jhc_translate_loadable(out,
				       (c->nimages ? c->images[0].load : 0) +
					       JHB_ARGS_OFFSET,
				       strlen(c->args) + 1, NULL);
	*ok = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jhb_bundle b;
	static struct jhc_cell cells[JHB_MAX_CELLS];
	struct jhc_system sys;
	struct jhc_diag d;
	unsigned int n = 0;
	bool sys_ok = false, ok;
	int err;

	in_lo = data;
	in_hi = data + size;
	err = jhb_open(&b, data, size);
	check(jhb_strerror(err) != NULL);
	if (err) {
		check(err < 0);
		return 0;
	}

	check(b.ncells <= JHB_MAX_CELLS);
	blob(&b.hypervisor);
	blob(&b.system);
	blob(&b.linux_image);
	blob(&b.initrd);
	string(b.bootargs);

	if (!b.system.err && b.system.data &&
	    jhc_parse_system(b.system.data, b.system.size, &sys, &d) == 0) {
		check(sys.size <= b.system.size);
		sys_ok = jhc_check_system(&sys, NULL, NULL, &d) == 0;
	}

	for (unsigned int i = 0; i < b.ncells; i++) {
		const struct jhb_cell *c = &b.cells[i];

		check(c->nimages <= JHB_MAX_CELL_IMAGES);
		cell_strings(c);
		blob(&c->config);
		for (unsigned int k = 0; k < c->nimages; k++)
			blob(&c->images[k].blob);
		blob(&c->linux_image);
		blob(&c->linux_dtb);
		blob(&c->linux_initrd);
		cell_config(&sys, sys_ok, c, &cells[n], &ok);
		if (ok)
			n++;
	}
	if (sys_ok && n)
		jhc_check_whole(&sys, cells, n, NULL, NULL, &d);
	return 0;
}
