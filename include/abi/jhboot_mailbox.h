/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * jhboot mailbox: how a cell asks the supervising jhboot (the root cell in
 * supervised mode) for something. docs/supervised-mode.md describes it.
 *
 * One 4 KiB page of memory the cell shares with the root (a ROOTSHARED
 * region of the cell config), named per cell in the bundle:
 * `jhboot-mkbundle --cell X.cell --mailbox ROOT_PHYS_ADDR`. All fields are
 * little-endian and naturally aligned; this header is self-contained and
 * usable from bare-metal cells, Linux user space (jhctl) and jhboot.
 *
 * Protocol (one request at a time):
 *   1. the cell waits until magic == JHB_MBOX_MAGIC (jhboot serves it)
 *      and req_seq == ack_seq (no request pending);
 *   2. writes command and arg (NUL-terminated cell name), then a barrier
 *      (dsb), then req_seq = ack_seq + 1;
 *   3. jhboot (polling every few ms) checks the cell's rights from the
 *      bundle (`--may`), acts, writes result and reply, a barrier, then
 *      ack_seq = req_seq;
 *   4. the cell sees ack_seq == req_seq and reads result and reply.
 * A cell that maps the page cacheable must clean/invalidate it around
 * accesses unless its mapping is coherent with jhboot's (jhboot cleans
 * and invalidates the page to the point of coherency on every access).
 */
#ifndef JHBOOT_ABI_JHBOOT_MAILBOX_H
#define JHBOOT_ABI_JHBOOT_MAILBOX_H

#include <stdint.h>

#define JHB_MBOX_MAGIC 0x424d484au /* "JHMB" */
#define JHB_MBOX_VERSION 1u
#define JHB_MBOX_SIZE 0x1000u
#define JHB_MBOX_NAME_LEN 32u
#define JHB_MBOX_REPLY_LEN 3968u

/* command */
#define JHB_MBOX_CMD_STATUS 1u	/* reply: one line per cell (like `list`) */
#define JHB_MBOX_CMD_RESTART 2u /* arg: cell name */
#define JHB_MBOX_CMD_STOP 3u	/* arg: cell name */
#define JHB_MBOX_CMD_START 4u	/* arg: cell name */

/* result: 0 or a negative errno (Linux numbering) */
#define JHB_MBOX_OK 0
#define JHB_MBOX_EPERM (-1)   /* the cell lacks the right (--may) */
#define JHB_MBOX_ENOENT (-2)  /* no cell of that name */
#define JHB_MBOX_EIO (-5)     /* the hypervisor refused / start failed */
#define JHB_MBOX_EBUSY (-16)  /* not possible in the cell's state */
#define JHB_MBOX_EINVAL (-22) /* unknown command or malformed request */

/* Byte offsets (for assembly and for `--heartbeat MAILBOX+0x18`). */
#define JHB_MBOX_OFF_MAGIC 0x00
#define JHB_MBOX_OFF_VERSION 0x04
#define JHB_MBOX_OFF_REQ_SEQ 0x08
#define JHB_MBOX_OFF_ACK_SEQ 0x0c
#define JHB_MBOX_OFF_COMMAND 0x10
#define JHB_MBOX_OFF_RESULT 0x14
#define JHB_MBOX_HEARTBEAT_OFFSET 0x18
#define JHB_MBOX_OFF_ARG 0x20
#define JHB_MBOX_OFF_CELL 0x40
#define JHB_MBOX_OFF_REPLY 0x80

#ifndef __ASSEMBLY__
struct jhb_mailbox {
	uint32_t magic;	    /* jhboot: JHB_MBOX_MAGIC once it serves the box */
	uint32_t version;   /* jhboot: JHB_MBOX_VERSION */
	uint32_t req_seq;   /* cell: bumped after writing a request */
	uint32_t ack_seq;   /* jhboot: = req_seq once result is written */
	uint32_t command;   /* cell: JHB_MBOX_CMD_* */
	int32_t result;	    /* jhboot: JHB_MBOX_OK or a negative errno */
	uint32_t heartbeat; /* cell (optional): a changing counter */
	uint32_t reserved0;
	char arg[JHB_MBOX_NAME_LEN]; /* cell: target cell name, NUL-terminated */
	char cell[JHB_MBOX_NAME_LEN]; /* jhboot: the asking cell's own name */
	uint32_t reserved1[8];
	char reply[JHB_MBOX_REPLY_LEN]; /* jhboot: text, NUL-terminated */
};

_Static_assert(sizeof(struct jhb_mailbox) == JHB_MBOX_SIZE,
	       "jhb_mailbox must be one page");
_Static_assert(__builtin_offsetof(struct jhb_mailbox, heartbeat) ==
		       JHB_MBOX_HEARTBEAT_OFFSET,
	       "heartbeat offset");
_Static_assert(__builtin_offsetof(struct jhb_mailbox, reply) ==
		       JHB_MBOX_OFF_REPLY,
	       "reply offset");
#endif

#endif
