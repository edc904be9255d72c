// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Bundle reader: FIT blobs are built here with libfdt's sequential-write
 * API, in the two layouts mkimage produces (inline `data`, external
 * `data-offset` after the FDT) plus `data-position`, then broken one
 * property at a time. A broken cell must not take the others down, and no
 * truncation or corruption may make the reader touch memory outside the
 * buffer (the unit build runs under ASan/UBSan; every buffer handed to
 * jhb_open is a heap block of exactly the tested length).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "bundle.h"

/* ---- test payloads -------------------------------------------------- */

static uint8_t hv[300], sys_cfg[100], c0_cfg[64], c0_img[5000], c1_cfg[48],
	c1_img0[10], c1_img1[70];

struct node_spec {
	const char *name;
	const uint8_t *data;
	size_t size;
	int load_len; /* 0: no jhboot,load, 4 or 8 */
	uint64_t load;
	/* cell nodes only */
	const char *cname;
	const char *images; /* NUL-separated list */
	size_t images_len;
	const char *args;
	const char *restart;
};

static const struct node_spec nodes[] = {
	{ .name = "hypervisor", .data = hv, .size = sizeof(hv) },
	{ .name = "system", .data = sys_cfg, .size = sizeof(sys_cfg) },
	{ .name = "cell0",
	  .data = c0_cfg,
	  .size = sizeof(c0_cfg),
	  .cname = "alpha",
	  .images = "cell0-img0",
	  .images_len = sizeof("cell0-img0"),
	  .args = "name=alpha heartbeat-ms=10" },
	{ .name = "cell0-img0",
	  .data = c0_img,
	  .size = sizeof(c0_img),
	  .load_len = 8,
	  .load = 0x0 },
	{ .name = "cell1",
	  .data = c1_cfg,
	  .size = sizeof(c1_cfg),
	  .cname = "beta",
	  .images = "cell1-img0\0cell1-img1",
	  .images_len = sizeof("cell1-img0\0cell1-img1"),
	  .restart = "on-failure:3" },
	{ .name = "cell1-img0",
	  .data = c1_img0,
	  .size = sizeof(c1_img0),
	  .load_len = 8,
	  .load = 0x10000 },
	{ .name = "cell1-img1",
	  .data = c1_img1,
	  .size = sizeof(c1_img1),
	  .load_len = 4,
	  .load = 0x20000 },
};

enum layout { INLINE, EXTERNAL, POSITION };

/* one deliberate defect per build */
struct mut {
	const char *omit;      /* image node not written at all */
	const char *load_node; /* this node's jhboot,load gets load_len */
	int load_len;	       /* -1: property left out */
	const char *oob_node;  /* this node's data points past the end */
	const char *algo_node; /* this node's hash node gets algo */
	const char *algo;
	int version; /* 0: JHB_VERSION */
	const char *args;
	bool no_conf;
	bool second_hash_crc; /* add a crc32 hash-2 next to sha256 */
};

