/* cmd_list.h: everything ipvsctl prints about the kernel's state:
 * -L/-l listings (text as ipvsadm prints it, or JSON), -S save output,
 * --timeout, --daemon and -c connection listings.
 *
 * Contract between the command-line side (ipvsctl.c/compat.c), which fills
 * struct list_opts from argv, and the output side (cmd_list.c etc.).  The
 * output side may add fields; the command side sets them by name.
 * Each function returns the process exit status ipvsadm would return, and
 * writes ipvsadm's exact error text to @err on failure.
 */
#ifndef IPVSCTL_CMD_LIST_H
#define IPVSCTL_CMD_LIST_H

#include <stdbool.h>
#include <stdio.h>
#include "ipvs_nl.h"

enum list_format { LIST_FMT_TEXT = 0, LIST_FMT_JSON };

struct list_opts {
	enum list_format format;	/* -o json */
	bool numeric;			/* -n */
	bool exact;			/* --exact */
	bool stats;			/* --stats */
	bool rate;			/* --rate */
	bool thresholds;		/* --thresholds */
	bool persistent_conn;		/* --persistent-conn */
	bool sort;			/* --sort: a no-op, sorting is 1.31's default */
	bool nosort;			/* --nosort: kernel order */
	bool tun_info;			/* --tun-info */
	bool have_filter;		/* a virtual service was named with -L */
	struct ipvs_service filter;	/* its identity */
};

/* Text output uses a 64 KiB stdio buffer on @out when @out is not a
 * terminal: call these before anything else is written to @out. */

/* -L/-l [service] */
int cmd_list_services(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err);
/* -S [-n] [service] */
int cmd_list_save(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err);
/* -L --timeout */
int cmd_list_timeouts(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err);
/* -L --daemon */
int cmd_list_daemons(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err);
/* -L -c (reads /proc/net/ip_vs_conn, as ipvsadm does) */
int cmd_list_conns(const struct list_opts *o, FILE *out, FILE *err);

#endif
