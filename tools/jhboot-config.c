// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot-config: look at and validate Jailhouse configs (.cell files,
 * format revision 14, arm64) on the host, with the same library the
 * firmware uses (lib/jhconfig.c).
 *
 *   jhboot-config show [--json] FILE...
 *   jhboot-config check SYSTEM.cell [CELL.cell...]
 *   jhboot-config verify BUNDLE.itb...
 *   jhboot-config size FILE
 *
 * Exit status: 0 fine, 1 problems found or a file could not be read,
 * 2 usage error. Subcommands live in one table (subcmds[] below); a new
 * one is a function and a line there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/jailhouse_header.h"
#include "abi/jhboot_mailbox.h"
#include "bundle.h"
#include "jhconfig.h"
#include "rootdt.h"
#include <libfdt.h>

#define PROG "jhboot-config"
#define MAX_FILE_SIZE (64u << 20)
#define MAX_BUNDLE_SIZE (1u << 30) /* a root Linux and initrd fit */
#define MAX_CELLS 64

enum { EXIT_OK = 0, EXIT_PROBLEM = 1, EXIT_USAGE = 2 };

struct file {
	const char *path;
	uint8_t *data;
	size_t len;
};

/* Reads a whole file of at most `max` bytes (a config, unless it is a
 * bundle). Prints a message naming it and returns -1 on error. */
static int read_file_max(const char *path, struct file *f, size_t max,
			 bool bundle)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	uint8_t *buf;

	f->path = path;
	f->data = NULL;
	f->len = 0;
	if (!fp) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, fp);

		n += got;
		if (n < cap)
			break;
		if (cap >= max) {
			fprintf(stderr, "%s: larger than %zu MiB, not a %s\n",
				path, max >> 20, bundle ? "bundle" : "config");
			free(buf);
			fclose(fp);
			return -1;
		}
		cap *= 2;
		{
			uint8_t *nb = realloc(buf, cap);

			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		fclose(fp);
		return -1;
	}
	if (ferror(fp)) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	f->data = buf;
	f->len = n;
	return 0;
}

static int read_file(const char *path, struct file *f)
{
	return read_file_max(path, f, MAX_FILE_SIZE, false);
}

static bool is_system(const struct file *f)
{
	return f->len >= JH_SIGNATURE_LEN &&
	       memcmp(f->data, JH_SYS_SIGNATURE, JH_SIGNATURE_LEN) == 0;
}

/* ------------------------------------------------------------------ */
/* Problem lines: FILE: field[index]: what (value) */

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool value_is_hex(const char *field)
{
	static const char *const hex[] = { "start",	"base",	    "address",
					   "size",	"flags",    "bitmap",
					   "clock_reg", "signature" };
	unsigned int i;

	if (strcmp(field, "file_size") == 0 ||
	    ends_with(field, "cpu_set_size") ||
	    ends_with(field, "pin_bitmap")) /* value is an INTID */
		return false;
	for (i = 0; i < JH_ARRAY_SIZE(hex); i++)
		if (ends_with(field, hex[i]))
			return true;
	return false;
}

static void print_value(FILE *out, const char *field, uint64_t v)
{
	if (ends_with(field, "signature")) {
		int i;

		fputs("\"", out);
		for (i = 0; i < JH_SIGNATURE_LEN; i++) {
			unsigned char ch = (unsigned char)(v >> (8 * i));

			if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
				fputc(ch, out);
			else
				fprintf(out, "\\x%02x", ch);
		}
		fputs("\"", out);
	} else if (value_is_hex(field)) {
		fprintf(out, "0x%" PRIx64, v);
	} else {
		fprintf(out, "%" PRIu64, v);
	}
}

/* path, sep and the field name make the line's first part: "FILE: field"
 * for a config file, "BUNDLE: /images/NODE/field" for a bundle. */
static void print_problem(const char *path, const char *sep,
			  const struct jhc_diag *d)
{
	char name[160];

	jhc_field_name(d, name, sizeof(name));
	printf("%s%s%s: %s", path, sep, name, d->what ? d->what : "?");
	if (!d->field || !ends_with(d->field, "name")) { /* no value */
		printf(" (");
		print_value(stdout, d->field ? d->field : "", d->value);
		printf(")");
	}
	putchar('\n');
}

/* ------------------------------------------------------------------ */
/* show */

struct flag_name {
	uint64_t bit;
	const char *name;
};

static const struct flag_name sys_flags[] = {
	{ JH_SYS_VIRTUAL_DEBUG_CONSOLE, "VIRTUAL_DEBUG_CONSOLE" },
};

static const struct flag_name cell_flags[] = {
	{ JH_CELL_PASSIVE_COMMREG, "PASSIVE_COMMREG" },
	{ JH_CELL_TEST_DEVICE, "TEST_DEVICE" },
	{ JH_CELL_AARCH32, "AARCH32" },
	{ JH_CELL_VIRTUAL_CONSOLE_PERMITTED, "VIRTUAL_CONSOLE_PERMITTED" },
	{ JH_CELL_VIRTUAL_CONSOLE_ACTIVE, "VIRTUAL_CONSOLE_ACTIVE" },
};

static const struct flag_name mem_flags[] = {
	{ JH_MEM_READ, "READ" },
	{ JH_MEM_WRITE, "WRITE" },
	{ JH_MEM_EXECUTE, "EXECUTE" },
	{ JH_MEM_DMA, "DMA" },
	{ JH_MEM_IO, "IO" },
	{ JH_MEM_COMM_REGION, "COMM_REGION" },
	{ JH_MEM_LOADABLE, "LOADABLE" },
	{ JH_MEM_ROOTSHARED, "ROOTSHARED" },
	{ JH_MEM_NO_HUGEPAGES, "NO_HUGEPAGES" },
	{ JH_MEM_IO_UNALIGNED, "IO_UNALIGNED" },
	{ JH_MEM_IO_8, "IO_8" },
	{ JH_MEM_IO_16, "IO_16" },
	{ JH_MEM_IO_32, "IO_32" },
	{ JH_MEM_IO_64, "IO_64" },
};

static const struct flag_name con_flags[] = {
	{ JH_CON_FLAG_MMIO, "MMIO" },
	{ JH_CON_FLAG_REGDIST_4, "REGDIST_4" },
	{ JH_CON_FLAG_FB_1920x1080, "FB_1920x1080" },
	{ JH_CON_FLAG_INVERTED_GATE, "INVERTED_GATE" },
	{ JH_CON_FLAG_MDR_QUIRK, "MDR_QUIRK" },
};

static const char *const con_types[] = {
	"NONE",	 "EFIFB", "8250", "PL011",	"XUARTPS", "MVEBU",
	"HSCIF", "SCIFA", "IMX",  "IMX_LPUART", "SCIF",
};

static const char *const pci_types[] = { "?", "DEVICE", "BRIDGE", "IVSHMEM" };

static const char *const iommu_types[] = { "NONE",   "AMD", "INTEL",
					   "SMMUV3", "PVU", "MMU500" };

#define NAMES(t) t, JH_ARRAY_SIZE(t)

/* Output sink: text or JSON, same walk over the config. */
struct out {
	bool json;
	int depth;
	bool first; /* no comma needed before the next JSON member */
	bool inl;   /* text: members of this element go on one line */
};

/* End of a value: a newline in text, unless on an inline element's line */
static void endv(const struct out *o)
{
	if (!o->json && !o->inl)
		putchar('\n');
}

static void indent(const struct out *o)
{
	int i;

	for (i = 0; i < o->depth; i++)
		fputs("  ", stdout);
}

