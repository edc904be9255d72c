/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * jhboot firmware: what the boot steps share. main.c runs them in order;
 * each file below implements one step of docs/boot-flow.md.
 */
#ifndef JHBOOT_JHBOOT_H
#define JHBOOT_JHBOOT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jhconfig.h"
#include "sha256.h"

#define JHBOOT_MAX_CPUS 32
#define JHBOOT_STACK_SIZE 0x4000		/* head.S STACK_SIZE */
extern char jhboot_stacks[][JHBOOT_STACK_SIZE]; /* smp.c, one per CPU */
#define JHBOOT_MAX_MEM 16
#define PAGE_SIZE 0x1000ull
#define SZ_2M 0x200000ull
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- console.c / printf.c ---- */
int jh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int jh_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jh_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_set(uint64_t base, int type, unsigned int reg_shift);
void console_puts(const char *s);
uint64_t console_base(void); /* 0 when there is no console */
#define CONSOLE_PL011 1
#define CONSOLE_8250 2
/* Every jhboot line starts with "jhboot: " so that logs can be parsed. */
#define pr_info(...) jh_printf("jhboot: " __VA_ARGS__)
#define pr_err(...) jh_printf("jhboot: ERROR: " __VA_ARGS__)
#define pr_warn(...) jh_printf("jhboot: WARNING: " __VA_ARGS__)
void panic(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
void print_hex_digest(const uint8_t *d, size_t n);

/* ---- dt.c: what jhboot learns from the device tree it was given ---- */
struct mem_range {
	uint64_t base, size;
};

struct platform {
	const void *fdt;
	uint64_t fdt_size;
	unsigned int ncpus;
	uint64_t mpidr[JHBOOT_MAX_CPUS]; /* by logical id (Linux numbering) */
	int cpu_node[JHBOOT_MAX_CPUS];
	unsigned int nmem;
	struct mem_range mem[JHBOOT_MAX_MEM];
	uint64_t gicd_base, gicr_base, gicr_size;
	int gic_version;
	uint64_t uart_base;
	int uart_type;
	unsigned int uart_shift;
	bool psci_smc;
	uint64_t initrd_start, initrd_end;
};
extern struct platform plat;
int dt_parse(const void *fdt);

/* ---- mmu.c ---- */
void mmu_early_enable(uint64_t dtb);
void mmu_final_enable(void);
void mmu_enable_secondary(void);
void mmu_disable(void);
bool range_is_ram(uint64_t base, uint64_t size);

/* ---- el2.c ---- */
void el2_setup(unsigned int cpu);
void el1_setup(void);

/* ---- gic.c ---- */
int gic_dist_init(void);
int gic_redist_init(uint64_t mpidr);

/* ---- smp.c ---- */
enum cpu_cmd {
	CMD_NONE = 0,
	CMD_ENTER, /* call the hypervisor entry */
	CMD_OFF,   /* PSCI CPU_OFF */
};
struct cpu_slot {
	volatile uint32_t ready;     /* reached EL1 with MMU and GIC set up */
	volatile uint32_t cmd;	     /* enum cpu_cmd */
	volatile uint32_t seq;	     /* bumped with every command */
	volatile uint32_t done;	     /* last seq completed */
	volatile int64_t result;     /* entry() result */
	volatile uint64_t t_ready;   /* counter when ready */
	volatile uint64_t t_entered; /* counter when entry returned */
};
extern struct cpu_slot cpu_slots[JHBOOT_MAX_CPUS];
int smp_boot_secondaries(void);
bool cpu_is_up(unsigned int cpu);
void cpu_set_down(unsigned int cpu);
void smp_command(unsigned int cpu, enum cpu_cmd cmd);
bool smp_wait_done(unsigned int cpu, uint64_t timeout_ms);
void secondary_main(unsigned int cpu);
int psci_cpu_off(void);
int64_t psci_affinity_info(uint64_t mpidr);

/* ---- copy.c ---- */
void copy_image(void *dst, const void *src, size_t size);

/* ---- timing ---- */
uint64_t ms_to_ticks(uint64_t ms);
uint64_t ticks_to_us(uint64_t t);
void delay_ms(uint64_t ms);

/* ---- timeline.c ---- */
void tl_mark(const char *what, unsigned int cpu);
void tl_mark_at(const char *what, unsigned int cpu, uint64_t t);
void tl_mark_cell(const char *what, const char *cell, unsigned int cpu);
void tl_print(void);
extern uint64_t tl_entry, tl_hv_ticks, tl_first_start;
extern uint64_t tl_hv_ticks_at_first_start;
extern uint64_t tl_wait_ticks, tl_wait_ticks_at_first_start;

/* ---- hv.c ---- */
struct jhb_bundle;
struct hv_state {
	bool enabled;
	uint64_t phys, size;
	uint64_t entry; /* physical address of entry */
	uint64_t core_size, percpu_size, console_page;
	uint32_t max_cpus, online_cpus;
	const void *sys_cfg; /* the validated system config (in the bundle) */
	size_t sys_size;
	struct jhc_system sys; /* parsed view of sys_cfg */
	int64_t error;
	const char *why; /* reason when not enabled */
};
extern struct hv_state hv;
int hv_prepare(const struct jhb_bundle *b);
int hv_enable(const struct jhb_bundle *b);
void hv_enter_on_this_cpu(unsigned int cpu);
int64_t hv_call(uint64_t code, uint64_t a1, uint64_t a2);

struct jhc_diag;
struct jhb_blob;
void report_diag(const char *what, const struct jhc_diag *d);
int verify_blob(const char *what, const struct jhb_blob *blob);

/* ---- sha256_arm.c: the fastest SHA-256 block function this CPU has ---- */
jh_sha256_blocks_fn sha256_blocks_fn(void);

/* ---- cells.c ---- */
enum cell_state { CELL_PENDING = 0, CELL_RUNNING, CELL_SKIPPED };
struct jhb_cell;
struct cell_run {
	char name[32];
	const struct jhb_cell *bundle;
	struct jhc_cell cfg;
	uint32_t id;
	unsigned int first_cpu;
	bool created;
	enum cell_state state;
	const char *why;
	int start_tries;
};
extern struct cell_run cells[];
extern unsigned int ncells;
void cells_boot(const struct jhb_bundle *b);
/* issue-7 hooks (supervised mode): reload and verified start of a cell,
 * and the Linux-cell steps of boot/common/linux_cell.c */
int load_images(struct cell_run *c);
int start_verified(struct cell_run *c);
int linux_cell_check(struct cell_run *c);
int linux_cell_load(struct cell_run *c);
int linux_cell_verify(struct cell_run *c);
const char *jh_errno_name(int64_t e);
const char *jh_cell_state_name(int64_t st);
/* SET_LOADABLE to START: let the cell's CPU park first (§14.1) */
#define START_SETTLE_MS 20

/* ---- bench.c ---- */
bool bench_requested(void);
void bench_run(void);

/* ---- supervisor.c ---- */
void supervise_run(const struct jhb_bundle *b);

/* ---- linux.c ---- */
int root_linux_boot(const struct jhb_bundle *b, bool native,
		    const struct jhc_system *sys);

/* ---- boot/common/busy.c: memory jhboot must not overwrite ---- */
void busy_add(const char *what, uint64_t base, uint64_t size);
const char *busy_overlap(uint64_t base, uint64_t size);

#endif
