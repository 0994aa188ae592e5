/* conf_check.c: checks that span several objects of a parsed tree:
 * required values, duplicates and references between blocks. */
#include "config.h"

#include <arpa/inet.h>
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <string.h>

#include "conf_kw.h"
#include "vrrp_advert_max.h"
#include "health/hc_regex.h"

void conf_check(struct conf *c, struct conf_diag *d, bool check_interfaces);

#define ERR(loc, ...) conf_diag_add(d, CONF_SEV_ERROR, (loc).file, (loc).line, __VA_ARGS__)
#define WARN(loc, ...) conf_diag_add(d, CONF_SEV_WARNING, (loc).file, (loc).line, __VA_ARGS__)

static const struct conf_vrrp *
find_vrrp(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_vrrp; i++)
		if (c->vrrp[i].name && strcmp(c->vrrp[i].name, name) == 0)
			return &c->vrrp[i];
	return NULL;
}

static bool
has_script(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_vscript; i++)
		if (strcmp(c->vscript[i].name, name) == 0)
			return true;
	return false;
}

static bool
has_tfile(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_tfile; i++)
		if (strcmp(c->tfile[i].name, name) == 0)
			return true;
	return false;
}

static void
check_tracks(const struct conf *c, struct conf_diag *d, const char *owner,
	     const struct conf_track *s, size_t ns, const struct conf_track *f, size_t nf)
{
	size_t i;

	for (i = 0; i < ns; i++)
		if (!has_script(c, s[i].name))
			ERR(s[i].loc, "(%s) track script %s not found", owner, s[i].name);
	for (i = 0; i < nf; i++)
		if (!has_tfile(c, f[i].name))
			WARN(f[i].loc, "(%s) track file %s not found, ignoring", owner, f[i].name);
}

static int
vrrp_family(const struct conf_vrrp *v)
{
	return v->n_vip ? v->vip[0].addr.af : AF_INET;
}

/* Strict mode (vrrp_strict / strict_mode), keepalived 2.2's checks: what
 * removes the instance there is an error here, what it resets a warning
 * (the engine resets it too, daemon/vrrp_strict.h). */
static void
check_strict(const struct conf *c, struct conf_diag *d, const struct conf_vrrp *v, int64_t ver)
{
	bool owner = v->priority == 255;

	if (!v->strict_mode && !c->global.vrrp_strict)
		return;
	if (v->n_unicast_peer)
		ERR(v->loc, "(%s) Unicast peers are not supported in strict mode", v->name);
	if (v->n_vip == 0 && v->no_virtual_ipaddress)	/* else reported above */
		ERR(v->loc, "(%s) No VIP specified; at least one is required in strict mode", v->name);
	if (v->n_vip && v->vip[0].addr.af == AF_INET6 && ver == 2)
		WARN(v->loc, "(%s) cannot use IPv6 with VRRP version 2 in strict mode; setting version 3",
		     v->name);
	if (v->n_vip && v->vip[0].addr.af == AF_INET6 && !IN6_IS_ADDR_LINKLOCAL(&v->vip[0].addr.a.in6))
		WARN(v->vip[0].loc, "(%s) the first IPv6 VIP address must be link local in strict mode",
		     v->name);
	if (v->state == CONF_STATE_MASTER && !owner)
		WARN(v->loc, "(%s) State MASTER must match being address owner (strict mode): "
		     "starting as BACKUP", v->name);
	if (v->auth.type != CONF_AUTH_NONE)
		WARN(v->loc, "(%s) Strict mode does not support authentication. Ignoring.", v->name);
	if (v->preempt_delay > 0)
		WARN(v->loc, "(%s) preempt_delay is incompatible with strict mode - resetting", v->name);
	if ((v->garp_lower_prio_repeat != CONF_UNSET && v->garp_lower_prio_repeat) ||
	    (v->garp_lower_prio_delay != CONF_UNSET && v->garp_lower_prio_delay))
		WARN(v->loc, "(%s) Strict mode requires no repeat garps after a lower priority "
		     "advert - resetting", v->name);
	if (v->higher_prio_send_advert)
		WARN(v->loc, "(%s) strict mode requires higher_prio_send_advert to be clear - resetting",
		     v->name);
	if (v->accept == 1 && !owner && ver == 2)
		WARN(v->loc, "(%s) accept mode for VRRP version 2 does not comply with RFC3768 "
		     "(strict mode) - resetting", v->name);
}

