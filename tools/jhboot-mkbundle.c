// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot-mkbundle: build a jhboot boot bundle (a FIT image, see
 * docs/bundle-format.md) from a Jailhouse hypervisor, its system config,
 * cell configs with their images and an optional root Linux.
 *
 * Everything is validated with lib/jhconfig before anything is written, so
 * that a bundle that could not boot is refused here rather than at boot
 * time. The bundle itself is made by `mkimage -E -B 0x1000` from an image
 * tree source written to a private temporary directory (the inputs are
 * copied there, so what is bundled is exactly what was validated). The
 * result is read back with the firmware's own reader (lib/bundle.c) and
 * compared blob by blob before it replaces the output file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "abi/jailhouse_header.h"
#include "abi/jhboot_mailbox.h"
#include "bundle.h"
#include "jhconfig.h"

#define PROG "jhboot-mkbundle"
#define CELL_CONFIG_MAX (64u * 1024) /* hypervisor limit: 16 pages */
#define ARM64_IMAGE_MAGIC_OFF 56
#define ARM64_IMAGE_MAGIC "ARM\x64"

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

struct input {
	const char *path;
	uint8_t *data;
	size_t size;
};

struct image_arg {
	struct input in;
	uint64_t load;
};

struct cell_arg {
	struct input cfg;
	struct image_arg images[JHB_MAX_CELL_IMAGES];
	unsigned int nimages;
	const char *args;
	const char *restart;
	const char *may;
	const char *heartbeat, *mailbox;
	struct input linux_img, linux_dtb, linux_initrd;
	const char *bootargs;
	struct jhc_cell parsed;
	bool parsed_ok;
	char name[JH_CELL_NAME_MAXLEN + 1];
};

struct opts {
	const char *out;
	struct input hv, sys, linux_img, initrd;
	const char *bootargs;
	bool supervise, force, verbose;
	struct cell_arg cells[JHB_MAX_CELLS];
	unsigned int ncells;
};

static struct opts o;
static unsigned int nproblems;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " -o OUT --hypervisor FILE --system FILE\n"
		"           [--cell FILE --image FILE@ADDR [--image FILE@ADDR]"
		"...\n"
		"            [--args \"key=value ...\"] [--restart never|"
		"on-failure[:N]]\n"
		"            [--may LIST] [--heartbeat "
		"ADDR:TIMEOUT_MS[:FIRST_MS]]\n"
		"            [--mailbox ADDR]\n"
		"            [--linux-image IMAGE --linux-dtb DTB "
		"[--linux-initrd FILE]\n"
		"             [--bootargs STRING]]]...\n"
		"           [--linux IMAGE [--initrd FILE] [--bootargs "
		"STRING]]\n"
		"           [--supervise] [--force] [-v]\n"
		"--image, --args, --restart, --may, --heartbeat, --mailbox "
		"and --linux-*\n"
		"belong to the preceding --cell; --bootargs after a cell's "
		"--linux-image is\n"
		"that cell's kernel command line (docs/supervised-mode.md).\n"
		"ADDR is a cell-space (guest-physical) address; the "
		"parameter string\n"
		"goes to the first image's ADDR + 0x%x (at most %u "
		"characters).\n"
		"Exit status: 0 written, 1 refused or failed, 2 usage "
		"error.\n",
		JHB_ARGS_OFFSET, JHB_ARGS_MAX);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(" PROG " --help for the syntax)\n");
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_REFUSED);
}

