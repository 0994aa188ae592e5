/* cmd.h: carrying out a parsed ipvsadm request against the kernel.
 *
 * Every cmd_* function returns the exit status ipvsadm returns for the
 * command (0, or 255 when the kernel refused, after printing ipvsadm's
 * message for the error on ctx->err).
 */
#ifndef IPVSCTL_CMD_H
#define IPVSCTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "compat.h"
#include "ipvs_nl.h"

struct cmd_ctx {
	struct ipvs_nl *nl;
	FILE *out;
	FILE *err;
	const char *prog;		/* argv[0], for usage texts */
};

/* cmd_fail: print ipvs_strerror(op, err) on ctx->err; returns 255. */
int cmd_fail(const struct cmd_ctx *ctx, enum ipvs_op op, int err);

/* -A, -E, -D */
int cmd_svc(const struct cmd_ctx *ctx, const struct compat_req *req);
/* -a, -e, -d */
int cmd_dest(const struct cmd_ctx *ctx, const struct compat_req *req);
/* -C, -Z, --set, --start-daemon, --stop-daemon */
int cmd_misc(const struct cmd_ctx *ctx, const struct compat_req *req);

/* cmd_exec: run any request except -R (help, version, listings, changes);
 * returns ipvsadm's exit status for it. */
int cmd_exec(const struct cmd_ctx *ctx, const struct compat_req *req);

/* cmd_batch_op: whether @req can be queued into a batch (the commands
 * that change services/destinations, flush and zero), and as which op. */
bool cmd_batch_op(const struct compat_req *req, enum ipvs_op *op);
/* cmd_batch_queue: queue @req (cmd_batch_op() true) into @b.  0/-errno. */
int cmd_batch_queue(struct ipvs_batch *b, const struct compat_req *req);

/* The service -Z names, or NULL for "all services" (ipvsadm sends no
 * service when fwmark, address and port are all zero). */
const struct ipvs_service *cmd_zero_target(const struct compat_req *req);

#endif
