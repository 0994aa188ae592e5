/* conf_kw_vrrp.c: keyword tables and handlers of the VRRP blocks
 * (keepalived vrrp/vrrp_parser.c, trackers/track_file.c): vrrp_instance,
 * vrrp_sync_group, vrrp_script, track_file, static_ipaddress/routes/rules. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_kw.h"

#define V struct conf_vrrp

static const char *const state_names[] = { "BACKUP", "MASTER", NULL };
static const char *const auth_names[] = { "", "PASS", "AH" };

/* ---- address, route and rule lines ---- */

static int
vip_opt(struct conf_pctx *p, struct conf_vip *v, const struct conf_stmt *st, size_t *i)
{
	const char *k = st->argv[*i];
	static const struct { const char *n; size_t off; } strs[] = {
		{ "dev", offsetof(struct conf_vip, dev) },
		{ "label", offsetof(struct conf_vip, label) },
		{ "scope", offsetof(struct conf_vip, scope) },
		{ "track_group", offsetof(struct conf_vip, track_group) },
	}, flags[] = {
		{ "home", offsetof(struct conf_vip, home) },
		{ "-nodad", offsetof(struct conf_vip, nodad) },
		{ "noprefixroute", offsetof(struct conf_vip, noprefixroute) },
		{ "autojoin", offsetof(struct conf_vip, autojoin) },
		{ "no_track", offsetof(struct conf_vip, no_track) },
		{ "use_vmac", offsetof(struct conf_vip, use_vmac) },
		{ "mngtmpaddr", offsetof(struct conf_vip, mngtmpaddr) },
	};
	size_t s;

	for (s = 0; s < sizeof(flags) / sizeof(flags[0]); s++)
		if (strcmp(k, flags[s].n) == 0) {
			*(bool *)((char *)v + flags[s].off) = true;
			return 0;
		}
	if (*i + 1 >= st->argc) {
		conf_err(p, st, "%s: option '%s' needs a value", st->argv[0], k);
		return -EINVAL;
	}
	(*i)++;
	for (s = 0; s < sizeof(strs) / sizeof(strs[0]); s++)
		if (strcmp(k, strs[s].n) == 0)
			return conf_arg_str(p, st, *i, (char **)((char *)v + strs[s].off));
	if (strcmp(k, "brd") == 0 || strcmp(k, "broadcast") == 0)
		return conf_arg_addr(p, st, *i, &v->brd, NULL);
	if (strcmp(k, "peer") == 0)
		return conf_arg_addr(p, st, *i, &v->peer, NULL);
	if (strcmp(k, "preferred_lft") == 0) {
		if (strcmp(st->argv[*i], "forever") == 0) {
			v->preferred_lft = CONF_PREFERRED_FOREVER;
			return 0;
		}
		return conf_arg_int(p, st, *i, 0, CONF_PREFERRED_FOREVER - 1, &v->preferred_lft);
	}
	conf_err(p, st, "%s: unknown option '%s'", st->argv[0], k);
	return -EINVAL;
}

/* One line of virtual_ipaddress / static_ipaddress. */
static void
vip_item(struct conf_pctx *p, struct conf_vip **vec, size_t *n,
	 const struct conf_stmt *st)
{
	struct conf_vip *v = conf_push(p, vec, n, sizeof(**vec));
	size_t i;

	if (v == NULL)
		return;
	conf_loc_set(&v->loc, st);
	v->preferred_lft = CONF_UNSET;
	if (conf_arg_addr(p, st, 0, &v->addr, &v->prefix) < 0) {
		(*n)--;
		return;
	}
	if (v->prefix == CONF_UNSET)
		v->prefix = v->addr.af == AF_INET ? 32 : 128;
	for (i = 1; i < st->argc; i++)
		if (vip_opt(p, v, st, &i) < 0)
			break;
}