/* One problem in the format FILE: field: what (value). */
static void __attribute__((format(printf, 3, 4)))
problem(const char *file, const char *field, const char *fmt, ...)
{
	va_list ap;

	nproblems++;
	fprintf(stderr, "%s%s: %s: ", o.force ? "warning: " : "", file, field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* ---- command line ----------------------------------------------------- */

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static bool valid_restart(const char *s)
{
	uint64_t n;

	if (!strcmp(s, "never") || !strcmp(s, "on-failure"))
		return true;
	if (strncmp(s, "on-failure:", 11) != 0)
		return false;
	s += 11;
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	return parse_u64(s, &n) && n >= 1 && n <= 1000000;
}

static bool valid_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static struct cell_arg *cur_cell(const char *opt)
{
	if (!o.ncells)
		usage_error("%s must follow a --cell", opt);
	return &o.cells[o.ncells - 1];
}

static void parse_args(int argc, char **argv)
{
	bool linux_cell_last = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char name[32];
		const char *eq;
		bool takes_value;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o.verbose = true;
			continue;
		}
		if (!strcmp(a, "--force")) {
			o.force = true;
			continue;
		}
		if (!strcmp(a, "--supervise")) {
			o.supervise = true;
			continue;
		}

		/* options with a value: "--opt VALUE", "--opt=VALUE", "-o X" */
		eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		if (eq && (size_t)(eq - a) < sizeof(name)) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			val = eq + 1;
		} else if (strlen(a) < sizeof(name)) {
			strcpy(name, a);
		} else {
			usage_error("unknown option '%s'", a);
		}
		takes_value =
			!strcmp(name, "-o") || !strcmp(name, "--output") ||
			!strcmp(name, "--hypervisor") ||
			!strcmp(name, "--system") || !strcmp(name, "--cell") ||
			!strcmp(name, "--image") || !strcmp(name, "--args") ||
			!strcmp(name, "--restart") || !strcmp(name, "--may") ||
			!strcmp(name, "--heartbeat") ||
			!strcmp(name, "--mailbox") ||
			!strcmp(name, "--linux-image") ||
			!strcmp(name, "--linux-dtb") ||
			!strcmp(name, "--linux-initrd") ||
			!strcmp(name, "--linux") || !strcmp(name, "--initrd") ||
			!strcmp(name, "--bootargs");
		if (!takes_value)
			usage_error("unknown option '%s'", a);
		if (!val) {
			if (i + 1 >= argc)
				usage_error("%s needs a value", name);
			val = argv[++i];
		}

		if (!strcmp(name, "-o") || !strcmp(name, "--output")) {
			o.out = val;
		} else if (!strcmp(name, "--hypervisor")) {
			o.hv.path = val;
		} else if (!strcmp(name, "--system")) {
			o.sys.path = val;
		} else if (!strcmp(name, "--linux")) {
			o.linux_img.path = val;
			linux_cell_last = false;
		} else if (!strcmp(name, "--initrd")) {
			o.initrd.path = val;
		} else if (!strcmp(name, "--bootargs")) {
			struct cell_arg *c =
				o.ncells ? &o.cells[o.ncells - 1] : NULL;

			if (!valid_text(val))
				usage_error("--bootargs: control characters");
			if (c && c->linux_img.path && linux_cell_last) {
				if (c->bootargs)
					usage_error("second --bootargs for "
						    "cell %s",
						    c->cfg.path);
				c->bootargs = val;
			} else {
				o.bootargs = val;
			}
		} else if (!strcmp(name, "--heartbeat")) {
			struct cell_arg *c = cur_cell(name);
			uint64_t a;
			uint32_t ms;

			if (jhb_parse_heartbeat(val, &a, &ms))
				usage_error(
					"--heartbeat %s: expected ADDR:"
					"TIMEOUT_MS[:FIRST_MS] (ADDR 4-byte "
					"aligned, 1 <= TIMEOUT_MS, FIRST_MS "
					"<= 3600000)",
					val);
			c->heartbeat = val;
		} else if (!strcmp(name, "--mailbox")) {
			struct cell_arg *c = cur_cell(name);
			uint64_t a;

			if (jhb_parse_mailbox(val, &a))
				usage_error("--mailbox %s: expected a page "
					    "aligned address",
					    val);
			c->mailbox = val;
		} else if (!strcmp(name, "--linux-image")) {
			cur_cell(name)->linux_img.path = val;
			linux_cell_last = true;
		} else if (!strcmp(name, "--linux-dtb")) {
			cur_cell(name)->linux_dtb.path = val;
		} else if (!strcmp(name, "--linux-initrd")) {
			cur_cell(name)->linux_initrd.path = val;
		} else if (!strcmp(name, "--cell")) {
			if (o.ncells >= JHB_MAX_CELLS)
				usage_error("more than %d cells",
					    JHB_MAX_CELLS);
			o.cells[o.ncells++].cfg.path = val;
		} else if (!strcmp(name, "--image")) {
			struct cell_arg *c = cur_cell(name);
			const char *at = strrchr(val, '@');
			struct image_arg *im;

			if (c->nimages >= JHB_MAX_CELL_IMAGES)
				usage_error("more than %d images for cell %s",
					    JHB_MAX_CELL_IMAGES, c->cfg.path);
			im = &c->images[c->nimages++];
			if (!at || at == val || !parse_u64(at + 1, &im->load))
				usage_error("--image %s: expected FILE@ADDR "
					    "(e.g. demo.bin@0x0)",
					    val);
			im->in.path = strndup(val, (size_t)(at - val));
			if (!im->in.path)
				fatal("out of memory");
		} else if (!strcmp(name, "--args")) {
			struct cell_arg *c = cur_cell(name);

			if (c->args)
				usage_error("second --args for cell %s",
					    c->cfg.path);
			if (strlen(val) > JHB_ARGS_MAX)
				usage_error("--args for cell %s: %zu "
					    "characters, at most %u fit",
					    c->cfg.path, strlen(val),
					    JHB_ARGS_MAX);
			if (!valid_text(val))
				usage_error("--args: control characters");
			c->args = val;
		} else if (!strcmp(name, "--restart")) {
			struct cell_arg *c = cur_cell(name);

			if (!valid_restart(val))
				usage_error("--restart %s: expected never, "
					    "on-failure or on-failure:N",
					    val);
			c->restart = val;
		} else { /* --may */
			struct cell_arg *c = cur_cell(name);

			if (!*val || !valid_text(val) || jhb_check_may(val))
				usage_error("--may %s: expected a comma-"
					    "separated list of restart:NAME, "
					    "stop:NAME, start:NAME (NAME or *) "
					    "and status",
					    val);
			c->may = val;
		}
	}

	if (!o.out)
		usage_error("no output file (-o)");
	if (!o.hv.path)
		usage_error("no --hypervisor");
	if (!o.sys.path)
		usage_error("no --system");
	for (unsigned int i = 0; i < o.ncells; i++) {
		struct cell_arg *c = &o.cells[i];

		if (!c->nimages && !c->linux_img.path)
			usage_error("cell %s has no --image (nor "
				    "--linux-image)",
				    c->cfg.path);
		if (c->linux_img.path && c->nimages)
			usage_error("cell %s: --linux-image and --image "
				    "exclude each other (jhboot places the "
				    "Linux cell's images itself)",
				    c->cfg.path);
		if (c->linux_img.path && !c->linux_dtb.path)
			usage_error("cell %s: --linux-image needs "
				    "--linux-dtb",
				    c->cfg.path);
		if (!c->linux_img.path &&
		    (c->linux_dtb.path || c->linux_initrd.path))
			usage_error("cell %s: --linux-dtb/--linux-initrd "
				    "need --linux-image",
				    c->cfg.path);
		if (c->linux_img.path && c->args)
			usage_error("cell %s: --args is for bare-metal "
				    "cells; a Linux cell takes --bootargs",
				    c->cfg.path);
	}
	if ((o.initrd.path || o.bootargs) && !o.linux_img.path)
		usage_error("--initrd and --bootargs need --linux");
}

