/* cmd_exec.c: dispatch of a parsed request to the code that carries it
 * out (table-driven; -R is restore.c's). */
#include "cmd.h"
#include "cmd_list.h"
#include "usage.h"

static int
exec_help(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	usage_print(ctx->out, ctx->prog);
	return 0;
}

static int
exec_version(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	usage_version(ctx->out);
	return 0;
}

/* -L: connections, one service, timeouts, daemons or everything, in
 * ipvsadm's order of precedence. */
static int
exec_list(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	const struct list_opts *o = &req->list;

	if (req->options & COMPAT_OPT(OPTC_CONNECTION))
		return cmd_list_conns(o, ctx->out, ctx->err);
	if (req->options & COMPAT_OPT(OPTC_SERVICE))
		return cmd_list_services(ctx->nl, o, ctx->out, ctx->err);
	if (req->options & COMPAT_OPT(OPTC_TIMEOUT))
		return cmd_list_timeouts(ctx->nl, o, ctx->out, ctx->err);
	if (req->options & COMPAT_OPT(OPTC_DAEMON))
		return cmd_list_daemons(ctx->nl, o, ctx->out, ctx->err);
	return cmd_list_services(ctx->nl, o, ctx->out, ctx->err);
}

static int
exec_save(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	return cmd_list_save(ctx->nl, &req->list, ctx->out, ctx->err);
}

static const struct {
	enum compat_cmd cmd;
	int (*fn)(const struct cmd_ctx *, const struct compat_req *);
} exec_tab[] = {
	{ COMPAT_HELP, exec_help },
	{ COMPAT_VERSION, exec_version },
	{ COMPAT_LIST, exec_list },
	{ COMPAT_SAVE, exec_save },
	{ COMPAT_ADD, cmd_svc },
	{ COMPAT_EDIT, cmd_svc },
	{ COMPAT_DEL, cmd_svc },
	{ COMPAT_ADDDEST, cmd_dest },
	{ COMPAT_EDITDEST, cmd_dest },
	{ COMPAT_DELDEST, cmd_dest },
	{ COMPAT_FLUSH, cmd_misc },
	{ COMPAT_ZERO, cmd_misc },
	{ COMPAT_TIMEOUT, cmd_misc },
	{ COMPAT_STARTDAEMON, cmd_misc },
	{ COMPAT_STOPDAEMON, cmd_misc },
};

int
cmd_exec(const struct cmd_ctx *ctx, const struct compat_req *req)
{
	for (size_t i = 0; i < sizeof(exec_tab) / sizeof(exec_tab[0]); i++)
		if (exec_tab[i].cmd == req->cmd)
			return exec_tab[i].fn(ctx, req);
	return 2;
}
