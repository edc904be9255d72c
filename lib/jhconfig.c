// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Jailhouse configuration parser and validator, format revision 14, arm64.
 * Facts: jailhouse-interface.md §4 (layout, flags, sizes), §5.3 (what the
 * hypervisor checks at CELL_CREATE), §6.4-§6.6 (memory hand-over, loading).
 *
 * Everything here works on untrusted bytes: the parse functions bound every
 * array by the buffer length before any pointer into it is handed out, and
 * all address arithmetic is done so that it cannot wrap.
 */
#include "jhconfig.h"

#define PAGE_SIZE 0x1000ull
#define PAGE_MASK (PAGE_SIZE - 1)
#define HV_ALIGN 0x200000ull /* §1.5: hypervisor memory 2 MiB aligned */
#define HV_MIN_SIZE 0x100000ull
#define MAX_IVSHMEM_PEERS 12 /* §4.6 */
#define IRQ_LIMIT 1024	     /* §4.6: pin_base + 128 <= 1024 */
#define FIRST_SPI 32
#define MAX_CELL_ID 255 /* §5.3: the id is the VMID */

#define DESC_SIZE ((uint64_t)sizeof(struct jh_cell_desc))
#define ROOT_OFF ((uint32_t)offsetof(struct jh_system, root_cell))

/* Field names: the root cell's fields carry a "root_cell." prefix, a plain
 * cell file's fields do not. Both are the same static string. */
#define ROOT_PREFIX "root_cell."
#define CELLS_PREFIX "cells."

const char *jhc_strerror(int err)
{
	switch (err) {
	case JHC_OK:
		return "ok";
	case JHC_E_TRUNCATED:
		return "config truncated";
	case JHC_E_SIGNATURE:
		return "bad signature";
	case JHC_E_REVISION:
		return "unsupported config revision";
	case JHC_E_ARCH:
		return "not an arm64 config";
	case JHC_E_SIZE:
		return "sizes inconsistent";
	case JHC_E_NAME:
		return "bad cell name";
	case JHC_E_FLAGS:
		return "bad flags";
	case JHC_E_ALIGN:
		return "misaligned";
	case JHC_E_OVERLAP:
		return "regions overlap";
	case JHC_E_CPUS:
		return "bad CPU set";
	case JHC_E_CONSOLE:
		return "bad console";
	case JHC_E_HVMEM:
		return "bad hypervisor memory";
	case JHC_E_RANGE:
		return "value out of range";
	case JHC_E_CONFLICT:
		return "resource claimed by two cells";
	case JHC_E_NOT_ROOT:
		return "resource not owned by the root cell";
	case JHC_E_DUPLICATE:
		return "duplicate cell id or name";
	case JHC_E_NO_ROOT_CPU:
		return "no CPU left to the root cell";
	case JHC_E_NOT_LOADABLE:
		return "address not in a loadable region";
	case JHC_E_IRQCHIP:
		return "bad irqchip";
	case JHC_E_PCI:
		return "bad PCI device";
	case JHC_E_COMM:
		return "bad comm region";
	case JHC_E_PLATFORM:
		return "bad platform info";
	default:
		return "unknown error";
	}
}

/* ------------------------------------------------------------------ */
/* Reporting */

struct rep {
	jhc_report_fn fn;
	void *ctx;
	struct jhc_diag *first;
	int err;
	bool root; /* cell fields get the root_cell. prefix */
};

/* Records a problem. Returns true when the caller must stop (no report
 * callback: first problem only). */
static bool bad(struct rep *r, int err, const char *field, int index,
		uint64_t off, uint64_t value, const char *what)
{
	struct jhc_diag d;

	d.err = err;
	d.field = field;
	d.index = index;
	d.offset = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	d.value = value;
	d.what = what;
	if (!r->err) {
		r->err = err;
		if (r->first)
			*r->first = d;
	}
	if (r->fn) {
		r->fn(r->ctx, &d);
		return false;
	}
	return true;
}

/* s is a literal that starts with ROOT_PREFIX */
static const char *fr(const struct rep *r, const char *s)
{
	return r->root ? s : s + sizeof(ROOT_PREFIX) - 1;
}
#define FR(s) fr(r, ROOT_PREFIX s)

static void set_diag(struct jhc_diag *diag, int err, const char *field,
		     uint64_t off, uint64_t value, const char *what)
{
	if (!diag)
		return;
	diag->err = err;
	diag->field = field;
	diag->index = -1;
	diag->offset = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	diag->value = value;
	diag->what = what;
}

/* ------------------------------------------------------------------ */
/* Sizes and parsing */

/* One variable-length array of a cell descriptor (§4.4). */
struct arr {
	const char *count_field; /* with root prefix */
	uint32_t count_off;	 /* offset of the count in the descriptor */
	uint32_t elem;		 /* element size */
};

static const struct arr arrays[] = {
	{ ROOT_PREFIX "cpu_set_size",
	  offsetof(struct jh_cell_desc, cpu_set_size), 1 },
	{ ROOT_PREFIX "num_memory_regions",
	  offsetof(struct jh_cell_desc, num_memory_regions),
	  sizeof(struct jh_memory) },
	{ ROOT_PREFIX "num_cache_regions",
	  offsetof(struct jh_cell_desc, num_cache_regions),
	  sizeof(struct jh_cache) },
	{ ROOT_PREFIX "num_irqchips",
	  offsetof(struct jh_cell_desc, num_irqchips),
	  sizeof(struct jh_irqchip) },
	{ ROOT_PREFIX "num_pio_regions",
	  offsetof(struct jh_cell_desc, num_pio_regions),
	  sizeof(struct jh_pio) },
	{ ROOT_PREFIX "num_pci_devices",
	  offsetof(struct jh_cell_desc, num_pci_devices),
	  sizeof(struct jh_pci_device) },
	{ ROOT_PREFIX "num_pci_caps",
	  offsetof(struct jh_cell_desc, num_pci_caps),
	  sizeof(struct jh_pci_capability) },
	{ ROOT_PREFIX "num_stream_ids",
	  offsetof(struct jh_cell_desc, num_stream_ids), sizeof(uint32_t) },
};

static uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t rd16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Size of descriptor + arrays. Each count is 32 bits and each element at
 * most 56 bytes, so the 64-bit sum cannot wrap. */
static uint64_t desc_size(const uint8_t *desc)
{
	uint64_t s = DESC_SIZE;
	unsigned int i;

	for (i = 0; i < JH_ARRAY_SIZE(arrays); i++)
		s += (uint64_t)rd32(desc + arrays[i].count_off) *
		     arrays[i].elem;
	return s;
}

