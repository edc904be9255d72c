// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Supervised mode: the control interface on the debug UART and the cells'
 * mailboxes (docs/supervised-mode.md, include/abi/jhboot_mailbox.h).
 *
 * The UART receiver is polled from the supervisor loop, never waited on;
 * typed characters are echoed.
 * While a running cell owns the UART's interrupt (its config's irqchip
 * lists it), console input belongs to that cell and jhboot does not read
 * the receiver; it takes it back when that cell stops.
 */
#include "supervisor.h"
#include "abi/jhboot_mailbox.h"
#include "bundle.h"
#include <asm/arch.h>
#include <libfdt.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)
#define UART8250_RBR 0
#define UART8250_LSR 5
#define UART8250_LSR_DR (1u << 0)
#define LINE_MAX 80
#define LOG_DEFAULT 20

static char line[LINE_MAX + 1];
static unsigned int line_len;
static bool line_overflow, last_cr;
static unsigned int uart_intid; /* 0: unknown */
static const struct sv_cell *input_owner;

/* ---- UART input ------------------------------------------------------- */

static int uart_getc(void)
{
	if (!plat.uart_base)
		return -1;
	if (plat.uart_type == CONSOLE_PL011) {
		if (mmio_read32(plat.uart_base + PL011_FR) & PL011_FR_RXFE)
			return -1;
		return (int)(mmio_read32(plat.uart_base + PL011_DR) & 0xff);
	}
	if (!(mmio_read32(plat.uart_base + (UART8250_LSR << plat.uart_shift)) &
	      UART8250_LSR_DR))
		return -1;
	return (int)(mmio_read32(plat.uart_base +
				 (UART8250_RBR << plat.uart_shift)) &
		     0xff);
}

/* The UART's SPI from the DT node at plat.uart_base (interrupts = <0 N
 * flags>), as a GIC INTID. */
static unsigned int find_uart_intid(void)
{
	const void *fdt = plat.fdt;
	int node = -1;

	while ((node = fdt_next_node(fdt, node, NULL)) >= 0) {
		const fdt32_t *reg, *irq;
		int len;
		uint64_t base;

		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 16)
			continue;
		base = ((uint64_t)fdt32_ld(&reg[0]) << 32) | fdt32_ld(&reg[1]);
		if (base != plat.uart_base)
			continue;
		irq = fdt_getprop(fdt, node, "interrupts", &len);
		if (!irq || len < 12 || fdt32_ld(&irq[0]) != 0)
			return 0;
		return 32 + fdt32_ld(&irq[1]);
	}
	return 0;
}

static bool cell_owns_irq(const struct cell_run *c, unsigned int intid)
{
	if (!c->cfg.desc || !intid)
		return false;
	for (uint32_t i = 0; i < c->cfg.desc->num_irqchips; i++) {
		struct jh_irqchip ic;
		unsigned int bit;

		jhc_irqchip_at(&c->cfg, i, &ic);
		if (intid < ic.pin_base)
			continue;
		bit = intid - ic.pin_base;
		if (bit < 128 && (ic.pin_bitmap[bit / 32] >> (bit % 32)) & 1)
			return true;
	}
	return false;
}

/* Which running cell owns the UART's interrupt (NULL: jhboot reads). */
static const struct sv_cell *uart_owner(void)
{
	for (unsigned int i = 0; i < sv_ncells; i++)
		if (sv_cells[i].state == SV_RUNNING &&
		    cell_owns_irq(sv_cells[i].c, uart_intid))
			return &sv_cells[i];
	return NULL;
}

/* ---- commands ----------------------------------------------------------- */

static void print_line(void *ctx, const char *text)
{
	(void)ctx;
	jh_printf("jhboot: %s\n", text);
}

static void help(void)
{
	pr_info("commands: list | restart NAME | stop NAME | start NAME | "
		"log [N] | help\n");
}

