// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * jhboot-config: look at and validate Jailhouse configs (.cell files,
 * format revision 14, arm64) on the host, with the same library the
 * firmware uses (lib/jhconfig.c).
 *
 *   jhboot-config show [--json] FILE...
 *   jhboot-config check SYSTEM.cell [CELL.cell...]
 *   jhboot-config size FILE
 *
 * Exit status: 0 fine, 1 problems found or a file could not be read,
 * 2 usage error. Subcommands live in one table (subcmds[] below); a new
 * one is a function and a line there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jhconfig.h"
#include "rootdt.h"
#include <libfdt.h>

#define PROG "jhboot-config"
#define MAX_FILE_SIZE (64u << 20)
#define MAX_CELLS 64

enum { EXIT_OK = 0, EXIT_PROBLEM = 1, EXIT_USAGE = 2 };

struct file {
	const char *path;
	uint8_t *data;
	size_t len;
};

/* Reads a whole file. Prints a message naming it and returns -1 on error. */
static int read_file(const char *path, struct file *f)
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
		if (cap >= MAX_FILE_SIZE) {
			fprintf(stderr,
				"%s: larger than %u MiB, not a config\n", path,
				MAX_FILE_SIZE >> 20);
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

static void print_problem(const char *path, const struct jhc_diag *d)
{
	char name[160];

	jhc_field_name(d, name, sizeof(name));
	printf("%s: %s: %s", path, name, d->what ? d->what : "?");
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
		print_problem(f->path, &d);
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

static int cmd_show(int argc, char **argv)
{
	struct out o = { false, 0, true, false };
	bool first = true;
	int n, i, rc = EXIT_OK;

	n = operands("show", argc, argv, "--json", &o.json);
	if (n == -2) {
		help();
		return EXIT_OK;
	}
	if (n < 0)
		return EXIT_USAGE;
	if (n == 0)
		return usage_error("show", "missing FILE", NULL);
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
	const char *const *cell_paths; /* for jhc_check_whole */
	const struct jhc_cell *cells;
	unsigned int problems;
};

static void report_file(void *ctx, const struct jhc_diag *d)
{
	struct check_ctx *c = ctx;

	print_problem(c->path, d);
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
	print_problem(path, &e);
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
	struct check_ctx ctx = { NULL, cell_paths, cells, 0 };
	struct jhc_system sys;
	struct jhc_diag d;
	bool sys_ok = false, read_failed = false, unused = false;
	unsigned int ncells = 0;
	int n, i;

	n = operands("check", argc, argv, NULL, &unused);
	if (n == -2) {
		help();
		return EXIT_OK;
	}
	if (n < 0)
		return EXIT_USAGE;
	if (n == 0)
		return usage_error("check", "missing SYSTEM.cell", NULL);
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