static void json_string(const char *s, size_t max)
{
	size_t i;

	putchar('"');
	for (i = 0; i < max && s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void key(struct out *o, const char *k)
{
	if (o->json) {
		printf("%s\n", o->first ? "" : ",");
		indent(o);
		printf("\"%s\": ", k);
	} else if (o->inl) {
		printf(" %s ", k);
	} else {
		indent(o);
		printf("%s:", k);
		putchar(' ');
	}
	o->first = false;
}

static void open_obj(struct out *o, const char *k)
{
	if (o->json) {
		key(o, k);
		putchar('{');
	} else {
		indent(o);
		printf("%s:\n", k);
	}
	o->depth++;
	o->first = true;
}

static void close_obj(struct out *o)
{
	o->depth--;
	if (o->json) {
		putchar('\n');
		indent(o);
		putchar('}');
	} else if (o->inl) {
		putchar('\n');
	}
	o->inl = false;
	o->first = false;
}

static void open_list(struct out *o, const char *k, unsigned int n)
{
	key(o, k);
	if (o->json)
		putchar('[');
	else
		printf("%u\n", n);
	o->depth++;
	o->first = true;
}

static void close_list(struct out *o)
{
	o->depth--;
	if (o->json) {
		putchar('\n');
		indent(o);
		putchar(']');
	}
	o->first = false;
}

/* An element of a list: a JSON object; in text "[i]" followed by the
 * members, on the same line when inl, else on the following lines. */
static void open_elem(struct out *o, unsigned int i, bool inl)
{
	if (o->json) {
		printf("%s\n", o->first ? "" : ",");
		indent(o);
		putchar('{');
	} else {
		indent(o);
		printf("[%u]%s", i, inl ? "" : "\n");
		o->inl = inl;
	}
	o->depth++;
	o->first = true;
}

static void num(struct out *o, const char *k, uint64_t v)
{
	key(o, k);
	printf("%" PRIu64, v);
	endv(o);
}

static void hex(struct out *o, const char *k, uint64_t v)
{
	key(o, k);
	if (o->json)
		printf("%" PRIu64, v);
	else
		printf("0x%" PRIx64, v);
	endv(o);
}

static void str(struct out *o, const char *k, const char *s, size_t max)
{
	key(o, k);
	json_string(s, max); /* quoted and escaped in text too */
	endv(o);
}

static void enum_name(struct out *o, const char *k, unsigned int v,
		      const char *const *names, size_t n)
{
	key(o, k);
	if (o->json) {
		if (v < n)
			printf("\"%s\"", names[v]);
		else
			printf("\"unknown(%u)\"", v);
	} else {
		if (v < n)
			printf("%s", names[v]);
		else
			printf("unknown(%u)", v);
		endv(o);
	}
}

/* flags value plus its names: text "0x3 (MMIO|REGDIST_4)", JSON
 * "flags": 3, "flags_names": ["MMIO", "REGDIST_4"] */
static void flags(struct out *o, const char *k, uint64_t v,
		  const struct flag_name *names, size_t n)
{
	uint64_t rest = v;
	bool any = false;
	size_t i;

	key(o, k);
	if (o->json) {
		printf("%" PRIu64 ",\n", v);
		indent(o);
		printf("\"%s_names\": [", k);
	} else {
		printf("0x%" PRIx64 " (", v);
	}
	for (i = 0; i < n; i++) {
		if ((v & names[i].bit) != names[i].bit)
			continue;
		rest &= ~names[i].bit;
		printf(o->json ? "%s\"%s\"" : "%s%s",
		       any ? (o->json ? ", " : "|") : "", names[i].name);
		any = true;
	}
	if (rest) {
		printf(o->json ? "%s\"unknown(0x%" PRIx64 ")\""
			       : "%sunknown 0x%" PRIx64,
		       any ? (o->json ? ", " : "|") : "", rest);
		any = true;
	}
	if (!any && !o->json)
		printf("none");
	printf(o->json ? "]" : ")");
	endv(o);
}

static void console(struct out *o, const char *k, const struct jh_console *c)
{
	open_obj(o, k);
	enum_name(o, "type", c->type, NAMES(con_types));
	hex(o, "address", c->address);
	hex(o, "size", c->size);
	flags(o, "flags", c->flags, NAMES(con_flags));
	num(o, "divider", c->divider);
	num(o, "gate_nr", c->gate_nr);
	hex(o, "clock_reg", c->clock_reg);
	close_obj(o);
}

/* CPU list: text "1-2,5", JSON [1, 2, 5] */
static void cpu_list(struct out *o, const struct jhc_cell *c)
{
	unsigned int max = jhc_cpu_max(c), cpu, run = 0;
	bool any = false;

	key(o, "cpus");
	if (o->json) {
		putchar('[');
		for (cpu = 0; cpu < max; cpu++) {
			if (!jhc_cpu_in(c, cpu))
				continue;
			printf("%s%u", any ? ", " : "", cpu);
			any = true;
		}
		putchar(']');
		o->first = false;
		return;
	}
	for (cpu = 0; cpu <= max; cpu++) {
		bool in = cpu < max && jhc_cpu_in(c, cpu);

		if (in) {
			run++;
			continue;
		}
		if (run) {
			unsigned int lo = cpu - run;

			printf("%s%u", any ? "," : "", lo);
			if (run > 1)
				printf("-%u", cpu - 1);
			any = true;
		}
		run = 0;
	}
	printf("%s (%u CPU%s)\n", any ? "" : "none", jhc_cpu_count(c),
	       jhc_cpu_count(c) == 1 ? "" : "s");
}

static void show_cell(struct out *o, const struct jhc_cell *c)
{
	const struct jh_cell_desc *d = c->desc;
	uint32_t i;

	str(o, "name", d->name, sizeof(d->name));
	num(o, "id", d->id);
	flags(o, "flags", d->flags, NAMES(cell_flags));
	num(o, "cpu_set_size", d->cpu_set_size);
	cpu_list(o, c);
	hex(o, "cpu_reset_address", d->cpu_reset_address);
	num(o, "msg_reply_timeout", d->msg_reply_timeout);
	num(o, "vpci_irq_base", d->vpci_irq_base);
	console(o, "console", &d->console);

	open_list(o, "mem_regions", d->num_memory_regions);
	for (i = 0; i < d->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(c, i, &m);
		open_elem(o, i, true);
		hex(o, "phys_start", m.phys_start);
		hex(o, "virt_start", m.virt_start);
		hex(o, "size", m.size);
		flags(o, "flags", m.flags, NAMES(mem_flags));
		close_obj(o);
	}
	close_list(o);

	open_list(o, "cache_regions", d->num_cache_regions);
	for (i = 0; i < d->num_cache_regions; i++) {
		struct jh_cache ca;

		memcpy(&ca, c->cache + (size_t)i * sizeof(ca), sizeof(ca));
		open_elem(o, i, true);
		num(o, "start", ca.start);
		num(o, "size", ca.size);
		num(o, "type", ca.type);
		hex(o, "flags", ca.flags);
		close_obj(o);
	}
	close_list(o);

	open_list(o, "irqchips", d->num_irqchips);
	for (i = 0; i < d->num_irqchips; i++) {
		struct jh_irqchip ic;
		unsigned int w;

		jhc_irqchip_at(c, i, &ic);
		open_elem(o, i, true);
		hex(o, "address", ic.address);
		num(o, "id", ic.id);
		num(o, "pin_base", ic.pin_base);
		key(o, "pin_bitmap");
		if (o->json) {
			printf("[%u, %u, %u, %u]", ic.pin_bitmap[0],
			       ic.pin_bitmap[1], ic.pin_bitmap[2],
			       ic.pin_bitmap[3]);
		} else {
			for (w = 0; w < 4; w++)
				printf("%s0x%08x", w ? " " : "",
				       ic.pin_bitmap[w]);
		}
		close_obj(o);
	}
	close_list(o);

	open_list(o, "pio_regions", d->num_pio_regions);
	for (i = 0; i < d->num_pio_regions; i++) {
		struct jh_pio p;

		memcpy(&p, c->pio + (size_t)i * sizeof(p), sizeof(p));
		open_elem(o, i, true);
		hex(o, "base", p.base);
		hex(o, "length", p.length);
		close_obj(o);
	}
	close_list(o);

	open_list(o, "pci_devices", d->num_pci_devices);
	for (i = 0; i < d->num_pci_devices; i++) {
		struct jh_pci_device p;
		unsigned int b;

		jhc_pci_at(c, i, &p);
		open_elem(o, i, false);
		enum_name(o, "type", p.type, NAMES(pci_types));
		num(o, "iommu", p.iommu);
		num(o, "domain", p.domain);
		key(o, "bdf");
		printf(o->json ? "\"%02x:%02x.%x\"" : "%02x:%02x.%x",
		       p.bdf >> 8, (p.bdf >> 3) & 0x1f, p.bdf & 7);
		endv(o);
		key(o, "bar_mask");
		printf(o->json ? "[" : "");
		for (b = 0; b < 6; b++)
			printf(o->json ? "%s%u" : "%s0x%08x",
			       b ? (o->json ? ", " : " ") : "", p.bar_mask[b]);
		printf(o->json ? "]" : "\n");
		num(o, "caps_start", p.caps_start);
		num(o, "num_caps", p.num_caps);
		num(o, "num_msi_vectors", p.num_msi_vectors);
		num(o, "msi_64bits", p.msi_flags & 1);
		num(o, "msi_maskable", (p.msi_flags >> 1) & 1);
		num(o, "num_msix_vectors", p.num_msix_vectors);
		hex(o, "msix_region_size", p.msix_region_size);
		hex(o, "msix_address", p.msix_address);
		num(o, "shmem_regions_start", p.shmem_regions_start);
		num(o, "shmem_dev_id", p.shmem_dev_id);
		num(o, "shmem_peers", p.shmem_peers);
		num(o, "shmem_protocol", p.shmem_protocol);
		close_obj(o);
	}
	close_list(o);

	open_list(o, "pci_caps", d->num_pci_caps);
	for (i = 0; i < d->num_pci_caps; i++) {
		struct jh_pci_capability pc;

		memcpy(&pc, c->pci_caps + (size_t)i * sizeof(pc), sizeof(pc));
		open_elem(o, i, true);
		hex(o, "id", pc.id);
		hex(o, "start", pc.start);
		num(o, "len", pc.len);
		hex(o, "flags", pc.flags);
		close_obj(o);
	}
	close_list(o);

	open_list(o, "stream_ids", d->num_stream_ids);
	for (i = 0; i < d->num_stream_ids; i++) {
		uint32_t sid;

		memcpy(&sid, c->stream_ids + (size_t)i * 4, 4);
		if (o->json) {
			printf("%s\n", o->first ? "" : ",");
			indent(o);
			printf("%u", sid);
		} else {
			indent(o);
			printf("[%u] 0x%x\n", i, sid);
		}
		o->first = false;
	}
	close_list(o);
}

static bool iommu_used(const struct jh_iommu *u)
{
	static const struct jh_iommu zero;

	return memcmp(u, &zero, sizeof(zero)) != 0;
}

static void show_system(struct out *o, const struct jhc_system *s)
{
	const struct jh_system *y = s->sys;
	const struct jh_platform_arm *a = &y->platform_info.arm;
	unsigned int i, used;

	flags(o, "flags", y->flags, NAMES(sys_flags));
	open_obj(o, "hypervisor_memory");
	hex(o, "phys_start", y->hypervisor_memory.phys_start);
	hex(o, "size", y->hypervisor_memory.size);
	close_obj(o);
	console(o, "debug_console", &y->debug_console);
	open_obj(o, "platform_info");
	hex(o, "pci_mmconfig_base", y->platform_info.pci_mmconfig_base);
	num(o, "pci_mmconfig_end_bus", y->platform_info.pci_mmconfig_end_bus);
	num(o, "pci_is_virtual", y->platform_info.pci_is_virtual);
	num(o, "pci_domain", y->platform_info.pci_domain);
	for (i = used = 0; i < JH_MAX_IOMMU_UNITS; i++)
		used += iommu_used(&y->platform_info.iommu_units[i]);
	open_list(o, "iommu_units", o->json ? JH_MAX_IOMMU_UNITS : used);
	for (i = 0; i < JH_MAX_IOMMU_UNITS; i++) {
		const struct jh_iommu *u = &y->platform_info.iommu_units[i];

		if (!o->json && !iommu_used(u))
			continue; /* text: only units in use */
		open_elem(o, i, true);
		enum_name(o, "type", u->type, NAMES(iommu_types));
		hex(o, "base", u->base);
		hex(o, "size", u->size);
		close_obj(o);
	}
	close_list(o);
	num(o, "maintenance_irq", a->maintenance_irq);
	num(o, "gic_version", a->gic_version);
	hex(o, "gicd_base", a->gicd_base);
	hex(o, "gicc_base", a->gicc_base);
	hex(o, "gich_base", a->gich_base);
	hex(o, "gicv_base", a->gicv_base);
	hex(o, "gicr_base", a->gicr_base);
	close_obj(o);
	open_obj(o, "root_cell");
	show_cell(o, &s->root);
	close_obj(o);
}

static int show_one(struct out *o, const struct file *f, bool *first_file)
{
	struct jhc_system s;
	struct jhc_cell c;
	struct jhc_diag d;
	bool sys = is_system(f);
	size_t size;
	int err;

	if (sys) {
		err = jhc_parse_system(f->data, f->len, &s, &d);
		size = s.size;
	} else {
		err = jhc_parse_cell(f->data, f->len, &c, &d);
		size = c.size;
	}
	if (err) {
		fflush(stdout);
		print_problem(f->path, ": ", &d);
		return -1;
	}
	if (o->json) {
		printf("%s\n  {", *first_file ? "" : ",");
		o->depth = 2;
		o->first = true;
	} else {
		printf("%s%s:\n", *first_file ? "" : "\n", f->path);
		o->depth = 1;
		o->first = true;
	}
	*first_file = false;
	str(o, "file", f->path, strlen(f->path));
	str(o, "kind", sys ? "system" : "cell", 6);
	num(o, "revision", JH_CONFIG_REVISION);
	str(o, "architecture", "arm64", 5);
	num(o, "config_size", size);
	num(o, "file_size", f->len);
	if (sys)
		show_system(o, &s);
	else
		show_cell(o, &c);
	if (o->json) {
		o->depth = 1;
		printf("\n  }");
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Subcommands */

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, PROG "%s%s: %s%s%s\n", *cmd ? " " : "", cmd, msg,
		arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try '" PROG " -h' for help.\n");
	return EXIT_USAGE;
}

static bool is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

static void help(void);

/* Splits argv into options (checked against allowed, which may be NULL)
 * and operands; returns the number of operands moved to the front, or -1
 * after printing a usage error (-2: help was asked). */
static int operands(const char *cmd, int argc, char **argv, const char *allowed,
		    bool *opt_set)
{
	int i, n = 0;
	bool dashdash = false;

	for (i = 0; i < argc; i++) {
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = true;
			continue;
		}
		if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
			if (is_help(argv[i]))
				return -2;
			if (allowed && strcmp(argv[i], allowed) == 0) {
				*opt_set = true;
				continue;
			}
			usage_error(cmd, "unknown option", argv[i]);
			return -1;
		}
		argv[n++] = argv[i];
	}
	return n;
}

/*
 * operands() of a subcommand that needs at least one: their count, or -1
 * with *rc set (help shown: EXIT_OK; bad option or none: EXIT_USAGE).
 */
static int some_operands(const char *cmd, int argc, char **argv,
			 const char *allowed, bool *opt_set,
			 const char *missing, int *rc)
{
	int n = operands(cmd, argc, argv, allowed, opt_set);

	if (n == -2) {
		help();
		*rc = EXIT_OK;
		return -1;
	}
	if (n < 0) {
		*rc = EXIT_USAGE;
		return -1;
	}
	if (n == 0) {
		*rc = usage_error(cmd, missing, NULL);
		return -1;
	}
	return n;
}

static int cmd_show(int argc, char **argv)
{
	struct out o = { false, 0, true, false };
	bool first = true;
	int n, i, rc = EXIT_OK;

	n = some_operands("show", argc, argv, "--json", &o.json, "missing FILE",
			  &rc);
	if (n < 0)
		return rc;
	if (o.json)
		printf("[");
	for (i = 0; i < n; i++) {
		struct file f;

		if (read_file(argv[i], &f)) {
			rc = EXIT_PROBLEM;
			continue;
		}
		if (show_one(&o, &f, &first))
			rc = EXIT_PROBLEM;
		free(f.data);
	}
	printf(o.json ? "\n]\n" : "");
	return rc;
}

struct check_ctx {
	const char *path;	       /* file of per-file diagnostics */
	const char *sep;	       /* between path and field name */
	const char *const *cell_paths; /* for jhc_check_whole */
	const struct jhc_cell *cells;
	unsigned int problems;
};

static void report_file(void *ctx, const struct jhc_diag *d)
{
	struct check_ctx *c = ctx;

	print_problem(c->path, c->sep, d);
	c->problems++;
}

/* Whole-system diagnostics name "cells.X" with the cell index: print them
 * against that cell's file, with the element index recovered from the
 * byte offset. */
static void report_whole(void *ctx, const struct jhc_diag *d)
{
	static const struct {
		const char *prefix;
		size_t elem;
	} arrays[] = {
		{ "mem_regions", sizeof(struct jh_memory) },
		{ "irqchips", sizeof(struct jh_irqchip) },
		{ "pci_devices", sizeof(struct jh_pci_device) },
	};
	struct check_ctx *c = ctx;
	struct jhc_diag e = *d;
	const char *path = c->path;
	unsigned int i;

	if (d->field && strncmp(d->field, "cells.", 6) == 0 && d->index >= 0) {
		const struct jhc_cell *cell = &c->cells[d->index];

		path = c->cell_paths[d->index];
		e.field = d->field + 6;
		e.index = -1;
		for (i = 0; i < JH_ARRAY_SIZE(arrays); i++) {
			const uint8_t *base =
				i == 0 ? cell->mem
				       : (i == 1 ? cell->irqchips
						 : cell->pci_devices);
			size_t off =
				(size_t)(base - (const uint8_t *)cell->desc);

			if (strncmp(e.field, arrays[i].prefix,
				    strlen(arrays[i].prefix)) == 0 &&
			    d->offset >= off)
				e.index = (int)((d->offset - off) /
						arrays[i].elem);
		}
	}
	print_problem(path, c->sep, &e);
	c->problems++;
}

static void problem_line(unsigned int *problems, const char *path,
			 const char *field, const char *what, uint64_t value)
{
	printf("%s: %s: %s (%" PRIu64 ")\n", path, field, what, value);
	(*problems)++;
}

static int cmd_check(int argc, char **argv)
{
	static struct jhc_cell cells[MAX_CELLS];
	const char *cell_paths[MAX_CELLS];
	struct file files[MAX_CELLS + 1];
	struct check_ctx ctx = { NULL, ": ", cell_paths, cells, 0 };
	struct jhc_system sys;
	struct jhc_diag d;
	bool sys_ok = false, read_failed = false, unused = false;
	unsigned int ncells = 0;
	int n, i, rc;

	n = some_operands("check", argc, argv, NULL, &unused,
			  "missing SYSTEM.cell", &rc);
	if (n < 0)
		return rc;
	if (n > MAX_CELLS + 1)
		return usage_error("check", "too many files", NULL);

	for (i = 0; i < n; i++) {
		struct file *f = &files[i];
		size_t size = 0;
		int err;

		if (read_file(argv[i], f)) {
			read_failed = true;
			continue;
		}
		ctx.path = f->path;
		if (i == 0) {
			err = jhc_parse_system(f->data, f->len, &sys, &d);
			size = sys.size;
		} else {
			err = jhc_parse_cell(f->data, f->len, &cells[ncells],
					     &d);
			size = cells[ncells].size;
		}
		if (err) {
			report_file(&ctx, &d);
			continue;
		}
		/* A config followed by other bytes is most likely the wrong
		 * file or a broken build: reject it (parse itself allows a
		 * longer buffer). */
		if (f->len > size) {
			char what[96];

			snprintf(what, sizeof(what),
				 "%zu bytes after the end of the %zu-byte "
				 "config",
				 f->len - size, size);
			problem_line(&ctx.problems, f->path, "file_size", what,
				     f->len);
		}
		if (i == 0) {
			jhc_check_system(&sys, report_file, &ctx, NULL);
			sys_ok = true;
		} else {
			jhc_check_cell(&cells[ncells], report_file, &ctx, NULL);
			cell_paths[ncells++] = f->path;
		}
	}
	if (sys_ok && ncells) {
		ctx.path = files[0].path;
		jhc_check_whole(&sys, cells, ncells, report_whole, &ctx, NULL);
	}
	for (i = 0; i < n; i++)
		free(files[i].data);

	if (read_failed || ctx.problems) {
		if (ctx.problems)
			printf("%u problem%s found\n", ctx.problems,
			       ctx.problems == 1 ? "" : "s");
		return EXIT_PROBLEM;
	}
	printf("ok: %d config%s checked, no problems\n", n, n == 1 ? "" : "s");
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* verify: a whole bundle, offline, as the firmware will take it */

#define HV_PAGE 0x1000ull
#define SZ_2M_ 0x200000ull
#define CELL_CONFIG_MAX (64u << 10)   /* CELL_CREATE: 16 pages */
#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 56 */
#define LINUX_DT_SLACK 0x2000ull      /* boot/common/linux_cell.c */
#define ALIGN_UP_(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))

struct arm64_image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags, res2, res3, res4;
	uint32_t magic, res5;
};

struct vctx {
	const char *path;
	const uint8_t *fit;
	size_t len;
	const struct jhb_bundle *b;
	int images; /* offset of /images */
	unsigned int problems;
	unsigned int unhashed; /* blobs without a sha256 hash */
};

/* "BUNDLE: NODE/FIELD: what (value)"; node "/" takes no extra slash */
static void __attribute__((format(printf, 4, 5)))
vprob(struct vctx *v, const char *node, const char *field, const char *fmt, ...)
{
	size_t n = strlen(node);
	va_list ap;

	printf("%s: %s%s%s: ", v->path, node,
	       field && (!n || node[n - 1] != '/') ? "/" : "",
	       field ? field : "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	v->problems++;
}

/* Printable copy of n bytes, C escapes for the rest. */
static const char *escaped(char *out, size_t len, const uint8_t *p, size_t n)
{
	size_t o = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && o + 5 < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x",
					      p[i]);
		out[o] = 0;
	}
	return out;
}