static void chk(int err)
{
	assert_int_equal(err, 0);
}

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Build the bundle into a fresh heap block of exactly the blob's length. */
static uint8_t *build(enum layout lay, const struct mut *m, size_t *out_len)
{
	static uint8_t fdt[16384];
	uint32_t ext_off[JH_ARRAY_SIZE(nodes)];
	uint32_t next = 0, base;
	uint8_t digest[JH_SHA256_LEN];
	size_t total;
	uint8_t *buf;
	unsigned int i;

	chk(fdt_create(fdt, sizeof(fdt)));
	chk(fdt_finish_reservemap(fdt));
	chk(fdt_begin_node(fdt, ""));
	chk(fdt_property_string(fdt, "description", "unit test bundle"));
	chk(fdt_property_u32(fdt, JHB_PROP_VERSION,
			     m->version ? (uint32_t)m->version : JHB_VERSION));
	chk(fdt_begin_node(fdt, "images"));
	for (i = 0; i < JH_ARRAY_SIZE(nodes); i++) {
		const struct node_spec *n = &nodes[i];
		int load_len = n->load_len;

		if (is(m->omit, n->name))
			continue;
		chk(fdt_begin_node(fdt, n->name));
		if (lay == INLINE) {
			chk(fdt_property(fdt, FIT_PROP_DATA, n->data,
					 (int)n->size));
		} else {
			/* 4 KiB-aligned like mkimage -E -B 0x1000 */
			ext_off[i] = next;
			next += (uint32_t)((n->size + 0xfff) & ~0xfffu);
			chk(fdt_property_u32(fdt, FIT_PROP_DATA_SIZE,
					     (uint32_t)n->size));
			if (is(m->oob_node, n->name))
				chk(fdt_property_u32(fdt, FIT_PROP_DATA_OFFSET,
						     0x100000));
			else if (lay == EXTERNAL)
				chk(fdt_property_u32(fdt, FIT_PROP_DATA_OFFSET,
						     ext_off[i]));
			else /* absolute; fixed FDT area of 16 KiB below */
				chk(fdt_property_u32(fdt,
						     FIT_PROP_DATA_POSITION,
						     0x4000 + ext_off[i]));
		}
		if (lay == INLINE && is(m->oob_node, n->name)) {
			/* inline data cannot be out of range: drop it */
			fail_msg("oob needs an external layout");
		}
		if (is(m->load_node, n->name))
			load_len = m->load_len;
		if (load_len == 8)
			chk(fdt_property_u64(fdt, JHB_PROP_LOAD, n->load));
		else if (load_len == 4)
			chk(fdt_property_u32(fdt, JHB_PROP_LOAD,
					     (uint32_t)n->load));
		else if (load_len > 0)
			chk(fdt_property(fdt, JHB_PROP_LOAD, "\1\2\3\4\5",
					 load_len));
		if (n->cname) {
			const char *args = n->args;

			chk(fdt_property_string(fdt, JHB_PROP_NAME, n->cname));
			chk(fdt_property(fdt, JHB_PROP_CELL_IMAGES, n->images,
					 (int)n->images_len));
			if (m->args && i == 2)
				args = m->args;
			if (args)
				chk(fdt_property_string(fdt, JHB_PROP_ARGS,
							args));
			if (n->restart)
				chk(fdt_property_string(fdt, JHB_PROP_RESTART,
							n->restart));
		}
		chk(fdt_begin_node(fdt, "hash-1"));
		jh_sha256(n->data, n->size, digest, NULL);
		if (is(m->algo_node, n->name)) {
			chk(fdt_property_string(fdt, FIT_PROP_ALGO, m->algo));
			chk(fdt_property(fdt, FIT_PROP_VALUE, digest, 4));
		} else {
			chk(fdt_property_string(fdt, FIT_PROP_ALGO, "sha256"));
			chk(fdt_property(fdt, FIT_PROP_VALUE, digest,
					 sizeof(digest)));
		}
		chk(fdt_end_node(fdt));
		if (m->second_hash_crc) {
			chk(fdt_begin_node(fdt, "hash-2"));
			chk(fdt_property_string(fdt, FIT_PROP_ALGO, "crc32"));
			chk(fdt_property_u32(fdt, FIT_PROP_VALUE, 0x12345678));
			chk(fdt_end_node(fdt));
		}
		chk(fdt_end_node(fdt));
	}
	chk(fdt_end_node(fdt)); /* images */
	if (!m->no_conf) {
		chk(fdt_begin_node(fdt, "configurations"));
		chk(fdt_property_string(fdt, "default", JHB_CONF_NAME));
		chk(fdt_begin_node(fdt, JHB_CONF_NAME));
		chk(fdt_property_string(fdt, JHB_PROP_HYPERVISOR,
					"hypervisor"));
		chk(fdt_property_string(fdt, JHB_PROP_SYSTEM, "system"));
		chk(fdt_property(fdt, JHB_PROP_CELLS, "cell0\0cell1",
				 sizeof("cell0\0cell1")));
		chk(fdt_property_string(fdt, JHB_PROP_BOOTARGS,
					"console=ttyAMA0"));
		chk(fdt_property_u32(fdt, JHB_PROP_SUPERVISE, 1));
		chk(fdt_end_node(fdt));
		chk(fdt_end_node(fdt));
	}
	chk(fdt_end_node(fdt)); /* root */
	chk(fdt_finish(fdt));

	total = fdt_totalsize(fdt);
	if (lay == INLINE) {
		buf = malloc(total);
		assert_non_null(buf);
		memcpy(buf, fdt, total);
		*out_len = total;
		return buf;
	}

	/* external data after the FDT: relative offsets count from the FDT
	 * end rounded up to 4 bytes; absolute ones from a fixed 16 KiB */
	base = lay == EXTERNAL ? (uint32_t)((total + 3) & ~3u) : 0x4000;
	assert_true(total <= base);
	/* end exactly where the last blob ends, as mkimage does */
	i = JH_ARRAY_SIZE(nodes) - 1;
	*out_len = base + ext_off[i] + nodes[i].size;
	buf = calloc(1, *out_len);
	assert_non_null(buf);
	memcpy(buf, fdt, total);
	for (i = 0; i < JH_ARRAY_SIZE(nodes); i++)
		if (!is(m->omit, nodes[i].name))
			memcpy(buf + base + ext_off[i], nodes[i].data,
			       nodes[i].size);
	return buf;
}