/* keepalived 2.2, in every mode (not only strict): addresses beyond what
 * one advert holds are not advertised (moved to the excluded ones).  The
 * engine applies the link's MTU; here the default 1500. */
static void
check_vip_count(struct conf_diag *d, const struct conf_vrrp *v, int64_t ver)
{
	int fam = vrrp_family(v);
	size_t max = vrrp_advert_max(fam, fam == AF_INET6 ? 3u : (unsigned)ver, 0,
				     v->auth.type == CONF_AUTH_AH);

	if (v->n_vip > max)
		WARN(v->vip[max].loc, "(%s) Number of VIPs (%zu) exceeds the space in one advert "
		     "(max %zu addresses at MTU %u) - this one and the next are not advertised "
		     "(as virtual_ipaddress_excluded)", v->name, v->n_vip, max,
		     VRRP_ADVERT_DEFAULT_MTU);
}

static void
check_vrrp(const struct conf *c, struct conf_diag *d, size_t k)
{
	const struct conf_vrrp *v = &c->vrrp[k], *o;
	size_t i;
	int64_t ver = v->version != CONF_UNSET ? v->version : c->global.vrrp_version;

	if (v->n_vip == 0 && !v->no_virtual_ipaddress)
		ERR(v->loc, "(%s) No VIP specified; at least one is sensible", v->name);
	if (v->vrid == CONF_UNSET)
		ERR(v->loc, "vrrp_instance %s: virtual_router_id is required", v->name);
	for (i = 0; i < k; i++) {
		o = &c->vrrp[i];
		if (strcmp(o->name, v->name) == 0)
			ERR(v->loc, "vrrp_instance %s is defined twice (first at %s:%u)", v->name,
			    o->loc.file, o->loc.line);
		else if (v->vrid != CONF_UNSET && o->vrid == v->vrid && vrrp_family(o) == vrrp_family(v) &&
			 o->interface && v->interface && strcmp(o->interface, v->interface) == 0 &&
			 o->n_unicast_peer == 0 && v->n_unicast_peer == 0)
			ERR(v->loc, "vrrp_instance %s: virtual_router_id %lld on %s is already used by %s",
			    v->name, (long long)v->vrid, v->interface, o->name);
	}
	if (ver == 2 && v->advert_int % 1000000 != 0)
		WARN(v->loc, "vrrp_instance %s: VRRPv2 advert_int is rounded to whole seconds", v->name);
	if (ver == 3 && v->advert_int > 4095 * 10000LL)
		ERR(v->loc, "vrrp_instance %s: VRRPv3 advert_int must be at most 40.95 seconds", v->name);
	if (v->state == CONF_STATE_MASTER && v->auth.type == CONF_AUTH_AH && ver == 2)
		ERR(v->loc, "(%s) Initial state master is incompatible with AH authentication", v->name);
	if (ver == 3 && v->auth.type != CONF_AUTH_NONE)
		WARN(v->loc, "vrrp_instance %s: authentication is ignored with VRRPv3", v->name);
	for (i = 0; i < v->n_unicast_peer; i++)
		if (v->unicast_src_ip.af && v->unicast_peer[i].addr.af != v->unicast_src_ip.af)
			ERR(v->loc, "vrrp_instance %s: unicast_peer and unicast_src_ip families differ", v->name);
	for (i = 1; i < v->n_vip; i++)
		if (v->vip[i].addr.af != v->vip[0].addr.af)
			ERR(v->vip[i].loc, "vrrp_instance %s: virtual_ipaddress mixes IPv4 and IPv6 "
			    "(use virtual_ipaddress_excluded)", v->name);
	check_tracks(c, d, v->name, v->track_script, v->n_track_script, v->track_file, v->n_track_file);
	check_strict(c, d, v, ver);
	check_vip_count(d, v, ver);
}

