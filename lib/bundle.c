// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Boot bundle reader (see lib/bundle.h, docs/bundle-format.md).
 *
 * The bundle is untrusted. Order of defence: the FDT header must fit the
 * buffer, fdt_totalsize() must not exceed it, fdt_check_full() must accept
 * the whole structure; after that every libfdt accessor stays inside the
 * FDT, and every external data range is checked against the buffer length
 * here before a pointer to it is handed out.
 */
#include <libfdt.h>

#include "bundle.h"
#include "common/parse_num.h"

struct ctx {
	const void *fit;
	size_t len;
	int images; /* offset of /images */
};

const char *jhb_strerror(int err)
{
	switch (err) {
	case JHB_OK:
		return "ok";
	case JHB_E_FDT:
		return "not a FIT image or corrupt device tree structure";
	case JHB_E_VERSION:
		return "missing or unsupported jhboot,bundle-version";
	case JHB_E_NOCONF:
		return "no /configurations/" JHB_CONF_NAME " node";
	case JHB_E_MISSING:
		return "referenced image node missing";
	case JHB_E_DATA:
		return "image data missing or outside the bundle";
	case JHB_E_HASH_ALGO:
		return "hash node without a supported algorithm (need sha256)";
	case JHB_E_HASH:
		return "sha256 digest mismatch";
	case JHB_E_TOO_MANY:
		return "too many cells or images";
	case JHB_E_PROP:
		return "malformed property";
	default:
		return "unknown error";
	}
}

/*
 * A property holding exactly one NUL-terminated string. Returns it, or
 * NULL with *err = 0 when absent, or NULL with *err = JHB_E_PROP when
 * present but not a single terminated string.
 */
static const char *get_string(const void *fit, int node, const char *prop,
			      int *err)
{
	const char *s;
	int len;

	*err = 0;
	s = fdt_getprop(fit, node, prop, &len);
	if (!s) {
		if (len != -FDT_ERR_NOTFOUND)
			*err = JHB_E_PROP;
		return NULL;
	}
	if (len <= 0 || strnlen(s, (size_t)len) != (size_t)len - 1) {
		*err = JHB_E_PROP;
		return NULL;
	}
	return s;
}

/* A 32-bit cell property: 1 found, 0 absent, JHB_E_PROP malformed. */
static int get_u32(const void *fit, int node, const char *prop, uint32_t *val)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fit, node, prop, &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND ? 0 : JHB_E_PROP;
	if (len != 4)
		return JHB_E_PROP;
	*val = fdt32_ld(p);
	return 1;
}

/*
 * Locate a blob's bytes: inline `data`, or external `data-position`
 * (absolute) / `data-offset` (relative to the FDT end rounded up to 4
 * bytes, as U-Boot reads what `mkimage -E` writes) with `data-size`.
 */
static int blob_data(const struct ctx *x, int node, struct jhb_blob *b)
{
	const void *p;
	uint32_t size, off;
	uint64_t start;
	int len, r;

	p = fdt_getprop(x->fit, node, FIT_PROP_DATA, &len);
	if (p) {
		/* inside the FDT, which fdt_check_full() bounded */
		b->data = p;
		b->size = (size_t)len;
		return 0;
	}
	if (len != -FDT_ERR_NOTFOUND)
		return JHB_E_PROP;

	r = get_u32(x->fit, node, FIT_PROP_DATA_SIZE, &size);
	if (r <= 0)
		return r ? r : JHB_E_DATA;

	r = get_u32(x->fit, node, FIT_PROP_DATA_POSITION, &off);
	if (r < 0)
		return r;
	if (r) {
		start = off;
	} else {
		r = get_u32(x->fit, node, FIT_PROP_DATA_OFFSET, &off);
		if (r <= 0)
			return r ? r : JHB_E_DATA;
		start = (((uint64_t)fdt_totalsize(x->fit) + 3) & ~3ull) + off;
	}

	if (start > x->len || size > x->len - start)
		return JHB_E_DATA;
	b->data = (const uint8_t *)x->fit + start;
	b->size = size;
	return 0;
}