static int setup(void **state)
{
	uint8_t *arrays[] = { hv,     sys_cfg, c0_cfg, c0_img,
			      c1_cfg, c1_img0, c1_img1 };
	size_t sizes[] = { sizeof(hv),	   sizeof(sys_cfg), sizeof(c0_cfg),
			   sizeof(c0_img), sizeof(c1_cfg),  sizeof(c1_img0),
			   sizeof(c1_img1) };

	(void)state;
	for (size_t a = 0; a < JH_ARRAY_SIZE(arrays); a++)
		for (size_t i = 0; i < sizes[a]; i++)
			arrays[a][i] = (uint8_t)(i * 13 + a * 41 + 7);
	memcpy(hv, "JAILHOUS", 8);
	return 0;
}

static void expect_blob(const struct jhb_blob *b, const uint8_t *data,
			size_t size)
{
	assert_int_equal(b->err, 0);
	assert_int_equal(b->size, size);
	assert_memory_equal(b->data, data, size);
	assert_true(b->has_sha256);
	assert_int_equal(jhb_verify(b, NULL, NULL), 0);
}

static void expect_cell_ok(const struct jhb_bundle *b, unsigned int i)
{
	const struct jhb_cell *c = &b->cells[i];

	assert_int_equal(c->err, 0);
	assert_null(c->err_what);
	if (i == 0) {
		assert_string_equal(c->node, "cell0");
		assert_string_equal(c->name, "alpha");
		expect_blob(&c->config, c0_cfg, sizeof(c0_cfg));
		assert_int_equal(c->nimages, 1);
		expect_blob(&c->images[0].blob, c0_img, sizeof(c0_img));
		assert_int_equal(c->images[0].load, 0);
		assert_string_equal(c->args, "name=alpha heartbeat-ms=10");
		assert_null(c->restart);
	} else {
		assert_string_equal(c->name, "beta");
		expect_blob(&c->config, c1_cfg, sizeof(c1_cfg));
		assert_int_equal(c->nimages, 2);
		expect_blob(&c->images[0].blob, c1_img0, sizeof(c1_img0));
		assert_int_equal(c->images[0].load, 0x10000);
		expect_blob(&c->images[1].blob, c1_img1, sizeof(c1_img1));
		assert_int_equal(c->images[1].load, 0x20000);
		assert_null(c->args);
		assert_string_equal(c->restart, "on-failure:3");
	}
}