/* ---- inputs ------------------------------------------------------------ */

static void read_input(struct input *in)
{
	FILE *f = fopen(in->path, "rb");
	struct stat st;
	size_t n;

	if (!f)
		fatal("cannot open %s: %s", in->path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		fatal("%s: not a regular file", in->path);
	/* FIT sizes and offsets are 32-bit */
	if ((uint64_t)st.st_size > 0xf0000000u)
		fatal("%s: too large for a FIT image", in->path);
	in->size = (size_t)st.st_size;
	in->data = malloc(in->size ? in->size : 1);
	if (!in->data)
		fatal("out of memory");
	n = fread(in->data, 1, in->size, f);
	if (n != in->size || ferror(f))
		fatal("cannot read %s", in->path);
	fclose(f);
}

/* ---- validation -------------------------------------------------------- */

struct rep_ctx {
	const char *file;
	/* jhc_check_whole: diag index -> cell file */
	const unsigned int *cell_map;
	unsigned int ncells;
};

static void print_diag(const char *file, const struct jhc_diag *d,
		       bool strip_cells)
{
	char field[160];
	struct jhc_diag copy = *d;

	if (strip_cells) {
		/* "cells.cpus" with index = cell: the file names the cell */
		copy.field += strlen("cells.");
		copy.index = -1;
	}
	jhc_field_name(&copy, field, sizeof(field));
	/* small values are CPU numbers, counts, INTIDs: decimal reads best */
	problem(file, field,
		d->value < 256 ? "%s (%" PRIu64 ")" : "%s (0x%" PRIx64 ")",
		d->what ? d->what : jhc_strerror(d->err), d->value);
}

static void report_file(void *ctx, const struct jhc_diag *d)
{
	const struct rep_ctx *r = ctx;

	print_diag(r->file, d, false);
}

static void report_whole(void *ctx, const struct jhc_diag *d)
{
	const struct rep_ctx *r = ctx;

	if (d->field && !strncmp(d->field, "cells.", 6) && d->index >= 0 &&
	    (unsigned int)d->index < r->ncells)
		print_diag(o.cells[r->cell_map[d->index]].cfg.path, d, true);
	else
		print_diag(r->file, d, false);
}

static void check_hypervisor(const struct jhc_system *s, bool sys_ok)
{
	struct jh_fw_header h;
	uint64_t hv_size, need;

	if (o.hv.size < sizeof(h) ||
	    memcmp(o.hv.data, JH_HDR_SIGNATURE, JH_HDR_SIGNATURE_LEN)) {
		problem(o.hv.path, "signature",
			"not a Jailhouse hypervisor image (no \"%s\" at "
			"offset 0) (size 0x%zx)",
			JH_HDR_SIGNATURE, o.hv.size);
		return;
	}
	if (!sys_ok)
		return;
	hv_size = s->sys->hypervisor_memory.size;
	if (o.hv.size >= hv_size) {
		problem(o.hv.path, "file_size",
			"image does not fit hypervisor_memory.size 0x%" PRIx64
			" of %s (0x%zx)",
			hv_size, o.sys.path, o.hv.size);
		return;
	}
	/* §1.3: image/bss, per-CPU areas, then the system config */
	memcpy(&h, o.hv.data, sizeof(h));
	/* what the firmware checks before it loads the image (hv.c) */
	if (h.core_size < o.hv.size || h.core_size % 0x1000)
		problem(o.hv.path, "core_size",
			"smaller than the image or not a multiple of 4 KiB "
			"(0x%" PRIx64 ")",
			(uint64_t)h.core_size);
	if (!h.percpu_size || h.percpu_size % 0x1000)
		problem(o.hv.path, "percpu_size",
			"zero or not a multiple of 4 KiB (0x%" PRIx64 ")",
			(uint64_t)h.percpu_size);
	if (h.entry >= o.hv.size)
		problem(o.hv.path, "entry",
			"entry offset outside the image (0x%" PRIx64 ")",
			(uint64_t)h.entry);
	need = JH_CONFIG_OFFSET(h.core_size, jhc_cpu_max(&s->root),
				h.percpu_size);
	if (h.core_size > hv_size || h.percpu_size > hv_size ||
	    need >= hv_size || s->size > hv_size - need)
		problem(o.hv.path, "core_size",
			"core + %u per-CPU areas of 0x%" PRIx64
			" + system config do not fit hypervisor memory of "
			"0x%" PRIx64 " (0x%" PRIx64 ")",
			jhc_cpu_max(&s->root), (uint64_t)h.percpu_size, hv_size,
			(uint64_t)h.core_size);
}

static void check_cell_images(unsigned int ci)
{
	struct cell_arg *c = &o.cells[ci];
	const struct jhc_cell *pc = &c->parsed;
	uint64_t reset = pc->desc->cpu_reset_address;
	bool reset_covered = false;
	char field[48];

	for (unsigned int j = 0; j < c->nimages; j++) {
		struct image_arg *im = &c->images[j];
		uint64_t end = im->load + im->in.size;

		snprintf(field, sizeof(field), "images[%u]", j);
		if (!im->in.size) {
			problem(im->in.path, field, "empty image (0x0)");
			continue;
		}
		if (jhc_translate_loadable(pc, im->load, im->in.size, NULL))
			problem(im->in.path, field,
				"[0x%" PRIx64 ", 0x%" PRIx64
				") is not inside one loadable (LOADABLE + "
				"WRITE) memory region of %s (0x%" PRIx64 ")",
				im->load, end, c->cfg.path, im->load);
		for (unsigned int k = 0; k < j; k++) {
			struct image_arg *p = &c->images[k];

			if (im->load < p->load + p->in.size && p->load < end)
				problem(im->in.path, field,
					"overlaps image %u (%s) in cell "
					"space (0x%" PRIx64 ")",
					k, p->in.path, im->load);
		}
		if (reset >= im->load && reset - im->load < im->in.size)
			reset_covered = true;
	}
	if (!reset_covered)
		problem(c->cfg.path, "cpu_reset_address",
			"no image is loaded where the cell's CPU starts "
			"(0x%" PRIx64 ")",
			reset);
	if (c->args) {
		uint64_t at = c->images[0].load + JHB_ARGS_OFFSET;

		if (jhc_translate_loadable(pc, at, strlen(c->args) + 1, NULL))
			problem(c->cfg.path, "args",
				"parameter string at image 0 + 0x%x is not "
				"inside a loadable memory region (0x%" PRIx64
				")",
				JHB_ARGS_OFFSET, at);
	}
}

/* A root-physical address range inside one ROOTSHARED region of the
 * cell (and writable when `write`). */
static bool in_rootshared(const struct jhc_cell *pc, uint64_t a, uint64_t len,
			  bool write)
{
	for (uint32_t i = 0; i < pc->desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(pc, i, &m);
		if (!(m.flags & JH_MEM_ROOTSHARED) || (m.flags & JH_MEM_IO))
			continue;
		if (write && !(m.flags & JH_MEM_WRITE))
			continue;
		if (a >= m.phys_start && a - m.phys_start < m.size &&
		    len <= m.size - (a - m.phys_start))
			return true;
	}
	return false;
}

static void check_shared(struct cell_arg *c)
{
	uint64_t a;
	uint32_t ms;

	if (c->heartbeat && !jhb_parse_heartbeat(c->heartbeat, &a, &ms) &&
	    !in_rootshared(&c->parsed, a, 4, false))
		problem(c->cfg.path, "heartbeat",
			"address is not inside a ROOTSHARED memory region "
			"of the cell (root-physical) (0x%" PRIx64 ")",
			a);
	if (c->mailbox && !jhb_parse_mailbox(c->mailbox, &a) &&
	    !in_rootshared(&c->parsed, a, 0x1000, true))
		problem(c->cfg.path, "mailbox",
			"page is not inside a writable ROOTSHARED memory "
			"region of the cell (root-physical) (0x%" PRIx64 ")",
			a);
	if (c->heartbeat && c->mailbox &&
	    !jhb_parse_heartbeat(c->heartbeat, &a, &ms)) {
		uint64_t mb;

		jhb_parse_mailbox(c->mailbox, &mb);
		if (a >= mb && a < mb + 0x1000 &&
		    a != mb + JHB_MBOX_HEARTBEAT_OFFSET)
			problem(c->cfg.path, "heartbeat",
				"inside the mailbox page but not its "
				"heartbeat word (mailbox + 0x%x) (0x%" PRIx64
				")",
				JHB_MBOX_HEARTBEAT_OFFSET, a);
	}
}

/* A Linux cell: arm64 Image, a DTB, a RAM region for all of it. The
 * firmware does the placement (boot/common/linux_cell.c); this is the
 * early, friendlier check. */
static void check_linux_cell(unsigned int ci)
{
	struct cell_arg *c = &o.cells[ci];
	const struct jhc_cell *pc = &c->parsed;
	uint64_t need, best = 0, reset = pc->desc->cpu_reset_address;

	if (c->linux_img.size < ARM64_IMAGE_MAGIC_OFF + 4 ||
	    memcmp(c->linux_img.data + ARM64_IMAGE_MAGIC_OFF, ARM64_IMAGE_MAGIC,
		   4))
		problem(c->linux_img.path, "magic",
			"not an uncompressed arm64 Linux Image (no "
			"\"ARM\\x64\" at offset 56) (0x%zx)",
			c->linux_img.size);
	if (c->linux_dtb.size < 40 ||
	    fdt_check_header(c->linux_dtb.data) != 0 ||
	    fdt_totalsize(c->linux_dtb.data) > c->linux_dtb.size)
		problem(c->linux_dtb.path, "header",
			"not a flattened device tree (0x%zx)",
			c->linux_dtb.size);
	need = 0x200000 + 0x400000 + c->linux_img.size + c->linux_initrd.size +
	       c->linux_dtb.size + 0x10000;
	for (uint32_t i = 0; i < pc->desc->num_memory_regions; i++) {
		struct jh_memory m;
		const uint64_t ram = JH_MEM_READ | JH_MEM_WRITE |
				     JH_MEM_EXECUTE | JH_MEM_DMA;

		jhc_mem_at(pc, i, &m);
		if ((m.flags & ram) == ram &&
		    !(m.flags &
		      (JH_MEM_IO | JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED)) &&
		    (m.flags & JH_MEM_LOADABLE) && m.size > best)
			best = m.size;
	}
	if (best < need)
		problem(c->cfg.path, "mem_regions",
			"no loadable RAM region (R|W|X|DMA) large enough for "
			"the kernel, DTB and initrd (need 0x%" PRIx64 ")",
			need);
	if (jhc_translate_loadable(pc, reset, 0x1000, NULL))
		problem(c->cfg.path, "cpu_reset_address",
			"jhboot's Linux entry stub needs one loadable page "
			"there (0x%" PRIx64 ")",
			reset);
}

static void validate(void)
{
	struct jhc_system sys;
	struct jhc_diag d;
	struct jhc_cell cells[JHB_MAX_CELLS];
	unsigned int map[JHB_MAX_CELLS], n = 0;
	struct rep_ctx rc = { .file = o.sys.path };
	bool sys_ok;

	sys_ok = !jhc_parse_system(o.sys.data, o.sys.size, &sys, &d);
	if (!sys_ok)
		print_diag(o.sys.path, &d, false);
	else
		jhc_check_system(&sys, report_file, &rc, NULL);
	check_hypervisor(&sys, sys_ok);

	for (unsigned int i = 0; i < o.ncells; i++) {
		struct cell_arg *c = &o.cells[i];
		struct rep_ctx cc = { .file = c->cfg.path };

		if (c->cfg.size > CELL_CONFIG_MAX) {
			problem(c->cfg.path, "file_size",
				"cell config larger than the hypervisor's "
				"limit of 64 KiB (0x%zx)",
				c->cfg.size);
			continue;
		}
		if (jhc_parse_cell(c->cfg.data, c->cfg.size, &c->parsed, &d)) {
			print_diag(c->cfg.path, &d, false);
			continue;
		}
		c->parsed_ok = true;
		memcpy(c->name, c->parsed.desc->name, JH_CELL_NAME_MAXLEN);
		c->name[JH_CELL_NAME_MAXLEN] = 0;
		jhc_check_cell(&c->parsed, report_file, &cc, NULL);
		if (c->linux_img.path)
			check_linux_cell(i);
		else
			check_cell_images(i);
		check_shared(c);
		map[n] = i;
		cells[n++] = c->parsed;
	}

	/* cross-cell checks need every cell; a broken one is reported above */
	if (sys_ok && n) {
		rc.cell_map = map;
		rc.ncells = n;
		jhc_check_whole(&sys, cells, n, report_whole, &rc, NULL);
	}

	if (o.linux_img.path &&
	    (o.linux_img.size < ARM64_IMAGE_MAGIC_OFF + 4 ||
	     memcmp(o.linux_img.data + ARM64_IMAGE_MAGIC_OFF, ARM64_IMAGE_MAGIC,
		    4)))
		problem(o.linux_img.path, "magic",
			"not an uncompressed arm64 Linux Image (no "
			"\"ARM\\x64\" "
			"at offset 56) (0x%zx)",
			o.linux_img.size);
}

/* ---- image tree source --------------------------------------------------- */

static char tmpdir[4096];
static bool keep_tmpdir; /* mkimage failed: leave its input for a look */

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void write_blob(const char *name, const struct input *in)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(in->data, 1, in->size, f) != in->size || fclose(f))
		fatal("cannot write %s: %s", path, strerror(errno));
}