/*
 * Hash subnodes (hash-1, hash@1, ...): the sha256 one is recorded. Other
 * algorithms are ignored when a sha256 hash exists; when only others
 * exist the blob cannot be verified here and gets JHB_E_HASH_ALGO. A blob
 * without any hash node is accepted (jhb_verify has nothing to check).
 */
static int blob_hash(const struct ctx *x, int node, struct jhb_blob *b)
{
	bool other = false;
	int sub, err;

	fdt_for_each_subnode(sub, x->fit, node)
	{
		const char *name, *algo;
		const void *val;
		int len;

		name = fdt_get_name(x->fit, sub, &len);
		if (!name || strncmp(name, FIT_HASH_NODE_PREFIX,
				     strlen(FIT_HASH_NODE_PREFIX)) != 0)
			continue;

		algo = get_string(x->fit, sub, FIT_PROP_ALGO, &err);
		if (!algo || strcmp(algo, "sha256") != 0) {
			other = true;
			continue;
		}

		val = fdt_getprop(x->fit, sub, FIT_PROP_VALUE, &len);
		if (!val || len != JH_SHA256_LEN)
			return JHB_E_PROP;
		/* two sha256 nodes must agree, else which one holds? */
		if (b->has_sha256 && memcmp(b->sha256, val, JH_SHA256_LEN))
			return JHB_E_PROP;
		memcpy(b->sha256, val, JH_SHA256_LEN);
		b->has_sha256 = true;
	}
	if (sub != -FDT_ERR_NOTFOUND)
		return JHB_E_FDT;
	if (!b->has_sha256 && other)
		return JHB_E_HASH_ALGO;
	return 0;
}

/*
 * Fill one blob from the image node `name`. Returns the node offset (>= 0)
 * when the node exists (b->err may still be set), or JHB_E_MISSING.
 */
static int parse_blob(const struct ctx *x, const char *name, struct jhb_blob *b)
{
	int node, err;

	b->node = name;
	if (!name || !name[0]) {
		b->err = JHB_E_MISSING;
		return JHB_E_MISSING;
	}
	node = fdt_subnode_offset(x->fit, x->images, name);
	if (node < 0) {
		b->err = JHB_E_MISSING;
		return JHB_E_MISSING;
	}

	err = blob_data(x, node, b);
	if (!err)
		err = blob_hash(x, node, b);
	if (err) {
		b->data = NULL;
		b->size = 0;
		b->err = err;
	}
	return node;
}

/*
 * A blob named by a configuration property. Absent property: the blob
 * stays empty (node NULL) and, when required, gets JHB_E_MISSING.
 */
static void conf_blob(const struct ctx *x, int conf, const char *prop,
		      bool required, struct jhb_blob *b)
{
	const char *name;
	int err;

	name = get_string(x->fit, conf, prop, &err);
	if (err) {
		b->err = JHB_E_PROP;
		return;
	}
	if (!name) {
		if (required)
			b->err = JHB_E_MISSING;
		return;
	}
	parse_blob(x, name, b);
}

static void cell_fail(struct jhb_cell *c, int err, const char *what, int index)
{
	if (c->err)
		return; /* keep the first problem */
	c->err = err;
	c->err_what = what;
	c->err_index = index;
}

static const char *cell_string(const struct ctx *x, int node,
			       struct jhb_cell *c, const char *prop)
{
	const char *s;
	int err;

	s = get_string(x->fit, node, prop, &err);
	if (err)
		cell_fail(c, err, prop, -1);
	return s;
}

/* jhboot,load: /bits/ 64 <addr> (8 bytes) or a single 32-bit cell */
static int get_load(const void *fit, int node, uint64_t *load)
{
	const void *p;
	int len;

	p = fdt_getprop(fit, node, JHB_PROP_LOAD, &len);
	if (!p)
		return JHB_E_PROP;
	if (len == 8)
		*load = fdt64_ld(p);
	else if (len == 4)
		*load = fdt32_ld(p);
	else
		return JHB_E_PROP;
	return 0;
}

