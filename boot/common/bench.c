// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Bench mode (bootargs "jhboot.bench", e.g. QEMU -append): measure what
 * jhboot's bulk work costs per byte — copy, zero, SHA-256 (accelerated
 * and portable) — over a few MiB of free RAM, then stop. Under QEMU
 * -icount shift=0 one instruction is one nanosecond of guest time, so the
 * printed nanoseconds per byte are instructions per byte (make bench).
 */
#include "jhboot.h"
#include <asm/arch.h>
#include <libfdt.h>

#define BENCH_BYTES (4ul << 20)

bool bench_requested(void)
{
	int chosen = fdt_path_offset(plat.fdt, "/chosen");
	const char *args =
		chosen >= 0 ? fdt_getprop(plat.fdt, chosen, "bootargs", NULL)
			    : NULL;

	return args && strstr(args, "jhboot.bench");
}

static void report(const char *what, uint64_t t0, uint64_t t1)
{
	uint64_t f = counter_freq();
	uint64_t ns = f ? (t1 - t0) * 1000000000ul / f : 0;

	jh_printf("jhboot: bench: %s %lu bytes: %lu ns (%lu.%03lu ns/byte)\n",
		  what, BENCH_BYTES, ns, ns / BENCH_BYTES,
		  (ns % BENCH_BYTES) * 1000 / BENCH_BYTES);
}

/* Two buffers in free RAM, 2 MiB aligned, away from jhboot and the DT. */
static int pick_buffers(uint64_t *a, uint64_t *b)
{
	for (unsigned int i = 0; i < plat.nmem; i++) {
		uint64_t end = plat.mem[i].base + plat.mem[i].size;

		for (uint64_t p = ALIGN_UP(plat.mem[i].base, SZ_2M);
		     p + 2 * BENCH_BYTES <= end; p += SZ_2M)
			if (!busy_overlap(p, 2 * BENCH_BYTES)) {
				*a = p;
				*b = p + BENCH_BYTES;
				return 0;
			}
	}
	return -1;
}

void bench_run(void)
{
	uint64_t a, b, t0, t1;
	uint8_t digest[JH_SHA256_LEN];

	if (pick_buffers(&a, &b)) {
		pr_err("bench: no free RAM\n");
		return;
	}
	pr_info("bench: buffers at 0x%lx and 0x%lx\n", a, b);
	memset((void *)(uintptr_t)a, 0x5a, BENCH_BYTES); /* warm up, map */
	t0 = counter_read();
	zero_range(b, BENCH_BYTES);
	t1 = counter_read();
	report("zero (dc zva)", t0, t1);
	t0 = counter_read();
	copy_image((void *)(uintptr_t)b, (void *)(uintptr_t)a, BENCH_BYTES);
	t1 = counter_read();
	report("copy", t0, t1);
	t0 = counter_read();
	memcpy((void *)(uintptr_t)b, (void *)(uintptr_t)a, BENCH_BYTES);
	t1 = counter_read();
	report("copy (8-byte loop)", t0, t1);
	t0 = counter_read();
	jh_sha256((void *)(uintptr_t)a, BENCH_BYTES, digest,
		  sha256_blocks_fn());
	t1 = counter_read();
	report("sha256", t0, t1);
	t0 = counter_read();
	jh_sha256((void *)(uintptr_t)a, BENCH_BYTES, digest,
		  jh_sha256_blocks_portable);
	t1 = counter_read();
	report("sha256 (portable C)", t0, t1);
	pr_info("bench: done\n");
}