/* Opens an image node; the caller adds its own properties and calls
 * its_image_end(). */
static void its_image(FILE *f, const char *node, const struct input *in,
		      const char *type, bool os_linux)
{
	char file[64];

	snprintf(file, sizeof(file), "%s.bin", node);
	write_blob(file, in);
	fprintf(f, "\t\t%s {\n\t\t\tdescription = ", node);
	put_string(f, base_name(in->path));
	fprintf(f,
		";\n\t\t\tdata = /incbin/(\"%s\");\n"
		"\t\t\ttype = \"%s\";\n\t\t\tarch = \"arm64\";\n",
		file, type);
	if (os_linux)
		fprintf(f, "\t\t\tos = \"linux\";\n");
	fprintf(f, "\t\t\tcompression = \"none\";\n");
}

/* Closes an image node: the hash node (subnodes follow properties). */
static void its_image_end(FILE *f)
{
	fprintf(f, "\t\t\thash-1 {\n\t\t\t\talgo = \"sha256\";\n\t\t\t};\n"
		   "\t\t};\n");
}

static void its_string_prop(FILE *f, const char *prop, const char *val)
{
	fprintf(f, "\t\t\t%s = ", prop);
	put_string(f, val);
	fprintf(f, ";\n");
}

static void write_its(const char *path)
{
	FILE *f = fopen(path, "w");
	char node[32];

	if (!f)
		fatal("cannot write %s: %s", path, strerror(errno));
	fprintf(f, "/dts-v1/;\n\n/ {\n"
		   "\tdescription = \"jhboot boot bundle\";\n"
		   "\t#address-cells = <1>;\n");
	fprintf(f, "\t%s = <%d>;\n\n\timages {\n", JHB_PROP_VERSION,
		JHB_VERSION);

	its_image(f, "hypervisor", &o.hv, "firmware", false);
	its_image_end(f);
	its_image(f, "system", &o.sys, "firmware", false);
	its_image_end(f);

	for (unsigned int i = 0; i < o.ncells; i++) {
		struct cell_arg *c = &o.cells[i];

		snprintf(node, sizeof(node), "cell%u", i);
		its_image(f, node, &c->cfg, "firmware", false);
		its_string_prop(f, JHB_PROP_NAME,
				c->parsed_ok ? c->name
					     : base_name(c->cfg.path));
		if (c->nimages) {
			fprintf(f, "\t\t\t%s = ", JHB_PROP_CELL_IMAGES);
			for (unsigned int j = 0; j < c->nimages; j++)
				fprintf(f, "%s\"cell%u-img%u\"", j ? ", " : "",
					i, j);
			fprintf(f, ";\n");
		}
		if (c->args)
			its_string_prop(f, JHB_PROP_ARGS, c->args);
		if (c->restart)
			its_string_prop(f, JHB_PROP_RESTART, c->restart);
		if (c->may)
			its_string_prop(f, JHB_PROP_MAY, c->may);
		if (c->heartbeat)
			its_string_prop(f, JHB_PROP_HEARTBEAT, c->heartbeat);
		if (c->mailbox)
			its_string_prop(f, JHB_PROP_MAILBOX, c->mailbox);
		if (c->linux_img.path) {
			snprintf(node, sizeof(node), "cell%u-linux", i);
			its_string_prop(f, JHB_PROP_CELL_LINUX, node);
			snprintf(node, sizeof(node), "cell%u-dtb", i);
			its_string_prop(f, JHB_PROP_CELL_DTB, node);
		}
		if (c->linux_initrd.path) {
			snprintf(node, sizeof(node), "cell%u-initrd", i);
			its_string_prop(f, JHB_PROP_CELL_INITRD, node);
		}
		if (c->bootargs)
			its_string_prop(f, JHB_PROP_CELL_BOOTARGS, c->bootargs);
		its_image_end(f);

		if (c->linux_img.path) {
			snprintf(node, sizeof(node), "cell%u-linux", i);
			its_image(f, node, &c->linux_img, "kernel", true);
			its_image_end(f);
			snprintf(node, sizeof(node), "cell%u-dtb", i);
			its_image(f, node, &c->linux_dtb, "flat_dt", false);
			its_image_end(f);
		}
		if (c->linux_initrd.path) {
			snprintf(node, sizeof(node), "cell%u-initrd", i);
			its_image(f, node, &c->linux_initrd, "ramdisk", true);
			its_image_end(f);
		}

		for (unsigned int j = 0; j < c->nimages; j++) {
			snprintf(node, sizeof(node), "cell%u-img%u", i, j);
			its_image(f, node, &c->images[j].in, "standalone",
				  false);
			fprintf(f, "\t\t\t%s = /bits/ 64 <0x%" PRIx64 ">;\n",
				JHB_PROP_LOAD, c->images[j].load);
			its_image_end(f);
		}
	}
	if (o.linux_img.path) {
		its_image(f, "linux", &o.linux_img, "kernel", true);
		its_image_end(f);
	}
	if (o.initrd.path) {
		its_image(f, "initrd", &o.initrd, "ramdisk", true);
		its_image_end(f);
	}

	fprintf(f,
		"\t};\n\n\tconfigurations {\n\t\tdefault = \"%s\";\n"
		"\t\t%s {\n",
		JHB_CONF_NAME, JHB_CONF_NAME);
	fprintf(f, "\t\t\tdescription = \"Jailhouse, %u cell(s)%s\";\n",
		o.ncells, o.linux_img.path ? ", root Linux" : "");
	fprintf(f, "\t\t\t%s = \"hypervisor\";\n", JHB_PROP_HYPERVISOR);
	fprintf(f, "\t\t\t%s = \"system\";\n", JHB_PROP_SYSTEM);
	if (o.ncells) {
		fprintf(f, "\t\t\t%s = ", JHB_PROP_CELLS);
		for (unsigned int i = 0; i < o.ncells; i++)
			fprintf(f, "%s\"cell%u\"", i ? ", " : "", i);
		fprintf(f, ";\n");
	}
	if (o.linux_img.path)
		fprintf(f, "\t\t\t%s = \"linux\";\n", JHB_PROP_LINUX);
	if (o.initrd.path)
		fprintf(f, "\t\t\t%s = \"initrd\";\n", JHB_PROP_INITRD);
	if (o.bootargs)
		its_string_prop(f, JHB_PROP_BOOTARGS, o.bootargs);
	if (o.supervise)
		fprintf(f, "\t\t\t%s = <1>;\n", JHB_PROP_SUPERVISE);
	fprintf(f, "\t\t};\n\t};\n};\n");
	if (fclose(f))
		fatal("cannot write %s: %s", path, strerror(errno));
}