/* A name from the bundle, fit for a message line. */
static const char *esc_name(char *out, size_t len, const char *name)
{
	if (!name)
		name = "?";
	return escaped(out, len, (const uint8_t *)name, strlen(name));
}

static void node_path(char *buf, size_t len, const char *name)
{
	char e[128];

	snprintf(buf, len, JHB_IMAGES_PATH "/%s", esc_name(e, sizeof(e), name));
}

static int image_node(const struct vctx *v, const char *name)
{
	if (!name || v->images < 0)
		return -FDT_ERR_NOTFOUND;
	return fdt_subnode_offset(v->fit, v->images, name);
}

static void hex_digest(char out[2 * JH_SHA256_LEN + 1], const uint8_t *d)
{
	for (unsigned int i = 0; i < JH_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* A string property: 0 absent, 1 one terminated string, -1 malformed. */
static int prop_string(const struct vctx *v, int node, const char *prop,
		       const char **s)
{
	int len;
	const char *p = fdt_getprop(v->fit, node, prop, &len);

	*s = NULL;
	if (!p)
		return len == -FDT_ERR_NOTFOUND ? 0 : -1;
	if (len <= 0 || strnlen(p, (size_t)len) != (size_t)len - 1)
		return -1;
	*s = p;
	return 1;
}

/* A 32-bit property: 0 absent, 1 found, -1 not 4 bytes. */
static int prop_u32(const struct vctx *v, int node, const char *prop,
		    uint32_t *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(v->fit, node, prop, &len);

	if (!p)
		return len == -FDT_ERR_NOTFOUND ? 0 : -1;
	if (len != 4)
		return -1;
	*val = fdt32_ld(p);
	return 1;
}

/* Why jhb_open() found no usable data for an image node. */
static void data_problem(struct vctx *v, const char *path, int node)
{
	uint32_t size, off;
	uint64_t start;
	int r;

	if (fdt_getprop(v->fit, node, FIT_PROP_DATA, &r) ||
	    r != -FDT_ERR_NOTFOUND) {
		vprob(v, path, FIT_PROP_DATA, "malformed property (%d)", r);
		return;
	}
	r = prop_u32(v, node, FIT_PROP_DATA_SIZE, &size);
	if (r <= 0) {
		vprob(v, path, FIT_PROP_DATA_SIZE,
		      r ? "malformed: not one 32-bit cell"
			: "image has no data (neither data nor data-size)");
		return;
	}
	r = prop_u32(v, node, FIT_PROP_DATA_POSITION, &off);
	if (r < 0) {
		vprob(v, path, FIT_PROP_DATA_POSITION,
		      "malformed: not one 32-bit cell");
		return;
	}
	if (r) {
		start = off;
	} else {
		r = prop_u32(v, node, FIT_PROP_DATA_OFFSET, &off);
		if (r <= 0) {
			vprob(v, path, FIT_PROP_DATA_OFFSET,
			      r ? "malformed: not one 32-bit cell"
				: "data-size without data-offset or "
				  "data-position");
			return;
		}
		start = ALIGN_UP_((uint64_t)fdt_totalsize(v->fit), 4) + off;
	}
	vprob(v, path, FIT_PROP_DATA_SIZE,
	      "image data [0x%" PRIx64 ", 0x%" PRIx64 ") runs past the end of "
	      "the 0x%zx-byte file, truncated? (0x%" PRIx32 ")",
	      start, start + size, v->len, size);
}

/* Hash nodes of an image: the sha256 one's name, or why there is none. */
static const char *hash_node(const struct vctx *v, int node, const char **algo)
{
	const char *first = NULL;
	int sub;

	*algo = NULL;
	fdt_for_each_subnode(sub, v->fit, node)
	{
		const char *name = fdt_get_name(v->fit, sub, NULL), *a;

		if (!name || strncmp(name, FIT_HASH_NODE_PREFIX,
				     strlen(FIT_HASH_NODE_PREFIX)) != 0)
			continue;
		if (prop_string(v, sub, FIT_PROP_ALGO, &a) <= 0)
			a = "?";
		if (!strcmp(a, "sha256")) {
			*algo = a;
			return name;
		}
		if (!first) {
			first = name;
			*algo = a;
		}
	}
	return first;
}

/*
 * One blob as the firmware takes it: present, its data inside the file,
 * its sha256 digest right. ref_node/ref_prop name the property that
 * refers to it. Returns true when the blob is usable.
 */
static bool check_blob(struct vctx *v, const struct jhb_blob *bl,
		       const char *ref_node, const char *ref_prop)
{
	uint8_t actual[JH_SHA256_LEN];
	char path[160], exp_hex[2 * JH_SHA256_LEN + 1];
	char act_hex[2 * JH_SHA256_LEN + 1];
	const char *hname, *algo, *s;
	char e[128];
	int node, err;

	if (!bl->node && bl->err == JHB_E_MISSING) {
		vprob(v, ref_node, ref_prop, "required property missing");
		return false;
	}
	if (!bl->node && bl->err == JHB_E_PROP) {
		/* jhb_open also marks the root kernel for a bad bootargs */
		if (prop_string(v, fdt_path_offset(v->fit, ref_node), ref_prop,
				&s) < 0)
			vprob(v, ref_node, ref_prop,
			      "malformed: not one NUL-terminated string");
		return false;
	}
	if (!bl->node)
		return false; /* absent and optional */
	node_path(path, sizeof(path), bl->node);
	node = image_node(v, bl->node);
	switch (bl->err) {
	case 0:
		break;
	case JHB_E_MISSING:
		vprob(v, ref_node, ref_prop,
		      "names an image node that %s lacks (\"%s\")",
		      JHB_IMAGES_PATH, esc_name(e, sizeof(e), bl->node));
		return false;
	case JHB_E_DATA:
		data_problem(v, path, node);
		return false;
	case JHB_E_HASH_ALGO:
		hname = hash_node(v, node, &algo);
		vprob(v, path, hname ? hname : "hash",
		      "no sha256 hash, jhboot cannot check the image "
		      "(\"%s\")",
		      algo ? algo : "?");
		return false;
	case JHB_E_PROP:
		if (bl->data)
			break; /* root kernel marked for jhboot,bootargs */
		hname = hash_node(v, node, &algo);
		vprob(v, path, hname ? hname : FIT_PROP_DATA,
		      "malformed data or hash property: sha256 value not 32 "
		      "bytes, or two sha256 hashes that differ");
		return false;
	default:
		vprob(v, path, NULL, "%s", jhb_strerror(bl->err));
		return false;
	}
	if (!bl->has_sha256) {
		/* the firmware refuses what it cannot check (hv.c) */
		v->unhashed++;
		vprob(v, path, "hash",
		      "no sha256 hash: jhboot refuses unverified images");
		return false;
	}
	err = jhb_verify(bl, NULL, actual);
	if (err == JHB_E_HASH) {
		hname = hash_node(v, node, &algo);
		hex_digest(exp_hex, bl->sha256);
		hex_digest(act_hex, actual);
		vprob(v, path, hname ? hname : "hash",
		      "sha256 mismatch, the image is corrupt (expected %s, "
		      "actual %s)",
		      exp_hex, act_hex);
		return false;
	}
	if (err) {
		vprob(v, path, NULL, "%s", jhb_strerror(err));
		return false;
	}
	return true;
}

/* jhb_open() refused the file as a whole: say why, precisely. */
static void verify_structure(struct vctx *v, int err)
{
	const char *conf = JHB_CONFS_PATH "/" JHB_CONF_NAME;
	const void *fit = v->fit;
	uint32_t val;
	int r, node;

	switch (err) {
	case JHB_E_FDT:
		if (v->len < sizeof(struct fdt_header)) {
			vprob(v, "fdt", NULL,
			      "file too short for a device tree header (%zu)",
			      v->len);
		} else if (fdt_magic(fit) != FDT_MAGIC) {
			vprob(v, "fdt", "magic",
			      "not a FIT image: no device tree magic "
			      "0xd00dfeed (0x%08" PRIx32 ")",
			      (uint32_t)fdt_magic(fit));
		} else if (fdt_totalsize(fit) > v->len) {
			vprob(v, "fdt", "totalsize",
			      "file truncated: the device tree alone needs "
			      "more than the file's 0x%zx bytes (0x%" PRIx32
			      ")",
			      v->len, (uint32_t)fdt_totalsize(fit));
		} else if ((r = fdt_check_header(fit)) != 0 ||
			   (r = fdt_check_full(fit, fdt_totalsize(fit))) != 0) {
			vprob(v, "fdt", NULL, "corrupt device tree: %s (%d)",
			      fdt_strerror(r), r);
		} else {
			vprob(v, JHB_IMAGES_PATH, NULL,
			      "node missing: not a FIT image");
		}
		return;
	case JHB_E_VERSION:
		r = prop_u32(v, 0, JHB_PROP_VERSION, &val);
		if (r == 0)
			vprob(v, "/", JHB_PROP_VERSION,
			      "missing: not a jhboot bundle");
		else if (r < 0)
			vprob(v, "/", JHB_PROP_VERSION,
			      "malformed: not one 32-bit cell");
		else
			vprob(v, "/", JHB_PROP_VERSION,
			      "unsupported bundle version, jhboot reads "
			      "version %d (%" PRIu32 ")",
			      JHB_VERSION, val);
		return;
	case JHB_E_NOCONF:
		vprob(v, conf, NULL, "node missing: no jhboot configuration");
		return;
	default:
		break;
	}
	node = fdt_path_offset(fit, conf);
	r = fdt_stringlist_count(fit, node, JHB_PROP_CELLS);
	if (err == JHB_E_TOO_MANY)
		vprob(v, conf, JHB_PROP_CELLS, "more than %d cells (%d)",
		      JHB_MAX_CELLS, r);
	else if (err == JHB_E_PROP && r < 0 && r != -FDT_ERR_NOTFOUND)
		vprob(v, conf, JHB_PROP_CELLS,
		      "malformed: not a list of NUL-terminated strings");
	else if (err == JHB_E_PROP)
		vprob(v, conf, JHB_PROP_SUPERVISE,
		      "malformed: neither empty nor one 32-bit cell");
	else
		vprob(v, "/", NULL, "%s", jhb_strerror(err));
}

/* boot/common/hv.c hv_prepare(), the parts that do not depend on the
 * machine (its RAM, what jhboot occupies, the CPUs that came up). */
static void verify_hypervisor(struct vctx *v, bool hv_ok,
			      const struct jhc_system *s)
{
	const struct jhb_blob *hb = &v->b->hypervisor;
	struct jh_fw_header h;
	uint64_t hv_size, cfg_off = 0;
	unsigned int max_cpus;
	char path[160], sig[64];
	bool fits = true;

	if (s && !jhc_cpu_in(&s->root, 0))
		vprob(v, JHB_IMAGES_PATH "/system", "root_cell.cpus",
		      "the boot CPU is not in the root cell: jhboot cannot "
		      "enable the hypervisor (0)");
	if (!hv_ok)
		return;
	node_path(path, sizeof(path), hb->node);
	if (hb->size < sizeof(h) ||
	    memcmp(hb->data, JH_HDR_SIGNATURE, JH_HDR_SIGNATURE_LEN)) {
		vprob(v, path, "signature",
		      "not a Jailhouse hypervisor: no \"%s\" header at offset "
		      "0 (\"%s\")",
		      JH_HDR_SIGNATURE,
		      escaped(sig, sizeof(sig), hb->data,
			      hb->size < JH_HDR_SIGNATURE_LEN
				      ? hb->size
				      : JH_HDR_SIGNATURE_LEN));
		return;
	}
	memcpy(&h, hb->data, sizeof(h));
	if (h.core_size < hb->size || h.core_size % HV_PAGE)
		vprob(v, path, "core_size",
		      "smaller than the 0x%zx-byte image or not a multiple "
		      "of 4 KiB (0x%" PRIx64 ")",
		      hb->size, (uint64_t)h.core_size);
	if (!h.percpu_size || h.percpu_size % HV_PAGE)
		vprob(v, path, "percpu_size",
		      "zero or not a multiple of 4 KiB (0x%" PRIx64 ")",
		      (uint64_t)h.percpu_size);
	if (h.entry >= hb->size)
		vprob(v, path, "entry",
		      "entry offset outside the 0x%zx-byte image (0x%" PRIx64
		      ")",
		      hb->size, (uint64_t)h.entry);
	if (!s)
		return;
	hv_size = s->sys->hypervisor_memory.size;
	if (hb->size >= hv_size) {
		vprob(v, path, FIT_PROP_DATA_SIZE,
		      "image does not fit the system config's "
		      "hypervisor_memory.size 0x%" PRIx64 " (0x%zx)",
		      hv_size, hb->size);
		return;
	}
	/* §1.3: image and bss, the per-CPU areas, then the system config */
	max_cpus = jhc_cpu_max(&s->root);
	if (max_cpus && h.percpu_size > (UINT64_MAX - h.core_size) / max_cpus)
		fits = false;
	else
		cfg_off =
			JH_CONFIG_OFFSET(h.core_size, max_cpus, h.percpu_size);
	if (!fits || cfg_off >= hv_size || s->size >= hv_size - cfg_off)
		vprob(v, path, "core_size",
		      "core + %u per-CPU areas of 0x%" PRIx64 " + the "
		      "0x%zx-byte system config do not fit hypervisor memory "
		      "of 0x%" PRIx64 " (0x%" PRIx64 ")",
		      max_cpus, (uint64_t)h.percpu_size, s->size, hv_size,
		      (uint64_t)h.core_size);
}

/* A jhc_diag of a config inside the bundle, printed against its node. */
struct vdiag {
	struct vctx *v;
	char where[256]; /* "BUNDLE: /images/NODE" */
};

static void vdiag_init(struct vdiag *d, struct vctx *v, const char *node)
{
	char path[160];

	d->v = v;
	node_path(path, sizeof(path), node);
	snprintf(d->where, sizeof(d->where), "%s: %s", v->path, path);
}

static void report_vdiag(void *ctx, const struct jhc_diag *diag)
{
	struct vdiag *d = ctx;

	print_problem(d->where, "/", diag);
	d->v->problems++;
}

/* The per-cell string properties, each checked on its own (jhb_open()
 * keeps only a cell's first problem). */
static void verify_cell_props(struct vctx *v, const char *path, int node)
{
	static const char *const props[] = {
		JHB_PROP_NAME,	      JHB_PROP_ARGS,
		JHB_PROP_RESTART,     JHB_PROP_MAY,
		JHB_PROP_HEARTBEAT,   JHB_PROP_MAILBOX,
		JHB_PROP_CELL_LINUX,  JHB_PROP_CELL_DTB,
		JHB_PROP_CELL_INITRD, JHB_PROP_CELL_BOOTARGS,
	};
	const char *s, *linux_img = NULL;
	bool linux_extra = false;
	uint64_t a;
	uint32_t ms;
	int r, n;

	for (size_t i = 0; i < JH_ARRAY_SIZE(props); i++) {
		const char *p = props[i];
		char shown[96];

		r = prop_string(v, node, p, &s);
		if (r < 0) {
			vprob(v, path, p,
			      "malformed: not one NUL-terminated string");
			continue;
		}
		if (!r)
			continue;
		escaped(shown, sizeof(shown), (const uint8_t *)s, strlen(s));
		if (!strcmp(p, JHB_PROP_ARGS) && strlen(s) > JHB_ARGS_MAX)
			vprob(v, path, p,
			      "parameter string longer than %u characters "
			      "(%zu)",
			      JHB_ARGS_MAX, strlen(s));
		else if (!strcmp(p, JHB_PROP_RESTART) &&
			 jhb_parse_restart(s, &n))
			vprob(v, path, p,
			      "expected never, on-failure or on-failure:N "
			      "(\"%s\")",
			      shown);
		else if (!strcmp(p, JHB_PROP_MAY) && jhb_check_may(s))
			vprob(v, path, p,
			      "expected a list of restart:NAME, stop:NAME, "
			      "start:NAME and status (\"%s\")",
			      shown);
		else if (!strcmp(p, JHB_PROP_HEARTBEAT) &&
			 jhb_parse_heartbeat(s, &a, &ms))
			vprob(v, path, p,
			      "expected ADDR:TIMEOUT_MS[:FIRST_MS], ADDR "
			      "4-byte "
			      "aligned, times 1..3600000 ms (\"%s\")",
			      shown);
		else if (!strcmp(p, JHB_PROP_MAILBOX) &&
			 jhb_parse_mailbox(s, &a))
			vprob(v, path, p,
			      "expected a page-aligned non-zero address "
			      "(\"%s\")",
			      shown);
		if (!strcmp(p, JHB_PROP_CELL_LINUX))
			linux_img = s;
		else if (!strcmp(p, JHB_PROP_CELL_DTB) ||
			 !strcmp(p, JHB_PROP_CELL_INITRD) ||
			 !strcmp(p, JHB_PROP_CELL_BOOTARGS))
			linux_extra = true;
	}
	if (linux_img && prop_string(v, node, JHB_PROP_CELL_DTB, &s) == 0)
		vprob(v, path, JHB_PROP_CELL_DTB,
		      "missing: a Linux cell needs a device tree");
	if (!linux_img && linux_extra &&
	    prop_string(v, node, JHB_PROP_CELL_LINUX, &s) == 0)
		vprob(v, path, JHB_PROP_CELL_LINUX,
		      "missing: Linux cell properties without a kernel");

	n = fdt_stringlist_count(v->fit, node, JHB_PROP_CELL_IMAGES);
	if ((n == -FDT_ERR_NOTFOUND || n == 0) && !linux_img)
		vprob(v, path, JHB_PROP_CELL_IMAGES,
		      "missing or empty: the cell has nothing to run");
	else if (n < 0 && n != -FDT_ERR_NOTFOUND)
		vprob(v, path, JHB_PROP_CELL_IMAGES,
		      "malformed: not a list of NUL-terminated strings");
	else if (n > JHB_MAX_CELL_IMAGES)
		vprob(v, path, JHB_PROP_CELL_IMAGES, "more than %d images (%d)",
		      JHB_MAX_CELL_IMAGES, n);
}

/* Root-physical [a, a + len) inside one ROOTSHARED non-I/O region, as
 * boot/common/supervisor.c wants the heartbeat word and the mailbox. */
static bool in_rootshared(const struct jhc_cell *c, uint64_t a, uint64_t len)
{
	for (uint32_t i = 0; i < c->desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(c, i, &m);
		if ((m.flags & JH_MEM_ROOTSHARED) && !(m.flags & JH_MEM_IO) &&
		    a >= m.phys_start && a - m.phys_start < m.size &&
		    len <= m.size - (a - m.phys_start))
			return true;
	}
	return false;
}

/* boot/common/linux_cell.c linux_cell_check(): the Linux images of a cell
 * and where jhboot will place them. */
static void verify_linux_cell(struct vctx *v, const struct jhb_cell *c,
			      const struct jhc_cell *cfg, const char *path)
{
	const uint64_t ram_flags =
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA;
	struct arm64_image_header ih;
	char kpath[160], dpath[160];
	uint64_t kspan, dt_space, need, isize = c->linux_initrd.size;
	uint64_t ram = 0, ram_size = 0, dtb, kernel, initrd, tramp, phys;
	size_t args = c->bootargs ? strlen(c->bootargs) : 0;
	bool ok = true;

	node_path(kpath, sizeof(kpath), c->linux_image.node);
	node_path(dpath, sizeof(dpath), c->linux_dtb.node);
	memset(&ih, 0, sizeof(ih));
	if (c->linux_image.size >= sizeof(ih))
		memcpy(&ih, c->linux_image.data, sizeof(ih));
	if (ih.magic != ARM64_IMAGE_MAGIC) {
		vprob(v, kpath, "magic",
		      "not an arm64 Linux Image: no \"ARM\\x64\" at offset 56 "
		      "(0x%08" PRIx32 ")",
		      ih.magic);
		ok = false;
	}
	if (c->linux_dtb.size < sizeof(struct fdt_header) ||
	    fdt_check_header(c->linux_dtb.data) ||
	    fdt_totalsize(c->linux_dtb.data) > c->linux_dtb.size) {
		vprob(v, dpath, NULL, "not a flattened device tree (0x%zx)",
		      c->linux_dtb.size);
		ok = false;
	}
	if (!ok)
		return;
	kspan = ih.image_size
			? ih.image_size
			: ALIGN_UP_((uint64_t)c->linux_image.size, SZ_2M_);
	if (kspan < c->linux_image.size)
		kspan = c->linux_image.size;
	dt_space = ALIGN_UP_((uint64_t)fdt_totalsize(c->linux_dtb.data) +
				     LINUX_DT_SLACK + args,
			     0x1000);
	need = dt_space + 2 * SZ_2M_ + kspan + ALIGN_UP_(isize, 0x1000);
	for (uint32_t i = 0; i < cfg->desc->num_memory_regions; i++) {
		struct jh_memory m;

		jhc_mem_at(cfg, i, &m);
		if ((m.flags & ram_flags) != ram_flags ||
		    !(m.flags & JH_MEM_LOADABLE) ||
		    (m.flags &
		     (JH_MEM_IO | JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED)) ||
		    m.size < need)
			continue;
		ram = m.virt_start;
		ram_size = m.size;
		break;
	}
	if (!ram_size) {
		vprob(v, path, "mem_regions",
		      "no loadable RAM region (R|W|X|DMA) large enough for the "
		      "kernel, DT and initrd (need 0x%" PRIx64 ")",
		      need);
		return;
	}
	dtb = ram ? ram : 0x2000;
	kernel = ALIGN_UP_(dtb + dt_space, SZ_2M_) + ih.text_offset;
	initrd = ALIGN_UP_(kernel + kspan, 0x1000);
	tramp = cfg->desc->cpu_reset_address;
	if (jhc_translate_loadable(cfg, dtb, dt_space, &phys))
		vprob(v, dpath, NULL,
		      "the DT does not fit one loadable region at cell address "
		      "0x%" PRIx64 " (0x%" PRIx64 ")",
		      dtb, dt_space);
	if (jhc_translate_loadable(cfg, kernel, kspan, &phys))
		vprob(v, kpath, "text_offset",
		      "the kernel does not fit one loadable region at cell "
		      "address 0x%" PRIx64 " (0x%" PRIx64 ")",
		      kernel, (uint64_t)ih.text_offset);
	if (isize && jhc_translate_loadable(cfg, initrd, isize, &phys))
		vprob(v, path, JHB_PROP_CELL_INITRD,
		      "the initrd does not fit one loadable region at cell "
		      "address 0x%" PRIx64 " (0x%" PRIx64 ")",
		      initrd, isize);
	if (jhc_translate_loadable(cfg, tramp, 0x1000, &phys))
		vprob(v, path, "cpu_reset_address",
		      "jhboot's Linux entry stub needs one loadable page there "
		      "(0x%" PRIx64 ")",
		      tramp);
	else if (tramp < initrd + isize && dtb < tramp + 0x1000)
		vprob(v, path, "cpu_reset_address",
		      "inside the Linux images jhboot places at 0x%" PRIx64
		      "-0x%" PRIx64 " (0x%" PRIx64 ")",
		      dtb, initrd + isize, tramp);
}

/* boot/common/cells.c check_cell() after the config checks: images and
 * the parameter string inside the cell's loadable memory; plus what
 * jhboot-mkbundle asks of the images and the supervisor of the shared
 * words. */
static void verify_cell_images(struct vctx *v, const struct jhb_cell *c,
			       const struct jhc_cell *cfg, const char *path,
			       const bool *img_ok)
{
	uint64_t reset = cfg->desc->cpu_reset_address;
	bool reset_covered = false, all_ok = true;
	char ipath[160], e[128];

	for (unsigned int i = 0; i < c->nimages; i++) {
		const struct jhb_image *im = &c->images[i];
		uint64_t end = im->load + im->blob.size;

		if (!img_ok[i]) {
			all_ok = false;
			continue;
		}
		node_path(ipath, sizeof(ipath), im->blob.node);
		if (!im->blob.size)
			vprob(v, ipath, FIT_PROP_DATA_SIZE,
			      "empty image (0x0)");
		else if (jhc_translate_loadable(cfg, im->load, im->blob.size,
						NULL))
			vprob(v, ipath, JHB_PROP_LOAD,
			      "image [0x%" PRIx64 ", 0x%" PRIx64 ") is not "
			      "inside one loadable (LOADABLE + WRITE) memory "
			      "region of the cell (0x%" PRIx64 ")",
			      im->load, end, im->load);
		for (unsigned int k = 0; k < i; k++) {
			const struct jhb_image *p = &c->images[k];

			if (img_ok[k] && im->load < p->load + p->blob.size &&
			    p->load < end)
				vprob(v, ipath, JHB_PROP_LOAD,
				      "overlaps image %u (%s) in cell space "
				      "(0x%" PRIx64 ")",
				      k, esc_name(e, sizeof(e), p->blob.node),
				      im->load);
		}
		if (reset >= im->load && reset - im->load < im->blob.size)
			reset_covered = true;
	}
	if (c->nimages && all_ok && !reset_covered)
		vprob(v, path, "cpu_reset_address",
		      "no image is loaded where the cell's CPU starts "
		      "(0x%" PRIx64 ")",
		      reset);
	if (c->args && c->nimages && img_ok[0]) {
		uint64_t at = c->images[0].load + JHB_ARGS_OFFSET;

		if (jhc_translate_loadable(cfg, at, strlen(c->args) + 1, NULL))
			vprob(v, path, JHB_PROP_ARGS,
			      "parameter string at image 0 + 0x%x is not "
			      "inside a loadable memory region (0x%" PRIx64 ")",
			      JHB_ARGS_OFFSET, at);
	}
}

/* boot/common/supervisor.c setup_cell(): jhboot reads the heartbeat word
 * and serves the mailbox through root memory the cell shares. */
static void verify_shared(struct vctx *v, const struct jhb_cell *c,
			  const struct jhc_cell *cfg, const char *path)
{
	uint64_t a;
	uint32_t ms;

	if (c->heartbeat && !jhb_parse_heartbeat(c->heartbeat, &a, &ms) &&
	    !in_rootshared(cfg, a, 4))
		vprob(v, path, JHB_PROP_HEARTBEAT,
		      "not inside a ROOTSHARED memory region of the cell "
		      "(root-physical), jhboot cannot watch it (0x%" PRIx64 ")",
		      a);
	if (c->mailbox && !jhb_parse_mailbox(c->mailbox, &a) &&
	    !in_rootshared(cfg, a, JHB_MBOX_SIZE))
		vprob(v, path, JHB_PROP_MAILBOX,
		      "page not inside a ROOTSHARED memory region of the cell "
		      "(root-physical), jhboot cannot serve it (0x%" PRIx64 ")",
		      a);
}

/* Every cell: its node, config, images, then the cells together. */
static void verify_cells(struct vctx *v, const struct jhc_system *sys)
{
	static struct jhc_cell good[JHB_MAX_CELLS];
	static char where[JHB_MAX_CELLS][256];
	const char *good_where[JHB_MAX_CELLS];
	const char *conf = JHB_CONFS_PATH "/" JHB_CONF_NAME;
	struct check_ctx wctx = { NULL, "/", good_where, good, 0 };
	char sys_where[256], sys_path[160];
	unsigned int ngood = 0;

	for (unsigned int i = 0; i < v->b->ncells; i++) {
		const struct jhb_cell *c = &v->b->cells[i];
		unsigned int before = v->problems;
		bool img_ok[JHB_MAX_CELL_IMAGES], cfg_ok, linux_ok = true;
		struct jhc_cell cfg;
		struct jhc_diag d;
		struct vdiag vd;
		char path[160];
		int node;

		node_path(path, sizeof(path), c->node);
		cfg_ok = check_blob(v, &c->config, conf, JHB_PROP_CELLS);
		node = image_node(v, c->node);
		if (node >= 0)
			verify_cell_props(v, path, node);
		for (unsigned int k = 0; k < c->nimages; k++) {
			const struct jhb_image *im = &c->images[k];
			int inode = image_node(v, im->blob.node), len;
			const void *ld;
			char ipath[160];

			img_ok[k] = check_blob(v, &im->blob, path,
					       JHB_PROP_CELL_IMAGES);
			if (inode < 0)
				continue;
			ld = fdt_getprop(v->fit, inode, JHB_PROP_LOAD, &len);
			if (!ld || (len != 4 && len != 8)) {
				node_path(ipath, sizeof(ipath), im->blob.node);
				vprob(v, ipath, JHB_PROP_LOAD,
				      ld ? "malformed: neither 4 nor 8 bytes "
					   "(%d)"
					 : "missing: where the image goes in "
					   "cell space (%d)",
				      ld ? len : 0);
				img_ok[k] = false;
			}
		}
		if (c->linux_image.node || c->linux_dtb.node ||
		    c->linux_initrd.node) {
			linux_ok &= check_blob(v, &c->linux_image, path,
					       JHB_PROP_CELL_LINUX);
			linux_ok &= check_blob(v, &c->linux_dtb, path,
					       JHB_PROP_CELL_DTB);
			if (c->linux_initrd.node)
				linux_ok &=
					check_blob(v, &c->linux_initrd, path,
						   JHB_PROP_CELL_INITRD);
		}
		if (!cfg_ok)
			goto next;
		if (c->config.size > CELL_CONFIG_MAX) {
			vprob(v, path, FIT_PROP_DATA_SIZE,
			      "cell config larger than the hypervisor's limit "
			      "of 64 KiB (0x%zx)",
			      c->config.size);
			goto next;
		}
		vdiag_init(&vd, v, c->node);
		if (jhc_parse_cell(c->config.data, c->config.size, &cfg, &d)) {
			report_vdiag(&vd, &d);
			goto next;
		}
		if (jhc_check_cell(&cfg, report_vdiag, &vd, NULL) == 0 &&
		    ngood < JHB_MAX_CELLS) {
			snprintf(where[ngood], sizeof(where[ngood]), "%s",
				 vd.where);
			good_where[ngood] = where[ngood];
			good[ngood++] = cfg;
		}
		if (jhc_cpu_in(&cfg, 0))
			vprob(v, path, "cpus",
			      "CPU 0 runs jhboot and stays with the root cell "
			      "(0)");
		if (c->linux_image.node) {
			if (linux_ok && c->linux_dtb.node)
				verify_linux_cell(v, c, &cfg, path);
		} else {
			verify_cell_images(v, c, &cfg, path, img_ok);
		}
		verify_shared(v, c, &cfg, path);
next:
		/* anything jhb_open() holds against the cell that the lines
		 * above did not explain: the firmware skips the cell */
		if (c->err && v->problems == before)
			vprob(v, path, c->err_what, "%s", jhb_strerror(c->err));
	}
	if (!sys || !ngood)
		return;
	/* the firmware checks each cell against those already running;
	 * here every cell with a valid config counts, so a conflict is
	 * reported against the later cell of the pair, the one jhboot
	 * skips */
	node_path(sys_path, sizeof(sys_path), v->b->system.node);
	snprintf(sys_where, sizeof(sys_where), "%s: %s", v->path, sys_path);
	wctx.path = sys_where;
	jhc_check_whole(sys, good, ngood, report_whole, &wctx, NULL);
	v->problems += wctx.problems;
}

/* boot/common/linux.c root_linux_boot(): the root kernel and initrd. */
static void verify_root_linux(struct vctx *v)
{
	const char *conf = JHB_CONFS_PATH "/" JHB_CONF_NAME, *s;
	const struct jhb_blob *k = &v->b->linux_image;
	struct arm64_image_header ih;
	char path[160];

	if (prop_string(v, fdt_path_offset(v->fit, conf), JHB_PROP_BOOTARGS,
			&s) < 0)
		vprob(v, conf, JHB_PROP_BOOTARGS,
		      "malformed: not one NUL-terminated string");
	if (check_blob(v, k, conf, JHB_PROP_LINUX)) {
		memset(&ih, 0, sizeof(ih));
		if (k->size >= sizeof(ih))
			memcpy(&ih, k->data, sizeof(ih));
		node_path(path, sizeof(path), k->node);
		if (ih.magic != ARM64_IMAGE_MAGIC)
			vprob(v, path, "magic",
			      "not an arm64 Linux Image: no \"ARM\\x64\" at "
			      "offset 56 (0x%08" PRIx32 ")",
			      ih.magic);
	}
	check_blob(v, &v->b->initrd, conf, JHB_PROP_INITRD);
}

static int verify_one(const char *path)
{
	static struct jhb_bundle b;
	struct jhc_system sys;
	struct jhc_diag d;
	struct vdiag vd;
	struct file f;
	struct vctx v;
	bool hv_ok, sys_ok, sys_valid = false;
	int err;

	if (read_file_max(path, &f, MAX_BUNDLE_SIZE, true))
		return EXIT_PROBLEM;
	memset(&v, 0, sizeof(v));
	v.path = path;
	v.fit = f.data;
	v.len = f.len;
	v.b = &b;
	err = jhb_open(&b, f.data, f.len);
	if (err) {
		verify_structure(&v, err);
		goto out;
	}
	v.images = fdt_path_offset(v.fit, JHB_IMAGES_PATH);

	hv_ok = check_blob(&v, &b.hypervisor, JHB_CONFS_PATH "/" JHB_CONF_NAME,
			   JHB_PROP_HYPERVISOR);
	sys_ok = check_blob(&v, &b.system, JHB_CONFS_PATH "/" JHB_CONF_NAME,
			    JHB_PROP_SYSTEM);
	if (sys_ok) {
		vdiag_init(&vd, &v, b.system.node);
		if (jhc_parse_system(b.system.data, b.system.size, &sys, &d))
			report_vdiag(&vd, &d);
		else
			sys_valid = jhc_check_system(&sys, report_vdiag, &vd,
						     NULL) == 0;
	}
	verify_hypervisor(&v, hv_ok, sys_valid ? &sys : NULL);
	verify_cells(&v, sys_valid ? &sys : NULL);
	verify_root_linux(&v);
out:
	free(f.data);
	if (v.problems) {
		printf("%s: %u problem%s found\n", path, v.problems,
		       v.problems == 1 ? "" : "s");
		return EXIT_PROBLEM;
	}
	printf("ok: %s: hypervisor, system config, %u cell%s%s%s verified, "
	       "no problems",
	       path, b.ncells, b.ncells == 1 ? "" : "s",
	       b.linux_image.node ? ", root Linux" : "",
	       b.initrd.node ? ", initrd" : "");
	putchar('\n');
	return EXIT_OK;
}

static int cmd_verify(int argc, char **argv)
{
	bool unused = false;
	int n, i, rc = EXIT_OK;

	n = some_operands("verify", argc, argv, NULL, &unused,
			  "missing BUNDLE.itb", &rc);
	if (n < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (verify_one(argv[i]) != EXIT_OK)
			rc = EXIT_PROBLEM;
	return rc;
}

static int cmd_size(int argc, char **argv)
{
	struct file f;
	size_t size;
	bool unused = false;
	int n, err;

	n = operands("size", argc, argv, NULL, &unused);
	if (n == -2) {
		help();
		return EXIT_OK;
	}
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1)
		return usage_error("size", "expects exactly one FILE", NULL);
	if (read_file(argv[0], &f))
		return EXIT_PROBLEM;
	err = is_system(&f) ? jhc_system_size(f.data, f.len, &size)
			    : jhc_cell_size(f.data, f.len, &size);
	free(f.data);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[0], jhc_strerror(err));
		return EXIT_PROBLEM;
	}
	printf("%zu\n", size);
	return EXIT_OK;
}