int jhc_cell_size(const void *buf, size_t len, size_t *size)
{
	uint64_t s;

	if (!buf || len < DESC_SIZE)
		return JHC_E_TRUNCATED;
	s = desc_size(buf);
	if (s > SIZE_MAX || s > UINT32_MAX)
		return JHC_E_SIZE;
	if (size)
		*size = (size_t)s;
	return 0;
}

int jhc_system_size(const void *buf, size_t len, size_t *size)
{
	uint64_t s;

	if (!buf || len < sizeof(struct jh_system))
		return JHC_E_TRUNCATED;
	s = ROOT_OFF + desc_size((const uint8_t *)buf + ROOT_OFF);
	if (s > SIZE_MAX || s > UINT32_MAX)
		return JHC_E_SIZE;
	if (size)
		*size = (size_t)s;
	return 0;
}

/* Checks that every array of the descriptor at desc_off ends inside len
 * and fills c. */
static int parse_arrays(const uint8_t *buf, size_t len, uint32_t desc_off,
			bool root, struct jhc_cell *c, struct jhc_diag *diag)
{
	const uint8_t *desc = buf + desc_off;
	const uint8_t **ptrs[JH_ARRAY_SIZE(arrays)];
	uint64_t end = desc_off + DESC_SIZE;
	unsigned int i;

	ptrs[0] = &c->cpu_set;
	ptrs[1] = &c->mem;
	ptrs[2] = &c->cache;
	ptrs[3] = &c->irqchips;
	ptrs[4] = &c->pio;
	ptrs[5] = &c->pci_devices;
	ptrs[6] = &c->pci_caps;
	ptrs[7] = &c->stream_ids;

	for (i = 0; i < JH_ARRAY_SIZE(arrays); i++) {
		uint32_t n = rd32(desc + arrays[i].count_off);
		uint64_t bytes = (uint64_t)n * arrays[i].elem;

		if (bytes > len - end) {
			const char *f = arrays[i].count_field;

			set_diag(diag, JHC_E_TRUNCATED,
				 root ? f : f + sizeof(ROOT_PREFIX) - 1,
				 desc_off + arrays[i].count_off, n,
				 "array runs past the end of the file");
			return JHC_E_TRUNCATED;
		}
		*ptrs[i] = buf + end;
		end += bytes;
	}
	if (end > UINT32_MAX) {
		set_diag(diag, JHC_E_SIZE, "file_size", 0, end,
			 "config larger than 4 GiB");
		return JHC_E_SIZE;
	}
	c->desc = (const struct jh_cell_desc *)desc;
	c->size = (size_t)(end - desc_off);
	c->base_off = desc_off;
	return 0;
}

