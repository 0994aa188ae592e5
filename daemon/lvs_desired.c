/* lvs_desired.c: configuration + health -> the desired IPVS table.
 *
 * One virtual_server gives one kernel service, or, through a
 * virtual_server_group, one per address of each range and one per fwmark
 * entry; every real server goes into every one of them.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "lvs.h"

#define LVS_PERSIST_DEFAULT 360		/* keepalived's IPVS_SVC_PERSISTENT_TIMEOUT */

/* What the services of one virtual_server are built from. */
struct vs_ctx {
	const struct conf *conf;
	const struct conf_vs *vs;
	uint32_t vs_idx;
	const struct lvs_rs_health *h;	/* NULL: every server, placement ignored */
	struct lvs_table *out;
	bool quorum_up;
};

static uint32_t
fwd_flags(const struct conf_fwd *f)
{
	switch (f->method) {
	case CONF_FWD_DR:
		return IP_VS_CONN_F_DROUTE;
	case CONF_FWD_TUN:
		return IP_VS_CONN_F_TUNNEL;
	default:
		return IP_VS_CONN_F_MASQ;
	}
}

static void
dest_fwd(struct ipvs_dest *d, const struct conf_fwd *rs_fwd, const struct conf_fwd *vs_fwd)
{
	const struct conf_fwd *f = rs_fwd->method != CONF_UNSET ? rs_fwd : vs_fwd;

	d->conn_flags = fwd_flags(f);
	if (f->method != CONF_FWD_TUN)
		return;
	d->tun_type = f->tun_type == CONF_TUN_GUE ? IP_VS_CONN_F_TUNNEL_TYPE_GUE :
		      f->tun_type == CONF_TUN_GRE ? IP_VS_CONN_F_TUNNEL_TYPE_GRE :
		      IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	d->tun_port = f->tun_port == CONF_UNSET ? 0 : (uint16_t)f->tun_port;
	d->tun_flags = f->tun_csum == CONF_TUN_CSUM ? IP_VS_TUNNEL_ENCAP_FLAG_CSUM :
		       f->tun_csum == CONF_TUN_REMCSUM ? IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM :
		       IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
}

static uint32_t
v4_mask(int64_t prefix)
{
	return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffffu : ~((1u << (32 - prefix)) - 1);
}

/* Service fields that do not depend on the address (scheduler, flags,
 * persistence). */
static void
svc_template(const struct conf_vs *vs, uint16_t af, struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	s->af = af;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", vs->sched ? vs->sched : "wlc");
	if (vs->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (vs->flag1)
		s->flags |= IP_VS_SVC_F_SCHED1;
	if (vs->flag2)
		s->flags |= IP_VS_SVC_F_SCHED2;
	if (vs->flag3)
		s->flags |= IP_VS_SVC_F_SCHED3;
	if (vs->persistence_engine)
		snprintf(s->pe_name, sizeof(s->pe_name), "%s", vs->persistence_engine);
	s->netmask = af == AF_INET6 ? 128 : 0xffffffffu;
	if (vs->persistence_timeout == CONF_UNSET)
		return;
	s->flags |= IP_VS_SVC_F_PERSISTENT;
	s->timeout = (uint32_t)vs->persistence_timeout;
	if (af == AF_INET && vs->persistence_granularity.af == AF_INET)
		s->netmask = ntohl(vs->persistence_granularity.a.in.s_addr);
	else if (vs->persistence_prefix != CONF_UNSET)
		s->netmask = af == AF_INET6 ? (uint32_t)vs->persistence_prefix :
			     v4_mask(vs->persistence_prefix);
}

/* A port-less address service is only valid persistent: keepalived makes
 * it so with the default timeout. */
static void
svc_zero_port(struct ipvs_service *s)
{
	if (s->fwmark == 0 && s->port == 0 && !(s->flags & IP_VS_SVC_F_PERSISTENT)) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = LVS_PERSIST_DEFAULT;
	}
}

