/* lvs_apply.c: an op list -> one IPVS batch; failures mapped back to ops. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvs.h"

struct apply_ctx {
	struct lvs_apply_result *res;
	size_t cap;
};

static void
apply_err(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct apply_ctx *c = arg;
	struct lvs_apply_result *res = c->res;
	struct lvs_apply_err *e;

	res->failed++;
	if (res->n_err == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct lvs_apply_err *v = realloc(res->err, cap * sizeof(*v));

		if (v == NULL)
			return;		/* counted in failed, not listed */
		res->err = v;
		c->cap = cap;
	}
	e = &res->err[res->n_err++];
	e->index = index;
	e->op = op;
	e->err = err;
	snprintf(e->extack, sizeof(e->extack), "%s", extack ? extack : "");
}

static int
queue_op(struct ipvs_batch *b, const struct lvs_op *o)
{
	switch (o->op) {
	case IPVS_OP_DEST_ADD:
	case IPVS_OP_DEST_EDIT:
	case IPVS_OP_DEST_DEL:
		return ipvs_batch_dest(b, o->op, &o->svc, &o->dest);
	case IPVS_OP_FLUSH:
		return ipvs_batch_svc(b, o->op, NULL);
	default:
		return ipvs_batch_svc(b, o->op, &o->svc);
	}
}

int
lvs_apply(struct ipvs_nl *nl, const struct lvs_ops *ops, struct lvs_apply_result *res)
{
	struct apply_ctx c = { .res = res };
	struct ipvs_batch *b;
	size_t i;
	int r;

	memset(res, 0, sizeof(*res));
	if (ops->n == 0)
		return 0;
	if ((r = ipvs_batch_new(nl, &b)) < 0)
		return r;
	for (i = 0; i < ops->n; i++) {
		if ((r = queue_op(b, &ops->v[i])) < 0) {
			ipvs_batch_free(b);
			return r;
		}
	}
	res->sent = ipvs_batch_len(b);
	r = ipvs_batch_commit(b, apply_err, &c);
	ipvs_batch_free(b);
	return r < 0 ? r : 0;
}

void
lvs_apply_result_free(struct lvs_apply_result *res)
{
	free(res->err);
	memset(res, 0, sizeof(*res));
}

int
lvs_sync(struct ipvs_nl *nl, const struct lvs_table *want, const struct lvs_table *owned,
	 bool flush, struct lvs_apply_result *res)
{
	struct lvs_table cur;
	struct lvs_ops ops = { 0 };
	int r;

	memset(res, 0, sizeof(*res));
	lvs_table_init(&cur);
	if ((r = lvs_kernel_load(nl, &cur)) == 0 &&
	    (r = lvs_diff(&cur, want, owned, flush, &ops)) == 0)
		r = lvs_apply(nl, &ops, res);
	lvs_ops_free(&ops);
	lvs_table_free(&cur);
	return r;
}