static uint64_t sig_value(const uint8_t *b)
{
	uint64_t v = 0;
	int i;

	for (i = JH_SIGNATURE_LEN - 1; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* Common header checks: signature, revision, architecture (driver order,
 * §4.9). */
static int parse_header(const uint8_t *b, size_t len, bool system,
			size_t hdr_size, struct jhc_diag *diag)
{
	const char *want = system ? JH_SYS_SIGNATURE : JH_CELL_SIGNATURE;
	const char *other = system ? JH_CELL_SIGNATURE : JH_SYS_SIGNATURE;
	uint16_t rev;

	if (!b || len < JH_SIGNATURE_LEN) {
		set_diag(diag, JHC_E_TRUNCATED, "file_size", 0, b ? len : 0,
			 "file too short for a signature");
		return JHC_E_TRUNCATED;
	}
	if (memcmp(b, want, JH_SIGNATURE_LEN) != 0) {
		const char *what;

		if (memcmp(b, other, JH_SIGNATURE_LEN) == 0)
			what = system ? "cell config (JHCLL) where a system "
					"config (JHSYS) is expected"
				      : "system config (JHSYS) where a cell "
					"config (JHCLL) is expected";
		else
			what = system ? "not a Jailhouse system config "
					"(signature is not JHSYS)"
				      : "not a Jailhouse cell config "
					"(signature is not JHCLL)";
		set_diag(diag, JHC_E_SIGNATURE, "signature", 0, sig_value(b),
			 what);
		return JHC_E_SIGNATURE;
	}
	if (len < hdr_size) {
		set_diag(diag, JHC_E_TRUNCATED, "file_size", 0, len,
			 system ? "file ends inside the 488-byte system header"
				: "file ends inside the 132-byte cell header");
		return JHC_E_TRUNCATED;
	}
	rev = rd16(b + 6);
	if (rev != JH_CONFIG_REVISION) {
		set_diag(diag, JHC_E_REVISION, "revision", 6, rev,
			 "config revision is not 14 (Jailhouse master)");
		return JHC_E_REVISION;
	}
	if (b[5] != JH_ARCH_ARM64) {
		set_diag(diag, JHC_E_ARCH, "architecture", 5, b[5],
			 "architecture is not arm64 (2)");
		return JHC_E_ARCH;
	}
	return 0;
}

int jhc_parse_cell(const void *buf, size_t len, struct jhc_cell *cell,
		   struct jhc_diag *diag)
{
	struct jhc_cell c;
	int err;

	memset(&c, 0, sizeof(c));
	if (cell)
		*cell = c;
	err = parse_header(buf, len, false, DESC_SIZE, diag);
	if (err)
		return err;
	err = parse_arrays(buf, len, 0, false, &c, diag);
	if (err)
		return err;
	if (cell)
		*cell = c;
	return 0;
}

int jhc_parse_system(const void *buf, size_t len, struct jhc_system *sys,
		     struct jhc_diag *diag)
{
	struct jhc_system s;
	int err;

	memset(&s, 0, sizeof(s));
	if (sys)
		*sys = s;
	err = parse_header(buf, len, true, sizeof(struct jh_system), diag);
	if (err)
		return err;
	/* The root descriptor's own signature/revision are not set by
	 * upstream configs and not read by anyone: not checked. */
	err = parse_arrays(buf, len, ROOT_OFF, true, &s.root, diag);
	if (err)
		return err;
	s.sys = buf;
	s.size = ROOT_OFF + s.root.size;
	if (sys)
		*sys = s;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Accessors */

void jhc_mem_at(const struct jhc_cell *c, uint32_t i, struct jh_memory *m)
{
	memcpy(m, c->mem + (size_t)i * sizeof(*m), sizeof(*m));
}

void jhc_irqchip_at(const struct jhc_cell *c, uint32_t i, struct jh_irqchip *ic)
{
	memcpy(ic, c->irqchips + (size_t)i * sizeof(*ic), sizeof(*ic));
}

void jhc_pci_at(const struct jhc_cell *c, uint32_t i, struct jh_pci_device *d)
{
	memcpy(d, c->pci_devices + (size_t)i * sizeof(*d), sizeof(*d));
}

bool jhc_cpu_in(const struct jhc_cell *c, unsigned int cpu)
{
	if (cpu / 8 >= c->desc->cpu_set_size)
		return false;
	return (c->cpu_set[cpu / 8] >> (cpu % 8)) & 1;
}

unsigned int jhc_cpu_count(const struct jhc_cell *c)
{
	unsigned int n = 0;
	uint32_t i;
	uint8_t b;

	for (i = 0; i < c->desc->cpu_set_size; i++)
		for (b = c->cpu_set[i]; b; b &= (uint8_t)(b - 1))
			n++;
	return n;
}

unsigned int jhc_cpu_max(const struct jhc_cell *c)
{
	uint32_t i = c->desc->cpu_set_size;
	int bit;

	while (i > 0) {
		i--;
		if (!c->cpu_set[i])
			continue;
		for (bit = 7; bit >= 0; bit--)
			if ((c->cpu_set[i] >> bit) & 1)
				return i * 8 + (unsigned int)bit + 1;
	}
	return 0;
}

int jhc_cpu_first(const struct jhc_cell *c)
{
	uint32_t i;
	int bit;

	for (i = 0; i < c->desc->cpu_set_size && i < INT32_MAX / 8; i++) {
		if (!c->cpu_set[i])
			continue;
		for (bit = 0; bit < 8; bit++)
			if ((c->cpu_set[i] >> bit) & 1)
				return (int)(i * 8) + bit;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Helpers for the checks */

/* Offset in the file of p, a pointer into c's arrays. */
static uint64_t off_of(const struct jhc_cell *c, const void *p)
{
	return c->base_off +
	       (uint64_t)((const uint8_t *)p - (const uint8_t *)c->desc);
}

static uint64_t mem_off(const struct jhc_cell *c, uint32_t i, size_t field)
{
	return off_of(c, c->mem) + (uint64_t)i * sizeof(struct jh_memory) +
	       field;
}

static uint64_t desc_off(const struct jhc_cell *c, size_t field)
{
	return c->base_off + (uint64_t)field;
}

/* Last byte of [start, start + size), size > 0, saturating. */
static uint64_t last_of(uint64_t start, uint64_t size)
{
	return size - 1 > UINT64_MAX - start ? UINT64_MAX : start + (size - 1);
}

static bool wraps(uint64_t start, uint64_t size)
{
	return size && size - 1 > UINT64_MAX - start;
}

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	if (!as || !bs)
		return false;
	return a <= last_of(b, bs) && b <= last_of(a, as);
}

/* Regions taken away from the root on CELL_CREATE (§6.2 step 4). */
static bool is_owned(const struct jh_memory *m)
{
	return m->size &&
	       !(m->flags & (JH_MEM_COMM_REGION | JH_MEM_ROOTSHARED));
}

/* Is [start, start + size) covered by the union of the root regions? */
static bool covered_by_root(const struct jhc_cell *root, uint64_t start,
			    uint64_t size)
{
	uint64_t cur = start, last = last_of(start, size);
	struct jh_memory m;
	uint32_t i;
	bool progress = true;

	while (progress) {
		progress = false;
		for (i = 0; i < root->desc->num_memory_regions; i++) {
			jhc_mem_at(root, i, &m);
			if (!m.size || (m.flags & JH_MEM_COMM_REGION))
				continue;
			if (cur < m.phys_start ||
			    cur > last_of(m.phys_start, m.size))
				continue;
			if (last_of(m.phys_start, m.size) >= last)
				return true;
			cur = last_of(m.phys_start, m.size) + 1;
			progress = true;
		}
	}
	return false;
}

/* SPI bitmap of a cell (§4.6): INTID i is claimed when some irqchip
 * entry addressed at gicd covers it. */
static bool irq_claimed(const struct jhc_cell *c, uint64_t gicd,
			unsigned int intid)
{
	struct jh_irqchip ic;
	uint32_t i;

	for (i = 0; i < c->desc->num_irqchips; i++) {
		jhc_irqchip_at(c, i, &ic);
		if (ic.address != gicd || ic.pin_base % 32 ||
		    ic.pin_base > IRQ_LIMIT - 128)
			continue;
		if (intid < ic.pin_base || intid >= ic.pin_base + 128)
			continue;
		if ((ic.pin_bitmap[(intid - ic.pin_base) / 32] >>
		     (intid % 32)) &
		    1)
			return true;
	}
	return false;
}

/* An entry without pins has no effect (upstream leaves zeroed spare
 * entries in some configs); any other must address the distributor. */
static bool irqchip_empty(const struct jh_irqchip *ic)
{
	return !(ic->pin_bitmap[0] | ic->pin_bitmap[1] | ic->pin_bitmap[2] |
		 ic->pin_bitmap[3]);
}

static const uint8_t *cpu_set_bytes(const struct jhc_cell *c)
{
	return c->cpu_set;
}

/* ------------------------------------------------------------------ */
/* Checks of one config */

static bool check_console(struct rep *r, const struct jh_console *con,
			  uint64_t off, const char *f_type, const char *f_flags,
			  const char *f_addr)
{
	if (con->type > JH_CON_TYPE_MAX &&
	    bad(r, JHC_E_CONSOLE, f_type, -1,
		off + offsetof(struct jh_console, type), con->type,
		"unknown console type"))
		return true;
	if ((con->flags & ~JH_CON_FLAGS_KNOWN) &&
	    bad(r, JHC_E_CONSOLE, f_flags, -1,
		off + offsetof(struct jh_console, flags), con->flags,
		"unknown console flags"))
		return true;
	if (con->type != JH_CON_TYPE_NONE && !(con->flags & JH_CON_FLAG_MMIO) &&
	    bad(r, JHC_E_CONSOLE, f_flags, -1,
		off + offsetof(struct jh_console, flags), con->flags,
		"console needs the MMIO access flag on arm64"))
		return true;
	if (con->type != JH_CON_TYPE_NONE && con->address == 0 &&
	    bad(r, JHC_E_CONSOLE, f_addr, -1,
		off + offsetof(struct jh_console, address), con->address,
		"console type set but address is 0"))
		return true;
	return false;
}

static bool check_mem_one(struct rep *r, const struct jhc_cell *c, uint32_t i,
			  const struct jh_memory *m, unsigned int *ncomm)
{
	const int ix = (int)i;

	if ((m->flags & ~JH_MEM_FLAGS_KNOWN) &&
	    bad(r, JHC_E_FLAGS, FR("mem_regions.flags"), ix,
		mem_off(c, i, offsetof(struct jh_memory, flags)), m->flags,
		"unknown memory region flags"))
		return true;
	if (!m->size)
		return false; /* empty slot, as upstream's ivshmem macros use */

	if (m->flags & JH_MEM_COMM_REGION) {
		if (r->root &&
		    bad(r, JHC_E_COMM, FR("mem_regions.flags"), ix,
			mem_off(c, i, offsetof(struct jh_memory, flags)),
			m->flags, "the root cell has no comm region"))
			return true;
		if (++*ncomm > 1 &&
		    bad(r, JHC_E_COMM, FR("mem_regions.flags"), ix,
			mem_off(c, i, offsetof(struct jh_memory, flags)),
			m->flags, "more than one comm region"))
			return true;
		if (m->size != JH_COMM_REGION_SIZE &&
		    bad(r, JHC_E_COMM, FR("mem_regions.size"), ix,
			mem_off(c, i, offsetof(struct jh_memory, size)),
			m->size, "comm region size must be 0x1000"))
			return true;
		if ((m->virt_start & PAGE_MASK) &&
		    bad(r, JHC_E_ALIGN, FR("mem_regions.virt_start"), ix,
			mem_off(c, i, offsetof(struct jh_memory, virt_start)),
			m->virt_start, "comm region not page aligned"))
			return true;
		if (wraps(m->virt_start, m->size) &&
		    bad(r, JHC_E_RANGE, FR("mem_regions.virt_start"), ix,
			mem_off(c, i, offsetof(struct jh_memory, virt_start)),
			m->virt_start, "region wraps around the address space"))
			return true;
		return false;
	}

	if (wraps(m->phys_start, m->size) &&
	    bad(r, JHC_E_RANGE, FR("mem_regions.phys_start"), ix,
		mem_off(c, i, offsetof(struct jh_memory, phys_start)),
		m->phys_start, "region wraps around the address space"))
		return true;
	if (wraps(m->virt_start, m->size) &&
	    bad(r, JHC_E_RANGE, FR("mem_regions.virt_start"), ix,
		mem_off(c, i, offsetof(struct jh_memory, virt_start)),
		m->virt_start, "region wraps around the address space"))
		return true;

	/* §4.5: sub-page regions are emulated, legal for IO only. */
	if ((m->virt_start | m->size) & PAGE_MASK) {
		if (!(m->flags & JH_MEM_IO)) {
			bool v = m->virt_start & PAGE_MASK;

			if (bad(r, JHC_E_ALIGN,
				v ? FR("mem_regions.virt_start")
				  : FR("mem_regions.size"),
				ix,
				mem_off(c, i,
					v ? offsetof(struct jh_memory,
						     virt_start)
					  : offsetof(struct jh_memory, size)),
				v ? m->virt_start : m->size,
				"not page aligned (only IO regions may be "
				"sub-page)"))
				return true;
		}
	} else if ((m->phys_start & PAGE_MASK) &&
		   bad(r, JHC_E_ALIGN, FR("mem_regions.phys_start"), ix,
		       mem_off(c, i, offsetof(struct jh_memory, phys_start)),
		       m->phys_start, "not page aligned"))
		return true;

	if (r->root && m->phys_start != m->virt_start &&
	    bad(r, JHC_E_RANGE, FR("mem_regions.virt_start"), ix,
		mem_off(c, i, offsetof(struct jh_memory, virt_start)),
		m->virt_start,
		"root cell regions must be 1:1 (virt_start == phys_start)"))
		return true;
	return false;
}

static bool check_mem(struct rep *r, const struct jhc_cell *c)
{
	uint32_t n = c->desc->num_memory_regions, i, j;
	unsigned int ncomm = 0;
	struct jh_memory a, b;

	for (i = 0; i < n; i++) {
		jhc_mem_at(c, i, &a);
		if (check_mem_one(r, c, i, &a, &ncomm))
			return true;
	}
	for (j = 1; j < n; j++) {
		jhc_mem_at(c, j, &b);
		if (!b.size)
			continue;
		for (i = 0; i < j; i++) {
			jhc_mem_at(c, i, &a);
			if (ranges_overlap(a.virt_start, a.size, b.virt_start,
					   b.size)) {
				if (bad(r, JHC_E_OVERLAP,
					FR("mem_regions.virt_start"), (int)j,
					mem_off(c, j,
						offsetof(struct jh_memory,
							 virt_start)),
					b.virt_start,
					"overlaps an earlier region of the "
					"cell (virt)"))
					return true;
				break;
			}
			if ((a.flags | b.flags) & JH_MEM_COMM_REGION)
				continue;
			if (ranges_overlap(a.phys_start, a.size, b.phys_start,
					   b.size)) {
				if (bad(r, JHC_E_OVERLAP,
					FR("mem_regions.phys_start"), (int)j,
					mem_off(c, j,
						offsetof(struct jh_memory,
							 phys_start)),
					b.phys_start,
					"overlaps an earlier region of the "
					"cell (phys)"))
					return true;
				break;
			}
		}
	}
	return false;
}

static bool check_irqchips(struct rep *r, const struct jhc_cell *c)
{
	struct jh_irqchip ic;
	uint32_t i;

	for (i = 0; i < c->desc->num_irqchips; i++) {
		uint64_t o = off_of(c, c->irqchips) + (uint64_t)i * sizeof(ic) +
			     offsetof(struct jh_irqchip, pin_base);

		jhc_irqchip_at(c, i, &ic);
		if (ic.pin_base % 32 &&
		    bad(r, JHC_E_IRQCHIP, FR("irqchips.pin_base"), (int)i, o,
			ic.pin_base, "pin_base is not a multiple of 32"))
			return true;
		if (ic.pin_base > IRQ_LIMIT - 128 &&
		    bad(r, JHC_E_IRQCHIP, FR("irqchips.pin_base"), (int)i, o,
			ic.pin_base, "pin_base + 128 exceeds 1024 interrupts"))
			return true;
	}
	return false;
}

static bool check_pci(struct rep *r, const struct jhc_cell *c)
{
	const struct jh_cell_desc *d = c->desc;
	struct jh_pci_device p;
	uint32_t i;

	for (i = 0; i < d->num_pci_devices; i++) {
		uint64_t o =
			off_of(c, c->pci_devices) + (uint64_t)i * sizeof(p);
		const int ix = (int)i;

		jhc_pci_at(c, i, &p);
		if ((p.type < JH_PCI_TYPE_DEVICE ||
		     p.type > JH_PCI_TYPE_IVSHMEM) &&
		    bad(r, JHC_E_PCI, FR("pci_devices.type"), ix, o, p.type,
			"unknown PCI device type"))
			return true;
		if ((uint32_t)p.caps_start + p.num_caps > d->num_pci_caps &&
		    bad(r, JHC_E_PCI, FR("pci_devices.caps_start"), ix,
			o + offsetof(struct jh_pci_device, caps_start),
			p.caps_start, "capabilities beyond pci_caps"))
			return true;
		if (p.type != JH_PCI_TYPE_IVSHMEM)
			continue;
		if (p.shmem_peers > MAX_IVSHMEM_PEERS &&
		    bad(r, JHC_E_PCI, FR("pci_devices.shmem_peers"), ix,
			o + offsetof(struct jh_pci_device, shmem_peers),
			p.shmem_peers, "more than 12 ivshmem peers"))
			return true;
		if (p.shmem_dev_id >= MAX_IVSHMEM_PEERS &&
		    bad(r, JHC_E_PCI, FR("pci_devices.shmem_dev_id"), ix,
			o + offsetof(struct jh_pci_device, shmem_dev_id),
			p.shmem_dev_id, "ivshmem peer id above 11"))
			return true;
		/* state table, R/W section, one output section per peer */
		if ((uint64_t)p.shmem_regions_start + 2 + p.shmem_peers >
			    d->num_memory_regions &&
		    bad(r, JHC_E_PCI, FR("pci_devices.shmem_regions_start"), ix,
			o + offsetof(struct jh_pci_device, shmem_regions_start),
			p.shmem_regions_start,
			"ivshmem regions beyond mem_regions"))
			return true;
	}
	return false;
}

/* Is addr inside a region the CPU can execute from? */
static bool in_ram(const struct jhc_cell *c, uint64_t addr)
{
	struct jh_memory m;
	uint32_t i;

	for (i = 0; i < c->desc->num_memory_regions; i++) {
		jhc_mem_at(c, i, &m);
		if (!m.size || (m.flags & (JH_MEM_IO | JH_MEM_COMM_REGION)))
			continue;
		if (addr >= m.virt_start && addr - m.virt_start < m.size)
			return true;
	}
	return false;
}

static bool check_cell_desc(struct rep *r, const struct jhc_cell *c)
{
	const struct jh_cell_desc *d = c->desc;
	uint32_t flags = d->flags;

	if (!memchr(d->name, 0, sizeof(d->name)) &&
	    bad(r, JHC_E_NAME, FR("name"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, name)), 0,
		"name is not NUL-terminated within 32 bytes"))
		return true;
	if (!d->name[0] && bad(r, JHC_E_NAME, FR("name"), -1,
			       desc_off(c, offsetof(struct jh_cell_desc, name)),
			       0, "name is empty"))
		return true;
	if ((flags & ~JH_CELL_FLAGS_KNOWN) &&
	    bad(r, JHC_E_FLAGS, FR("flags"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, flags)), flags,
		"unknown cell flags"))
		return true;
	if ((flags & JH_CELL_TEST_DEVICE) &&
	    bad(r, JHC_E_FLAGS, FR("flags"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, flags)), flags,
		"TEST_DEVICE is an x86-only flag"))
		return true;
	if (!r->root && (flags & JH_CELL_VIRTUAL_CONSOLE_ACTIVE) &&
	    !(flags & JH_CELL_VIRTUAL_CONSOLE_PERMITTED) &&
	    bad(r, JHC_E_FLAGS, FR("flags"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, flags)), flags,
		"VIRTUAL_CONSOLE_ACTIVE without VIRTUAL_CONSOLE_PERMITTED"))
		return true;
	if (!r->root && d->id > MAX_CELL_ID &&
	    bad(r, JHC_E_RANGE, FR("id"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, id)), d->id,
		"cell id above 255"))
		return true;
	if (d->cpu_set_size > JH_CPU_SET_MAX_BYTES) {
		if (bad(r, JHC_E_CPUS, FR("cpu_set_size"), -1,
			desc_off(c,
				 offsetof(struct jh_cell_desc, cpu_set_size)),
			d->cpu_set_size, "CPU set larger than 4096 bytes"))
			return true;
	} else if (d->cpu_set_size == 0) {
		if (bad(r, JHC_E_CPUS, FR("cpu_set_size"), -1,
			desc_off(c,
				 offsetof(struct jh_cell_desc, cpu_set_size)),
			0, "CPU set is empty"))
			return true;
	} else if (jhc_cpu_count(c) == 0 &&
		   bad(r, JHC_E_CPUS, FR("cpus"), -1, off_of(c, c->cpu_set), 0,
		       "CPU set is empty"))
		return true;
	if (!r->root && !in_ram(c, d->cpu_reset_address) &&
	    bad(r, JHC_E_RANGE, FR("cpu_reset_address"), -1,
		desc_off(c, offsetof(struct jh_cell_desc, cpu_reset_address)),
		d->cpu_reset_address,
		"CPU reset address not inside a memory region of the cell"))
		return true;
	return check_console(
		r, &d->console,
		desc_off(c, offsetof(struct jh_cell_desc, console)),
		FR("console.type"), FR("console.flags"), FR("console.address"));
}

