/* restore.c: -R (see restore.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "restore.h"

#define RESTORE_BATCH_MAX 4096		/* requests per commit */
#define RESTORE_GO_ON (-1)

struct restore_fail {
	size_t index;
	enum ipvs_op op;
	int err;
};

struct restore {
	const struct cmd_ctx *ctx;
	struct ipvs_batch *b;
	size_t *lines;			/* input line of each queued request */
	struct restore_fail *fails;
	size_t nfails, capfails;
	bool last_queued;		/* the last line so far is in the batch */
	int status;			/* exit status of the last line so far */
	bool show_lines;
	bool oom;
};

static void
on_fail(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct restore *r = arg;

	if (r->nfails == r->capfails) {
		size_t cap = r->capfails ? r->capfails * 2 : 16;
		struct restore_fail *nf = realloc(r->fails, cap * sizeof(*nf));

		if (nf == NULL) {
			r->oom = true;
			return;
		}
		r->fails = nf;
		r->capfails = cap;
	}
	r->fails[r->nfails++] = (struct restore_fail){ index, op, err };
}

static int
fail_cmp(const void *a, const void *b)
{
	const struct restore_fail *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* Send what is queued; print the failures in queue order. */
static int
restore_commit(struct restore *r)
{
	size_t len = ipvs_batch_len(r->b);
	int rc;

	if (len == 0)
		return 0;
	r->nfails = 0;
	rc = ipvs_batch_commit(r->b, on_fail, r);
	qsort(r->fails, r->nfails, sizeof(*r->fails), fail_cmp);
	for (size_t i = 0; i < r->nfails; i++) {
		if (r->show_lines)
			fprintf(r->ctx->err, "line %zu: ",
				r->lines[r->fails[i].index]);
		cmd_fail(r->ctx, r->fails[i].op, r->fails[i].err);
		if (r->last_queued && r->fails[i].index == len - 1)
			r->status = 255;
	}
	r->last_queued = false;
	if (rc < 0 || r->oom)
		return cmd_fail(r->ctx, IPVS_OP_INFO, rc < 0 ? rc : -ENOMEM);
	return 0;
}

static int
restore_queue(struct restore *r, const struct compat_req *req, size_t lineno)
{
	size_t len = ipvs_batch_len(r->b);
	int rc;

	if (len % RESTORE_BATCH_MAX == 0) {
		size_t *nl = realloc(r->lines, (len + RESTORE_BATCH_MAX) * sizeof(*nl));

		if (nl == NULL)
			return cmd_fail(r->ctx, IPVS_OP_INFO, -ENOMEM);
		r->lines = nl;
	}
	rc = cmd_batch_queue(r->b, req);
	if (rc < 0)
		return cmd_fail(r->ctx, IPVS_OP_INFO, rc);
	r->lines[len] = lineno;
	r->last_queued = true;
	r->status = 0;
	if (len + 1 >= RESTORE_BATCH_MAX)
		return restore_commit(r) ? 255 : RESTORE_GO_ON;
	return RESTORE_GO_ON;
}

/* A line that did not parse: popt errors go on, the rest end restore. */
static int
restore_parse_error(struct restore *r, const struct compat_err *err)
{
	if (restore_commit(r) != 0)
		return 255;
	if (err->kind == COMPAT_CRASH)
		return RESTORE_CRASH;
	fprintf(r->ctx->err, "%s\n", err->msg);
	if (err->kind != COMPAT_POPT)
		return err->status;
	r->status = 255;
	return RESTORE_GO_ON;
}

/* One line: RESTORE_GO_ON, or the status to exit with. */
static int
restore_line(struct restore *r, int argc, const char *const *argv,
	     size_t lineno)
{
	struct compat_req req;
	struct compat_err err;
	int st;

	if (compat_parse(argc, argv, &compat_sys_resolver, &req, &err) != 0)
		return restore_parse_error(r, &err);
	if (cmd_batch_op(&req, &(enum ipvs_op){ 0 }))
		return restore_queue(r, &req, lineno);
	if (restore_commit(r) != 0)
		return 255;
	if (req.cmd == COMPAT_RESTORE) {
		char msg[256];

		compat_tryhelp(r->ctx->prog, msg, sizeof(msg));
		fprintf(r->ctx->err, "%s\n", msg);
		return 255;
	}
	st = cmd_exec(r->ctx, &req);
	if (req.cmd == COMPAT_HELP || req.cmd == COMPAT_VERSION)
		return 0;
	if ((req.cmd == COMPAT_LIST || req.cmd == COMPAT_SAVE) && st != 0)
		return st;
	r->status = st;
	return RESTORE_GO_ON;
}

static int
restore_loop(struct restore *r, FILE *in)
{
	char *line = NULL;
	const char **argv;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int st = RESTORE_GO_ON, argc;

	while (st == RESTORE_GO_ON && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		/* ipvsadm drops a last line (no newline) that ends in blanks */
		if (len > 0 && line[len - 1] != '\n' &&
		    strchr(" \t\r", line[len - 1]) != NULL)
			break;
		argc = restore_split(line, (size_t)len, r->ctx->prog, &argv);
		if (argc < 0) {
			st = cmd_fail(r->ctx, IPVS_OP_INFO, argc);
			break;
		}
		if (argc > 1)
			st = restore_line(r, argc, argv, lineno);
		free((void *)argv);
	}
	free(line);
	if (st == RESTORE_GO_ON)
		st = restore_commit(r) ? 255 : r->status;
	return st;
}

int
restore_run(const struct cmd_ctx *ctx, FILE *in)
{
	struct restore r = {
		.ctx = ctx,
		.show_lines = getenv("IPVSCTL_RESTORE_LINES") != NULL,
	};
	int rc = ipvs_batch_new(ctx->nl, &r.b);

	if (rc < 0)
		return cmd_fail(ctx, IPVS_OP_INFO, rc);
	rc = restore_loop(&r, in);
	ipvs_batch_free(r.b);
	free(r.lines);
	free(r.fails);
	return rc;
}