static void
check_groups(const struct conf *c, struct conf_diag *d)
{
	size_t i, j, k, l;

	for (i = 0; i < c->n_vgroup; i++) {
		const struct conf_vrrp_group *g = &c->vgroup[i];
		for (j = 0; j < g->group.n; j++) {
			if (find_vrrp(c, g->group.v[j]) == NULL)
				ERR(g->loc, "vrrp_sync_group %s: vrrp_instance %s is not defined",
				    g->name, g->group.v[j]);
			for (k = 0; k <= i; k++)
				for (l = 0; l < c->vgroup[k].group.n && (k < i || l < j); l++)
					if (strcmp(c->vgroup[k].group.v[l], g->group.v[j]) == 0)
						ERR(g->loc, "vrrp_sync_group %s: vrrp_instance %s is already in "
						    "vrrp_sync_group %s", g->name, g->group.v[j], c->vgroup[k].name);
		}
		if (g->group.n == 0)
			WARN(g->loc, "vrrp_sync_group %s has no group", g->name);
		check_tracks(c, d, g->name, g->track_script, g->n_track_script,
			     g->track_file, g->n_track_file);
	}
}

static bool
same_vs(const struct conf_vs *a, const struct conf_vs *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == CONF_VS_FWMARK)
		return a->fwmark == b->fwmark && a->ip_family == b->ip_family;
	if (a->kind == CONF_VS_GROUP)
		return strcmp(a->group, b->group) == 0;
	return a->addr.af == b->addr.af && memcmp(&a->addr.a, &b->addr.a, sizeof(a->addr.a)) == 0 &&
	       a->port == b->port && a->protocol == b->protocol;
}

static const struct conf_vsg *
find_vsg(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_vsg; i++)
		if (strcmp(c->vsg[i].name, name) == 0)
			return &c->vsg[i];
	return NULL;
}

/* A group used without ip_family must not mix IPv4 and IPv6 addresses. */
static void
check_vs_group(const struct conf *c, struct conf_diag *d, const struct conf_vs *vs)
{
	const struct conf_vsg *g = find_vsg(c, vs->group);
	bool v4 = false, v6 = false;
	size_t i;

	if (g == NULL) {
		ERR(vs->loc, "virtual_server group %s: virtual_server_group is not defined", vs->group);
		return;
	}
	for (i = 0; i < g->n_e; i++) {
		v4 |= !g->e[i].is_fwmark && g->e[i].addr.af == AF_INET;
		v6 |= !g->e[i].is_fwmark && g->e[i].addr.af == AF_INET6;
	}
	if (v4 && v6 && vs->ip_family == CONF_UNSET)
		ERR(vs->loc, "virtual server group %s cannot have IPv4 and IPv6 addresses without ip_family",
		    vs->group);
}

static void
check_file_checks(const struct conf *c, struct conf_diag *d, const struct conf_rs *rs)
{
	size_t i;

	for (i = 0; i < rs->n_checker; i++)
		if (rs->checker[i].type == CONF_CHK_FILE && rs->checker[i].track_file &&
		    !has_tfile(c, rs->checker[i].track_file))
			ERR(rs->checker[i].loc, "FILE_CHECK: track_file %s not found",
			    rs->checker[i].track_file);
}

/* HTTP_GET/SSL_GET url regex: compiled here so that a bad pattern or an
 * unknown regex_options word is refused at load with its file:line. */
static void
check_url_regex(struct conf_diag *d, const struct conf_url *u)
{
	struct hc_regex *re;
	const char *bad = NULL;
	char why[200];
	uint32_t fl;

	if (!u->regex) {
		if (u->regex_no_match || u->regex_options.n || u->regex_min_offset != CONF_UNSET ||
		    u->regex_max_offset != CONF_UNSET)
			WARN(u->loc, "url: regex parameters specified without regex - ignored");
		return;
	}
	if (hc_regex_options(u->regex_options.v, u->regex_options.n, &fl, &bad) < 0) {
		ERR(u->loc, "url: unknown regex_options word '%s'", bad);
		return;
	}
	if (hc_regex_compile(u->regex, fl, &re, why, sizeof(why)) < 0) {
		ERR(u->loc, "url: invalid regex '%s' %s", u->regex, why);
		return;
	}
	hc_regex_free(re);
	if (u->regex_min_offset != CONF_UNSET && u->regex_max_offset != CONF_UNSET &&
	    u->regex_min_offset > u->regex_max_offset)
		WARN(u->loc, "url: regex_min_offset %lld > regex_max_offset %lld - both ignored",
		     (long long)u->regex_min_offset, (long long)u->regex_max_offset);
}