static int
add_dest(struct lvs_svc *svc, const struct conf_vs *vs, const struct conf_rs *rs,
	 int32_t weight)
{
	struct ipvs_dest d;

	memset(&d, 0, sizeof(d));
	d.af = rs->addr.af;
	d.addr = rs->addr.a;
	d.port = rs->port > 0 ? (uint16_t)rs->port : svc->s.port;
	dest_fwd(&d, &rs->fwd, &vs->fwd);
	d.weight = weight;
	d.u_threshold = rs->uthreshold == CONF_UNSET ? 0 : (uint32_t)rs->uthreshold;
	d.l_threshold = rs->lthreshold == CONF_UNSET ? 0 : (uint32_t)rs->lthreshold;
	if (d.af == AF_INET)
		d.addr.u32[1] = d.addr.u32[2] = d.addr.u32[3] = 0;
	return lvs_svc_add_dest(svc, &d) ? 0 : -ENOMEM;
}

/* The sorry server may be one of the real servers (keepalived's
 * s_svr_duplicates_rs): then it only changes that entry's weight. */
static int
add_sorry(struct lvs_svc *svc, const struct vs_ctx *c)
{
	const struct conf_rs *ss = c->vs->sorry;
	struct lvs_place p = c->h ? lvs_sorry_place(c->vs, c->quorum_up) :
			     (struct lvs_place){ .present = ss != NULL, .weight = 0 };
	struct ipvs_dest key;
	size_t i;

	if (!p.present)
		return 0;
	memset(&key, 0, sizeof(key));
	key.af = ss->addr.af;
	key.addr = ss->addr.a;
	if (key.af == AF_INET)
		key.addr.u32[1] = key.addr.u32[2] = key.addr.u32[3] = 0;
	key.port = ss->port > 0 ? (uint16_t)ss->port : svc->s.port;
	for (i = 0; i < svc->n_d; i++) {
		if (lvs_dest_key_cmp(&svc->d[i], &key) == 0) {
			if (!c->quorum_up && c->h)
				svc->d[i].weight = p.weight;
			return 0;
		}
	}
	return add_dest(svc, c->vs, ss, p.weight);
}

/* Append one service with its servers. */
static int
emit_svc(const struct vs_ctx *c, const struct ipvs_service *s)
{
	struct lvs_svc *svc;
	struct lvs_place p;
	size_t i;
	int r;

	if ((svc = lvs_table_add_svc(c->out, s, c->vs_idx)) == NULL)
		return -ENOMEM;
	for (i = 0; i < c->vs->n_rs; i++) {
		if (c->h == NULL)
			p = (struct lvs_place){ .present = true, .weight = 0 };
		else
			p = lvs_rs_place(c->vs, &c->vs->rs[i], &c->h[i], c->quorum_up);
		if (p.present && (r = add_dest(svc, c->vs, &c->vs->rs[i], p.weight)) < 0)
			return r;
	}
	return add_sorry(svc, c);
}

/* Address @a plus @k in its last octet (IPv4) or last 16 bits (IPv6). */
static union ipvs_addr
addr_at(uint16_t af, const union ipvs_addr *a, int64_t k)
{
	union ipvs_addr r = *a;

	if (af == AF_INET) {
		uint32_t h = ntohl(r.in.s_addr);

		r.in.s_addr = htonl((h & ~0xffu) | (uint32_t)k);
		r.u32[1] = r.u32[2] = r.u32[3] = 0;
	} else {
		r.in6.s6_addr[14] = (uint8_t)(k >> 8);
		r.in6.s6_addr[15] = (uint8_t)k;
	}
	return r;
}

/* conf.h documents protocol as IPPROTO_* and ip_family as AF_*, while the
 * keyword table stores the index of the word ("TCP"=0, "UDP"=1, "SCTP"=2;
 * "inet"=0, "inet6"=1).  The two encodings do not overlap: accept both. */
static uint16_t
vs_protocol(const struct conf_vs *vs)
{
	static const uint16_t by_index[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };

	/* keepalived 2.2 (check_parser.c): an address or group virtual server
	 * without 'protocol' is UDP, the kernel's own default. */
	if (vs->protocol == CONF_UNSET)
		return IPPROTO_UDP;
	if (vs->protocol >= 0 && vs->protocol < 3)
		return by_index[vs->protocol];
	return (uint16_t)vs->protocol;
}

static uint16_t
vs_ip_family(const struct conf_vs *vs)
{
	if (vs->ip_family == 0)
		return AF_INET;
	if (vs->ip_family == 1)
		return AF_INET6;
	return (uint16_t)vs->ip_family;
}

/* Family of a fwmark service: ip_family, else that of the first real
 * server, else IPv4. */