static void root_dt_note(void *ctx, const char *what, const char *node,
			 uint64_t addr)
{
	(void)ctx;
	fprintf(stderr, "root DT: %s: %s (0x%" PRIx64 ")\n", what, node, addr);
}

/*
 * root-dt: the device tree the root Linux will get, computed from a
 * machine DT (e.g. QEMU's -M ...,dumpdtb=virt.dtb) with the same library
 * code the firmware runs at boot, assuming every given cell starts.
 */
static int cmd_root_dt(int argc, char **argv)
{
	const char *dtb_path = NULL, *out_path = NULL, *bootargs = NULL;
	struct file dtb, cfg[MAX_CELLS + 1];
	struct jhc_system sys;
	struct jhc_cell cells[MAX_CELLS];
	struct jhc_diag d;
	struct jhr_view view;
	int n = 0, err, rc = EXIT_PROBLEM;
	void *buf = NULL;
	size_t size;

	for (int i = 0; i < argc; i++) {
		if (is_help(argv[i])) {
			help();
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--dtb") && i + 1 < argc)
			dtb_path = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out_path = argv[++i];
		else if (!strcmp(argv[i], "--bootargs") && i + 1 < argc)
			bootargs = argv[++i];
		else if (argv[i][0] == '-')
			return usage_error("root-dt", "unknown option",
					   argv[i]);
		else if (n > MAX_CELLS)
			return usage_error("root-dt", "too many cells",
					   argv[i]);
		else
			cfg[n++].path = argv[i];
	}
	if (!dtb_path || n < 1)
		return usage_error("root-dt",
				   "needs --dtb FILE and SYSTEM.cell", NULL);
	if (read_file(dtb_path, &dtb))
		return EXIT_PROBLEM;
	for (int i = 0; i < n; i++)
		if (read_file(cfg[i].path, &cfg[i]))
			return EXIT_PROBLEM;
	if (fdt_check_header(dtb.data) || fdt_totalsize(dtb.data) > dtb.len) {
		fprintf(stderr, "%s: not a device tree blob\n", dtb_path);
		return EXIT_PROBLEM;
	}
	if (jhc_parse_system(cfg[0].data, cfg[0].len, &sys, &d)) {
		fprintf(stderr, "%s: %s: %s\n", cfg[0].path,
			d.field ? d.field : "?", jhc_strerror(d.err));
		return EXIT_PROBLEM;
	}
	for (int i = 1; i < n; i++)
		if (jhc_parse_cell(cfg[i].data, cfg[i].len, &cells[i - 1],
				   &d)) {
			fprintf(stderr, "%s: %s: %s\n", cfg[i].path,
				d.field ? d.field : "?", jhc_strerror(d.err));
			return EXIT_PROBLEM;
		}
	err = jhr_compute(&view, dtb.data, &sys, cells, (unsigned)(n - 1), 0,
			  0);
	if (err) {
		fprintf(stderr, "root-dt: %s\n",
			err == JHR_E_NOMEM ? "no RAM is left to the root"
					   : "too many memory ranges");
		return EXIT_PROBLEM;
	}
	size = fdt_totalsize(dtb.data) + 0x10000;
	buf = malloc(size);
	if (!buf || fdt_open_into(dtb.data, buf, (int)size) ||
	    jhr_fixup(buf, &view, UINT64_MAX, bootargs, 0, 0, root_dt_note,
		      NULL) ||
	    fdt_pack(buf)) {
		fprintf(stderr, "root-dt: fix-up failed\n");
		goto out;
	}
	for (unsigned int i = 0; i < view.ram.n; i++)
		fprintf(stderr, "root DT: RAM 0x%" PRIx64 "-0x%" PRIx64 "\n",
			view.ram.r[i].base,
			view.ram.r[i].base + view.ram.r[i].size - 1);
	if (out_path) {
		FILE *f = fopen(out_path, "wb");

		if (!f ||
		    fwrite(buf, 1, fdt_totalsize(buf), f) !=
			    fdt_totalsize(buf) ||
		    fclose(f)) {
			fprintf(stderr, "%s: cannot write\n", out_path);
			goto out;
		}
	} else {
		FILE *p = popen("dtc -q -I dtb -O dts -", "w");

		if (!p) {
			fprintf(stderr, "root-dt: cannot run dtc; use -o\n");
			goto out;
		}
		fwrite(buf, 1, fdt_totalsize(buf), p);
		if (pclose(p)) {
			fprintf(stderr, "root-dt: dtc failed; use -o\n");
			goto out;
		}
	}
	rc = EXIT_OK;
out:
	free(buf);
	return rc;
}

static const struct subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
} subcmds[] = {
	{ "show", cmd_show, "[--json] FILE...",
	  "print every field of system or cell configs (text or JSON)" },
	{ "check", cmd_check, "SYSTEM.cell [CELL.cell...]",
	  "validate a system config and its cells, alone and together;\n"
	  "one line per problem: FILE: field[index]: what (value)" },
	{ "verify", cmd_verify, "BUNDLE.itb...",
	  "check a boot bundle offline as the firmware will: FIT structure,\n"
	  "sha256 of every image, hypervisor header, system and cell configs\n"
	  "alone and together, images inside loadable memory, root kernel;\n"
	  "one line per problem: BUNDLE: /images/NODE/field: what (value)" },
	{ "root-dt", cmd_root_dt,
	  "--dtb MACHINE.dtb [-o OUT.dtb] [--bootargs S] SYSTEM.cell [CELL...]",
	  "the device tree the root Linux gets when these cells run\n"
	  "(DTS on stdout through dtc, or a DTB with -o); changes on stderr" },
	{ "size", cmd_size, "FILE",
	  "print the config size its header counts give (build helper)" },
};

static void help(void)
{
	size_t i;

	printf("Usage: " PROG " COMMAND [ARGS]\n"
	       "Inspect and validate Jailhouse configs (revision %d, "
	       "arm64).\n\nCommands:\n",
	       JH_CONFIG_REVISION);
	for (i = 0; i < JH_ARRAY_SIZE(subcmds); i++) {
		const char *h = subcmds[i].help;

		printf("  %s %s\n      ", subcmds[i].name, subcmds[i].args);
		for (; *h; h++) {
			putchar(*h);
			if (*h == '\n')
				printf("      ");
		}
		putchar('\n');
	}
	printf("\nExit status: 0 ok, 1 problems found or file unreadable, "
	       "2 usage error.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage_error("", "missing COMMAND", NULL);
	if (is_help(argv[1])) {
		help();
		return EXIT_OK;
	}
	for (i = 0; i < JH_ARRAY_SIZE(subcmds); i++)
		if (strcmp(argv[1], subcmds[i].name) == 0)
			return subcmds[i].fn(argc - 2, argv + 2);
	return usage_error("", "unknown command", argv[1]);
}