static bool check_cell_all(struct rep *r, const struct jhc_cell *c)
{
	return check_cell_desc(r, c) || check_mem(r, c) ||
	       check_irqchips(r, c) || check_pci(r, c);
}

int jhc_check_cell(const struct jhc_cell *c, jhc_report_fn report, void *ctx,
		   struct jhc_diag *first)
{
	struct rep r = { report, ctx, first, 0, false };

	check_cell_all(&r, c);
	return r.err;
}

static bool check_platform(struct rep *r, const struct jh_system *s)
{
	const struct jh_platform_arm *a = &s->platform_info.arm;
	const uint64_t pa = offsetof(struct jh_system, platform_info.arm);
	uint64_t ecam_size;
	unsigned int i;

	if (a->gic_version == 3) {
		if (!a->gicd_base &&
		    bad(r, JHC_E_PLATFORM, "platform_info.arm.gicd_base", -1,
			pa + offsetof(struct jh_platform_arm, gicd_base), 0,
			"GIC distributor base is 0"))
			return true;
		if (!a->gicr_base &&
		    bad(r, JHC_E_PLATFORM, "platform_info.arm.gicr_base", -1,
			pa + offsetof(struct jh_platform_arm, gicr_base), 0,
			"GICv3 redistributor base is 0"))
			return true;
	} else if (a->gic_version == 2) {
		if ((!a->gicd_base || !a->gicc_base || !a->gich_base ||
		     !a->gicv_base) &&
		    bad(r, JHC_E_PLATFORM, "platform_info.arm.gicd_base", -1,
			pa + offsetof(struct jh_platform_arm, gicd_base),
			a->gicd_base,
			"GICv2 needs gicd, gicc, gich and gicv bases"))
			return true;
	} else if (bad(r, JHC_E_PLATFORM, "platform_info.arm.gic_version", -1,
		       pa + offsetof(struct jh_platform_arm, gic_version),
		       a->gic_version, "GIC version must be 2 or 3")) {
		return true;
	}
	if ((a->maintenance_irq < 16 || a->maintenance_irq > 31) &&
	    bad(r, JHC_E_PLATFORM, "platform_info.arm.maintenance_irq", -1,
		pa + offsetof(struct jh_platform_arm, maintenance_irq),
		a->maintenance_irq, "maintenance IRQ must be a PPI (16..31)"))
		return true;
	ecam_size = ((uint64_t)s->platform_info.pci_mmconfig_end_bus + 1) << 20;
	if (s->platform_info.pci_mmconfig_base &&
	    wraps(s->platform_info.pci_mmconfig_base, ecam_size) &&
	    bad(r, JHC_E_RANGE, "platform_info.pci_mmconfig_base", -1,
		offsetof(struct jh_system, platform_info.pci_mmconfig_base),
		s->platform_info.pci_mmconfig_base,
		"virtual PCI ECAM window wraps around"))
		return true;
	for (i = 0; i < JH_MAX_IOMMU_UNITS; i++) {
		const struct jh_iommu *u = &s->platform_info.iommu_units[i];

		if (u->type > JH_IOMMU_ARM_MMU500 &&
		    bad(r, JHC_E_PLATFORM, "platform_info.iommu_units.type",
			(int)i,
			offsetof(struct jh_system, platform_info.iommu_units) +
				i * sizeof(*u),
			u->type, "unknown IOMMU type"))
			return true;
	}
	return false;
}

