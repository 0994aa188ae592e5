/* cmd_misc.c: -C, -Z, --set, --start-daemon, --stop-daemon, and the
 * mapping of requests onto batch operations (for -R). */
#include <errno.h>
#include <string.h>

#include "cmd.h"

const struct ipvs_service *
cmd_zero_target(const struct compat_req *req)
{
	static const union ipvs_addr any;
	const struct ipvs_service *svc = &req->svc;

	if (svc->fwmark || svc->port ||
	    memcmp(&svc->addr, &any, sizeof(any)) != 0)
		return svc;
	return NULL;
}

static int
run(const struct cmd_ctx *ctx, enum ipvs_op op, int rc)
{
	return rc < 0 ? cmd_fail(ctx, op, rc) : 0;
}

int
cmd_misc(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	switch (req->cmd) {
	case COMPAT_FLUSH:
		return run(ctx, IPVS_OP_FLUSH, ipvs_nl_flush(ctx->nl));
	case COMPAT_ZERO:
		return run(ctx, IPVS_OP_ZERO,
			   ipvs_nl_zero(ctx->nl, cmd_zero_target(req)));
	case COMPAT_TIMEOUT:
		return run(ctx, IPVS_OP_TIMEOUT_SET,
			   ipvs_nl_timeout_set(ctx->nl, &req->timeout));
	case COMPAT_STARTDAEMON:
		return run(ctx, IPVS_OP_DAEMON_START,
			   ipvs_nl_daemon_start(ctx->nl, &req->daemon));
	case COMPAT_STOPDAEMON:
		return run(ctx, IPVS_OP_DAEMON_STOP,
			   ipvs_nl_daemon_stop(ctx->nl, &req->daemon));
	default:
		return 2;
	}
}

static const struct {
	enum compat_cmd cmd;
	enum ipvs_op op;
} batch_ops[] = {
	{ COMPAT_ADD, IPVS_OP_SVC_ADD },
	{ COMPAT_EDIT, IPVS_OP_SVC_EDIT },
	{ COMPAT_DEL, IPVS_OP_SVC_DEL },
	{ COMPAT_ADDDEST, IPVS_OP_DEST_ADD },
	{ COMPAT_EDITDEST, IPVS_OP_DEST_EDIT },
	{ COMPAT_DELDEST, IPVS_OP_DEST_DEL },
	{ COMPAT_FLUSH, IPVS_OP_FLUSH },
	{ COMPAT_ZERO, IPVS_OP_ZERO },
};

bool
cmd_batch_op(const struct compat_req *req, enum ipvs_op *op)
{
	for (size_t i = 0; i < sizeof(batch_ops) / sizeof(batch_ops[0]); i++)
		if (batch_ops[i].cmd == req->cmd) {
			*op = batch_ops[i].op;
			return true;
		}
	return false;
}

int
cmd_batch_queue(struct ipvs_batch *b, const struct compat_req *req)
{
	enum ipvs_op op;

	if (!cmd_batch_op(req, &op))
		return -EINVAL;
	switch (op) {
	case IPVS_OP_DEST_ADD:
	case IPVS_OP_DEST_EDIT:
	case IPVS_OP_DEST_DEL:
		return ipvs_batch_dest(b, op, &req->svc, &req->dest);
	case IPVS_OP_FLUSH:
		return ipvs_batch_svc(b, op, NULL);
	case IPVS_OP_ZERO:
		return ipvs_batch_svc(b, op, cmd_zero_target(req));
	default:
		return ipvs_batch_svc(b, op, &req->svc);
	}
}
