/* ipvsctl.c: main.  An ipvsadm 1.31 drop-in: same command line, same
 * output, same exit statuses (see compat.h, cmd.h, restore.h, cmd_list.h).
 *
 * Like ipvsadm it connects to IPVS first (loading ip_vs with modprobe if
 * needed), lists the table when run without arguments, and otherwise runs
 * the one command its arguments name.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_daemon.h"
#include "cmd_list.h"
#include "compat.h"
#include "restore.h"

/* What ipvsadm does when it fails to parse "-b ,": it crashes.  Reproduce
 * the outcome (killed by SIGSEGV, nothing printed) without undefined
 * behaviour, bypassing any sanitizer handler. */
static void
crash_like_ipvsadm(void)
{
	fflush(stdout);
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	_exit(139);
}

static int
modprobe_ipvs(void)
{
	char *const argv[] = { "/sbin/modprobe", "--", "ip_vs", NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(1);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static int
ipvs_connect(struct ipvs_nl **ret)
{
	struct ipvs_info info;
	int rc = ipvs_nl_open(ret);

	if (rc < 0) {
		if (modprobe_ipvs() != 0)
			return rc;
		rc = ipvs_nl_open(ret);
		if (rc < 0)
			return rc;
	}
	rc = ipvs_nl_get_info(*ret, &info);
	if (rc < 0) {
		ipvs_nl_close(*ret);
		*ret = NULL;
	}
	return rc;
}

static int
run_args(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct compat_req req;
	struct compat_err err;
	int st;

	if (compat_parse(argc, (const char *const *)argv, &compat_sys_resolver, &req, &err) != 0) {
		if (err.kind == COMPAT_CRASH)
			crash_like_ipvsadm();
		fprintf(ctx->err, "%s\n", err.msg);
		return err.status;
	}
	if (req.cmd != COMPAT_RESTORE)
		return cmd_exec(ctx, &req);
	st = restore_run(ctx, stdin);
	if (st == RESTORE_CRASH)
		crash_like_ipvsadm();
	return st;
}

int
main(int argc, char **argv)
{
	struct cmd_ctx ctx = { .out = stdout, .err = stderr,
			       .prog = argc > 0 ? argv[0] : "ipvsctl" };
	struct list_opts all = { .sort = true };
	int rc;

	/* ipvsd's control subcommands (status, reload, drain...): bare words
	 * that no ipvsadm command line starts with. */
	if (argc > 1 && cmd_daemon_is(argv[1]))
		return cmd_daemon_main(argc, argv);
	rc = ipvs_connect(&ctx.nl);
	if (rc < 0) {
		fprintf(stderr, "Can't initialize ipvs: %s\n"
			"Are you sure that IP Virtual Server is built in the "
			"kernel or as module?\n", ipvs_strerror(IPVS_OP_INFO, rc));
		return 2;
	}
	if (argc <= 1)
		rc = cmd_list_services(ctx.nl, &all, stdout, stderr);
	else
		rc = run_args(&ctx, argc, argv);
	ipvs_nl_close(ctx.nl);
	if (fflush(stdout) != 0 && rc == 0)
		rc = 1;
	return rc;
}