static bool check_root_vs_platform(struct rep *r, const struct jhc_system *s)
{
	const struct jh_system *sys = s->sys;
	const struct jhc_cell *c = &s->root;
	uint64_t hv = sys->hypervisor_memory.phys_start;
	uint64_t hvs = sys->hypervisor_memory.size;
	uint64_t ecam = sys->platform_info.pci_mmconfig_base;
	uint64_t ecams = ((uint64_t)sys->platform_info.pci_mmconfig_end_bus + 1)
			 << 20;
	struct jh_memory m;
	struct jh_irqchip ic;
	struct jh_pci_device p;
	uint32_t i;

	for (i = 0; i < c->desc->num_memory_regions; i++) {
		jhc_mem_at(c, i, &m);
		if (!m.size || (m.flags & JH_MEM_COMM_REGION))
			continue;
		if (ranges_overlap(m.phys_start, m.size, hv, hvs) &&
		    bad(r, JHC_E_HVMEM, FR("mem_regions.phys_start"), (int)i,
			mem_off(c, i, 0), m.phys_start,
			"root region overlaps hypervisor memory"))
			return true;
		if (ecam && ranges_overlap(m.phys_start, m.size, ecam, ecams) &&
		    bad(r, JHC_E_OVERLAP, FR("mem_regions.phys_start"), (int)i,
			mem_off(c, i, 0), m.phys_start,
			"root region overlaps the virtual PCI ECAM window"))
			return true;
	}
	for (i = 0; i < c->desc->num_irqchips; i++) {
		jhc_irqchip_at(c, i, &ic);
		if (ic.address != sys->platform_info.arm.gicd_base &&
		    !irqchip_empty(&ic) &&
		    bad(r, JHC_E_IRQCHIP, FR("irqchips.address"), (int)i,
			off_of(c, c->irqchips) + (uint64_t)i * sizeof(ic),
			ic.address, "irqchip address is not gicd_base"))
			return true;
	}
	for (i = 0; i < c->desc->num_pci_devices; i++) {
		jhc_pci_at(c, i, &p);
		if (p.type == JH_PCI_TYPE_IVSHMEM && !ecam &&
		    bad(r, JHC_E_PCI, FR("pci_devices.type"), (int)i,
			off_of(c, c->pci_devices) + (uint64_t)i * sizeof(p),
			p.type,
			"ivshmem device without virtual PCI "
			"(pci_mmconfig_base is 0)"))
			return true;
	}
	return false;
}

