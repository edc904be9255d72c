/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Boot bundle reader, shared by the firmware and the host tools.
 *
 * jhb_open() walks an untrusted FIT blob (buffer, length) with libfdt and
 * fills a struct jhb_bundle with pointers into it. It never reads outside
 * the buffer. Problems with one cell are recorded in that cell (err, diag)
 * and do not fail the bundle: the firmware skips the cell and boots the
 * rest. Only a bundle without a usable FIT structure fails as a whole.
 * Hashes are not checked here; jhb_verify() does that per blob.
 */
#ifndef JHBOOT_LIB_BUNDLE_H
#define JHBOOT_LIB_BUNDLE_H

#include "abi/jhboot_bundle.h"
#include "jh_env.h"
#include "sha256.h"

enum {
	JHB_OK = 0,
	JHB_E_FDT = -100,	/* not a FIT / corrupt structure */
	JHB_E_VERSION = -101,	/* unknown bundle version */
	JHB_E_NOCONF = -102,	/* no jhboot configuration */
	JHB_E_MISSING = -103,	/* a referenced image node is missing */
	JHB_E_DATA = -104,	/* image data outside the buffer / no data */
	JHB_E_HASH_ALGO = -105, /* hash node without a supported algo */
	JHB_E_HASH = -106,	/* digest mismatch */
	JHB_E_TOO_MANY = -107,	/* more cells / images than supported */
	JHB_E_PROP = -108,	/* malformed property */
};

const char *jhb_strerror(int err);

struct jhb_blob {
	const char *node; /* image node name, NULL when absent */
	const uint8_t *data;
	size_t size;
	bool has_sha256;
	uint8_t sha256[JH_SHA256_LEN]; /* expected digest */
	int err;		       /* JHB_E_* when the node is unusable */
};

struct jhb_image {
	struct jhb_blob blob;
	uint64_t load; /* address in cell space */
};

struct jhb_cell {
	const char *node;
	struct jhb_blob config;
	unsigned int nimages;
	struct jhb_image images[JHB_MAX_CELL_IMAGES];
	const char *args; /* NUL-terminated parameter string or NULL */
	int err;	  /* first JHB_E_* problem of this cell, 0 if none */
	const char *err_what; /* static text: which property / image */
	int err_index;	      /* added: images[] index err refers to, or -1 */
	/* added: informational strings from the cell node, NULL if absent */
	const char *name;    /* jhboot,name (the config's cell name) */
	const char *restart; /* jhboot,restart: "never", "on-failure[:N]" */
	const char *may;     /* jhboot,may: permission list */
	/* added for supervised mode (docs/supervised-mode.md) */
	const char *heartbeat; /* jhboot,heartbeat: "ADDR:TIMEOUT_MS" */
	const char *mailbox;   /* jhboot,mailbox: "ADDR" (root-physical) */
	/* Linux in this cell (docs/supervised-mode.md): kernel, DTB and
	 * initrd blobs; node NULL when absent. linux_image.node set means
	 * "Linux cell": jhboot,images may then be empty. */
	struct jhb_blob linux_image, linux_dtb, linux_initrd;
	const char *bootargs; /* jhboot,bootargs of the cell */
};

struct jhb_bundle {
	struct jhb_blob hypervisor;
	struct jhb_blob system;
	unsigned int ncells;
	struct jhb_cell cells[JHB_MAX_CELLS];
	struct jhb_blob linux_image;
	struct jhb_blob initrd;
	const char *bootargs;
	bool supervise;
};

/* "never" -> 0, "on-failure" -> JHB_RESTART_UNLIMITED, "on-failure:N" ->
 * N (1..1000000); NULL means "never". Returns 0 or JHB_E_PROP. */
#define JHB_RESTART_UNLIMITED 0x7fffffff
int jhb_parse_restart(const char *s, int *max_restarts);

/* "ADDR:TIMEOUT_MS[:FIRST_MS]": ADDR 4-byte aligned, TIMEOUT_MS and
 * FIRST_MS (the time allowed from a start to the first beat, default
 * TIMEOUT_MS) 1..3600000. Returns 0 or JHB_E_PROP. */
int jhb_parse_heartbeat(const char *s, uint64_t *addr, uint32_t *timeout_ms);
int jhb_parse_heartbeat_first(const char *s, uint64_t *addr,
			      uint32_t *timeout_ms, uint32_t *first_ms);

/* "ADDR": page aligned, non-zero. Returns 0 or JHB_E_PROP. */
int jhb_parse_mailbox(const char *s, uint64_t *addr);

/* jhboot,may: comma-separated rights "restart:NAME", "stop:NAME",
 * "start:NAME" (NAME may be "*" = any cell) and "status". Returns 0 when
 * the list is well formed, JHB_E_PROP otherwise. */
int jhb_check_may(const char *may);
/* Does the list grant `cmd` ("restart", "stop", "start", "status") on
 * cell `name` (ignored for "status")? NULL list: nothing. */
bool jhb_may(const char *may, const char *cmd, const char *name);

/* Parse. Returns 0 or a negative JHB_E_* for a bundle that is unusable as
 * a whole; per-blob and per-cell errors are left in the structure. */
int jhb_open(struct jhb_bundle *b, const void *fit, size_t len);

/* Check a blob's digest: 0 when it matches or the blob has no hash,
 * JHB_E_HASH (actual digest in *actual) otherwise. */
int jhb_verify(const struct jhb_blob *blob, jh_sha256_blocks_fn blocks,
	       uint8_t actual[JH_SHA256_LEN]);

#endif
