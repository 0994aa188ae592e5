/* lvs_diff.c: the minimal ordered operation list from one table to another.
 *
 * Pure: works on finished (sorted) tables only, walking both in key order,
 * so a diff costs O(services + destinations).  An entry that can be edited
 * is edited, never deleted and re-added, so its counters and connections
 * survive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvs.h"

/* Op classes, in the order they are emitted. */
enum { PH_SVC_ADD, PH_SVC_EDIT, PH_DEST_DEL, PH_DEST_EDIT, PH_DEST_ADD, PH_SVC_DEL, PH__N };

/* Ops are collected per class, then concatenated. */
struct diff_ctx {
	struct lvs_ops ph[PH__N];
};

void
lvs_ops_free(struct lvs_ops *ops)
{
	free(ops->v);
	memset(ops, 0, sizeof(*ops));
}

static struct lvs_op *
op_push(struct lvs_ops *ops, enum ipvs_op op, const struct ipvs_service *s)
{
	struct lvs_op *o;

	if (ops->n == ops->cap) {
		size_t cap = ops->cap ? ops->cap * 2 : 64;
		struct lvs_op *v = realloc(ops->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		ops->v = v;
		ops->cap = cap;
	}
	o = &ops->v[ops->n++];
	memset(o, 0, sizeof(*o));
	o->op = op;
	if (s != NULL)
		o->svc = *s;
	return o;
}

static int
push_dest(struct lvs_ops *ops, enum ipvs_op op, const struct ipvs_service *s,
	  const struct ipvs_dest *d)
{
	struct lvs_op *o = op_push(ops, op, s);

	if (o == NULL)
		return -ENOMEM;
	o->dest = *d;
	return 0;
}

static int
push_svc(struct lvs_ops *ops, enum ipvs_op op, const struct ipvs_service *s)
{
	return op_push(ops, op, s) ? 0 : -ENOMEM;
}

/* Does the kernel's service need an edit to become @want? */
static bool
svc_differs(const struct ipvs_service *cur, const struct ipvs_service *want)
{
	uint32_t mask = ~(uint32_t)IP_VS_SVC_F_HASHED;

	if (strncmp(cur->sched_name, want->sched_name, sizeof(cur->sched_name)) != 0 ||
	    (cur->flags & mask) != (want->flags & mask) ||
	    strncmp(cur->pe_name, want->pe_name, sizeof(cur->pe_name)) != 0)
		return true;
	/* Timeout and granularity only matter for a persistent service. */
	if (want->flags & IP_VS_SVC_F_PERSISTENT)
		return cur->timeout != want->timeout || cur->netmask != want->netmask;
	return false;
}

static bool
dest_differs(const struct ipvs_dest *cur, const struct ipvs_dest *want)
{
	uint32_t fwd = want->conn_flags & IP_VS_CONN_F_FWD_MASK;

	if ((cur->conn_flags & IP_VS_CONN_F_FWD_MASK) != fwd ||
	    cur->weight != want->weight ||
	    cur->u_threshold != want->u_threshold ||
	    cur->l_threshold != want->l_threshold)
		return true;
	if (fwd == IP_VS_CONN_F_TUNNEL)
		return cur->tun_type != want->tun_type || cur->tun_port != want->tun_port ||
		       cur->tun_flags != want->tun_flags;
	return false;
}

/* Make the destinations of @cur (may be NULL: a new service) match @want. */
static int
diff_dests(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_svc *want)
{
	size_t i = 0, j = 0, nc = cur ? cur->n_d : 0;
	int r = 0, k;

	while (r == 0 && (i < nc || j < want->n_d)) {
		if (i == nc)
			k = 1;
		else if (j == want->n_d)
			k = -1;
		else
			k = lvs_dest_key_cmp(&cur->d[i], &want->d[j]);
		if (k < 0)
			r = push_dest(&c->ph[PH_DEST_DEL], IPVS_OP_DEST_DEL, &want->s, &cur->d[i++]);
		else if (k > 0)
			r = push_dest(&c->ph[PH_DEST_ADD], IPVS_OP_DEST_ADD, &want->s, &want->d[j++]);
		else {
			if (dest_differs(&cur->d[i], &want->d[j]))
				r = push_dest(&c->ph[PH_DEST_EDIT], IPVS_OP_DEST_EDIT,
					      &want->s, &want->d[j]);
			i++;
			j++;
		}
	}
	return r;
}

/* A kernel service nobody wants: ours to delete? */
static int
diff_unwanted(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_table *owned,
	      bool flush)
{
	if (flush || (owned != NULL && lvs_table_find(owned, &cur->s) != NULL))
		return push_svc(&c->ph[PH_SVC_DEL], IPVS_OP_SVC_DEL, &cur->s);
	return 0;
}

static int
diff_wanted(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_svc *want)
{
	int r;

	if (cur == NULL)
		r = push_svc(&c->ph[PH_SVC_ADD], IPVS_OP_SVC_ADD, &want->s);
	else if (svc_differs(&cur->s, &want->s))
		r = push_svc(&c->ph[PH_SVC_EDIT], IPVS_OP_SVC_EDIT, &want->s);
	else
		r = 0;
	return r < 0 ? r : diff_dests(c, cur, want);
}

static int
concat(struct diff_ctx *c, struct lvs_ops *ops)
{
	size_t p, total = ops->n;
	struct lvs_op *v;

	for (p = 0; p < PH__N; p++)
		total += c->ph[p].n;
	if (total > ops->cap) {
		if ((v = realloc(ops->v, total * sizeof(*v))) == NULL)
			return -ENOMEM;
		ops->v = v;
		ops->cap = total;
	}
	for (p = 0; p < PH__N; p++) {
		if (c->ph[p].n)
			memcpy(&ops->v[ops->n], c->ph[p].v, c->ph[p].n * sizeof(*v));
		ops->n += c->ph[p].n;
	}
	return 0;
}

static void
ctx_free(struct diff_ctx *c)
{
	size_t p;

	for (p = 0; p < PH__N; p++)
		lvs_ops_free(&c->ph[p]);
}

int
lvs_diff(const struct lvs_table *cur, const struct lvs_table *want,
	 const struct lvs_table *owned, bool flush, struct lvs_ops *ops)
{
	struct diff_ctx c;
	size_t i = 0, j = 0;
	int r = 0, k;

	memset(&c, 0, sizeof(c));
	while (r == 0 && (i < cur->n || j < want->n)) {
		if (i == cur->n)
			k = 1;
		else if (j == want->n)
			k = -1;
		else
			k = lvs_svc_key_cmp(&cur->v[i].s, &want->v[j].s);
		if (k < 0)
			r = diff_unwanted(&c, &cur->v[i++], owned, flush);
		else if (k > 0)
			r = diff_wanted(&c, NULL, &want->v[j++]);
		else
			r = diff_wanted(&c, &cur->v[i++], &want->v[j++]);
	}
	if (r == 0)
		r = concat(&c, ops);
	ctx_free(&c);
	return r;
}

int
lvs_diff_stop(const struct lvs_table *cur, const struct lvs_table *owned,
	      bool flush_onstop, struct lvs_ops *ops)
{
	size_t i;

	if (flush_onstop)
		return push_svc(ops, IPVS_OP_FLUSH, NULL);
	for (i = 0; i < cur->n; i++)
		if (lvs_table_find(owned, &cur->v[i].s) != NULL &&
		    push_svc(ops, IPVS_OP_SVC_DEL, &cur->v[i].s) < 0)
			return -ENOMEM;
	return 0;
}

const char *
lvs_op_name(enum ipvs_op op)
{
	switch (op) {
	case IPVS_OP_SVC_ADD: return "SVC_ADD";
	case IPVS_OP_SVC_EDIT: return "SVC_EDIT";
	case IPVS_OP_SVC_DEL: return "SVC_DEL";
	case IPVS_OP_DEST_ADD: return "DEST_ADD";
	case IPVS_OP_DEST_EDIT: return "DEST_EDIT";
	case IPVS_OP_DEST_DEL: return "DEST_DEL";
	case IPVS_OP_FLUSH: return "FLUSH";
	default: return "OTHER";
	}
}
