/* cmd_dest.c: -a, -e, -d (real servers). */
#include "cmd.h"

static const struct {
	enum compat_cmd cmd;
	enum ipvs_op op;
	int (*fn)(struct ipvs_nl *, const struct ipvs_service *,
		  const struct ipvs_dest *);
} dest_cmds[] = {
	{ COMPAT_ADDDEST, IPVS_OP_DEST_ADD, ipvs_nl_dest_add },
	{ COMPAT_EDITDEST, IPVS_OP_DEST_EDIT, ipvs_nl_dest_edit },
	{ COMPAT_DELDEST, IPVS_OP_DEST_DEL, ipvs_nl_dest_del },
};

int
cmd_dest(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	for (size_t i = 0; i < sizeof(dest_cmds) / sizeof(dest_cmds[0]); i++) {
		int rc;

		if (dest_cmds[i].cmd != req->cmd)
			continue;
		rc = dest_cmds[i].fn(ctx->nl, &req->svc, &req->dest);
		return rc < 0 ? cmd_fail(ctx, dest_cmds[i].op, rc) : 0;
	}
	return 2;
}