static void parse_image(const struct ctx *x, int conf_node, struct jhb_cell *c,
			unsigned int i)
{
	struct jhb_image *im = &c->images[i];
	const char *name;
	int node, err;

	name = fdt_stringlist_get(x->fit, conf_node, JHB_PROP_CELL_IMAGES,
				  (int)i, NULL);
	node = parse_blob(x, name, &im->blob);
	if (node < 0) {
		cell_fail(c, im->blob.err, "image node", (int)i);
		return;
	}
	if (im->blob.err)
		cell_fail(c, im->blob.err,
			  im->blob.err == JHB_E_DATA ? "image data"
						     : "image hash",
			  (int)i);
	err = get_load(x->fit, node, &im->load);
	if (err)
		cell_fail(c, err, JHB_PROP_LOAD, (int)i);
}

/* A cell's blob named by one of its own properties (Linux cells). */
static void cell_blob(const struct ctx *x, int node, struct jhb_cell *c,
		      const char *prop, struct jhb_blob *b)
{
	const char *name = cell_string(x, node, c, prop);

	if (!name)
		return;
	if (parse_blob(x, name, b) < 0)
		cell_fail(c, JHB_E_MISSING, prop, -1);
	else if (b->err)
		cell_fail(c, b->err, prop, -1);
}

/* Supervised-mode and Linux-cell properties (docs/supervised-mode.md). */
static void parse_cell_extra(const struct ctx *x, int node, struct jhb_cell *c)
{
	uint64_t a;
	uint32_t ms;
	int r;

	c->heartbeat = cell_string(x, node, c, JHB_PROP_HEARTBEAT);
	if (c->heartbeat && jhb_parse_heartbeat(c->heartbeat, &a, &ms)) {
		c->heartbeat = NULL;
		cell_fail(c, JHB_E_PROP, JHB_PROP_HEARTBEAT, -1);
	}
	c->mailbox = cell_string(x, node, c, JHB_PROP_MAILBOX);
	if (c->mailbox && jhb_parse_mailbox(c->mailbox, &a)) {
		c->mailbox = NULL;
		cell_fail(c, JHB_E_PROP, JHB_PROP_MAILBOX, -1);
	}
	if (c->restart && jhb_parse_restart(c->restart, &r)) {
		c->restart = NULL;
		cell_fail(c, JHB_E_PROP, JHB_PROP_RESTART, -1);
	}
	if (c->may && jhb_check_may(c->may)) {
		c->may = NULL;
		cell_fail(c, JHB_E_PROP, JHB_PROP_MAY, -1);
	}
	cell_blob(x, node, c, JHB_PROP_CELL_LINUX, &c->linux_image);
	cell_blob(x, node, c, JHB_PROP_CELL_DTB, &c->linux_dtb);
	cell_blob(x, node, c, JHB_PROP_CELL_INITRD, &c->linux_initrd);
	c->bootargs = cell_string(x, node, c, JHB_PROP_CELL_BOOTARGS);
	if (c->linux_image.node && !c->linux_dtb.node)
		cell_fail(c, JHB_E_MISSING, JHB_PROP_CELL_DTB, -1);
	if (!c->linux_image.node &&
	    (c->linux_dtb.node || c->linux_initrd.node || c->bootargs))
		cell_fail(c, JHB_E_MISSING, JHB_PROP_CELL_LINUX, -1);
}

static void parse_cell(const struct ctx *x, const char *name,
		       struct jhb_cell *c)
{
	int node, n, i;

	c->node = name;
	c->err_index = -1;
	node = parse_blob(x, name, &c->config);
	if (node < 0) {
		cell_fail(c, JHB_E_MISSING, "cell node", -1);
		return;
	}
	if (c->config.err)
		cell_fail(c, c->config.err,
			  c->config.err == JHB_E_DATA ? "config data"
						      : "config hash",
			  -1);

	c->name = cell_string(x, node, c, JHB_PROP_NAME);
	c->restart = cell_string(x, node, c, JHB_PROP_RESTART);
	c->may = cell_string(x, node, c, JHB_PROP_MAY);
	c->args = cell_string(x, node, c, JHB_PROP_ARGS);
	if (c->args && strlen(c->args) > JHB_ARGS_MAX) {
		c->args = NULL;
		cell_fail(c, JHB_E_PROP, JHB_PROP_ARGS, -1);
	}

	parse_cell_extra(x, node, c);

