// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Polled UART output: PL011 (QEMU virt, most Arm boards) and 8250/16550
 * (TI K3), chosen from the DT's /chosen/stdout-path. The UART is used as
 * the previous stage left it; jhboot never reprograms the baud rate.
 */
#include "jhboot.h"
#include <asm/arch.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)
#define UART8250_THR 0
#define UART8250_LSR 5
#define UART8250_LSR_THRE (1u << 5)

static uint64_t uart_base;
static int uart_type;
static unsigned int uart_shift;
static volatile uint32_t console_lock;

void console_set(uint64_t base, int type, unsigned int reg_shift)
{
	uart_base = base;
	uart_type = type;
	uart_shift = reg_shift;
}

uint64_t console_base(void)
{
	return uart_base;
}

static void uart_putc(char c)
{
	uint64_t spins = 0;

	if (!uart_base)
		return;
	if (uart_type == CONSOLE_PL011) {
		while ((mmio_read32(uart_base + PL011_FR) & PL011_FR_TXFF) &&
		       ++spins < 1000000)
			;
		mmio_write32(uart_base + PL011_DR, (uint8_t)c);
	} else {
		uint64_t lsr = uart_base + (UART8250_LSR << uart_shift);

		while (!(mmio_read32(lsr) & UART8250_LSR_THRE) &&
		       ++spins < 1000000)
			;
		mmio_write32(uart_base + (UART8250_THR << uart_shift),
			     (uint8_t)c);
	}
}

static void lock(void)
{
	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
}

void console_puts(const char *s)
{
	lock();
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
	unlock();
}

void jh_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_puts(buf);
}

void print_hex_digest(const uint8_t *d, size_t n)
{
	char buf[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		jh_snprintf(buf + 2 * i, 3, "%02x", d[i]);
	buf[2 * i] = 0;
	console_puts(buf);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_puts("jhboot: PANIC: ");
	console_puts(buf);
	console_puts("jhboot: halted\n");
	for (;;)
		wfe();
}