static void
check_vs(const struct conf *c, struct conf_diag *d, size_t k)
{
	const struct conf_vs *vs = &c->vs[k];
	size_t i, j;

	for (i = 0; i < k; i++)
		if (same_vs(&c->vs[i], vs))
			ERR(vs->loc, "virtual_server is defined twice (first at %s:%u)",
			    c->vs[i].loc.file, c->vs[i].loc.line);
	if (vs->ops && vs->protocol != CONF_UNSET && vs->protocol != CONF_PROTO_UDP)
		ERR(vs->loc, "virtual server: one packet scheduling (ops) requires UDP");
	if (vs->n_rs == 0)
		ERR(vs->loc, "virtual server has no real servers");
	if (vs->kind == CONF_VS_GROUP)
		check_vs_group(c, d, vs);
	if (vs->kind == CONF_VS_FWMARK && vs->sorry && vs->sorry->port != 0)
		WARN(vs->loc, "virtual server fwmark %lld: sorry server has port specified - clearing",
		     (long long)vs->fwmark);
	for (i = 0; i < vs->n_rs; i++)
		check_file_checks(c, d, &vs->rs[i]);
	for (i = 0; i < vs->n_rs; i++)
		for (j = 0; j < vs->rs[i].n_checker; j++) {
			const struct conf_checker *ck = &vs->rs[i].checker[j];

			/* url lists shared (conf_checkers_share) have no regex */
			if ((ck->type == CONF_CHK_HTTP || ck->type == CONF_CHK_SSL) && !ck->url_shared)
				for (size_t u = 0; u < ck->n_url; u++)
					check_url_regex(d, &ck->url[u]);
		}
	if (vs->kind == CONF_VS_ADDR && vs->ip_family != CONF_UNSET &&
	    (vs->ip_family == 1) != (vs->addr.af == AF_INET6))
		ERR(vs->loc, "virtual_server: ip_family does not match the address");
	/* keepalived 2.2 repairs these two and runs; so do we, with a warning. */
	if (vs->kind == CONF_VS_FWMARK && vs->protocol != CONF_UNSET)
		WARN(vs->loc, "virtual_server fwmark %lld: protocol specified for fwmark - protocol will be ignored",
		     (long long)vs->fwmark);
	if (vs->kind != CONF_VS_FWMARK && vs->protocol == CONF_UNSET)
		WARN(vs->loc, "virtual_server: no protocol set - defaulting to UDP");
	if (vs->persistence_timeout == CONF_UNSET &&
	    (vs->persistence_granularity.af || vs->persistence_prefix != CONF_UNSET))
		WARN(vs->loc, "virtual_server: persistence_granularity without persistence_timeout is ignored");
	for (i = 0; i < vs->n_rs; i++)
		for (j = 0; j < i; j++)
			if (memcmp(&vs->rs[i].addr, &vs->rs[j].addr, sizeof(vs->rs[i].addr)) == 0 &&
			    vs->rs[i].port == vs->rs[j].port)
				WARN(vs->rs[i].loc, "real_server is defined twice in this virtual_server");
}

static void
check_ifname(struct conf_diag *d, const struct conf_loc *loc, const char *ifn,
	     const char *what)
{
	if (ifn != NULL && if_nametoindex(ifn) == 0)
		ERR(*loc, "interface %s for %s doesn't exist", ifn, what);
}

static void
check_vip_ifs(struct conf_diag *d, const struct conf_vip *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_ifname(d, &v[i].loc, v[i].dev, "ip address");
}

static void
check_route_ifs(struct conf_diag *d, const struct conf_route *r, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j + 1 < r[i].words.n; j++)
			if (strcmp(r[i].words.v[j], "dev") == 0 || strcmp(r[i].words.v[j], "oif") == 0 ||
			    strcmp(r[i].words.v[j], "iif") == 0)
				check_ifname(d, &r[i].loc, r[i].words.v[j + 1], "route or rule");
}