	n = fdt_stringlist_count(x->fit, node, JHB_PROP_CELL_IMAGES);
	if ((n == -FDT_ERR_NOTFOUND || n == 0) && c->linux_image.node)
		return; /* a Linux cell: jhboot makes its images */
	if (n == -FDT_ERR_NOTFOUND || n == 0) {
		/* nothing to run: the CPU would start in stale memory */
		cell_fail(c, JHB_E_MISSING, JHB_PROP_CELL_IMAGES, -1);
		return;
	}
	if (n < 0) {
		cell_fail(c, JHB_E_PROP, JHB_PROP_CELL_IMAGES, -1);
		return;
	}
	if (n > JHB_MAX_CELL_IMAGES) {
		cell_fail(c, JHB_E_TOO_MANY, JHB_PROP_CELL_IMAGES, -1);
		return;
	}
	c->nimages = (unsigned int)n;
	for (i = 0; i < n; i++)
		parse_image(x, node, c, (unsigned int)i);
}

int jhb_open(struct jhb_bundle *b, const void *fit, size_t len)
{
	struct ctx x = { .fit = fit, .len = len };
	const char *s;
	uint32_t v;
	int conf, n, i, err;

	memset(b, 0, sizeof(*b));

	/* never let libfdt look past `len` */
	if (!fit || len < sizeof(struct fdt_header))
		return JHB_E_FDT;
	if (fdt_magic(fit) != FDT_MAGIC || fdt_totalsize(fit) > len)
		return JHB_E_FDT;
	if (fdt_check_header(fit) != 0 ||
	    fdt_check_full(fit, fdt_totalsize(fit)) != 0)
		return JHB_E_FDT;

	err = get_u32(fit, 0, JHB_PROP_VERSION, &v);
	if (err <= 0 || v != JHB_VERSION)
		return JHB_E_VERSION;

	x.images = fdt_path_offset(fit, JHB_IMAGES_PATH);
	if (x.images < 0)
		return JHB_E_FDT;
	conf = fdt_path_offset(fit, JHB_CONFS_PATH "/" JHB_CONF_NAME);
	if (conf < 0)
		return JHB_E_NOCONF;

	n = fdt_stringlist_count(fit, conf, JHB_PROP_CELLS);
	if (n == -FDT_ERR_NOTFOUND)
		n = 0;
	else if (n < 0)
		return JHB_E_PROP;
	if (n > JHB_MAX_CELLS)
		return JHB_E_TOO_MANY;

	err = get_u32(fit, conf, JHB_PROP_SUPERVISE, &v);
	if (err == JHB_E_PROP) {
		/* an empty property means "true" as well */
		int plen;

		if (!fdt_getprop(fit, conf, JHB_PROP_SUPERVISE, &plen) ||
		    plen != 0)
			return JHB_E_PROP;
		b->supervise = true;
	} else {
		b->supervise = err == 1 && v != 0;
	}

	conf_blob(&x, conf, JHB_PROP_HYPERVISOR, true, &b->hypervisor);
	conf_blob(&x, conf, JHB_PROP_SYSTEM, true, &b->system);
	conf_blob(&x, conf, JHB_PROP_LINUX, false, &b->linux_image);
	conf_blob(&x, conf, JHB_PROP_INITRD, false, &b->initrd);
	s = get_string(fit, conf, JHB_PROP_BOOTARGS, &err);
	if (err && !b->linux_image.err)
		b->linux_image.err =
			JHB_E_PROP; /* Linux would get wrong args */
	b->bootargs = s;

	b->ncells = (unsigned int)n;
	for (i = 0; i < n; i++) {
		s = fdt_stringlist_get(fit, conf, JHB_PROP_CELLS, i, NULL);
		parse_cell(&x, s, &b->cells[i]);
	}
	return JHB_OK;
}

int jhb_verify(const struct jhb_blob *blob, jh_sha256_blocks_fn blocks,
	       uint8_t actual[JH_SHA256_LEN])
{
	uint8_t d[JH_SHA256_LEN];

	if (blob->err)
		return blob->err;
	if (!blob->has_sha256)
		return 0;
	jh_sha256(blob->data, blob->size, d, blocks);
	if (actual)
		memcpy(actual, d, sizeof(d));
	return memcmp(d, blob->sha256, sizeof(d)) ? JHB_E_HASH : 0;
}

