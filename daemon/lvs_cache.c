/* lvs_cache.c: replay an operation list on an in-memory table, so that the
 * parent knows the kernel table after a pass without reading it back (see
 * lvs_table_apply_ops in lvs.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvs.h"

/* Appending breaks the sort order lookups need; sorting again after every
 * append would make a long list quadratic, so each kind of append only
 * marks the table and the next lookup that needs the order sorts once
 * (lvs_diff emits all service adds first and all destination adds last). */
struct replay {
	struct lvs_table *t;
	bool svc_dirty;		/* services appended since the last sort */
	bool dest_dirty;	/* destinations appended since the last sort */
};

static void
replay_sort(struct replay *r, bool dests_too)
{
	if (r->svc_dirty || (dests_too && r->dest_dirty) || !r->t->sorted) {
		lvs_table_finish(r->t);
		r->svc_dirty = r->dest_dirty = false;
	}
}

static struct lvs_svc *
replay_svc(struct replay *r, const struct ipvs_service *key, bool dests_too)
{
	const struct lvs_svc *c;

	replay_sort(r, dests_too);
	c = lvs_table_find(r->t, key);
	/* the same entry, through the table we may change */
	return c == NULL ? NULL : &r->t->v[c - r->t->v];
}

static struct ipvs_dest *
replay_dest(struct replay *r, const struct lvs_op *op, struct lvs_svc **svc)
{
	const struct ipvs_dest *d;

	if ((*svc = replay_svc(r, &op->svc, true)) == NULL)
		return NULL;
	d = lvs_svc_find_dest(*svc, &op->dest);
	return d == NULL ? NULL : &(*svc)->d[d - (*svc)->d];
}

static int
replay_svc_del(struct replay *r, const struct ipvs_service *key)
{
	struct lvs_svc *s = replay_svc(r, key, false);
	size_t i;

	if (s == NULL)
		return -ENOENT;
	i = (size_t)(s - r->t->v);
	free(s->d);
	memmove(s, s + 1, (r->t->n - i - 1) * sizeof(*s));
	r->t->n--;
	return 0;
}

static int
replay_dest_op(struct replay *r, const struct lvs_op *op)
{
	struct lvs_svc *s;
	struct ipvs_dest *d;
	size_t i;

	if (op->op == IPVS_OP_DEST_ADD) {
		/* no duplicate check: it would need the destinations sorted
		 * after each add, and the kernel refuses a duplicate anyway
		 * (a failed op drops the whole cache) */
		if ((s = replay_svc(r, &op->svc, false)) == NULL)
			return -ENOENT;
		if (lvs_svc_add_dest(s, &op->dest) == NULL)
			return -ENOMEM;
		r->dest_dirty = true;
		return 0;
	}
	if ((d = replay_dest(r, op, &s)) == NULL)
		return -ENOENT;
	if (op->op == IPVS_OP_DEST_EDIT) {
		*d = op->dest;
		return 0;
	}
	i = (size_t)(d - s->d);		/* IPVS_OP_DEST_DEL */
	memmove(d, d + 1, (s->n_d - i - 1) * sizeof(*d));
	s->n_d--;
	return 0;
}

static int
replay_one(struct replay *r, const struct lvs_op *op)
{
	struct lvs_svc *s;

	switch (op->op) {
	case IPVS_OP_FLUSH:
		lvs_table_free(r->t);
		lvs_table_init(r->t);
		r->svc_dirty = r->dest_dirty = false;
		return 0;
	case IPVS_OP_SVC_ADD:
		/* unchecked, like DEST_ADD below */
		if (lvs_table_add_svc(r->t, &op->svc, LVS_NO_INDEX) == NULL)
			return -ENOMEM;
		r->svc_dirty = true;
		return 0;
	case IPVS_OP_SVC_EDIT:
		if ((s = replay_svc(r, &op->svc, false)) == NULL)
			return -ENOENT;
		s->s = op->svc;
		return 0;
	case IPVS_OP_SVC_DEL:
		return replay_svc_del(r, &op->svc);
	case IPVS_OP_DEST_ADD:
	case IPVS_OP_DEST_EDIT:
	case IPVS_OP_DEST_DEL:
		return replay_dest_op(r, op);
	default:
		return -EOPNOTSUPP;
	}
}

int
lvs_table_apply_ops(struct lvs_table *t, const struct lvs_ops *ops)
{
	struct replay r = { .t = t };
	size_t i;
	int err;

	for (i = 0; i < ops->n; i++)
		if ((err = replay_one(&r, &ops->v[i])) < 0)
			return err;
	replay_sort(&r, true);
	return 0;
}
