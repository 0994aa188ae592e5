/* cmd_svc.c: -A, -E, -D (virtual services). */
#include "cmd.h"

int
cmd_fail(const struct cmd_ctx *ctx, enum ipvs_op op, int err)
{
	fprintf(ctx->err, "%s\n", ipvs_strerror(op, err));
	return 255;
}

static const struct {
	enum compat_cmd cmd;
	enum ipvs_op op;
	int (*fn)(struct ipvs_nl *, const struct ipvs_service *);
} svc_cmds[] = {
	{ COMPAT_ADD, IPVS_OP_SVC_ADD, ipvs_nl_svc_add },
	{ COMPAT_EDIT, IPVS_OP_SVC_EDIT, ipvs_nl_svc_edit },
	{ COMPAT_DEL, IPVS_OP_SVC_DEL, ipvs_nl_svc_del },
};

int
cmd_svc(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	for (size_t i = 0; i < sizeof(svc_cmds) / sizeof(svc_cmds[0]); i++) {
		int rc;

		if (svc_cmds[i].cmd != req->cmd)
			continue;
		rc = svc_cmds[i].fn(ctx->nl, &req->svc);
		return rc < 0 ? cmd_fail(ctx, svc_cmds[i].op, rc) : 0;
	}
	return 2;
}