static void
check_user(struct conf_diag *d, const struct conf_loc *loc, const struct conf_strv *u)
{
	if (u->n > 0 && getpwnam(u->v[0]) == NULL)
		ERR(*loc, "script user %s does not exist", u->v[0]);
	if (u->n > 1 && getgrnam(u->v[1]) == NULL)
		ERR(*loc, "script group %s does not exist", u->v[1]);
}

/* keepalived -t refuses interfaces that do not exist on this host. */
static void
check_host_interfaces(const struct conf *c, struct conf_diag *d)
{
	size_t i, j;

	if (c->global.dynamic_interfaces)
		return;
	check_vip_ifs(d, c->static_ip, c->n_static_ip);
	check_route_ifs(d, c->static_route, c->n_static_route);
	check_route_ifs(d, c->static_rule, c->n_static_rule);
	for (i = 0; i < c->n_vrrp; i++) {
		const struct conf_vrrp *v = &c->vrrp[i];
		check_ifname(d, &v->loc, v->interface ? v->interface : c->global.default_interface,
			     "vrrp_instance");
		for (j = 0; j < v->n_track_if; j++)
			check_ifname(d, &v->track_if[j].loc, v->track_if[j].name, "track_interface");
		check_vip_ifs(d, v->vip, v->n_vip);
		check_vip_ifs(d, v->evip, v->n_evip);
		check_route_ifs(d, v->vroute, v->n_vroute);
		check_route_ifs(d, v->vrule, v->n_vrule);
	}
	for (i = 0; i < c->n_vgroup; i++)
		for (j = 0; j < c->vgroup[i].n_track_if; j++)
			check_ifname(d, &c->vgroup[i].track_if[j].loc, c->vgroup[i].track_if[j].name,
				     "track_interface");
}

static void
check_mcast(const struct conf *c, struct conf_diag *d)
{
	const struct conf_addr *g4 = &c->global.vrrp_mcast_group4, *g6 = &c->global.vrrp_mcast_group6;

	if (g4->af && (g4->af != AF_INET || !IN_MULTICAST(ntohl(g4->a.in.s_addr))))
		conf_diag_add(d, CONF_SEV_ERROR, NULL, 0, "vrrp_mcast_group4 is not an IPv4 multicast address");
	if (g6->af && (g6->af != AF_INET6 || !IN6_IS_ADDR_MULTICAST(&g6->a.in6)))
		conf_diag_add(d, CONF_SEV_ERROR, NULL, 0, "vrrp_mcast_group6 is not an IPv6 multicast address");
}

void
conf_check(struct conf *c, struct conf_diag *d, bool check_interfaces)
{
	size_t i, j;

	if (check_interfaces) {
		struct conf_loc none = { NULL, 0 };
		check_host_interfaces(c, d);
		check_user(d, &none, &c->global.script_user);
		for (i = 0; i < c->n_vscript; i++)
			check_user(d, &c->vscript[i].loc, &c->vscript[i].user);
	}
	check_mcast(c, d);
	for (i = 0; i < c->n_vscript; i++)
		if (c->vscript[i].script.n == 0)
			ERR(c->vscript[i].loc, "No script set for vrrp_script %s", c->vscript[i].name);
	for (i = 0; i < c->n_tfile; i++)
		if (c->tfile[i].file == NULL)
			ERR(c->tfile[i].loc, "No file set for track_file %s", c->tfile[i].name);

	for (i = 0; i < c->n_vrrp; i++)
		check_vrrp(c, d, i);
	check_groups(c, d);
	for (i = 0; i < c->n_vsg; i++)
		for (j = 0; j < i; j++)
			if (strcmp(c->vsg[i].name, c->vsg[j].name) == 0)
				ERR(c->vsg[i].loc, "virtual_server_group %s is defined twice", c->vsg[i].name);
	for (i = 0; i < c->n_vs; i++)
		check_vs(c, d, i);
	if (c->global.lvs_sync_daemon.instance && c->part != CONF_PART_LVS &&
	    find_vrrp(c, c->global.lvs_sync_daemon.instance) == NULL)
		conf_diag_add(d, CONF_SEV_WARNING, NULL, 0,
			      "lvs_sync_daemon: vrrp_instance %s is not defined",
			      c->global.lvs_sync_daemon.instance);
}