static bool
addr_or_prefix_ok(const char *s)
{
	char buf[128], *slash;
	struct conf_addr a;
	int64_t len;

	if (strcmp(s, "default") == 0 || strcmp(s, "all") == 0)
		return true;
	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		if (conf_parse_int(slash + 1, &len) < 0 || len < 0 || len > 128)
			return false;
	}
	return conf_addr_parse(buf, &a) == 0;
}

/* One line of a route or rule block: iproute2-like words; the words that
 * must be addresses are checked. */
static void
route_item(struct conf_pctx *p, struct conf_route **vec, size_t *n,
	   const struct conf_stmt *st, bool rule)
{
	static const char *const types[] = { "blackhole", "unreachable", "prohibit", "throw",
		"local", "broadcast", "anycast", "multicast", "unicast", "nat", NULL };
	static const char *const addr_kw[] = { "via", "gw", "src", "to", "from", "or", NULL };
	struct conf_route *r = conf_push(p, vec, n, sizeof(**vec));
	size_t i = 0, k;

	if (r == NULL)
		return;
	conf_loc_set(&r->loc, st);
	conf_args_strv(p, st, 0, &r->words);
	if (!rule) {
		for (k = 0; types[k] && i < st->argc; k++)
			if (strcmp(st->argv[i], types[k]) == 0)
				i++;
		if (i < st->argc && strcmp(st->argv[i], "src") != 0 && strcmp(st->argv[i], "to") != 0 &&
		    !addr_or_prefix_ok(st->argv[i]))
			conf_err(p, st, "invalid route destination '%s'", st->argv[i]);
	}
	for (i = 0; i + 1 < st->argc; i++)
		for (k = 0; addr_kw[k]; k++)
			if (strcmp(st->argv[i], addr_kw[k]) == 0 && !addr_or_prefix_ok(st->argv[i + 1]))
				conf_err(p, st, "invalid address '%s' after '%s'", st->argv[i + 1], st->argv[i]);
}

static void
static_ip_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;

	vip_item(p, &c->static_ip, &c->n_static_ip, st);
}

static void
static_route_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;

	route_item(p, &c->static_route, &c->n_static_route, st, false);
}

static void
static_rule_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;

	route_item(p, &c->static_rule, &c->n_static_rule, st, true);
}

int
conf_kw_static_ipaddress(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	conf_parse_items(p, st, obj, static_ip_item);
	return 0;
}

int
conf_kw_static_routes(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	conf_parse_items(p, st, obj, static_route_item);
	return 0;
}

int
conf_kw_static_rules(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	conf_parse_items(p, st, obj, static_rule_item);
	return 0;
}

/* ---- tracking lists: NAME [weight N [reverse]] ---- */

static void
track_item(struct conf_pctx *p, struct conf_track **vec, size_t *n,
	   const struct conf_stmt *st)
{
	struct conf_track *t = conf_push(p, vec, n, sizeof(**vec));
	size_t i;

	if (t == NULL)
		return;
	conf_loc_set(&t->loc, st);
	t->weight = CONF_UNSET;
	conf_str_set(p, &t->name, st->argv[0]);
	for (i = 1; i < st->argc; i++) {
		if (strcmp(st->argv[i], "weight") == 0 && i + 1 < st->argc)
			conf_arg_int(p, st, ++i, -254, 254, &t->weight);
		else if (strcmp(st->argv[i], "reverse") == 0)
			t->reverse = true;
		else
			conf_err(p, st, "%s: unexpected '%s'", st->argv[0], st->argv[i]);
	}
}