static uint16_t
vs_fwmark_af(const struct conf_vs *vs)
{
	if (vs->ip_family != CONF_UNSET)
		return vs_ip_family(vs);
	if (vs->n_rs)
		return vs->rs[0].addr.af;
	return vs->sorry ? vs->sorry->addr.af : AF_INET;
}

static int
emit_entry(struct vs_ctx *c, const struct conf_vsg_entry *e)
{
	struct ipvs_service s;
	int64_t k, first, last;
	int r;

	if (e->is_fwmark) {
		svc_template(c->vs, vs_fwmark_af(c->vs), &s);
		s.fwmark = (uint32_t)e->fwmark;
		return emit_svc(c, &s);
	}
	first = e->addr.af == AF_INET ? ntohl(e->addr.a.in.s_addr) & 0xff :
		(e->addr.a.in6.s6_addr[14] << 8 | e->addr.a.in6.s6_addr[15]);
	last = e->range_end == CONF_UNSET ? first : e->range_end;
	svc_template(c->vs, e->addr.af, &s);
	s.protocol = vs_protocol(c->vs);
	s.port = (uint16_t)e->port;
	svc_zero_port(&s);
	for (k = first; k <= last; k++) {
		s.addr = addr_at(e->addr.af, &e->addr.a, k);
		if ((r = emit_svc(c, &s)) < 0)
			return r;
	}
	return 0;
}

static const struct conf_vsg *
find_group(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; name && i < conf->n_vsg; i++)
		if (conf->vsg[i].name && strcmp(conf->vsg[i].name, name) == 0)
			return &conf->vsg[i];
	return NULL;
}

/* Every kernel service of one virtual_server. */
static int
emit_vs(struct vs_ctx *c)
{
	const struct conf_vs *vs = c->vs;
	const struct conf_vsg *g;
	struct ipvs_service s;
	size_t i;
	int r;

	switch (vs->kind) {
	case CONF_VS_FWMARK:
		svc_template(vs, vs_fwmark_af(vs), &s);
		s.fwmark = (uint32_t)vs->fwmark;
		return emit_svc(c, &s);
	case CONF_VS_GROUP:
		/* An unknown group is a configuration error (conf_check):
		 * it gives no service here. */
		if ((g = find_group(c->conf, vs->group)) == NULL)
			return 0;
		for (i = 0; i < g->n_e; i++)
			if ((r = emit_entry(c, &g->e[i])) < 0)
				return r;
		return 0;
	default:
		svc_template(vs, vs->addr.af, &s);
		s.protocol = vs_protocol(vs);
		s.addr = vs->addr.a;
		s.port = vs->port == CONF_UNSET ? 0 : (uint16_t)vs->port;
		svc_zero_port(&s);
		return emit_svc(c, &s);
	}
}

int
lvs_desired_build(const struct conf *conf, const struct lvs_health *h,
		  struct lvs_state *st, struct lvs_table *out, struct lvs_events *ev)
{
	size_t i;
	int r;

	if (h->n_vs != conf->n_vs || st->n_vs != conf->n_vs)
		return -EINVAL;
	for (i = 0; i < conf->n_vs; i++) {
		struct vs_ctx c = {
			.conf = conf, .vs = &conf->vs[i], .vs_idx = (uint32_t)i,
			.h = &h->rs[h->first[i]], .out = out,
		};

		if (h->first[i + 1] - h->first[i] != conf->vs[i].n_rs)
			return -EINVAL;
		r = lvs_quorum_update(c.vs, c.vs_idx, lvs_quorum_sum(c.vs, c.h), &st->q[i], ev);
		if (r < 0)
			return r;
		c.quorum_up = st->q[i].up;
		if ((r = emit_vs(&c)) < 0)
			return r;
	}
	lvs_table_finish(out);
	return 0;
}

int
lvs_services_build(const struct conf *conf, struct lvs_table *out)
{
	size_t i;
	int r;

	for (i = 0; i < conf->n_vs; i++) {
		struct vs_ctx c = {
			.conf = conf, .vs = &conf->vs[i], .vs_idx = (uint32_t)i,
			.h = NULL, .quorum_up = true, .out = out,
		};

		if ((r = emit_vs(&c)) < 0)
			return r;
	}
	lvs_table_finish(out);
	return 0;
}