int jhc_check_system(const struct jhc_system *s, jhc_report_fn report,
		     void *ctx, struct jhc_diag *first)
{
	struct rep rr = { report, ctx, first, 0, false };
	struct rep *r = &rr;
	const struct jh_system *sys = s->sys;
	const struct jh_memory *hv = &sys->hypervisor_memory;
	const uint64_t hvo = offsetof(struct jh_system, hypervisor_memory);

	if ((sys->flags & ~JH_SYS_FLAGS_KNOWN) &&
	    bad(r, JHC_E_FLAGS, "flags", -1, offsetof(struct jh_system, flags),
		sys->flags, "unknown system flags"))
		return r->err;
	if ((hv->phys_start & (HV_ALIGN - 1)) &&
	    bad(r, JHC_E_ALIGN, "hypervisor_memory.phys_start", -1,
		hvo + offsetof(struct jh_memory, phys_start), hv->phys_start,
		"hypervisor memory not 2 MiB aligned"))
		return r->err;
	if ((hv->size < HV_MIN_SIZE || (hv->size & PAGE_MASK)) &&
	    bad(r, JHC_E_HVMEM, "hypervisor_memory.size", -1,
		hvo + offsetof(struct jh_memory, size), hv->size,
		"hypervisor memory must be a page multiple of at least 1 MiB"))
		return r->err;
	if (wraps(hv->phys_start, hv->size) &&
	    bad(r, JHC_E_RANGE, "hypervisor_memory.phys_start", -1,
		hvo + offsetof(struct jh_memory, phys_start), hv->phys_start,
		"hypervisor memory wraps around the address space"))
		return r->err;
	if (check_console(r, &sys->debug_console,
			  offsetof(struct jh_system, debug_console),
			  "debug_console.type", "debug_console.flags",
			  "debug_console.address"))
		return r->err;
	if (check_platform(r, sys))
		return r->err;
	r->root = true;
	if (check_cell_all(r, &s->root))
		return r->err;
	check_root_vs_platform(r, s);
	return r->err;
}

/* ------------------------------------------------------------------ */
/* Whole-system checks */

/* Field names for a cell checked against the system: "cells.X" with the
 * cell index in jhc_check_whole(), "X" with the element index when one
 * cell is checked alone. */
struct wctx {
	struct rep *r;
	int cell; /* -1: single cell */
};

static const char *fw(const struct wctx *w, const char *s)
{
	return w->cell >= 0 ? s : s + sizeof(CELLS_PREFIX) - 1;
}
#define FW(s) fw(w, CELLS_PREFIX s)
#define IW(i) (w->cell >= 0 ? w->cell : (int)(i))

