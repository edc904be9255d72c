/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Supervised mode (docs/supervised-mode.md): what supervisor.c (the loop,
 * recovery, the event log) and control.c (debug-UART commands, cell
 * mailboxes) share.
 */
#ifndef JHBOOT_SUPERVISOR_H
#define JHBOOT_SUPERVISOR_H

#include "jhboot.h"

enum sv_state {
	SV_RUNNING = 0, /* started, watched */
	SV_STOPPED,	/* stopped on request: CPUs parked, kept by the cell */
	SV_DOWN,	/* failed and not restarted: why[] says why */
	SV_SKIPPED,	/* never started at boot (cells.c said why) */
};

struct sv_cell {
	struct cell_run *c;
	enum sv_state state;
	int max_restarts; /* 0: never; JHB_RESTART_UNLIMITED: no limit */
	int restarts;	  /* automatic restarts since boot / last start */
	int requested;	  /* restarts and starts by command or request */
	uint64_t started; /* counter at the last (verified) start */
	/* heartbeat word (root-physical), 0 when not watched */
	uint64_t hb_addr;
	uint32_t hb_ms, hb_first_ms, hb_last;
	uint64_t hb_seen; /* counter when hb_last was first seen */
	bool hb_beating;  /* the word changed since the last start */
	uint64_t mbox;	  /* mailbox page (root-physical), 0 if none */
	const char *may;
	int64_t hv_state; /* last CELL_GET_STATE result */
	char why[160];
};

extern struct sv_cell sv_cells[];
extern unsigned int sv_ncells;

/* ms (with 3 decimals as us) since jhboot's entry */
uint64_t sv_us(uint64_t counter);
/* one event: printed now ("jhboot: [   12.345 s] ...") and kept for `log` */
void sv_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sv_log_print(unsigned int last);

struct sv_cell *sv_find(const char *name);
const char *sv_state_name(const struct sv_cell *s);
/* by: who asks ("console", "cell \"linux\""); 0 or a negative JHB_MBOX_E* */
int sv_restart(struct sv_cell *s, const char *by);
int sv_stop(struct sv_cell *s, const char *by);
int sv_start(struct sv_cell *s, const char *by);
/* the `list` table, line by line */
void sv_list(void (*line)(void *ctx, const char *text), void *ctx);

/* control.c */
void control_init(void);
void control_poll(void);
void mailbox_init(struct sv_cell *s);
void mailbox_poll(struct sv_cell *s);

#endif