#define TRACK_FN(fname, type, field)						\
	static void fname##_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st) \
	{ type *o = obj; track_item(p, &o->field, &o->n_##field, st); }	\
	static int fname(struct conf_pctx *p, void *obj, const struct conf_stmt *st) \
	{ conf_parse_items(p, st, obj, fname##_item); return 0; }		\
	static void pr_##fname(struct conf_out *o, const void *obj)		\
	{ const type *x = obj; conf_print_tracks(o, #field, x->field, x->n_##field); }

TRACK_FN(v_track_if, V, track_if)
TRACK_FN(v_track_script, V, track_script)
TRACK_FN(v_track_file, V, track_file)
TRACK_FN(g_track_if, struct conf_vrrp_group, track_if)
TRACK_FN(g_track_script, struct conf_vrrp_group, track_script)
TRACK_FN(g_track_file, struct conf_vrrp_group, track_file)

/* ---- vrrp_instance ---- */

static void v_vip_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ V *v = obj; vip_item(p, &v->vip, &v->n_vip, st); }
static void v_evip_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ V *v = obj; vip_item(p, &v->evip, &v->n_evip, st); }
static void v_route_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ V *v = obj; route_item(p, &v->vroute, &v->n_vroute, st, false); }
static void v_rule_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ V *v = obj; route_item(p, &v->vrule, &v->n_vrule, st, true); }

static int kw_vip(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ conf_parse_items(p, st, obj, v_vip_item); return 0; }
static int kw_evip(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ conf_parse_items(p, st, obj, v_evip_item); return 0; }
static int kw_vroutes(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ conf_parse_items(p, st, obj, v_route_item); return 0; }
static int kw_vrules(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ conf_parse_items(p, st, obj, v_rule_item); return 0; }

static void
pr_vips(struct conf_out *o, const char *kw, const struct conf_vip *v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	conf_out_open(o, "%s", kw);
	for (i = 0; i < n; i++)
		conf_print_vip(o, &v[i]);
	conf_out_close(o);
}

static void
pr_routes(struct conf_out *o, const char *kw, const struct conf_route *r, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	conf_out_open(o, "%s", kw);
	for (i = 0; i < n; i++)
		conf_print_route(o, &r[i]);
	conf_out_close(o);
}

static void pr_vip(struct conf_out *o, const void *obj)
{ const V *v = obj; pr_vips(o, "virtual_ipaddress", v->vip, v->n_vip); }
static void pr_evip(struct conf_out *o, const void *obj)
{ const V *v = obj; pr_vips(o, "virtual_ipaddress_excluded", v->evip, v->n_evip); }
static void pr_vroutes(struct conf_out *o, const void *obj)
{ const V *v = obj; pr_routes(o, "virtual_routes", v->vroute, v->n_vroute); }
static void pr_vrules(struct conf_out *o, const void *obj)
{ const V *v = obj; pr_routes(o, "virtual_rules", v->vrule, v->n_vrule); }

static void
peer_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	V *v = obj;
	struct conf_peer *pe = conf_push(p, &v->unicast_peer, &v->n_unicast_peer, sizeof(*pe));
	size_t i;

	if (pe == NULL)
		return;
	pe->min_ttl = pe->max_ttl = CONF_UNSET;
	if (conf_arg_addr(p, st, 0, &pe->addr, NULL) < 0) {
		v->n_unicast_peer--;
		return;
	}
	for (i = 1; i + 1 < st->argc; i += 2) {
		if (strcmp(st->argv[i], "min_ttl") == 0)
			conf_arg_int(p, st, i + 1, 0, 255, &pe->min_ttl);
		else if (strcmp(st->argv[i], "max_ttl") == 0)
			conf_arg_int(p, st, i + 1, 0, 255, &pe->max_ttl);
		else
			conf_err(p, st, "unicast_peer: unknown option '%s'", st->argv[i]);
	}
	if (i < st->argc)
		conf_err(p, st, "unicast_peer: unexpected '%s'", st->argv[i]);
}

static int kw_peer(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ conf_parse_items(p, st, obj, peer_item); return 0; }

static void
pr_peer(struct conf_out *o, const void *obj)
{
	const V *v = obj;
	char a[64];
	size_t i;

	if (v->n_unicast_peer == 0)
		return;
	conf_out_open(o, "unicast_peer");
	for (i = 0; i < v->n_unicast_peer; i++) {
		const struct conf_peer *pe = &v->unicast_peer[i];
		conf_out_line(o, "%s%s%.0lld%s%.0lld", conf_out_addr(&pe->addr, a, sizeof(a)),
			      pe->min_ttl != CONF_UNSET ? " min_ttl " : "",
			      pe->min_ttl != CONF_UNSET ? (long long)pe->min_ttl : 0LL,
			      pe->max_ttl != CONF_UNSET ? " max_ttl " : "",
			      pe->max_ttl != CONF_UNSET ? (long long)pe->max_ttl : 0LL);
	}
	conf_out_close(o);
}

static int
kw_use_vmac(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	V *v = obj;

	if (conf_need_args(p, st, 0, 1) < 0)
		return -EINVAL;
	v->use_vmac = true;
	if (st->argc > 1)
		conf_str_set(p, &v->vmac_name, st->argv[1]);
	return 0;
}

static void
pr_use_vmac(struct conf_out *o, const void *obj)
{
	const V *v = obj;
	char w[1024];

	if (v->use_vmac)
		conf_out_line(o, "use_vmac%s%s", v->vmac_name ? " " : "",
			      v->vmac_name ? conf_out_word(v->vmac_name, w, sizeof(w)) : "");
}

static int
kw_accept(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_need_args(p, st, 0, 0) == 0)
		((V *)obj)->accept = strcmp(st->argv[0], "accept") == 0;
	return 0;
}