static bool cell_vs_system(struct wctx *w, const struct jhc_system *s,
			   const struct jhc_cell *c)
{
	struct rep *r = w->r;
	const struct jh_system *sys = s->sys;
	const struct jhc_cell *root = &s->root;
	const struct jh_cell_desc *d = c->desc;
	uint64_t gicd = sys->platform_info.arm.gicd_base;
	uint64_t cpus_off = off_of(c, c->cpu_set);
	unsigned int cpu, left = 0, rmax = jhc_cpu_max(root);
	struct jh_memory m;
	struct jh_irqchip ic;
	struct jh_pci_device p;
	uint32_t i, k;

	if (d->cpu_set_size <= JH_CPU_SET_MAX_BYTES) {
		for (cpu = 0; cpu < d->cpu_set_size * 8u; cpu++) {
			if (!jhc_cpu_in(c, cpu) || jhc_cpu_in(root, cpu))
				continue;
			if (bad(r, JHC_E_NOT_ROOT, FW("cpus"), IW(cpu),
				cpus_off + cpu / 8, cpu,
				"CPU is not in the root cell's CPU set"))
				return true;
		}
		for (cpu = 0; cpu < rmax; cpu++)
			if (jhc_cpu_in(root, cpu) && !jhc_cpu_in(c, cpu))
				left++;
		if (rmax && !left &&
		    bad(r, JHC_E_NO_ROOT_CPU, FW("cpus"), IW(-1), cpus_off, 0,
			"cell takes every CPU of the root cell"))
			return true;
	}
	if (memchr(d->name, 0, sizeof(d->name)) &&
	    memchr(root->desc->name, 0, sizeof(root->desc->name)) &&
	    strcmp(d->name, root->desc->name) == 0 &&
	    bad(r, JHC_E_DUPLICATE, FW("name"), IW(-1),
		desc_off(c, offsetof(struct jh_cell_desc, name)), 0,
		"cell name equals the root cell's name"))
		return true;
	if (d->id && d->id == root->desc->id &&
	    bad(r, JHC_E_DUPLICATE, FW("id"), IW(-1),
		desc_off(c, offsetof(struct jh_cell_desc, id)), d->id,
		"cell id equals the root cell's id"))
		return true;

	for (i = 0; i < d->num_memory_regions; i++) {
		jhc_mem_at(c, i, &m);
		if (!m.size || (m.flags & JH_MEM_COMM_REGION))
			continue;
		if (ranges_overlap(m.phys_start, m.size,
				   sys->hypervisor_memory.phys_start,
				   sys->hypervisor_memory.size) &&
		    bad(r, JHC_E_HVMEM, FW("mem_regions.phys_start"), IW(i),
			mem_off(c, i, 0), m.phys_start,
			"region overlaps hypervisor memory"))
			return true;
		if (is_owned(&m) &&
		    !covered_by_root(root, m.phys_start, m.size) &&
		    bad(r, JHC_E_NOT_ROOT, FW("mem_regions.phys_start"), IW(i),
			mem_off(c, i, 0), m.phys_start,
			"region is not inside the root cell's regions"))
			return true;
	}

	for (i = 0; i < d->num_irqchips; i++) {
		uint64_t o = off_of(c, c->irqchips) + (uint64_t)i * sizeof(ic);

		jhc_irqchip_at(c, i, &ic);
		if (ic.address != gicd) {
			if (!irqchip_empty(&ic) &&
			    bad(r, JHC_E_IRQCHIP, FW("irqchips.address"), IW(i),
				o, ic.address,
				"irqchip address is not gicd_base"))
				return true;
			continue;
		}
		if (ic.pin_base % 32 || ic.pin_base > IRQ_LIMIT - 128)
			continue; /* reported by jhc_check_cell */
		for (k = 0; k < 128; k++) {
			unsigned int intid = ic.pin_base + k;

			if (intid < FIRST_SPI ||
			    !((ic.pin_bitmap[k / 32] >> (k % 32)) & 1))
				continue;
			if (!irq_claimed(root, gicd, intid) &&
			    bad(r, JHC_E_NOT_ROOT, FW("irqchips.pin_bitmap"),
				IW(i),
				o + offsetof(struct jh_irqchip, pin_bitmap) +
					(k / 32) * 4,
				intid, "interrupt not owned by the root cell"))
				return true;
		}
	}

	for (i = 0; i < d->num_pci_devices; i++) {
		jhc_pci_at(c, i, &p);
		if (p.type == JH_PCI_TYPE_IVSHMEM &&
		    !sys->platform_info.pci_mmconfig_base &&
		    bad(r, JHC_E_PCI, FW("pci_devices.type"), IW(i),
			off_of(c, c->pci_devices) + (uint64_t)i * sizeof(p),
			p.type,
			"ivshmem device without virtual PCI "
			"(pci_mmconfig_base is 0)"))
			return true;
	}
	return false;
}

int jhc_check_cell_against_system(const struct jhc_system *s,
				  const struct jhc_cell *c,
				  jhc_report_fn report, void *ctx,
				  struct jhc_diag *first)
{
	struct rep r = { report, ctx, first, 0, false };
	struct wctx w = { &r, -1 };

	cell_vs_system(&w, s, c);
	return r.err;
}

static unsigned int cpu_limit(const struct jhc_cell *c)
{
	uint32_t n = c->desc->cpu_set_size;

	return n > JH_CPU_SET_MAX_BYTES ? JH_CPU_SET_MAX_BYTES * 8 : n * 8;
}

