/* lvs_health.c: the health input of the reconciler, one entry per real
 * server of each virtual_server, indexed like the configuration tree. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvs.h"

static bool
checker_alpha(const struct conf_vs *vs, const struct conf_rs *rs, const struct conf_checker *c)
{
	if (c->alpha != CONF_UNSET)
		return c->alpha != 0;
	if (rs->alpha != CONF_UNSET)
		return rs->alpha != 0;
	return vs->alpha;
}

bool
lvs_rs_initial_up(const struct conf_vs *vs, const struct conf_rs *rs)
{
	size_t i;

	for (i = 0; i < rs->n_checker; i++)
		if (checker_alpha(vs, rs, &rs->checker[i]))
			return false;
	return true;
}

int
lvs_health_init(struct lvs_health *h, const struct conf *conf)
{
	size_t i, j, total = 0;

	memset(h, 0, sizeof(*h));
	if ((h->first = calloc(conf->n_vs + 1, sizeof(*h->first))) == NULL)
		return -ENOMEM;
	for (i = 0; i < conf->n_vs; i++) {
		h->first[i] = total;
		total += conf->vs[i].n_rs;
	}
	h->first[conf->n_vs] = total;
	if ((h->rs = calloc(total ? total : 1, sizeof(*h->rs))) == NULL) {
		free(h->first);
		h->first = NULL;
		return -ENOMEM;
	}
	h->n_vs = conf->n_vs;
	for (i = 0; i < conf->n_vs; i++)
		for (j = 0; j < conf->vs[i].n_rs; j++)
			h->rs[h->first[i] + j].up =
				lvs_rs_initial_up(&conf->vs[i], &conf->vs[i].rs[j]);
	return 0;
}

void
lvs_health_free(struct lvs_health *h)
{
	free(h->first);
	free(h->rs);
	memset(h, 0, sizeof(*h));
}

struct lvs_rs_health *
lvs_health_at(const struct lvs_health *h, size_t vs, size_t rs)
{
	if (vs >= h->n_vs || rs >= h->first[vs + 1] - h->first[vs])
		return NULL;
	return &h->rs[h->first[vs] + rs];
}

/* Same virtual_server in two configurations (keepalived's vs_iseq). */
bool
lvs_vs_same(const struct conf_vs *a, const struct conf_vs *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CONF_VS_FWMARK:
		return a->fwmark == b->fwmark && a->ip_family == b->ip_family;
	case CONF_VS_GROUP:
		return a->group && b->group && strcmp(a->group, b->group) == 0 &&
		       a->protocol == b->protocol;
	default:
		return a->addr.af == b->addr.af &&
		       memcmp(&a->addr.a, &b->addr.a, a->addr.af == AF_INET6 ? 16 : 4) == 0 &&
		       a->port == b->port && a->protocol == b->protocol;
	}
}

bool
lvs_rs_same(const struct conf_rs *a, const struct conf_rs *b)
{
	return a->addr.af == b->addr.af &&
	       memcmp(&a->addr.a, &b->addr.a, a->addr.af == AF_INET6 ? 16 : 4) == 0 &&
	       a->port == b->port;
}

size_t
lvs_vs_find(const struct conf *c, const struct conf_vs *key, size_t hint)
{
	size_t i;

	if (hint < c->n_vs && lvs_vs_same(&c->vs[hint], key))
		return hint;
	for (i = 0; i < c->n_vs; i++)
		if (lvs_vs_same(&c->vs[i], key))
			return i;
	return SIZE_MAX;
}

bool
lvs_rs_live(const struct conf_vs *vs, const struct lvs_rs_health *h, const struct lvs_quorum *q)
{
	if (h == NULL || !h->up)
		return false;
	return !(vs->sorry != NULL && q != NULL && q->known && !q->up);
}

size_t
lvs_rs_find(const struct conf_vs *vs, const struct conf_rs *key, size_t hint)
{
	size_t i;

	if (vs == NULL)
		return SIZE_MAX;
	if (hint < vs->n_rs && lvs_rs_same(&vs->rs[hint], key))
		return hint;
	for (i = 0; i < vs->n_rs; i++)
		if (lvs_rs_same(&vs->rs[i], key))
			return i;
	return SIZE_MAX;
}

void
lvs_health_migrate(const struct conf *oldc, const struct lvs_health *oldh,
		   const struct conf *newc, struct lvs_health *newh)
{
	size_t i, j, oi, oj;

	for (i = 0; i < newc->n_vs && i < newh->n_vs; i++) {
		if ((oi = lvs_vs_find(oldc, &newc->vs[i], i)) == SIZE_MAX || oi >= oldh->n_vs)
			continue;
		for (j = 0; j < newc->vs[i].n_rs; j++) {
			const struct lvs_rs_health *o;
			struct lvs_rs_health *n = lvs_health_at(newh, i, j);

			oj = lvs_rs_find(&oldc->vs[oi], &newc->vs[i].rs[j], j);
			if (oj != SIZE_MAX && n && (o = lvs_health_at(oldh, oi, oj)) != NULL)
				*n = *o;
		}
	}
}
