/* lvs_ready.c: is a VRRP instance's IPVS side ready (see lvs_ready.h and
 * doc/failback.md)?  Pure: configuration, health states and "checked"
 * flags in, a yes/no out. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "lvs_ready.h"

static size_t
addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

static bool
addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	return a->af && a->af == b->af &&
	       memcmp(&a->a, &b->a, addr_len(a->af)) == 0;
}

/* @a within the range of @e: the same address up to the last octet (IPv4)
 * or hextet (IPv6), and that last part between the start and range_end. */
static bool
vsg_entry_has(const struct conf_vsg_entry *e, const struct conf_addr *a)
{
	const uint8_t *s = (const uint8_t *)&e->addr.a, *x = (const uint8_t *)&a->a;
	size_t len = addr_len(e->addr.af), head = e->addr.af == AF_INET6 ? 14 : 3;
	unsigned lo, v;

	if (e->is_fwmark || !e->addr.af || e->addr.af != a->af)
		return false;
	if (e->range_end == CONF_UNSET)
		return memcmp(s, x, len) == 0;
	if (memcmp(s, x, head) != 0)
		return false;
	lo = e->addr.af == AF_INET6 ? (unsigned)s[14] << 8 | s[15] : s[3];
	v = e->addr.af == AF_INET6 ? (unsigned)x[14] << 8 | x[15] : x[3];
	return v >= lo && (int64_t)v <= e->range_end;
}

static const struct conf_vsg *
find_vsg(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; name && i < conf->n_vsg; i++)
		if (conf->vsg[i].name && strcmp(conf->vsg[i].name, name) == 0)
			return &conf->vsg[i];
	return NULL;
}

/* Does virtual server @vs answer on address @a? */
static bool
vs_has_addr(const struct conf *conf, const struct conf_vs *vs,
	    const struct conf_addr *a)
{
	const struct conf_vsg *g;
	size_t k;

	switch (vs->kind) {
	case CONF_VS_ADDR:
		return addr_eq(&vs->addr, a);
	case CONF_VS_GROUP:
		if ((g = find_vsg(conf, vs->group)) == NULL)
			return false;
		for (k = 0; k < g->n_e; k++)
			if (vsg_entry_has(&g->e[k], a))
				return true;
		return false;
	default:
		return false;	/* fwmark: not fronted by an address */
	}
}

bool
lvs_ready_fronts(const struct conf *conf, size_t inst_idx, size_t vs_idx)
{
	const struct conf_vrrp *v;
	const struct conf_vs *vs;
	size_t k;

	if (inst_idx >= conf->n_vrrp || vs_idx >= conf->n_vs)
		return false;
	v = &conf->vrrp[inst_idx];
	vs = &conf->vs[vs_idx];
	for (k = 0; k < v->n_vip; k++)
		if (vs_has_addr(conf, vs, &v->vip[k].addr))
			return true;
	for (k = 0; k < v->n_evip; k++)
		if (vs_has_addr(conf, vs, &v->evip[k].addr))
			return true;
	return false;
}

bool
lvs_ready_vs(const struct conf *conf, const struct lvs_health *health,
	     const bool *checked, size_t vs_idx)
{
	const struct conf_vs *vs;
	const struct lvs_rs_health *h;
	int64_t quorum, hyst;
	size_t i;

	if (vs_idx >= conf->n_vs || vs_idx >= health->n_vs)
		return false;
	vs = &conf->vs[vs_idx];
	if (vs->n_rs == 0)
		return vs->sorry != NULL;
	h = &health->rs[health->first[vs_idx]];
	if (health->first[vs_idx + 1] - health->first[vs_idx] != vs->n_rs)
		return false;	/* health not sized for this tree */
	for (i = 0; checked && i < vs->n_rs; i++)
		if (!checked[health->first[vs_idx] + i])
			return false;
	/* The reconciler's "down -> up" threshold: a director coming back
	 * must reach what would bring the quorum up. */
	quorum = vs->quorum == CONF_UNSET ? 1 : vs->quorum;
	hyst = vs->hysteresis == CONF_UNSET ? 0 : vs->hysteresis;
	return lvs_quorum_sum(vs, h) >= quorum + hyst;
}

/* The instance alone: every virtual server it fronts is ready. */
static bool
own_ready(const struct conf *conf, const struct lvs_health *health,
	  const bool *checked, size_t inst_idx)
{
	size_t i;

	for (i = 0; i < conf->n_vs; i++)
		if (lvs_ready_fronts(conf, inst_idx, i) &&
		    !lvs_ready_vs(conf, health, checked, i))
			return false;
	return true;
}

static size_t
find_inst(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->n_vrrp; i++)
		if (conf->vrrp[i].name && strcmp(conf->vrrp[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

static bool
group_has(const struct conf_vrrp_group *g, const char *name)
{
	size_t k;

	for (k = 0; name && k < g->group.n; k++)
		if (strcmp(g->group.v[k], name) == 0)
			return true;
	return false;
}

/* Every member of a vrrp_sync_group that holds @inst_idx is ready: a sync
 * group moves as one, so it preempts only when all of it can serve. */
static bool
group_ready(const struct conf *conf, const struct lvs_health *health,
	    const bool *checked, size_t inst_idx)
{
	const char *name = conf->vrrp[inst_idx].name;
	size_t g, k, m;

	for (g = 0; g < conf->n_vgroup; g++) {
		if (!group_has(&conf->vgroup[g], name))
			continue;
		for (k = 0; k < conf->vgroup[g].group.n; k++) {
			m = find_inst(conf, conf->vgroup[g].group.v[k]);
			if (m != SIZE_MAX && m != inst_idx &&
			    !own_ready(conf, health, checked, m))
				return false;
		}
	}
	return true;
}

bool
lvs_ready_instance(const struct conf *conf, const struct lvs_health *health,
		   const bool *checked, size_t inst_idx)
{
	if (!conf->global.vrrp_lvs_ready_guard || inst_idx >= conf->n_vrrp)
		return true;
	return own_ready(conf, health, checked, inst_idx) &&
	       group_ready(conf, health, checked, inst_idx);
}