static const char *result_text(int r)
{
	switch (r) {
	case JHB_MBOX_OK:
		return "ok";
	case JHB_MBOX_EPERM:
		return "refused: no right to do that (--may)";
	case JHB_MBOX_ENOENT:
		return "no such cell";
	case JHB_MBOX_EIO:
		return "failed";
	case JHB_MBOX_EBUSY:
		return "not possible in the cell's state";
	default:
		return "invalid request";
	}
}

static int do_cmd(const char *cmd, const char *name, const char *by)
{
	struct sv_cell *s = sv_find(name);

	if (!s)
		return JHB_MBOX_ENOENT;
	if (!strcmp(cmd, "restart"))
		return sv_restart(s, by);
	if (!strcmp(cmd, "stop"))
		return sv_stop(s, by);
	return sv_start(s, by);
}

static void run_line(char *l)
{
	char *cmd, *arg, *p = l;
	int r;

	while (*p == ' ')
		p++;
	cmd = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = 0;
	while (*p == ' ')
		p++;
	arg = p;
	while (*p && *p != ' ')
		p++;
	*p = 0;
	if (!*cmd)
		return;
	pr_info("> %s%s%s\n", cmd, *arg ? " " : "", arg);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "?")) {
		help();
	} else if (!strcmp(cmd, "list")) {
		sv_list(print_line, NULL);
	} else if (!strcmp(cmd, "log")) {
		unsigned long n = *arg ? strtoul(arg, NULL, 10) : LOG_DEFAULT;

		sv_log_print(n ? (unsigned int)n : LOG_DEFAULT);
	} else if (!strcmp(cmd, "restart") || !strcmp(cmd, "stop") ||
		   !strcmp(cmd, "start")) {
		if (!*arg) {
			pr_info("%s: which cell? (list shows the names)\n",
				cmd);
			return;
		}
		r = do_cmd(cmd, arg, "console");
		pr_info("%s %s: %s\n", cmd, arg, result_text(r));
	} else {
		pr_info("unknown command \"%s\"\n", cmd);
		help();
	}
}

void control_init(void)
{
	uart_intid = find_uart_intid();
	input_owner = uart_owner();
	if (!plat.uart_base) {
		pr_info("control: no console UART: no control interface\n");
		return;
	}
	pr_info("control: commands on this console (UART 0x%lx, polled): "
		"type help\n",
		plat.uart_base);
	if (input_owner)
		pr_info("control: console input belongs to cell \"%s\" (it "
			"owns the UART interrupt %u); jhboot reads it again "
			"once that cell stops\n",
			input_owner->c->name, uart_intid);
}

void control_poll(void)
{
	const struct sv_cell *owner = uart_owner();
	int ch, budget = 64;

	if (owner != input_owner) {
		input_owner = owner;
		if (owner)
			pr_info("control: console input now belongs to cell "
				"\"%s\"\n",
				owner->c->name);
		else
			pr_info("control: console input is jhboot's again: "
				"type help\n");
	}
	if (owner)
		return;
	while (budget-- > 0 && (ch = uart_getc()) >= 0) {
		if (ch == '\r' || ch == '\n') {
			if (ch == '\n' && last_cr) {
				last_cr = false; /* the \n of a \r\n */
				continue;
			}
			last_cr = ch == '\r';
			console_puts("\n");
			line[line_len] = 0;
			if (line_overflow)
				pr_info("command longer than %u characters, "
					"ignored\n",
					LINE_MAX);
			else
				run_line(line);
			line_len = 0;
			line_overflow = false;
		} else if (ch == 0x7f || ch == 0x08) {
			last_cr = false;
			if (line_len) {
				line_len--;
				console_puts("\b \b");
			}
		} else if (ch >= 0x20 && ch < 0x7f) {
			char echo[2] = { (char)ch, 0 };

			last_cr = false;
			if (line_len < LINE_MAX) {
				line[line_len++] = (char)ch;
				console_puts(echo);
			} else {
				line_overflow = true;
			}
		}
	}
}

/* ---- mailboxes ---------------------------------------------------------- */