static void
pr_accept(struct conf_out *o, const void *obj)
{
	const V *v = obj;

	if (v->accept != CONF_UNSET)
		conf_out_line(o, "%s", v->accept ? "accept" : "no_accept");
}

static int
kw_auth_pass(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	if (strlen(st->argv[1]) > 8)
		conf_warn(p, st, "auth_pass: password longer than 8 characters is truncated");
	conf_str_set(p, &((struct conf_auth *)obj)->pass, st->argv[1]);
	return 0;
}

static void
pr_auth_pass(struct conf_out *o, const void *obj)
{
	char w[1024];

	if (((const struct conf_auth *)obj)->pass)
		conf_out_line(o, "auth_pass %s", conf_out_word(((const struct conf_auth *)obj)->pass, w, sizeof(w)));
}

static int
kw_auth_type(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	if (strcasecmp(st->argv[1], "PASS") == 0)
		((struct conf_auth *)obj)->type = CONF_AUTH_PASS;
	else if (strcasecmp(st->argv[1], "AH") == 0)
		((struct conf_auth *)obj)->type = CONF_AUTH_AH;
	else {
		conf_err(p, st, "auth_type: invalid value '%s' (PASS or AH)", st->argv[1]);
		return -EINVAL;
	}
	return 0;
}

static void
pr_auth_type(struct conf_out *o, const void *obj)
{
	const struct conf_auth *a = obj;

	if (a->type != CONF_AUTH_NONE)
		conf_out_line(o, "auth_type %s", auth_names[a->type]);
}

static const struct conf_kw auth_kw[] = {
	KW_FN("auth_type", kw_auth_type, pr_auth_type),
	KW_FN("auth_pass", kw_auth_pass, pr_auth_pass),
};
const struct conf_block conf_auth_block = CONF_BLOCK("authentication", auth_kw);

static int
kw_auth(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (!conf_open_block(p, st))
		return -EINVAL;
	conf_parse_block(p, &conf_auth_block, &((V *)obj)->auth, st);
	return 0;
}

static void
pr_auth(struct conf_out *o, const void *obj)
{
	const struct conf_auth *a = &((const V *)obj)->auth;

	if (a->type == CONF_AUTH_NONE && a->pass == NULL)
		return;
	conf_out_open(o, "authentication");
	conf_print_fields(o, &conf_auth_block, a);
	conf_out_close(o);
}