static void expect_all_ok(const uint8_t *buf, size_t len)
{
	struct jhb_bundle b;

	assert_int_equal(jhb_open(&b, buf, len), 0);
	expect_blob(&b.hypervisor, hv, sizeof(hv));
	assert_string_equal(b.hypervisor.node, "hypervisor");
	expect_blob(&b.system, sys_cfg, sizeof(sys_cfg));
	assert_int_equal(b.ncells, 2);
	expect_cell_ok(&b, 0);
	expect_cell_ok(&b, 1);
	/* optional parts that are absent: no node, no error */
	assert_null(b.linux_image.node);
	assert_int_equal(b.linux_image.err, 0);
	assert_null(b.initrd.data);
	assert_string_equal(b.bootargs, "console=ttyAMA0");
	assert_true(b.supervise);
}

static void test_inline(void **state)
{
	struct mut m = { 0 };
	size_t len;
	uint8_t *buf = build(INLINE, &m, &len);

	(void)state;
	expect_all_ok(buf, len);
	free(buf);
}

static void test_external_offset(void **state)
{
	struct mut m = { 0 };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);

	(void)state;
	expect_all_ok(buf, len);
	/* the data really is the external copy, after the FDT */
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_true(b.hypervisor.data >= buf + fdt_totalsize(buf));
	free(buf);
}

static void test_external_position(void **state)
{
	struct mut m = { 0 };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(POSITION, &m, &len);

	(void)state;
	expect_all_ok(buf, len);
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_ptr_equal(b.hypervisor.data, buf + 0x4000);
	free(buf);
}

/* cell0's only image node is gone: cell0 is marked, cell1 still boots */
static void test_missing_image_node(void **state)
{
	struct mut m = { .omit = "cell0-img0" };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);

	(void)state;
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_int_equal(b.cells[0].err, JHB_E_MISSING);
	assert_string_equal(b.cells[0].err_what, "image node");
	assert_int_equal(b.cells[0].err_index, 0);
	assert_string_equal(b.cells[0].name, "alpha"); /* for the message */
	expect_cell_ok(&b, 1);
	expect_blob(&b.hypervisor, hv, sizeof(hv));
	free(buf);
}

static void test_missing_cell_node(void **state)
{
	struct mut m = { .omit = "cell1" };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(INLINE, &m, &len);

	(void)state;
	assert_int_equal(jhb_open(&b, buf, len), 0);
	expect_cell_ok(&b, 0);
	assert_int_equal(b.cells[1].err, JHB_E_MISSING);
	assert_string_equal(b.cells[1].err_what, "cell node");
	assert_int_equal(b.cells[1].nimages, 0);
	free(buf);
}

/* the second image of cell1 claims data beyond the end of the bundle */
static void test_data_out_of_range(void **state)
{
	struct mut m = { .oob_node = "cell1-img1" };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);

	(void)state;
	assert_int_equal(jhb_open(&b, buf, len), 0);
	expect_cell_ok(&b, 0);
	assert_int_equal(b.cells[1].err, JHB_E_DATA);
	assert_string_equal(b.cells[1].err_what, "image data");
	assert_int_equal(b.cells[1].err_index, 1);
	assert_null(b.cells[1].images[1].blob.data);
	assert_int_equal(jhb_verify(&b.cells[1].images[1].blob, NULL, NULL),
			 JHB_E_DATA);
	free(buf);
}

/* hypervisor out of range: not a cell problem, but reported on its blob */
static void test_hypervisor_out_of_range(void **state)
{
	struct mut m = { .oob_node = "hypervisor" };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(POSITION, &m, &len);

	(void)state;
	/* POSITION uses data-offset for the oob node: relative + 1 MiB */
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_int_equal(b.hypervisor.err, JHB_E_DATA);
	expect_cell_ok(&b, 0);
	free(buf);
}

