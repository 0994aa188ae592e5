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

/* The walk runs twice: first it only counts the ops of each class, then
 * it writes them straight into their place in one array of the exact
 * size (no per-class arrays, no growing, no final copy: a 10,000
 * destination start touches the op memory once). */
struct diff_ctx {
	struct lvs_op *v;	/* NULL while counting */
	size_t base[PH__N];	/* first slot of each class in v */
	size_t n[PH__N];	/* ops of each class so far */
};

void
lvs_ops_free(struct lvs_ops *ops)
{
	free(ops->v);
	memset(ops, 0, sizeof(*ops));
}

static void
emit(struct diff_ctx *c, int ph, enum ipvs_op op, const struct ipvs_service *s,
     const struct ipvs_dest *d)
{
	struct lvs_op *o;

	if (c->v == NULL) {
		c->n[ph]++;
		return;
	}
	o = &c->v[c->base[ph] + c->n[ph]++];
	memset(o, 0, sizeof(*o));
	o->op = op;
	o->svc = *s;
	if (d != NULL)
		o->dest = *d;
}

/* Append one op to @ops (lvs_diff_stop). */
static int
push_svc(struct lvs_ops *ops, enum ipvs_op op, const struct ipvs_service *s)
{
	struct lvs_op *o;

	if (ops->n == ops->cap) {
		size_t cap = ops->cap ? ops->cap * 2 : 64;
		struct lvs_op *v = realloc(ops->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		ops->v = v;
		ops->cap = cap;
	}
	o = &ops->v[ops->n++];
	memset(o, 0, sizeof(*o));
	o->op = op;
	if (s != NULL)
		o->svc = *s;
	return 0;
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
static void
diff_dests(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_svc *want)
{
	size_t i = 0, j = 0, nc = cur ? cur->n_d : 0;
	int k;

	while (i < nc || j < want->n_d) {
		if (i == nc)
			k = 1;
		else if (j == want->n_d)
			k = -1;
		else
			k = lvs_dest_key_cmp(&cur->d[i], &want->d[j]);
		if (k < 0)
			emit(c, PH_DEST_DEL, IPVS_OP_DEST_DEL, &want->s, &cur->d[i++]);
		else if (k > 0)
			emit(c, PH_DEST_ADD, IPVS_OP_DEST_ADD, &want->s, &want->d[j++]);
		else {
			if (dest_differs(&cur->d[i], &want->d[j]))
				emit(c, PH_DEST_EDIT, IPVS_OP_DEST_EDIT, &want->s, &want->d[j]);
			i++;
			j++;
		}
	}
}

/* A kernel service nobody wants: ours to delete? */
static void
diff_unwanted(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_table *owned,
	      bool flush)
{
	if (flush || (owned != NULL && lvs_table_find(owned, &cur->s) != NULL))
		emit(c, PH_SVC_DEL, IPVS_OP_SVC_DEL, &cur->s, NULL);
}

static void
diff_wanted(struct diff_ctx *c, const struct lvs_svc *cur, const struct lvs_svc *want)
{
	if (cur == NULL)
		emit(c, PH_SVC_ADD, IPVS_OP_SVC_ADD, &want->s, NULL);
	else if (svc_differs(&cur->s, &want->s))
		emit(c, PH_SVC_EDIT, IPVS_OP_SVC_EDIT, &want->s, NULL);
	diff_dests(c, cur, want);
}

/* One walk of both tables in key order. */
static void
diff_walk(struct diff_ctx *c, const struct lvs_table *cur, const struct lvs_table *want,
	  const struct lvs_table *owned, bool flush)
{
	size_t i = 0, j = 0;
	int k;

	while (i < cur->n || j < want->n) {
		if (i == cur->n)
			k = 1;
		else if (j == want->n)
			k = -1;
		else
			k = lvs_svc_key_cmp(&cur->v[i].s, &want->v[j].s);
		if (k < 0)
			diff_unwanted(c, &cur->v[i++], owned, flush);
		else if (k > 0)
			diff_wanted(c, NULL, &want->v[j++]);
		else
			diff_wanted(c, &cur->v[i++], &want->v[j++]);
	}
}

int
lvs_diff(const struct lvs_table *cur, const struct lvs_table *want,
	 const struct lvs_table *owned, bool flush, struct lvs_ops *ops)
{
	struct diff_ctx c;
	size_t p, total = 0;
	struct lvs_op *v;

	memset(&c, 0, sizeof(c));
	diff_walk(&c, cur, want, owned, flush);	/* count */
	for (p = 0; p < PH__N; p++) {
		c.base[p] = ops->n + total;
		total += c.n[p];
		c.n[p] = 0;
	}
	if (total == 0)
		return 0;
	if (ops->n + total > ops->cap) {
		if ((v = realloc(ops->v, (ops->n + total) * sizeof(*v))) == NULL)
			return -ENOMEM;
		ops->v = v;
		ops->cap = ops->n + total;
	}
	c.v = ops->v;
	diff_walk(&c, cur, want, owned, flush);	/* fill */
	ops->n += total;
	return 0;
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
