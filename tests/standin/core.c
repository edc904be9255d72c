/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Stand-in hypervisor: console, locks, small helpers and the enable path
 * (what Jailhouse's arch_entry + entry() do, jailhouse-interface.md §2).
 */
#include <stdarg.h>

#include "standin.h"

#define FALLBACK_UART 0x09000000ull /* QEMU virt PL011: used without config */
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF BIT(5)

struct standin g;
struct cell cells[MAX_CELLS];
static struct jh_virt_console console_ring
	__attribute__((section(".console"), aligned(4096)));

/* ---- memory and string helpers (also what the compiler may call) ---- */

void *mem_set(void *d, int c, u64 n)
{
	volatile u8 *p = d;

	while (n--)
		*p++ = (u8)c;
	return d;
}

void *mem_cpy(void *d, const void *s, u64 n)
{
	volatile u8 *p = d;
	const volatile u8 *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n)
{
	return mem_set(d, c, n);
}
void *memcpy(void *d, const void *s, size_t n)
{
	return mem_cpy(d, s, n);
}

bool str_eq(const char *a, const char *b, u64 n)
{
	for (u64 i = 0; i < n; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

/* Clean+invalidate to PoC: EL2 reads/writes bypass the caches (MMU off). */
void flush_range(const volatile void *p, u64 size)
{
	u64 line = 4ull << ((sysreg_read(ctr_el0) >> 16) & 0xf);
	u64 a = (u64)p & ~(line - 1);

	for (; a < (u64)p + size; a += line)
		__asm__ __volatile__("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

/* ---- locks: exclusives on Device memory (fine on QEMU, see docs) ---- */

void spin_lock(volatile u32 *l)
{
	u32 tmp, fail;

	__asm__ __volatile__("sevl\n"
			     "1: wfe\n"
			     "2: ldaxr %w0, [%2]\n"
			     "cbnz %w0, 1b\n"
			     "stxr %w1, %w3, [%2]\n"
			     "cbnz %w1, 2b\n"
			     : "=&r"(tmp), "=&r"(fail)
			     : "r"(l), "r"(1)
			     : "memory");
}

void spin_unlock(volatile u32 *l)
{
	__asm__ __volatile__("stlr wzr, [%0]" ::"r"(l) : "memory");
	dsb(sy);
	sev();
}

static bool spin_trylock(volatile u32 *l)
{
	u32 tmp, fail = 1;

	__asm__ __volatile__("ldaxr %w0, [%2]\n"
			     "cbnz %w0, 1f\n"
			     "stxr %w1, %w3, [%2]\n"
			     "1:\n"
			     : "=&r"(tmp), "+&r"(fail)
			     : "r"(l), "r"(1)
			     : "memory");
	return !tmp && !fail;
}

/*
 * The big lock of all management state. A cell CPU waiting for it parks
 * when someone asks it to stop (the requester holds the lock and waits).
 */
void lock(struct percpu *me)
{
	while (!spin_trylock(&g.lock)) {
		if (me->stop_req)
			park(me);
		wfe();
	}
	g.lock_owner = me->id + 1;
}

void unlock(void)
{
	g.lock_owner = 0;
	spin_unlock(&g.lock);
}

static void atomic_inc(volatile u32 *v)
{
	u32 tmp, fail;

	__asm__ __volatile__("1: ldaxr %w0, [%2]\n"
			     "add %w0, %w0, #1\n"
			     "stlxr %w1, %w0, [%2]\n"
			     "cbnz %w1, 1b\n"
			     : "=&r"(tmp), "=&r"(fail)
			     : "r"(v)
			     : "memory");
	sev();
}

/* ---- console: PL011 (polled) + the console page ring ---- */

static void putc_one(char c)
{
	if (g.uart) {
		while (mmio_r32(g.uart + PL011_FR) & PL011_FR_TXFF)
			;
		mmio_w32(g.uart + PL011_DR, (u8)c);
	}
	console_ring.busy = 1;
	dsb(sy);
	console_ring.content[console_ring.tail % JH_VIRT_CONSOLE_SIZE] = c;
	dsb(sy);
	console_ring.tail++;
	dsb(sy);
	console_ring.busy = 0;
}

static void emit(char c)
{
	if (c == '\n' && g.uart) {
		while (mmio_r32(g.uart + PL011_FR) & PL011_FR_TXFF)
			;
		mmio_w32(g.uart + PL011_DR, '\r');
	}
	putc_one(c);
}

void con_putc_raw(char c)
{
	spin_lock(&g.con_lock);
	emit(c);
	spin_unlock(&g.con_lock);
}

struct buf {
	char s[200];
	unsigned int n;
};

static void bput(struct buf *b, char c)
{
	if (b->n < sizeof(b->s) - 1)
		b->s[b->n++] = c;
}

static void bnum(struct buf *b, u64 v, unsigned int base, bool neg)
{
	char t[24];
	int i = 0;

	if (neg)
		bput(b, '-');
	if (base == 16) {
		bput(b, '0');
		bput(b, 'x');
	}
	do {
		t[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		bput(b, t[--i]);
}

/* printf subset: %s %c %d %ld %u %lu %x %lx (%x prints 0x...). */
void pr(const char *fmt, ...)
{
	struct buf b = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		bool l = false;
		const char *s;

		if (*fmt != '%') {
			bput(&b, *fmt);
			continue;
		}
		if (*++fmt == 'l') {
			l = true;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				bput(&b, *s);
			break;
		case 'c':
			bput(&b, (char)va_arg(ap, int));
			break;
		case 'd': {
			long v = l ? va_arg(ap, long) : va_arg(ap, int);

			bnum(&b, v < 0 ? -(u64)v : (u64)v, 10, v < 0);
			break;
		}
		case 'u':
			bnum(&b, l ? va_arg(ap, u64) : va_arg(ap, unsigned int),
			     10, false);
			break;
		case 'x':
			bnum(&b, l ? va_arg(ap, u64) : va_arg(ap, unsigned int),
			     16, false);
			break;
		default:
			bput(&b, '%');
			bput(&b, *fmt);
		}
	}
	va_end(ap);
	spin_lock(&g.con_lock);
	for (unsigned int i = 0; i < b.n; i++)
		emit(b.s[i]);
	spin_unlock(&g.con_lock);
}

void el2_panic(u64 esr, u64 elr, u64 far);
void el2_panic(u64 esr, u64 elr, u64 far)
{
	pr("standin: EL2 exception in the stand-in (ESR=%lx, FAR=%lx, "
	   "PC=%lx)\n",
	   esr, far, elr);
	for (;;)
		wfe();
}

/* ---- per-CPU data and config accessors ---- */

struct percpu *percpu(u32 cpu)
{
	return (struct percpu *)(g.hv_base + g.hdr->core_size +
				 (u64)cpu * PERCPU_SIZE);
}

struct percpu *this_cpu(void)
{
	return (struct percpu *)sysreg_read(tpidr_el2);
}

u64 mpidr_aff(u64 mpidr)
{
	return ((mpidr >> 8) & 0xff000000ull) | (mpidr & 0xffffffull);
}

const u8 *cell_cpu_bitmap(const struct jh_cell_desc *c)
{
	return (const u8 *)c + sizeof(*c);
}

const struct jh_memory *cell_mem(const struct jh_cell_desc *c)
{
	return (const struct jh_memory *)(cell_cpu_bitmap(c) + c->cpu_set_size);
}

u64 cell_config_size(const struct jh_cell_desc *c)
{
	return sizeof(*c) + (u64)c->cpu_set_size +
	       32ull * c->num_memory_regions + 12ull * c->num_cache_regions +
	       32ull * c->num_irqchips + 4ull * c->num_pio_regions +
	       56ull * c->num_pci_devices + 8ull * c->num_pci_caps +
	       4ull * c->num_stream_ids;
}

/* Bump allocator over the page pool; nothing is ever freed. */
u64 pool_alloc(u64 pages, u64 align_pages)
{
	u64 first = g.pool_used;

	first = (first + align_pages - 1) & ~(align_pages - 1);
	if (first + pages > g.pool_pages)
		return 0;
	g.pool_used = first + pages;
	u64 pa = g.pool_start + first * PAGE_SIZE;
	mem_set((void *)pa, 0, pages * PAGE_SIZE);
	return pa;
}

/* ---- enable (§2): checks of everything the loader handed over ---- */

static void check_failed(long err, const char *what, u64 v1, u64 v2)
{
	pr("standin: CHECK FAILED: %s (%lx, %lx)\n", what, v1, v2);
	if (!g.error)
		g.error = err;
}

#define CHECK(cond, err, what, v1, v2)                                         \
	do {                                                                   \
		if (!(cond))                                                   \
			check_failed(err, what, v1, v2);                       \
	} while (0)

static u64 cpu_set_of(const struct jh_cell_desc *c, bool *too_big)
{
	const u8 *bm = cell_cpu_bitmap(c);
	u64 set = 0;

	*too_big = false;
	for (u32 i = 0; i < c->cpu_set_size; i++) {
		if (i < 8)
			set |= (u64)bm[i] << (8 * i);
		else if (bm[i])
			*too_big = true;
	}
	return set;
}

/* Master CPU: header, config, console, faults, GIC distributor, pool. */
static void global_init(void)
{
	const struct jh_fw_header *h = g.hdr;
	u64 cfg_off = JH_CONFIG_OFFSET(h->core_size, h->max_cpus, PERCPU_SIZE);
	const struct jh_system *s = (const void *)(g.hv_base + cfg_off);
	bool sys_ok = str_eq(s->signature, JH_SYS_SIGNATURE, 5) &&
		      s->revision == JH_CONFIG_REVISION &&
		      s->architecture == JH_ARCH_ARM64;
	bool too_big;

	g.max_cpus = h->max_cpus;
	g.uart = FALLBACK_UART;
	if (sys_ok) {
		const struct jh_console *con = &s->debug_console;

		g.sys = s;
		g.uart = (con->type == JH_CON_TYPE_PL011 &&
			  (con->flags & JH_CON_FLAG_MMIO))
				 ? con->address
				 : 0;
	}
	faults_parse();
	if (!faults_no_banner())
		pr("Stand-in hypervisor (TEST FIXTURE, not Jailhouse: no "
		   "isolation) at %lx\n",
		   g.hv_base);

	CHECK(str_eq(h->signature, JH_HDR_SIGNATURE, 8), -JH_EINVAL,
	      "header signature", 0, 0);
	CHECK(h->arm_linux_hyp_abi == JH_HYP_STUB_ABI_OPCODE, -JH_EINVAL,
	      "arm_linux_hyp_abi == 1", h->arm_linux_hyp_abi, 1);
	CHECK(h->pad == 0, -JH_EINVAL, "header pad == 0", h->pad, 0);
	CHECK(h->arm_linux_hyp_vectors != 0, -JH_EINVAL,
	      "arm_linux_hyp_vectors != 0", 0, 0);
	if (!sys_ok) {
		check_failed(-JH_EINVAL,
			     "system config at core_size + max_cpus * "
			     "percpu_size: JHSYS/rev 14/arm64",
			     g.hv_base + cfg_off, h->max_cpus);
		return;
	}
	g.hv_size = s->hypervisor_memory.size;
	CHECK(s->hypervisor_memory.phys_start == g.hv_base, -JH_EINVAL,
	      "hypervisor_memory.phys_start == image address",
	      s->hypervisor_memory.phys_start, g.hv_base);

	g.root_set = cpu_set_of(&s->root_cell, &too_big);
	CHECK(!too_big && g.root_set, -JH_EINVAL,
	      "root CPU set non-empty and within CPUs 0-63", 0, 0);
	CHECK(h->max_cpus == 64u - (u32)__builtin_clzll(g.root_set | 1),
	      -JH_EINVAL, "max_cpus == highest root CPU + 1", h->max_cpus,
	      g.root_set);
	CHECK(h->online_cpus == popcount64(g.root_set), -JH_EINVAL,
	      "online_cpus == popcount(root CPU set)", h->online_cpus,
	      g.root_set);

	u64 sys_size = sizeof(*s) - sizeof(s->root_cell) +
		       cell_config_size(&s->root_cell);
	g.pool_start = g.hv_base + cfg_off + PAGE_ALIGN(sys_size);
	if (g.pool_start + 16 * PAGE_SIZE > g.hv_base + g.hv_size) {
		check_failed(-JH_ENOMEM, "hypervisor memory too small for pool",
			     g.hv_size, g.pool_start);
		return;
	}
	g.pool_pages = (g.hv_base + g.hv_size - g.pool_start) / PAGE_SIZE;
	for (u64 a = g.pool_start; a < g.hv_base + g.hv_size; a += 8) {
		if (*(volatile u64 *)a) {
			check_failed(-JH_EINVAL,
				     "hypervisor memory beyond the config "
				     "zeroed",
				     a, *(volatile u64 *)a);
			break;
		}
	}

	g.gicd = s->platform_info.arm.gicd_base;
	g.gicr = s->platform_info.arm.gicr_base;
	CHECK(s->platform_info.arm.gic_version == 3, -JH_EIO,
	      "gic_version == 3", s->platform_info.arm.gic_version, 3);
	u32 ctlr = mmio_r32(g.gicd + GICD_CTLR);
	CHECK((ctlr & 0x13) == 0x13, -JH_EIO,
	      "GICD_CTLR has ARE_NS|EnableGrp1A|EnableGrp1", ctlr, 0x13);

	struct cell *root = &cells[0];
	root->used = true;
	root->id = s->root_cell.id;
	root->flags = s->root_cell.flags;
	root->cpus = g.root_set;
	root->cfg = &s->root_cell;
	mem_cpy(root->name, s->root_cell.name, sizeof(root->name));
	root->name[JH_CELL_NAME_MAXLEN] = 0;
}

static u64 find_redist(u64 mpidr)
{
	u64 aff = mpidr_aff(mpidr);

	for (u32 i = 0; i < MAX_CPUS; i++) {
		u64 rd = g.gicr + (u64)i * GICR_FRAME;
		u64 typer = mmio_r64(rd + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rd;
		if (typer & BIT(4)) /* Last */
			break;
	}
	return 0;
}

/* Every CPU (serialised under the lock): its id, EL2 registers, GICR. */
static struct percpu *cpu_init(u32 cpu)
{
	u64 mpidr = sysreg_read(mpidr_el1), v;
	struct percpu *me = NULL;

	if (cpu >= g.max_cpus || g.max_cpus > MAX_CPUS) {
		check_failed(-JH_EINVAL, "cpu_id < max_cpus", cpu, g.max_cpus);
	} else {
		me = percpu(cpu);
		me->id = cpu;
		me->mpidr = mpidr;
		me->cell = &cells[0];
	}
	CHECK(cpu >= 64 || (g.root_set & BIT(cpu)), -JH_EINVAL,
	      "cpu_id in the root CPU set", cpu, g.root_set);
	CHECK(cpu >= 64 || !(g.seen & BIT(cpu)), -JH_EINVAL,
	      "cpu_id not used twice", cpu, mpidr);
	if (cpu < 64)
		g.seen |= BIT(cpu);

	v = sysreg_read(cnthctl_el2);
	CHECK((v & 3) == 3, -JH_EINVAL, "CNTHCTL_EL2 bits 0,1 set", v, cpu);
	v = sysreg_read(vmpidr_el2);
	CHECK(v == mpidr, -JH_EINVAL, "VMPIDR_EL2 == MPIDR_EL1", v, mpidr);
	v = sysreg_read(vpidr_el2);
	CHECK(v == sysreg_read(midr_el1), -JH_EINVAL, "VPIDR_EL2 == MIDR_EL1",
	      v, cpu);
	v = xsysreg_read(ICC_SRE_EL2);
	CHECK(v == 0xf, -JH_EINVAL, "ICC_SRE_EL2 == 0xf", v, cpu);
	v = sysreg_read(hcr_el2);
	CHECK((v & HCR_RW) && !(v & (HCR_E2H | HCR_TGE)), -JH_EINVAL,
	      "HCR_EL2.RW=1, E2H=0, TGE=0", v, cpu);
	v = sysreg_read(sctlr_el2);
	CHECK(!(v & 5), -JH_EINVAL, "SCTLR_EL2.M=0 and C=0", v, cpu);
	CHECK((mpidr & 0xff) < 16, -JH_EIO, "MPIDR.Aff0 < 16", mpidr, cpu);

	if (!g.sys)
		return me;
	u64 rd = find_redist(mpidr);
	if (!rd) {
		check_failed(-JH_ENODEV, "redistributor of this CPU found",
			     mpidr, g.gicr);
		return me;
	}
	v = mmio_r32(rd + GICR_WAKER);
	CHECK(!(v & 6), -JH_EIO, "GICR_WAKER: redistributor awake", v, mpidr);
	v = mmio_r32(rd + GICR_IGROUPR0);
	CHECK(v == 0xffffffff, -JH_EIO, "GICR_IGROUPR0 == 0xffffffff", v,
	      mpidr);
	if (me)
		me->gicr = rd;
	return me;
}

/* C side of the enable path, on this CPU's EL2 stack; never returns. */
void standin_enable(struct frame *f, u32 cpu);
void standin_enable(struct frame *f, u32 cpu)
{
	const struct jh_fw_header *h = (const void *)__image_start;
	struct percpu *me;
	long ret;

	atomic_inc(&g.arrived);
	while (g.arrived < h->online_cpus)
		wfe();

	spin_lock(&g.lock);
	if (!g.master_done) {
		g.hdr = h;
		g.hv_base = (u64)__image_start;
		global_init();
		g.master_done = true;
	}
	me = cpu_init(cpu);
	if (++g.initialized >= h->online_cpus && !g.done) {
		if (!g.error)
			g.error = fault_check(F_ENTRY, NULL);
		if (g.error)
			pr("standin: enable failed: %ld\n", g.error);
		else
			pr("standin: enabled on %u CPUs\n", h->online_cpus);
		g.result = g.error;
		g.done = 1;
	}
	spin_unlock(&g.lock);
	while (!g.done)
		wfe();
	ret = g.result;

	/* Return like Jailhouse: x0 = result, x1..x18 = 0, x19..x30 kept. */
	for (int i = 0; i <= 18; i++)
		f->x[i] = 0;
	f->x[0] = (u64)ret;
	f->elr = f->x[30];
	if (ret) {
		sysreg_write(hcr_el2, HCR_RW);
		sysreg_write(vbar_el2, h->arm_linux_hyp_vectors);
		isb();
		vm_return(f);
	}
	sysreg_write(tpidr_el2, me);
	me->state = CPU_RUNNING;
	gic_enable_sgi15(me);
	/* VTCR: T0SZ=24 (40-bit IPA), SL0=1 (L1, 2 concatenated tables), 4K,
	 * non-cacheable walks (tables are written with the MMU off), PS=40.
	 */
	sysreg_write(vtcr_el2, BIT(31) | (2ull << 16) | (1ull << 6) | 24);
	sysreg_write(hcr_el2, HCR_RW | HCR_TSC);
	sysreg_write(vbar_el2, runtime_vectors);
	isb();
	vm_return(f);
}
