// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Step 1c: identity-mapped EL1 MMU (4 KiB granule, 39-bit VA = PA,
 * translation starting at level 1).
 *
 * Jailhouse's arch_entry makes 64-bit loads that are only 4-byte aligned,
 * so it must be called with the MMU on and hypervisor memory Normal
 * (jailhouse-interface.md §2.3); libfdt needs Normal memory as well.
 *
 * Early map: everything Device-nGnRnE, except the 2 MiB blocks holding
 * jhboot and the DT, which are Normal write-back. Final map: the early map
 * plus every RAM range of the DT as Normal write-back.
 */
#include "jhboot.h"
#include <asm/arch.h>

#define VA_BITS 39
#define L1_SHIFT 30
#define L2_SHIFT 21
#define ENTRIES 512
#define MAX_L2 24

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (3ull << 0)
#define DESC_BLOCK (1ull << 0)
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000ull

#define ATTR_DEVICE (DESC_ATTR(MAIR_IDX_DEVICE) | DESC_AF | DESC_PXN | DESC_UXN)
#define ATTR_NORMAL (DESC_ATTR(MAIR_IDX_NORMAL) | DESC_AF | DESC_SH_INNER)

struct tables {
	uint64_t l1[ENTRIES];
	uint64_t l2[MAX_L2][ENTRIES];
	unsigned int nl2;
};

/* map_init() writes every level-1 entry, l2_for() every level-2 entry */
static struct tables early_tables
	__attribute__((aligned(4096), section(".noinit.pt")));
static struct tables final_tables
	__attribute__((aligned(4096), section(".noinit.pt")));
static bool tables_full;

static void map_init(struct tables *t)
{
	for (unsigned int i = 0; i < ENTRIES; i++)
		t->l1[i] = ((uint64_t)i << L1_SHIFT) | ATTR_DEVICE | DESC_BLOCK;
	t->nl2 = 0;
}

/* Split the 1 GiB block at l1 index i into a level-2 table. */
static uint64_t *l2_for(struct tables *t, unsigned int i)
{
	uint64_t e = t->l1[i];
	uint64_t *l2;

	if ((e & 3) == DESC_TABLE)
		return (uint64_t *)(uintptr_t)(e & DESC_ADDR_MASK);
	if (t->nl2 >= MAX_L2) {
		tables_full = true;
		return NULL;
	}
	l2 = t->l2[t->nl2++];
	for (unsigned int j = 0; j < ENTRIES; j++)
		l2[j] = (((uint64_t)i << L1_SHIFT) +
			 ((uint64_t)j << L2_SHIFT)) |
			(e & ~DESC_ADDR_MASK & ~3ull) | DESC_BLOCK;
	t->l1[i] = (uint64_t)(uintptr_t)l2 | DESC_TABLE;
	return l2;
}

/* Map [base, base + size) rounded out to 2 MiB with the given attributes. */
static void map_range(struct tables *t, uint64_t base, uint64_t size,
		      uint64_t attr)
{
	uint64_t a = ALIGN_DOWN(base, SZ_2M);
	uint64_t end = ALIGN_UP(base + size, SZ_2M);

	if (end > (1ull << VA_BITS))
		end = 1ull << VA_BITS;
	while (a < end) {
		unsigned int i = (unsigned int)(a >> L1_SHIFT);

		if ((a & ((1ull << L1_SHIFT) - 1)) == 0 &&
		    end - a >= (1ull << L1_SHIFT) &&
		    (t->l1[i] & 3) != DESC_TABLE) {
			t->l1[i] = a | attr | DESC_BLOCK;
			a += 1ull << L1_SHIFT;
			continue;
		}
		uint64_t *l2 = l2_for(t, i);

		if (!l2)
			return;
		l2[(a >> L2_SHIFT) & (ENTRIES - 1)] = a | attr | DESC_BLOCK;
		a += SZ_2M;
	}
}

static uint64_t tcr_value(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;
	return TCR_T0SZ(64 - VA_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
	       TCR_SH0_INNER | TCR_TG0_4K | TCR_EPD1 |
	       (parange << TCR_IPS_SHIFT);
}

static void mmu_on(struct tables *t)
{
	dcache_clean_inval_range((uint64_t)(uintptr_t)t, sizeof(*t));
	write_sysreg(MAIR_VALUE, mair_el1);
	write_sysreg(tcr_value(), tcr_el1);
	write_sysreg((uint64_t)(uintptr_t)t->l1, ttbr0_el1);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
	write_sysreg(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I, sctlr_el1);
	isb();
}

void mmu_early_enable(uint64_t dtb)
{
	uint64_t img = (uint64_t)(uintptr_t)_start_image;
	uint64_t img_size = (uint64_t)(uintptr_t)_end - img;
	const uint8_t *h = (const uint8_t *)(uintptr_t)dtb;
	uint64_t dtb_size = SZ_2M;

	/* Data written with the MMU off (relocations, .bss, this CPU's
	 * stack) must not be shadowed by stale cache lines once the MMU is
	 * on. The .noinit buffers are first written with the MMU on, each
	 * secondary invalidates its own stack (secondary_main). */
	dcache_inval_range(img, (uint64_t)(uintptr_t)__bss_end - img);
	dcache_inval_range((uint64_t)(uintptr_t)jhboot_stacks[0],
			   JHBOOT_STACK_SIZE);
	/* fdt totalsize: big-endian u32 at offset 4 (DT is 8-byte aligned) */
	if (dtb) {
		uint32_t be = *(volatile const uint32_t *)(h + 4);

		dtb_size = __builtin_bswap32(be);
		if (dtb_size > 0x1000000)
			dtb_size = 0x1000000;
	}
	map_init(&early_tables);
	map_range(&early_tables, img, img_size, ATTR_NORMAL);
	if (dtb)
		map_range(&early_tables, dtb, dtb_size, ATTR_NORMAL);
	mmu_on(&early_tables);
}

void mmu_final_enable(void)
{
	uint64_t img = (uint64_t)(uintptr_t)_start_image;

	map_init(&final_tables);
	map_range(&final_tables, img, (uint64_t)(uintptr_t)_end - img,
		  ATTR_NORMAL);
	map_range(&final_tables, (uint64_t)(uintptr_t)plat.fdt, plat.fdt_size,
		  ATTR_NORMAL);
	for (unsigned int i = 0; i < plat.nmem; i++)
		map_range(&final_tables, plat.mem[i].base, plat.mem[i].size,
			  ATTR_NORMAL);
	if (tables_full)
		pr_warn("MMU: out of level-2 tables, part of RAM stays "
			"Device\n");
	dcache_clean_inval_range((uint64_t)(uintptr_t)&final_tables,
				 sizeof(final_tables));
	dsb(ish);
	write_sysreg((uint64_t)(uintptr_t)final_tables.l1, ttbr0_el1);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
}

void mmu_enable_secondary(void)
{
	mmu_on(&final_tables);
}

/* Hand-over to Linux: MMU and D-cache off (booting.rst); callers clean
 * what Linux needs to PoC first. */
void mmu_disable(void)
{
	uint64_t v = read_sysreg(sctlr_el1);

	v &= ~(SCTLR_M | SCTLR_C);
	write_sysreg(v, sctlr_el1);
	isb();
	__asm__ volatile("ic iallu\n tlbi vmalle1\n dsb nsh\n isb" ::
				 : "memory");
}

bool range_is_ram(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < plat.nmem; i++) {
		const struct mem_range *m = &plat.mem[i];

		if (base >= m->base && size <= m->size &&
		    base - m->base <= m->size - size)
			return true;
	}
	return false;
}