static void check_bad_load(int load_len)
{
	struct mut m = { .load_node = "cell1-img0", .load_len = load_len };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(INLINE, &m, &len);

	assert_int_equal(jhb_open(&b, buf, len), 0);
	expect_cell_ok(&b, 0);
	assert_int_equal(b.cells[1].err, JHB_E_PROP);
	assert_string_equal(b.cells[1].err_what, JHB_PROP_LOAD);
	assert_int_equal(b.cells[1].err_index, 0);
	free(buf);
}

static void test_bad_load(void **state)
{
	(void)state;
	check_bad_load(-1); /* missing */
	check_bad_load(3);  /* neither one cell nor /bits/ 64 */
	check_bad_load(5);
}

static void test_only_crc32(void **state)
{
	struct mut m = { .algo_node = "cell0-img0", .algo = "crc32" };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);

	(void)state;
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_int_equal(b.cells[0].err, JHB_E_HASH_ALGO);
	assert_string_equal(b.cells[0].err_what, "image hash");
	expect_cell_ok(&b, 1);
	free(buf);
}

static void test_crc32_beside_sha256(void **state)
{
	struct mut m = { .second_hash_crc = true };
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);

	(void)state;
	expect_all_ok(buf, len);
	free(buf);
}

static void test_args_too_long(void **state)
{
	char args[JHB_ARGS_MAX + 2];
	struct mut m = { .args = args };
	struct jhb_bundle b;
	size_t len;
	uint8_t *buf;

	(void)state;
	memset(args, 'x', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0'; /* 256 characters */
	buf = build(INLINE, &m, &len);
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_int_equal(b.cells[0].err, JHB_E_PROP);
	assert_string_equal(b.cells[0].err_what, JHB_PROP_ARGS);
	assert_null(b.cells[0].args);
	free(buf);

	args[JHB_ARGS_MAX] = '\0'; /* 255: the longest allowed */
	buf = build(INLINE, &m, &len);
	assert_int_equal(jhb_open(&b, buf, len), 0);
	assert_int_equal(b.cells[0].err, 0);
	assert_int_equal(strlen(b.cells[0].args), JHB_ARGS_MAX);
	free(buf);
}

static void test_whole_bundle_errors(void **state)
{
	struct mut v2 = { .version = 2 }, noconf = { .no_conf = true };
	struct jhb_bundle b;
	uint8_t junk[64] = { 0xd0, 0x0d, 0xfe, 0xed };
	size_t len;
	uint8_t *buf;

	(void)state;
	buf = build(INLINE, &v2, &len);
	assert_int_equal(jhb_open(&b, buf, len), JHB_E_VERSION);
	free(buf);
	buf = build(INLINE, &noconf, &len);
	assert_int_equal(jhb_open(&b, buf, len), JHB_E_NOCONF);
	free(buf);
	assert_int_equal(jhb_open(&b, junk, sizeof(junk)), JHB_E_FDT);
	assert_int_equal(jhb_open(&b, NULL, 0), JHB_E_FDT);
	assert_string_not_equal(jhb_strerror(JHB_E_DATA), "unknown error");
}

/* A copy of the first `len` bytes in a block of exactly that size. */
static uint8_t *prefix(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, src, len);
	return p;
}

static void assert_inside(const struct jhb_blob *bl, const uint8_t *buf,
			  size_t len)
{
	if (!bl->data)
		return;
	assert_true(bl->data >= buf && bl->size <= len &&
		    (size_t)(bl->data - buf) <= len - bl->size);
}