static const struct conf_kw vrrp_kw[] = {
	KW_ENUM("state", V, state, state_names),
	KW_STR("interface", V, interface),
	KW_UNSUP("vrf"),
	KW_FLAG("dont_track_primary", V, dont_track_primary),
	KW_FN("track_interface", v_track_if, pr_v_track_if),
	KW_FN("track_script", v_track_script, pr_v_track_script),
	KW_FN("track_file", v_track_file, pr_v_track_file),
	KW_UNSUP("track_process"), KW_UNSUP("track_bfd"),
	KW_ADDR("mcast_src_ip", V, mcast_src_ip),
	KW_ADDR("unicast_src_ip", V, unicast_src_ip),
	KW_UNSUP("mcast_dst_ip"), KW_UNSUP("track_src_ip"),
	KW_INT("virtual_router_id", V, vrid, 1, 255),
	KW_INT("unicast_ttl", V, unicast_ttl, 1, 255),
	KW_INT("version", V, version, 2, 3),
	KW_INT("priority", V, priority, 1, 255),
	KW_TIMER("advert_int", V, advert_int, US / 100, 255 * US),
	KW_FN("virtual_ipaddress", kw_vip, pr_vip),
	KW_FN("virtual_ipaddress_excluded", kw_evip, pr_evip),
	KW_FLAG("no_virtual_ipaddress", V, no_virtual_ipaddress),
	KW_FLAG("promote_secondaries", V, promote_secondaries),
	KW_UNSUP("linkbeat_use_polling"), KW_UNSUP("v3_checksum_as_v2"),
	KW_FN("virtual_routes", kw_vroutes, pr_vroutes),
	KW_FN("virtual_rules", kw_vrules, pr_vrules),
	KW_FN("accept", kw_accept, pr_accept),
	KW_FN("no_accept", kw_accept, NULL),
	KW_FLAG("skip_check_adv_addr", V, skip_check_adv_addr),
	KW_FLAG("strict_mode", V, strict_mode),
	KW_NOFLAG("preempt", V, nopreempt),
	KW_FLAG("nopreempt", V, nopreempt),
	KW_TIMER("preempt_delay", V, preempt_delay, 0, 1000 * US),
	KW_INT("debug", V, debug, 0, 4),
	KW_ARGV("notify_backup", V, notify_backup),
	KW_ARGV("notify_master", V, notify_master),
	KW_ARGV("notify_fault", V, notify_fault),
	KW_ARGV("notify_stop", V, notify_stop),
	KW_ARGV("notify_deleted", V, notify_deleted),
	KW_ARGV("notify", V, notify),
	KW_ARGV("notify_master_rx_lower_pri", V, notify_master_rx_lower_pri),
	KW_TRI("smtp_alert", V, smtp_alert),
	KW_FLAG("notify_priority_changes", V, notify_priority_changes),
	KW_STR("lvs_sync_daemon_interface", V, lvs_sync_daemon_interface),
	KW_INT("garp_master_delay", V, garp_master_delay, 0, 86400),
	KW_INT("garp_master_refresh", V, garp_master_refresh, 0, 86400),
	KW_INT("garp_master_repeat", V, garp_master_repeat, 1, 10000),
	KW_INT("garp_master_refresh_repeat", V, garp_master_refresh_repeat, 1, 10000),
	KW_INT("garp_lower_prio_delay", V, garp_lower_prio_delay, 0, 86400),
	KW_INT("garp_lower_prio_repeat", V, garp_lower_prio_repeat, 0, 10000),
	KW_INT("down_timer_adverts", V, down_timer_adverts, 3, 100),
	KW_UNSUP("timer_expired_backup"), KW_UNSUP("thread_timer_expired"),
	KW_UNSUP("garp_extra_if"), KW_UNSUP("vmac_garp_intvl"),
	KW_FLAG("lower_prio_no_advert", V, lower_prio_no_advert),
	KW_FLAG("higher_prio_send_advert", V, higher_prio_send_advert),
	KW_UNSUP("owner_ignore_adverts"), KW_UNSUP("kernel_rx_buf_size"),
	KW_FN("authentication", kw_auth, pr_auth),
	KW_UNSUP("auth_hmac"),
	KW_FN("use_vmac", kw_use_vmac, pr_use_vmac),
	KW_UNSUP("use_vmac_addr"),
	KW_FLAG("vmac_xmit_base", V, vmac_xmit_base),
	KW_UNSUP("use_ipvlan"),
	KW_FN("unicast_peer", kw_peer, pr_peer),
	KW_UNSUP("unicast_fault_no_peer"),
	KW_FLAG("check_unicast_src", V, check_unicast_src),
	KW_UNSUP("old_unicast_checksum"),
	KW_FLAG("native_ipv6", V, native_ipv6),
};
const struct conf_block conf_vrrp_block = CONF_BLOCK("vrrp_instance", vrrp_kw);