void mailbox_init(struct sv_cell *s)
{
	struct jhb_mailbox *mb = (void *)(uintptr_t)s->mbox;

	memset(mb, 0, sizeof(*mb));
	jh_snprintf(mb->cell, sizeof(mb->cell), "%s", s->c->name);
	mb->version = JHB_MBOX_VERSION;
	dsb(sy);
	mb->magic = JHB_MBOX_MAGIC;
	dcache_clean_inval_range(s->mbox, JHB_MBOX_SIZE);
}

struct reply_ctx {
	char *buf;
	size_t len, used;
};

static void reply_line(void *ctx, const char *text)
{
	struct reply_ctx *r = ctx;
	int n;

	if (r->used + 1 >= r->len)
		return;
	n = jh_snprintf(r->buf + r->used, r->len - r->used, "%s\n", text);
	if (n > 0)
		r->used += (size_t)n;
	if (r->used >= r->len)
		r->used = r->len - 1;
}

void mailbox_poll(struct sv_cell *s)
{
	volatile struct jhb_mailbox *mb = (void *)(uintptr_t)s->mbox;
	struct jhb_mailbox *m = (void *)(uintptr_t)s->mbox;
	char arg[JHB_MBOX_NAME_LEN], by[48];
	uint32_t seq, cmd;
	const char *verb;
	int r;

	dcache_clean_inval_range(s->mbox, JHB_MBOX_OFF_REPLY);
	seq = mb->req_seq;
	if (seq == mb->ack_seq)
		return;
	dmb(sy);
	cmd = mb->command;
	for (unsigned int i = 0; i < sizeof(arg); i++)
		arg[i] = mb->arg[i];
	arg[sizeof(arg) - 1] = 0;
	jh_snprintf(by, sizeof(by), "cell \"%s\"", s->c->name);
	m->reply[0] = 0;

	switch (cmd) {
	case JHB_MBOX_CMD_STATUS:
		verb = "status";
		break;
	case JHB_MBOX_CMD_RESTART:
		verb = "restart";
		break;
	case JHB_MBOX_CMD_STOP:
		verb = "stop";
		break;
	case JHB_MBOX_CMD_START:
		verb = "start";
		break;
	default:
		verb = NULL;
	}
	if (!verb) {
		r = JHB_MBOX_EINVAL;
		sv_event("cell \"%s\" asks: command %u: unknown, refused",
			 s->c->name, cmd);
	} else if (!jhb_may(s->may, verb, arg)) {
		r = JHB_MBOX_EPERM;
		sv_event("cell \"%s\" asks: %s%s%s: REFUSED (its rights: %s)",
			 s->c->name, verb,
			 cmd == JHB_MBOX_CMD_STATUS ? "" : " ",
			 cmd == JHB_MBOX_CMD_STATUS ? "" : arg,
			 s->may ? s->may : "none");
	} else if (cmd == JHB_MBOX_CMD_STATUS) {
		struct reply_ctx rc = { m->reply, sizeof(m->reply), 0 };

		sv_list(reply_line, &rc);
		r = JHB_MBOX_OK;
	} else {
		bool self = !strcmp(arg, s->c->name);

		sv_event("cell \"%s\" asks: %s %s: allowed", s->c->name, verb,
			 arg);
		if (self) {
			/* answer first: the cell stops listening */
			mb->result = JHB_MBOX_OK;
			dsb(sy);
			mb->ack_seq = seq;
			dcache_clean_inval_range(s->mbox, JHB_MBOX_SIZE);
		}
		r = do_cmd(verb, arg, by);
		if (self)
			return;
	}
	jh_snprintf(m->reply + strlen(m->reply),
		    sizeof(m->reply) - strlen(m->reply), "%s%s%s: %s\n",
		    verb ? verb : "?",
		    verb && cmd != JHB_MBOX_CMD_STATUS ? " " : "",
		    verb && cmd != JHB_MBOX_CMD_STATUS ? arg : "",
		    result_text(r));
	mb->result = r;
	dsb(sy);
	mb->ack_seq = seq;
	dcache_clean_inval_range(s->mbox, JHB_MBOX_SIZE);
}