static void assert_all_inside(const struct jhb_bundle *b, const uint8_t *buf,
			      size_t len)
{
	assert_inside(&b->hypervisor, buf, len);
	assert_inside(&b->system, buf, len);
	for (unsigned int i = 0; i < b->ncells; i++) {
		assert_inside(&b->cells[i].config, buf, len);
		for (unsigned int j = 0; j < b->cells[i].nimages; j++)
			assert_inside(&b->cells[i].images[j].blob, buf, len);
	}
}

/* Every prefix: no crash, no pointer outside; a cut FDT is refused as a
 * whole, a cut data area only costs the blobs that lie behind the cut. */
static void test_truncation(void **state)
{
	enum layout lays[] = { INLINE, EXTERNAL, POSITION };

	(void)state;
	for (size_t l = 0; l < JH_ARRAY_SIZE(lays); l++) {
		struct mut m = { 0 };
		size_t full, len;
		uint8_t *buf = build(lays[l], &m, &full);
		size_t fdt_len = fdt_totalsize(buf);

		for (len = 0; len < full; len++) {
			struct jhb_bundle b;
			uint8_t *p = prefix(buf, len);
			int r = jhb_open(&b, p, len);

			if (len < fdt_len) {
				assert_int_equal(r, JHB_E_FDT);
			} else {
				assert_int_equal(r, 0);
				assert_all_inside(&b, p, len);
				/* the last blob (cell1-img1) is always cut */
				assert_int_equal(b.cells[1].err, JHB_E_DATA);
			}
			free(p);
		}
		free(buf);
	}
}

/* Every single-byte corruption of the FDT part: no crash, no pointer
 * outside the buffer. */
static void test_corruption(void **state)
{
	struct mut m = { 0 };
	size_t full;
	uint8_t *buf = build(EXTERNAL, &m, &full);
	size_t fdt_len = fdt_totalsize(buf);
	static const uint8_t vals[] = { 0x00, 0xff, 0x7f, 0x80 };

	(void)state;
	for (size_t i = 0; i < fdt_len; i++) {
		for (size_t v = 0; v < JH_ARRAY_SIZE(vals); v++) {
			struct jhb_bundle b;
			uint8_t *p = prefix(buf, full);

			p[i] = vals[v];
			if (jhb_open(&b, p, full) == 0)
				assert_all_inside(&b, p, full);
			free(p);
		}
	}
	free(buf);
}

/* jhb_verify notices one flipped bit and reports the actual digest */
static void test_verify_flipped_byte(void **state)
{
	struct mut m = { 0 };
	struct jhb_bundle b;
	uint8_t actual[JH_SHA256_LEN], want[JH_SHA256_LEN], copy[70];
	size_t len;
	uint8_t *buf = build(EXTERNAL, &m, &len);
	uint8_t *p;

	(void)state;
	assert_int_equal(jhb_open(&b, buf, len), 0);
	p = (uint8_t *)b.cells[1].images[1].blob.data;
	p[33] ^= 0x04;
	memcpy(copy, p, sizeof(copy));
	jh_sha256(copy, sizeof(copy), want, NULL);

	assert_int_equal(jhb_verify(&b.cells[1].images[1].blob, NULL, actual),
			 JHB_E_HASH);
	assert_memory_equal(actual, want, sizeof(want));
	/* the neighbours are untouched */
	assert_int_equal(jhb_verify(&b.cells[1].images[0].blob, NULL, NULL), 0);
	assert_int_equal(jhb_verify(&b.hypervisor, NULL, NULL), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_external_offset),
		cmocka_unit_test(test_external_position),
		cmocka_unit_test(test_missing_image_node),
		cmocka_unit_test(test_missing_cell_node),
		cmocka_unit_test(test_data_out_of_range),
		cmocka_unit_test(test_hypervisor_out_of_range),
		cmocka_unit_test(test_bad_load),
		cmocka_unit_test(test_only_crc32),
		cmocka_unit_test(test_crc32_beside_sha256),
		cmocka_unit_test(test_args_too_long),
		cmocka_unit_test(test_whole_bundle_errors),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_verify_flipped_byte),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
