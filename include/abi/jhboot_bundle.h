/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * jhboot boot bundle conventions: a U-Boot FIT image (a flattened device
 * tree made by mkimage). docs/bundle-format.md is the prose description;
 * these are the names both sides use.
 *
 *   / {
 *     jhboot,bundle-version = <1>;
 *     images {
 *       hypervisor { data | data-offset+data-size; hash-1 { algo; value; } };
 *       system     { ... };                       system (root-cell) config
 *       cellN      { ... ; jhboot,name = "...";   a cell config, N = 0, 1, ..
 *                    jhboot,images = "cellN-img0", ...;
 *                    jhboot,args = "..."; };      optional parameter string
 *       cellN-imgM { ... ; jhboot,load = /bits/ 64 <cell address>; };
 *       linux, initrd                             root Linux (optional)
 *     };
 *     configurations {
 *       default = "jhboot";
 *       jhboot { jhboot,hypervisor = "hypervisor"; jhboot,system = "system";
 *                jhboot,cells = "cell0", ...;
 *                jhboot,linux = "linux"; jhboot,initrd = "initrd";
 *                jhboot,bootargs = "..."; };
 *     };
 *   };
 */
#ifndef JHBOOT_ABI_JHBOOT_BUNDLE_H
#define JHBOOT_ABI_JHBOOT_BUNDLE_H

#define JHB_VERSION 1
#define JHB_PROP_VERSION "jhboot,bundle-version"
#define JHB_IMAGES_PATH "/images"
#define JHB_CONFS_PATH "/configurations"
#define JHB_CONF_NAME "jhboot"

/* configuration node properties */
#define JHB_PROP_HYPERVISOR "jhboot,hypervisor"
#define JHB_PROP_SYSTEM "jhboot,system"
#define JHB_PROP_CELLS "jhboot,cells"
#define JHB_PROP_LINUX "jhboot,linux"
#define JHB_PROP_INITRD "jhboot,initrd"
#define JHB_PROP_BOOTARGS "jhboot,bootargs"
#define JHB_PROP_SUPERVISE "jhboot,supervise"

/* image node properties (besides FIT's data, data-offset, data-size) */
#define JHB_PROP_NAME "jhboot,name"
#define JHB_PROP_CELL_IMAGES "jhboot,images"
#define JHB_PROP_ARGS "jhboot,args"
#define JHB_PROP_LOAD "jhboot,load" /* 64-bit cell-space address */
#define JHB_PROP_RESTART "jhboot,restart"
#define JHB_PROP_MAY "jhboot,may"
/* per cell, supervised mode (docs/supervised-mode.md) */
#define JHB_PROP_HEARTBEAT "jhboot,heartbeat" /* "ADDR:TIMEOUT_MS[:FIRST]" */
#define JHB_PROP_MAILBOX "jhboot,mailbox"     /* "ADDR", root-physical page */
#define JHB_PROP_CELL_LINUX "jhboot,linux-image" /* image node names */
#define JHB_PROP_CELL_DTB "jhboot,linux-dtb"
#define JHB_PROP_CELL_INITRD "jhboot,linux-initrd"
#define JHB_PROP_CELL_BOOTARGS "jhboot,bootargs"

/* FIT's own names */
#define FIT_PROP_DATA "data"
#define FIT_PROP_DATA_OFFSET "data-offset"
#define FIT_PROP_DATA_POSITION "data-position"
#define FIT_PROP_DATA_SIZE "data-size"
#define FIT_HASH_NODE_PREFIX "hash"
#define FIT_PROP_ALGO "algo"
#define FIT_PROP_VALUE "value"

/* Inmate parameter string: at image base + 0x1000, at most 255 chars. */
#define JHB_ARGS_OFFSET 0x1000u
#define JHB_ARGS_MAX 255u

#define JHB_MAX_CELLS 16
#define JHB_MAX_CELL_IMAGES 8

#endif