/* ---- mkimage ------------------------------------------------------------- */

static void remove_tmpdir(void)
{
	DIR *d;
	struct dirent *e;
	char path[4400];

	if (!tmpdir[0] || keep_tmpdir)
		return;
	d = opendir(tmpdir);
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", tmpdir,
				 e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	tmpdir[0] = 0;
}

static void run_mkimage(const char *its, const char *itb)
{
	char *argv[] = { "mkimage", "-E",	 "-B",	      "0x1000",
			 "-f",	    (char *)its, (char *)itb, NULL };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (!pid) {
		if (!o.verbose) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0)
				dup2(fd, STDOUT_FILENO);
		}
		execvp(argv[0], argv);
		fprintf(stderr,
			PROG ": cannot run mkimage: %s (it is in the "
			     "u-boot-tools package; it must be on PATH)\n",
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		fatal("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127) {
			keep_tmpdir = true;
			fprintf(stderr,
				PROG ": mkimage failed; its input is kept "
				     "in %s\n",
				tmpdir);
		}
		exit(EXIT_REFUSED);
	}
}

/* ---- round trip through the firmware's reader ---------------------------- */

static unsigned int rt_errors;

static void __attribute__((format(printf, 1, 2))) rt_fail(const char *fmt, ...)
{
	va_list ap;

	rt_errors++;
	fprintf(stderr, PROG ": read-back check: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void rt_blob(const struct jhb_blob *b, const struct input *in,
		    const char *what)
{
	int err;

	if (b->err) {
		rt_fail("%s: %s", what, jhb_strerror(b->err));
		return;
	}
	if (!b->has_sha256)
		rt_fail("%s: no sha256 hash", what);
	if (b->size != in->size || memcmp(b->data, in->data, in->size))
		rt_fail("%s: content differs from %s", what, in->path);
	err = jhb_verify(b, NULL, NULL);
	if (err)
		rt_fail("%s: %s", what, jhb_strerror(err));
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void round_trip(const uint8_t *buf, size_t len)
{
	struct jhb_bundle *b = calloc(1, sizeof(*b));
	int err;

	if (!b)
		fatal("out of memory");
	err = jhb_open(b, buf, len);
	if (err)
		fatal("read-back check: bundle unreadable: %s",
		      jhb_strerror(err));
	rt_blob(&b->hypervisor, &o.hv, "hypervisor");
	rt_blob(&b->system, &o.sys, "system");
	if (b->ncells != o.ncells)
		rt_fail("%u cells instead of %u", b->ncells, o.ncells);
	for (unsigned int i = 0; i < b->ncells && i < o.ncells; i++) {
		const struct jhb_cell *bc = &b->cells[i];
		struct cell_arg *c = &o.cells[i];

		if (bc->err)
			rt_fail("cell%u: %s: %s", i,
				bc->err_what ? bc->err_what : "?",
				jhb_strerror(bc->err));
		rt_blob(&bc->config, &c->cfg, c->cfg.path);
		if (bc->nimages != c->nimages) {
			rt_fail("cell%u: %u images instead of %u", i,
				bc->nimages, c->nimages);
			continue;
		}
		for (unsigned int j = 0; j < c->nimages; j++) {
			rt_blob(&bc->images[j].blob, &c->images[j].in,
				c->images[j].in.path);
			if (bc->images[j].load != c->images[j].load)
				rt_fail("cell%u image %u: load address", i, j);
		}
		if (c->linux_img.path) {
			rt_blob(&bc->linux_image, &c->linux_img,
				c->linux_img.path);
			rt_blob(&bc->linux_dtb, &c->linux_dtb,
				c->linux_dtb.path);
		}
		if (c->linux_initrd.path)
			rt_blob(&bc->linux_initrd, &c->linux_initrd,
				c->linux_initrd.path);
		if (!same_str(bc->heartbeat, c->heartbeat) ||
		    !same_str(bc->mailbox, c->mailbox) ||
		    !same_str(bc->bootargs, c->bootargs))
			rt_fail("cell%u: supervision properties differ", i);
		if (!same_str(bc->args, c->args) ||
		    !same_str(bc->restart, c->restart) ||
		    !same_str(bc->may, c->may) || !bc->name ||
		    (c->parsed_ok && strcmp(bc->name, c->name)))
			rt_fail("cell%u: string properties differ", i);
	}
	if (o.linux_img.path)
		rt_blob(&b->linux_image, &o.linux_img, "linux");
	else if (b->linux_image.node)
		rt_fail("unexpected linux image");
	if (o.initrd.path)
		rt_blob(&b->initrd, &o.initrd, "initrd");
	if (!same_str(b->bootargs, o.bootargs))
		rt_fail("bootargs differ");
	if (b->supervise != o.supervise)
		rt_fail("supervise flag differs");
	free(b);
	if (rt_errors)
		fatal("the bundle does not read back as written; not "
		      "writing %s",
		      o.out);
}

/* ---- main ---------------------------------------------------------------- */

static uint8_t *slurp(const char *path, size_t *len)
{
	struct input in = { .path = path };

	read_input(&in);
	*len = in.size;
	return in.data;
}

static void write_output(const uint8_t *buf, size_t len)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", o.out, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f)
		fatal("cannot write %s: %s", o.out, strerror(errno));
	if (fwrite(buf, 1, len, f) != len || fclose(f)) {
		unlink(tmp);
		fatal("cannot write %s: %s", o.out, strerror(errno));
	}
	if (rename(tmp, o.out)) {
		unlink(tmp);
		fatal("cannot write %s: %s", o.out, strerror(errno));
	}
}

static void summary(size_t len)
{
	printf("%s: %zu bytes, hypervisor %s (%zu), system %s (%zu)\n", o.out,
	       len, o.hv.path, o.hv.size, o.sys.path, o.sys.size);
	for (unsigned int i = 0; i < o.ncells; i++) {
		struct cell_arg *c = &o.cells[i];

		printf("  cell%u \"%s\": %s (%zu)\n", i,
		       c->parsed_ok ? c->name : "?", c->cfg.path, c->cfg.size);
		for (unsigned int j = 0; j < c->nimages; j++)
			printf("    image %u: %s (%zu) at 0x%" PRIx64 "\n", j,
			       c->images[j].in.path, c->images[j].in.size,
			       c->images[j].load);
		if (c->args)
			printf("    args at 0x%" PRIx64 ": %s\n",
			       c->images[0].load + JHB_ARGS_OFFSET, c->args);
		if (c->linux_img.path)
			printf("    linux: %s (%zu), dtb %s%s%s\n",
			       c->linux_img.path, c->linux_img.size,
			       c->linux_dtb.path,
			       c->linux_initrd.path ? ", initrd " : "",
			       c->linux_initrd.path ? c->linux_initrd.path
						    : "");
	}
	if (o.linux_img.path)
		printf("  linux: %s (%zu)%s%s\n", o.linux_img.path,
		       o.linux_img.size, o.initrd.path ? ", initrd " : "",
		       o.initrd.path ? o.initrd.path : "");
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	char its[4200], itb[4200];
	uint8_t *buf;
	size_t len;

	parse_args(argc, argv);

	read_input(&o.hv);
	read_input(&o.sys);
	for (unsigned int i = 0; i < o.ncells; i++) {
		read_input(&o.cells[i].cfg);
		for (unsigned int j = 0; j < o.cells[i].nimages; j++)
			read_input(&o.cells[i].images[j].in);
		if (o.cells[i].linux_img.path)
			read_input(&o.cells[i].linux_img);
		if (o.cells[i].linux_dtb.path)
			read_input(&o.cells[i].linux_dtb);
		if (o.cells[i].linux_initrd.path)
			read_input(&o.cells[i].linux_initrd);
	}
	if (o.linux_img.path)
		read_input(&o.linux_img);
	if (o.initrd.path)
		read_input(&o.initrd);

	validate();
	if (nproblems && !o.force) {
		fprintf(stderr,
			PROG ": %u problem(s), not writing %s (--force "
			     "writes it anyway)\n",
			nproblems, o.out);
		return EXIT_REFUSED;
	}
	if (nproblems)
		fprintf(stderr,
			PROG ": --force: writing %s despite %u "
			     "problem(s)\n",
			o.out, nproblems);

	snprintf(tmpdir, sizeof(tmpdir), "%s/jhboot-mkbundle.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpdir)) {
		tmpdir[0] = 0;
		fatal("cannot create a temporary directory: %s",
		      strerror(errno));
	}
	atexit(remove_tmpdir);
	snprintf(its, sizeof(its), "%s/bundle.its", tmpdir);
	snprintf(itb, sizeof(itb), "%s/bundle.itb", tmpdir);
	write_its(its);
	run_mkimage(its, itb);

	buf = slurp(itb, &len);
	round_trip(buf, len);
	remove_tmpdir();
	write_output(buf, len);
	if (o.verbose)
		summary(len);
	free(buf);
	return EXIT_OK;
}
