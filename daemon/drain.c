/* drain.c: administrative drain override (see drain.h). */
#include "config.h"

#include <errno.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "lvs.h"

void
drain_free(struct drain_set *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static ssize_t
drain_find(const struct drain_set *d, size_t vs, size_t rs)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].vs == vs && d->v[i].rs == rs)
			return (ssize_t)i;
	return -1;
}

bool
drain_has(const struct drain_set *d, size_t vs, size_t rs)
{
	return drain_find(d, vs, rs) >= 0;
}

int
drain_add(struct drain_set *d, size_t vs, size_t rs)
{
	struct drain_ent *v;

	if (vs > UINT32_MAX || rs > UINT32_MAX)
		return -EINVAL;
	if (drain_has(d, vs, rs))
		return 0;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;

		if ((v = realloc(d->v, cap * sizeof(*v))) == NULL)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].vs = (uint32_t)vs;
	d->v[d->n].rs = (uint32_t)rs;
	d->n++;
	return 1;
}

int
drain_del(struct drain_set *d, size_t vs, size_t rs)
{
	ssize_t i = drain_find(d, vs, rs);

	if (i < 0)
		return 0;
	d->v[i] = d->v[--d->n];
	return 1;
}

int
drain_migrate(const struct conf *oldc, const struct drain_set *oldd,
	      const struct conf *newc, struct drain_set *newd)
{
	size_t i, nv, nr;
	int r;

	for (i = 0; i < oldd->n; i++) {
		const struct conf_vs *ovs;
		const struct conf_rs *ors;

		if (oldd->v[i].vs >= oldc->n_vs)
			continue;
		ovs = &oldc->vs[oldd->v[i].vs];
		if (oldd->v[i].rs >= ovs->n_rs)
			continue;
		ors = &ovs->rs[oldd->v[i].rs];
		if ((nv = lvs_vs_find(newc, ovs, oldd->v[i].vs)) == SIZE_MAX ||
		    (nr = lvs_rs_find(&newc->vs[nv], ors, oldd->v[i].rs)) == SIZE_MAX)
			continue;
		if ((r = drain_add(newd, nv, nr)) < 0)
			return r;
	}
	return 0;
}

/* The kernel destination of real server @rs inside service @svc. */
static void
dest_key(const struct lvs_svc *svc, const struct conf_rs *rs, struct ipvs_dest *key)
{
	memset(key, 0, sizeof(*key));
	key->af = rs->addr.af;
	key->addr = rs->addr.a;
	key->port = rs->port == CONF_UNSET || rs->port == 0 ? svc->s.port : (uint16_t)rs->port;
}

static struct ipvs_dest *
find_dest(struct lvs_svc *svc, const struct ipvs_dest *key)
{
	size_t k;

	for (k = 0; k < svc->n_d; k++)
		if (lvs_dest_key_cmp(&svc->d[k], key) == 0)
			return &svc->d[k];
	return NULL;
}

size_t
drain_apply(const struct conf *c, const struct drain_set *d, struct lvs_table *t)
{
	struct ipvs_dest key;
	size_t i, j, changed = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].vs >= c->n_vs || d->v[i].rs >= c->vs[d->v[i].vs].n_rs)
			continue;
		for (j = 0; j < t->n; j++) {
			struct ipvs_dest *dst;

			if (t->v[j].vs_idx != d->v[i].vs)
				continue;
			dest_key(&t->v[j], &c->vs[d->v[i].vs].rs[d->v[i].rs], &key);
			dst = find_dest(&t->v[j], &key);
			if (dst != NULL && dst->weight != 0) {
				dst->weight = 0;
				changed++;
			}
		}
	}
	return changed;
}