static void
vrrp_init(struct conf_vrrp *v)
{
	v->state = CONF_STATE_BACKUP;
	v->vrid = CONF_UNSET;
	v->priority = 100;
	v->advert_int = US;
	v->version = CONF_UNSET;
	v->preempt_delay = 0;
	v->unicast_ttl = CONF_UNSET;
	v->auth.type = CONF_AUTH_NONE;
	v->garp_master_delay = v->garp_master_repeat = v->garp_master_refresh = CONF_UNSET;
	v->garp_master_refresh_repeat = v->garp_lower_prio_delay = v->garp_lower_prio_repeat = CONF_UNSET;
	v->down_timer_adverts = CONF_UNSET;
	v->accept = CONF_UNSET;
	v->debug = CONF_UNSET;
}

/* Common shape of named objects: "keyword NAME {". */
static void *
named_object(struct conf_pctx *p, const struct conf_stmt *st, void *vec,
	     size_t *n, size_t size)
{
	struct { struct conf_loc loc; char *name; } *o;

	if (conf_need_args(p, st, 1, 1) < 0 || !conf_open_block(p, st)) {
		if (st->open)
			conf_skip_block(p);
		return NULL;
	}
	o = conf_push(p, vec, n, size);
	if (o == NULL)
		return NULL;
	conf_loc_set(&o->loc, st);
	conf_str_set(p, &o->name, st->argv[1]);
	return o;
}

int
conf_kw_vrrp_instance(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	V *v;

	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	v = named_object(p, st, &c->vrrp, &c->n_vrrp, sizeof(*v));
	if (v == NULL)
		return -EINVAL;
	vrrp_init(v);
	conf_parse_block(p, &conf_vrrp_block, v, st);
	return 0;
}

/* ---- vrrp_sync_group ---- */
#define VG struct conf_vrrp_group
static const struct conf_kw vgroup_kw[] = {
	KW_LIST("group", VG, group),
	KW_FN("track_interface", g_track_if, pr_g_track_if),
	KW_FN("track_script", g_track_script, pr_g_track_script),
	KW_FN("track_file", g_track_file, pr_g_track_file),
	KW_UNSUP("track_process"), KW_UNSUP("track_bfd"),
	KW_ARGV("notify_backup", VG, notify_backup),
	KW_ARGV("notify_master", VG, notify_master),
	KW_ARGV("notify_fault", VG, notify_fault),
	KW_ARGV("notify_stop", VG, notify_stop),
	KW_ARGV("notify", VG, notify),
	KW_TRI("smtp_alert", VG, smtp_alert),
	KW_FLAG("global_tracking", VG, global_tracking),
	KW_FLAG("sync_group_tracking_weight", VG, sync_group_tracking_weight),
	KW_FLAG("notify_priority_changes", VG, notify_priority_changes),
};
const struct conf_block conf_vgroup_block = CONF_BLOCK("vrrp_sync_group", vgroup_kw);

int
conf_kw_vrrp_sync_group(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	VG *g;

	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	g = named_object(p, st, &c->vgroup, &c->n_vgroup, sizeof(*g));
	if (g == NULL)
		return -EINVAL;
	conf_parse_block(p, &conf_vgroup_block, g, st);
	return 0;
}