/* ---- supervised-mode property values ---------------------------------- */

/* Decimal or 0x-hex, whole string up to `end` (or NUL); no sign. */
static bool parse_num(const char *s, const char *end, uint64_t *v)
{
	return jh_parse_num(s, end, 0, v);
}

int jhb_parse_restart(const char *s, int *max_restarts)
{
	uint64_t n;

	*max_restarts = 0;
	if (!s || !strcmp(s, "never"))
		return 0;
	if (!strcmp(s, "on-failure")) {
		*max_restarts = JHB_RESTART_UNLIMITED;
		return 0;
	}
	if (strncmp(s, "on-failure:", 11) != 0 || s[11] == '0' ||
	    !parse_num(s + 11, NULL, &n) || n < 1 || n > 1000000 ||
	    (s[12] == 'x' || s[12] == 'X'))
		return JHB_E_PROP;
	*max_restarts = (int)n;
	return 0;
}

int jhb_parse_heartbeat(const char *s, uint64_t *addr, uint32_t *timeout_ms)
{
	uint32_t first;

	return jhb_parse_heartbeat_first(s, addr, timeout_ms, &first);
}

int jhb_parse_heartbeat_first(const char *s, uint64_t *addr,
			      uint32_t *timeout_ms, uint32_t *first_ms)
{
	const char *colon = strchr(s, ':'), *colon2;
	uint64_t a, ms, first;

	if (!colon)
		return JHB_E_PROP;
	colon2 = strchr(colon + 1, ':');
	if (!parse_num(s, colon, &a) || !parse_num(colon + 1, colon2, &ms))
		return JHB_E_PROP;
	first = ms;
	if (colon2 && !parse_num(colon2 + 1, NULL, &first))
		return JHB_E_PROP;
	if (!a || (a & 3) || ms < 1 || ms > 3600000 || first < 1 ||
	    first > 3600000)
		return JHB_E_PROP;
	*addr = a;
	*timeout_ms = (uint32_t)ms;
	*first_ms = (uint32_t)first;
	return 0;
}

int jhb_parse_mailbox(const char *s, uint64_t *addr)
{
	uint64_t a;

	if (!parse_num(s, NULL, &a) || !a || (a & 0xfff))
		return JHB_E_PROP;
	*addr = a;
	return 0;
}

/* One item of a jhboot,may list: [s, end). */
static bool may_item(const char *s, const char *end, const char *cmd,
		     const char *name)
{
	size_t len = (size_t)(end - s), cl;
	const char *colon = memchr(s, ':', len);

	if (!colon) {
		if (len == 6 && !strncmp(s, "status", 6))
			return !cmd || !strcmp(cmd, "status");
		return false;
	}
	cl = (size_t)(colon - s);
	if (!((cl == 7 && !strncmp(s, "restart", 7)) ||
	      (cl == 4 && !strncmp(s, "stop", 4)) ||
	      (cl == 5 && !strncmp(s, "start", 5))))
		return false;
	if (colon + 1 == end || end - colon - 1 > 31)
		return false;
	if (!cmd)
		return true; /* syntax check only */
	if (strlen(cmd) != cl || strncmp(s, cmd, cl))
		return false;
	if (end - colon - 1 == 1 && colon[1] == '*')
		return true;
	return strlen(name) == (size_t)(end - colon - 1) &&
	       !strncmp(colon + 1, name, (size_t)(end - colon - 1));
}

int jhb_check_may(const char *may)
{
	const char *s = may;

	if (!*s)
		return JHB_E_PROP;
	for (;;) {
		const char *end = strchr(s, ',');

		if (!end)
			end = s + strlen(s);
		if (!may_item(s, end, NULL, NULL))
			return JHB_E_PROP;
		if (!*end)
			return 0;
		s = end + 1;
	}
}

bool jhb_may(const char *may, const char *cmd, const char *name)
{
	const char *s = may;

	if (!may || !cmd || jhb_check_may(may))
		return false;
	if (!name)
		name = "";
	for (;;) {
		const char *end = strchr(s, ',');

		if (!end)
			end = s + strlen(s);
		if (may_item(s, end, cmd, name))
			return true;
		if (!*end)
			return false;
		s = end + 1;
	}
}