/* Conflicts between cell b and an earlier cell a. */
static bool cell_vs_cell(struct rep *r, const struct jhc_system *s,
			 const struct jhc_cell *a, const struct jhc_cell *b,
			 int bi)
{
	const struct jh_cell_desc *da = a->desc, *db = b->desc;
	uint64_t gicd = s->sys->platform_info.arm.gicd_base;
	unsigned int cpu, n;
	struct jh_memory ma, mb;
	struct jh_irqchip ic;
	uint32_t i, j, k;

	n = cpu_limit(a) < cpu_limit(b) ? cpu_limit(a) : cpu_limit(b);
	for (cpu = 0; cpu < n; cpu++) {
		if (!jhc_cpu_in(a, cpu) || !jhc_cpu_in(b, cpu))
			continue;
		if (bad(r, JHC_E_CONFLICT, CELLS_PREFIX "cpus", bi,
			off_of(b, cpu_set_bytes(b)) + cpu / 8, cpu,
			"CPU already assigned to another cell"))
			return true;
		break;
	}

	for (j = 0; j < db->num_memory_regions; j++) {
		jhc_mem_at(b, j, &mb);
		if (!is_owned(&mb))
			continue;
		for (i = 0; i < da->num_memory_regions; i++) {
			jhc_mem_at(a, i, &ma);
			if (!is_owned(&ma) ||
			    !ranges_overlap(ma.phys_start, ma.size,
					    mb.phys_start, mb.size))
				continue;
			if (bad(r, JHC_E_CONFLICT,
				CELLS_PREFIX "mem_regions.phys_start", bi,
				mem_off(b, j, 0), mb.phys_start,
				"memory already assigned to another cell"))
				return true;
			break;
		}
	}

	for (i = 0; i < db->num_irqchips; i++) {
		jhc_irqchip_at(b, i, &ic);
		if (ic.address != gicd || ic.pin_base % 32 ||
		    ic.pin_base > IRQ_LIMIT - 128)
			continue;
		for (k = 0; k < 128; k++) {
			unsigned int intid = ic.pin_base + k;

			if (intid < FIRST_SPI ||
			    !((ic.pin_bitmap[k / 32] >> (k % 32)) & 1) ||
			    !irq_claimed(a, gicd, intid))
				continue;
			if (bad(r, JHC_E_CONFLICT,
				CELLS_PREFIX "irqchips.pin_bitmap", bi,
				off_of(b, b->irqchips) +
					(uint64_t)i * sizeof(ic) +
					offsetof(struct jh_irqchip,
						 pin_bitmap) +
					(k / 32) * 4,
				intid,
				"interrupt already assigned to another "
				"cell"))
				return true;
		}
	}

	if (memchr(da->name, 0, sizeof(da->name)) &&
	    memchr(db->name, 0, sizeof(db->name)) &&
	    strcmp(da->name, db->name) == 0 &&
	    bad(r, JHC_E_DUPLICATE, CELLS_PREFIX "name", bi,
		desc_off(b, offsetof(struct jh_cell_desc, name)), 0,
		"another cell has the same name"))
		return true;
	if (db->id && db->id == da->id &&
	    bad(r, JHC_E_DUPLICATE, CELLS_PREFIX "id", bi,
		desc_off(b, offsetof(struct jh_cell_desc, id)), db->id,
		"another cell has the same id"))
		return true;
	return false;
}

int jhc_check_whole(const struct jhc_system *s, const struct jhc_cell *cells,
		    unsigned int ncells, jhc_report_fn report, void *ctx,
		    struct jhc_diag *first)
{
	struct rep r = { report, ctx, first, 0, false };
	const struct jhc_cell *root = &s->root;
	unsigned int a, b, cpu, left = 0, nroot = 0;
	unsigned int rmax = jhc_cpu_max(root);
	bool starved = false;

	for (b = 0; b < ncells; b++) {
		struct wctx w = { &r, (int)b };

		if (cell_vs_system(&w, s, &cells[b]))
			return r.err;
		for (a = 0; a < b; a++)
			if (cell_vs_cell(&r, s, &cells[a], &cells[b], (int)b))
				return r.err;
	}

	/* Root CPUs left over once every cell has taken its share. */
	for (cpu = 0; cpu < rmax; cpu++) {
		bool taken = false;

		if (!jhc_cpu_in(root, cpu))
			continue;
		nroot++;
		for (b = 0; b < ncells && !taken; b++)
			taken = jhc_cpu_in(&cells[b], cpu);
		if (!taken)
			left++;
	}
	for (b = 0; b < ncells && !starved; b++) {
		unsigned int own = 0;

		for (cpu = 0; cpu < rmax; cpu++)
			if (jhc_cpu_in(root, cpu) &&
			    !jhc_cpu_in(&cells[b], cpu))
				own++;
		starved = own == 0; /* already reported for that cell */
	}
	if (ncells && nroot && !left && !starved &&
	    bad(&r, JHC_E_NO_ROOT_CPU, ROOT_PREFIX "cpus", -1,
		off_of(root, root->cpu_set), nroot,
		"the cells together take every CPU of the root cell"))
		return r.err;
	return r.err;
}

/* ------------------------------------------------------------------ */
/* Loading */

int jhc_translate_loadable(const struct jhc_cell *c, uint64_t ipa,
			   uint64_t size, uint64_t *phys)
{
	const uint64_t need = JH_MEM_WRITE | JH_MEM_LOADABLE;
	struct jh_memory m;
	uint64_t off;
	uint32_t i;

	if (wraps(ipa, size))
		return JHC_E_RANGE;
	for (i = 0; i < c->desc->num_memory_regions; i++) {
		jhc_mem_at(c, i, &m);
		if (ipa < m.virt_start || ipa - m.virt_start >= m.size)
			continue;
		/* §6.6: the first region containing ipa decides. */
		if ((m.flags & need) != need || (m.flags & JH_MEM_COMM_REGION))
			return JHC_E_NOT_LOADABLE;
		off = ipa - m.virt_start;
		if (size > m.size - off)
			return JHC_E_NOT_LOADABLE;
		if (off > UINT64_MAX - m.phys_start ||
		    wraps(m.phys_start + off, size))
			return JHC_E_RANGE;
		if (phys)
			*phys = m.phys_start + off;
		return 0;
	}
	return JHC_E_NOT_LOADABLE;
}

/* ------------------------------------------------------------------ */
/* Field names for messages */

static const char *const array_names[] = {
	"cells", "mem_regions", "irqchips",	 "pci_devices", "pci_caps",
	"cpus",	 "iommu_units", "cache_regions", "pio_regions", "stream_ids",
};

static size_t put(char *buf, size_t len, size_t pos, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, pos++)
		if (pos + 1 < len)
			buf[pos] = s[i];
	return pos;
}

static size_t put_index(char *buf, size_t len, size_t pos, int index)
{
	char tmp[16];
	size_t n = 0;
	unsigned int v = (unsigned int)index;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp) - 2);
	tmp[sizeof(tmp) - 1 - n++] = '[';
	pos = put(buf, len, pos, tmp + sizeof(tmp) - n, n);
	return put(buf, len, pos, "]", 1);
}

size_t jhc_field_name(const struct jhc_diag *d, char *buf, size_t len)
{
	const char *f = d->field ? d->field : "?";
	size_t flen = strlen(f), pos = 0, start = 0, i, k;
	bool done = d->index < 0;

	for (i = 0; i <= flen; i++) {
		if (f[i] != '.' && f[i] != 0)
			continue;
		pos = put(buf, len, pos, f + start, i - start);
		for (k = 0; !done && k < JH_ARRAY_SIZE(array_names); k++) {
			if (strlen(array_names[k]) == i - start &&
			    !memcmp(array_names[k], f + start, i - start)) {
				pos = put_index(buf, len, pos, d->index);
				done = true;
			}
		}
		if (f[i] == '.')
			pos = put(buf, len, pos, ".", 1);
		start = i + 1;
	}
	if (!done)
		pos = put_index(buf, len, pos, d->index);
	if (len)
		buf[pos < len ? pos : len - 1] = 0;
	return pos;
}