/* ---- vrrp_script ---- */
#define VS_ struct conf_vrrp_script

static int
kw_weight(struct conf_pctx *p, void *obj, const struct conf_stmt *st, int64_t *w, bool *rev)
{
	if (conf_need_args(p, st, 1, 2) < 0)
		return -EINVAL;
	if (st->argc > 2 && strcmp(st->argv[2], "reverse") != 0) {
		conf_err(p, st, "weight: unexpected '%s'", st->argv[2]);
		return -EINVAL;
	}
	*rev = st->argc > 2;
	return conf_arg_int(p, st, 1, -253, 253, w);
}

static int kw_script_weight(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ VS_ *s = obj; return kw_weight(p, obj, st, &s->weight, &s->weight_reverse); }
static void pr_script_weight(struct conf_out *o, const void *obj)
{ const VS_ *s = obj; conf_out_line(o, "weight %lld%s", (long long)s->weight, s->weight_reverse ? " reverse" : ""); }

static const struct conf_kw vscript_kw[] = {
	KW_ARGV("script", VS_, script),
	KW_TIMER("interval", VS_, interval, US / 1000, 86400 * US),
	KW_TIMER("timeout", VS_, timeout, US / 1000, 86400 * US),
	KW_FN("weight", kw_script_weight, pr_script_weight),
	KW_INT("rise", VS_, rise, 1, 1000000),
	KW_INT("fall", VS_, fall, 1, 1000000),
	KW_ARGV("user", VS_, user),
	KW_FLAG("init_fail", VS_, init_fail),
};
const struct conf_block conf_vscript_block = CONF_BLOCK("vrrp_script", vscript_kw);

int
conf_kw_vrrp_script(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	VS_ *s;

	if (conf_part_skip(p, st, CONF_PART_VRRP))
		return 0;
	s = named_object(p, st, &c->vscript, &c->n_vscript, sizeof(*s));
	if (s == NULL)
		return -EINVAL;
	s->interval = US;
	s->timeout = CONF_UNSET;
	s->weight = 0;
	s->rise = s->fall = 1;
	conf_parse_block(p, &conf_vscript_block, s, st);
	return 0;
}

/* ---- track_file ---- */
#define TF struct conf_track_file

static int kw_tf_weight(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ TF *t = obj; return kw_weight(p, obj, st, &t->weight, &t->weight_reverse); }
static void pr_tf_weight(struct conf_out *o, const void *obj)
{ const TF *t = obj; conf_out_line(o, "weight %lld%s", (long long)t->weight, t->weight_reverse ? " reverse" : ""); }

/* init_file [VALUE] [overwrite] */
static int
kw_init_file(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	TF *t = obj;
	size_t i;

	t->init_file = true;
	for (i = 1; i < st->argc; i++) {
		if (strcmp(st->argv[i], "overwrite") == 0)
			t->init_overwrite = true;
		else
			conf_arg_int(p, st, i, -254, 254, &t->init_value);
	}
	return 0;
}

static void
pr_init_file(struct conf_out *o, const void *obj)
{
	const TF *t = obj;

	if (t->init_file)
		conf_out_line(o, "init_file %lld%s", (long long)t->init_value, t->init_overwrite ? " overwrite" : "");
}

static const struct conf_kw tfile_kw[] = {
	KW_STR("file", TF, file),
	KW_FN("weight", kw_tf_weight, pr_tf_weight),
	KW_FN("init_file", kw_init_file, pr_init_file),
};
const struct conf_block conf_tfile_block = CONF_BLOCK("track_file", tfile_kw);

int
conf_kw_track_file(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	TF *t = named_object(p, st, &c->tfile, &c->n_tfile, sizeof(*t));

	if (t == NULL)
		return -EINVAL;
	t->weight = 1;
	conf_parse_block(p, &conf_tfile_block, t, st);
	return 0;
}
