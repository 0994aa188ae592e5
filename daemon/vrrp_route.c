/* vrrp_route.c: virtual/static routes and rules (see vrrp_route.h). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_route.h"
#include "vrrp_vip.h"

#define RT_TABLES_FILE "/etc/iproute2/rt_tables"

struct name_val {
	const char *name;
	uint32_t v;
};

static const struct name_val rt_types[] = {
	{ "unicast", RTN_UNICAST }, { "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST }, { "anycast", RTN_ANYCAST },
	{ "multicast", RTN_MULTICAST }, { "blackhole", RTN_BLACKHOLE },
	{ "unreachable", RTN_UNREACHABLE }, { "prohibit", RTN_PROHIBIT },
	{ "throw", RTN_THROW }, { "nat", RTN_NAT }, { NULL, 0 },
};

static const struct name_val rt_protos[] = {
	{ "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 },
	{ "gated", 8 }, { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 },
	{ "bird", 12 }, { "dnrouted", 13 }, { "xorp", 14 }, { "ntk", 15 },
	{ "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 }, { "bgp", 186 },
	{ "isis", 187 }, { "ospf", 188 }, { "rip", 189 }, { "eigrp", 192 },
	{ NULL, 0 },
};

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

static int
parse_u32(const char *s, uint32_t max, uint32_t *ret)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

static int
lookup(const struct name_val *t, const char *s, uint32_t max, uint32_t *ret)
{
	for (; t->name; t++) {
		if (strcmp(t->name, s) == 0) {
			*ret = t->v;
			return 0;
		}
	}
	return parse_u32(s, max, ret);
}

/* A name of the rt_tables file ("NUMBER NAME" lines, # comments). */
static int
table_file(const char *name, uint32_t *ret)
{
	FILE *f = fopen(RT_TABLES_FILE, "re");
	char line[256], nm[128];
	unsigned long id;
	int r = -EINVAL;

	if (!f)
		return -EINVAL;
	while (r < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %lu %127s", &id, nm) == 2 && nm[0] != '#' &&
		    strcmp(nm, name) == 0 && id <= UINT32_MAX) {
			*ret = (uint32_t)id;
			r = 0;
		}
	}
	fclose(f);
	return r;
}

int
vrrp_route_table(const char *name, uint32_t *ret)
{
	static const struct name_val tables[] = {
		{ "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
		{ "local", RT_TABLE_LOCAL }, { NULL, 0 },
	};

	if (!name)
		return -EINVAL;
	if (lookup(tables, name, UINT32_MAX, ret) == 0)
		return 0;
	return table_file(name, ret);
}

/* "ADDR", "ADDR/LEN" or "default"/"any"/"all" (length 0, family from
 * @family or IPv4) into @addr/@len; *family set or checked. */
static int
parse_prefix(const char *s, int *family, uint8_t *addr, uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	uint32_t plen;
	int af;

	if (!s || strlen(s) >= sizeof(buf))
		return -EINVAL;
	if (!strcmp(s, "default") || !strcmp(s, "any") || !strcmp(s, "all")) {
		memset(addr, 0, 16);
		*len = 0;
		return 0;
	}
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	af = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (*family && *family != af)
		return -EINVAL;
	memset(addr, 0, 16);
	if (inet_pton(af, buf, addr) != 1)
		return -EINVAL;
	plen = af == AF_INET ? 32 : 128;
	if (slash && parse_u32(slash, plen, &plen) < 0)
		return -EINVAL;
	*family = af;
	*len = (uint8_t)plen;
	return 0;
}

static int
parse_addr(const char *s, int *family, uint8_t *addr)
{
	uint8_t len;

	if (!s || strchr(s, '/'))
		return -EINVAL;
	return parse_prefix(s, family, addr, &len);
}

/* ---- routes ---- */

struct rparse {
	const struct conf_strv *w;
	size_t i;
	struct rtnl_route rt;
	bool have_dst, have_scope, have_proto;
	unsigned (*ifindex_of)(const char *name);
	char *err;
	size_t errlen;
};

static const char *
next_word(struct rparse *p)
{
	return p->i + 1 < p->w->n ? p->w->v[++p->i] : NULL;
}

/* The address-valued keywords: 1 if @kw is one (0 or -errno in *ret). */
static int
route_addr_value(struct rparse *p, const char *kw, const char *v, int *ret)
{
	struct rtnl_route *rt = &p->rt;
	bool ok;

	if (!strcmp(kw, "src")) {
		ok = rt->has_prefsrc = parse_addr(v, &rt->family, rt->prefsrc) == 0;
	} else if (!strcmp(kw, "from")) {
		ok = rt->has_src = parse_prefix(v, &rt->family, rt->src,
						&rt->src_len) == 0;
	} else if (!strcmp(kw, "to")) {
		ok = p->have_dst = parse_prefix(v, &rt->family, rt->dst,
						&rt->dst_len) == 0;
	} else if (!strcmp(kw, "via") || !strcmp(kw, "gw")) {
		if (!strcmp(v, "inet") || !strcmp(v, "inet6"))
			v = next_word(p);
		ok = rt->has_via = v && parse_addr(v, &rt->family, rt->via) == 0;
	} else {
		return 0;
	}
	*ret = ok ? 0 : fail(p->err, p->errlen, -EINVAL, "invalid %s '%s'", kw,
			     v ? v : "");
	return 1;
}

static int
route_value(struct rparse *p, const char *kw)
{
	struct rtnl_route *rt = &p->rt;
	const char *v = next_word(p);
	uint32_t u;
	int r;

	if (!v)
		return fail(p->err, p->errlen, -EINVAL, "'%s' needs a value", kw);
	if (route_addr_value(p, kw, v, &r))
		return r;
	if (!strcmp(kw, "dev") || !strcmp(kw, "oif")) {
		rt->oif = p->ifindex_of ? p->ifindex_of(v) : 0;
		if (!rt->oif)
			return fail(p->err, p->errlen, -ENODEV,
				    "interface '%s' does not exist", v);
	} else if (!strcmp(kw, "scope")) {
		if (vrrp_vip_scope(v, &rt->scope) < 0)
			goto bad;
		p->have_scope = true;
	} else if (!strcmp(kw, "table")) {
		if (vrrp_route_table(v, &rt->table) < 0 || !rt->table)
			goto bad;
	} else if (!strcmp(kw, "metric") || !strcmp(kw, "priority") ||
		   !strcmp(kw, "preference")) {
		if (parse_u32(v, UINT32_MAX, &rt->metric) < 0)
			goto bad;
		rt->has_metric = true;
	} else if (!strcmp(kw, "proto") || !strcmp(kw, "protocol")) {
		if (lookup(rt_protos, v, 255, &u) < 0)
			goto bad;
		rt->protocol = (uint8_t)u;
		p->have_proto = true;
	} else if (!strcmp(kw, "tos") || !strcmp(kw, "dsfield")) {
		if (parse_u32(v, 255, &u) < 0)
			goto bad;
		rt->tos = (uint8_t)u;
	} else if (!strcmp(kw, "mtu")) {
		if (parse_u32(v, UINT32_MAX, &rt->mtu) < 0 || !rt->mtu)
			goto bad;
	} else if (!strcmp(kw, "advmss")) {
		if (parse_u32(v, UINT32_MAX, &rt->advmss) < 0 || !rt->advmss)
			goto bad;
	} else if (!strcmp(kw, "type")) {
		if (lookup(rt_types, v, 255, &u) < 0)
			goto bad;
		rt->type = (uint8_t)u;
	} else {
		return fail(p->err, p->errlen, -EINVAL, "unknown route option '%s'", kw);
	}
	return 0;
bad:
	return fail(p->err, p->errlen, -EINVAL, "invalid %s '%s'", kw, v ? v : "");
}

static bool
is_value_kw(const char *s)
{
	static const char *const kws[] = {
		"src", "from", "to", "via", "gw", "dev", "oif", "scope", "table",
		"metric", "priority", "preference", "proto", "protocol", "tos",
		"dsfield", "mtu", "advmss", "type", NULL,
	};
	size_t k;

	for (k = 0; kws[k]; k++)
		if (!strcmp(s, kws[k]))
			return true;
	return false;
}

static int
route_word(struct rparse *p)
{
	const char *s = p->w->v[p->i];
	uint32_t u;

	if (is_value_kw(s))
		return route_value(p, s);
	if (!strcmp(s, "onlink")) {
		p->rt.flags |= RTNH_F_ONLINK;
		return 0;
	}
	if (!strcmp(s, "no_track") || !strcmp(s, "inet") || !strcmp(s, "inet6"))
		return 0;
	if (!strcmp(s, "or"))
		return fail(p->err, p->errlen, -EINVAL,
			    "multipath routes ('or') are not supported");
	if (!strcmp(s, "track_group"))
		return next_word(p) ? 0 : fail(p->err, p->errlen, -EINVAL,
					       "'track_group' needs a value");
	if (lookup(rt_types, s, 0, &u) == 0 && !isdigit((unsigned char)*s)) {
		p->rt.type = (uint8_t)u;
		return 0;
	}
	if (p->have_dst)
		return fail(p->err, p->errlen, -EINVAL, "unknown route option '%s'", s);
	if (parse_prefix(s, &p->rt.family, p->rt.dst, &p->rt.dst_len) < 0)
		return fail(p->err, p->errlen, -EINVAL,
			    "invalid route destination '%s'", s);
	p->have_dst = true;
	return 0;
}

static int
route_check(struct rparse *p)
{
	struct rtnl_route *rt = &p->rt;
	bool nodev = rt->type == RTN_BLACKHOLE || rt->type == RTN_UNREACHABLE ||
		     rt->type == RTN_PROHIBIT || rt->type == RTN_THROW;

	if (!p->have_dst)
		return fail(p->err, p->errlen, -EINVAL, "route has no destination");
	if (!rt->family)
		rt->family = AF_INET;
	if (nodev && (rt->oif || rt->has_via))
		return fail(p->err, p->errlen, -EINVAL,
			    "a %s route takes no 'dev' or 'via'",
			    rt->type == RTN_BLACKHOLE ? "blackhole" :
			    rt->type == RTN_UNREACHABLE ? "unreachable" :
			    rt->type == RTN_PROHIBIT ? "prohibit" : "throw");
	if ((rt->flags & RTNH_F_ONLINK) && !rt->has_via)
		return fail(p->err, p->errlen, -EINVAL, "'onlink' needs 'via'");
	if (!p->have_proto)
		rt->protocol = VRRP_RTPROT_KEEPALIVED;
	if (!rt->type)
		rt->type = RTN_UNICAST;
	if (!p->have_scope && rt->type == RTN_LOCAL)
		rt->scope = RT_SCOPE_HOST;
	return 0;
}

int
vrrp_route_parse(const struct conf_strv *w,
		 unsigned (*ifindex_of)(const char *name),
		 struct rtnl_route *ret, char *err, size_t errlen)
{
	struct rparse p = { .w = w, .ifindex_of = ifindex_of, .err = err,
			    .errlen = errlen };
	int r;

	if (err && errlen)
		err[0] = '\0';
	for (p.i = 0; p.i < w->n; p.i++)
		if ((r = route_word(&p)) < 0)
			return r;
	if ((r = route_check(&p)) < 0)
		return r;
	*ret = p.rt;
	return 0;
}

/* ---- rules ---- */

static int
rule_action(struct rtnl_rule *ru, uint8_t action, char *err, size_t errlen)
{
	if (ru->action)
		return fail(err, errlen, -EINVAL, "more than one of table/goto/nop/"
			    "blackhole/unreachable/prohibit in a rule");
	ru->action = action;
	return 0;
}

static int
rule_ifname(const char *v, char *dst)
{
	if (!v || !*v || strlen(v) >= IFNAMSIZ)
		return -EINVAL;
	strcpy(dst, v);
	return 0;
}

static int
rule_fwmark(const char *v, struct rtnl_rule *ru)
{
	char buf[64], *slash;

	if (!v || strlen(v) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, v);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (parse_u32(slash, UINT32_MAX, &ru->fwmask) < 0)
			return -EINVAL;
		ru->has_fwmask = true;
	}
	if (parse_u32(buf, UINT32_MAX, &ru->fwmark) < 0)
		return -EINVAL;
	ru->has_fwmark = true;
	return 0;
}

static int
rule_value(struct rtnl_rule *ru, const char *kw, const char *v, bool *no_track,
	   char *err, size_t errlen)
{
	uint32_t u;
	int r = 0;

	if (!v)
		return fail(err, errlen, -EINVAL, "'%s' needs a value", kw);
	if (!strcmp(kw, "from")) {
		r = parse_prefix(v, &ru->family, ru->from, &ru->from_len);
		ru->has_from = r == 0;
	} else if (!strcmp(kw, "to")) {
		r = parse_prefix(v, &ru->family, ru->to, &ru->to_len);
		ru->has_to = r == 0;
	} else if (!strcmp(kw, "table") || !strcmp(kw, "lookup")) {
		if (vrrp_route_table(v, &ru->table) < 0 || !ru->table)
			r = -EINVAL;
		else
			return rule_action(ru, FR_ACT_TO_TBL, err, errlen);
	} else if (!strcmp(kw, "preference") || !strcmp(kw, "order") ||
		   !strcmp(kw, "priority") || !strcmp(kw, "pref")) {
		r = parse_u32(v, UINT32_MAX, &ru->priority);
		ru->has_priority = r == 0;
	} else if (!strcmp(kw, "tos") || !strcmp(kw, "dsfield")) {
		r = parse_u32(v, 255, &u);
		ru->tos = (uint8_t)u;
	} else if (!strcmp(kw, "fwmark")) {
		r = rule_fwmark(v, ru);
	} else if (!strcmp(kw, "dev") || !strcmp(kw, "iif")) {
		r = rule_ifname(v, ru->iif);
	} else if (!strcmp(kw, "oif")) {
		r = rule_ifname(v, ru->oif);
	} else if (!strcmp(kw, "protocol")) {
		r = lookup(rt_protos, v, 255, &u);
		ru->protocol = (uint8_t)u;
		*no_track = *no_track || (r == 0 && u != VRRP_RTPROT_KEEPALIVED);
	} else if (!strcmp(kw, "suppress_prefixlength") || !strcmp(kw, "sup_pl")) {
		r = parse_u32(v, INT32_MAX, &ru->suppress_prefixlen);
		ru->has_suppress_prefixlen = r == 0;
	} else if (!strcmp(kw, "suppress_ifgroup") || !strcmp(kw, "sup_group")) {
		r = parse_u32(v, INT32_MAX, &ru->suppress_ifgroup);
		ru->has_suppress_ifgroup = r == 0;
	} else if (!strcmp(kw, "goto")) {
		if (parse_u32(v, UINT32_MAX, &ru->goto_prio) < 0 || !ru->goto_prio)
			r = -EINVAL;
		else
			return rule_action(ru, FR_ACT_GOTO, err, errlen);
	}
	if (r < 0)
		return fail(err, errlen, -EINVAL, "invalid %s '%s'", kw, v);
	return 0;
}

static bool
rule_value_kw(const char *s)
{
	static const char *const kws[] = {
		"from", "to", "table", "lookup", "preference", "order", "priority",
		"pref", "tos", "dsfield", "fwmark", "dev", "iif", "oif", "protocol",
		"suppress_prefixlength", "sup_pl", "suppress_ifgroup", "sup_group",
		"goto", NULL,
	};
	size_t k;

	for (k = 0; kws[k]; k++)
		if (!strcmp(s, kws[k]))
			return true;
	return false;
}

static int
rule_word(struct rtnl_rule *ru, const struct conf_strv *w, size_t *i,
	  bool *no_track, char *err, size_t errlen)
{
	const char *s = w->v[*i];
	int af = !strcmp(s, "inet") ? AF_INET : !strcmp(s, "inet6") ? AF_INET6 : 0;

	if (!strcmp(s, "type") && *i + 1 < w->n)
		s = w->v[++*i];
	if (af) {
		if (ru->family && ru->family != af)
			return fail(err, errlen, -EINVAL, "rule mixes IPv4 and IPv6");
		ru->family = af;
	} else if (rule_value_kw(s)) {
		const char *v = *i + 1 < w->n ? w->v[++*i] : NULL;

		return rule_value(ru, s, v, no_track, err, errlen);
	} else if (!strcmp(s, "not")) {
		ru->invert = true;
	} else if (!strcmp(s, "no_track")) {
		*no_track = true;
	} else if (!strcmp(s, "nop")) {
		return rule_action(ru, FR_ACT_NOP, err, errlen);
	} else if (!strcmp(s, "blackhole")) {
		return rule_action(ru, FR_ACT_BLACKHOLE, err, errlen);
	} else if (!strcmp(s, "unreachable")) {
		return rule_action(ru, FR_ACT_UNREACHABLE, err, errlen);
	} else if (!strcmp(s, "prohibit")) {
		return rule_action(ru, FR_ACT_PROHIBIT, err, errlen);
	} else {
		return fail(err, errlen, -EINVAL, "unknown rule option '%s'", s);
	}
	return 0;
}

int
vrrp_rule_parse(const struct conf_strv *w, struct rtnl_rule *ret, char *err,
		size_t errlen)
{
	struct rtnl_rule ru;
	bool no_track = false;
	size_t i;
	int r;

	if (err && errlen)
		err[0] = '\0';
	memset(&ru, 0, sizeof(ru));
	for (i = 0; i < w->n; i++)
		if ((r = rule_word(&ru, w, &i, &no_track, err, errlen)) < 0)
			return r;
	if (!ru.action)
		return fail(err, errlen, -EINVAL, "rule has no action (table, goto, "
			    "nop, blackhole, unreachable or prohibit)");
	if (ru.action == FR_ACT_GOTO &&
	    (!ru.has_priority || ru.priority >= ru.goto_prio))
		return fail(err, errlen, -EINVAL,
			    "a goto rule needs a preference below its target");
	if (!ru.family)
		ru.family = AF_INET;
	if (!no_track)
		ru.protocol = VRRP_RTPROT_KEEPALIVED;
	*ret = ru;
	return 0;
}

/* ---- sets ---- */

static bool
has_word(const struct conf_strv *w, const char *word)
{
	size_t k;

	for (k = 0; k < w->n; k++)
		if (!strcmp(w->v[k], word))
			return true;
	return false;
}

int
vrrp_route_set_build(struct vrrp_route_set *s,
		     const struct conf_route *routes, size_t n_routes,
		     const struct conf_route *rules, size_t n_rules,
		     unsigned (*ifindex_of)(const char *name),
		     const struct conf_route **bad, char *err, size_t errlen)
{
	size_t k;
	int r = 0;

	memset(s, 0, sizeof(*s));
	s->r = calloc(n_routes ? n_routes : 1, sizeof(*s->r));
	s->u = calloc(n_rules ? n_rules : 1, sizeof(*s->u));
	if (!s->r || !s->u) {
		vrrp_route_set_free(s);
		return fail(err, errlen, -ENOMEM, "out of memory");
	}
	for (k = 0; k < n_routes && r == 0; k++) {
		s->r[k].conf = &routes[k];
		s->r[k].no_track = has_word(&routes[k].words, "no_track");
		*bad = &routes[k];
		r = vrrp_route_parse(&routes[k].words, ifindex_of, &s->r[k].rt,
				     err, errlen);
		s->n_r++;
	}
	for (k = 0; k < n_rules && r == 0; k++) {
		s->u[k].conf = &rules[k];
		s->u[k].no_track = has_word(&rules[k].words, "no_track");
		*bad = &rules[k];
		r = vrrp_rule_parse(&rules[k].words, &s->u[k].ru, err, errlen);
		s->n_u++;
	}
	if (r < 0)
		vrrp_route_set_free(s);
	return r;
}

void
vrrp_route_set_free(struct vrrp_route_set *s)
{
	free(s->r);
	free(s->u);
	memset(s, 0, sizeof(*s));
}

static int
route_change(struct vrrp_route_item *it, bool add, struct rtnl *r,
	     vrrp_route_err_cb *cb, void *arg)
{
	char msg[RTNL_ERRMSG_MAX];
	struct rtnl_route rt = it->rt;
	int err;

	if (!add)
		rt.scope = RT_SCOPE_NOWHERE;	/* any scope matches */
	err = rtnl_route_change(r, add, &rt, msg, sizeof(msg));
	if (add && err == -EEXIST)
		err = 0;
	if (!add && (err == -ESRCH || err == -ENODEV || err == -ENOENT))
		err = 0;
	if (err < 0 && cb)
		cb(arg, "route", it->conf, add, err, msg);
	if (err == 0)
		it->installed = add;
	return err;
}

static int
rule_change(struct vrrp_rule_item *it, bool add, struct rtnl *r,
	    vrrp_route_err_cb *cb, void *arg)
{
	char msg[RTNL_ERRMSG_MAX];
	int err = rtnl_rule_change(r, add, &it->ru, msg, sizeof(msg));

	if (add && err == -EEXIST)
		err = 0;
	if (!add && (err == -ENOENT || err == -ESRCH))
		err = 0;
	if (err < 0 && cb)
		cb(arg, "rule", it->conf, add, err, msg);
	if (err == 0)
		it->installed = add;
	return err;
}

unsigned
vrrp_route_set_apply(struct vrrp_route_set *s, struct rtnl *r,
		     vrrp_route_err_cb *cb, void *arg)
{
	unsigned fails = 0;
	size_t k;

	for (k = 0; k < s->n_r; k++)
		if (route_change(&s->r[k], true, r, cb, arg) < 0)
			fails++;
	for (k = 0; k < s->n_u; k++)
		if (rule_change(&s->u[k], true, r, cb, arg) < 0)
			fails++;
	return fails;
}

unsigned
vrrp_route_set_withdraw(struct vrrp_route_set *s, struct rtnl *r,
			vrrp_route_err_cb *cb, void *arg)
{
	unsigned fails = 0;
	size_t k;

	for (k = s->n_u; k-- > 0;)
		if (s->u[k].installed && rule_change(&s->u[k], false, r, cb, arg) < 0)
			fails++;
	for (k = s->n_r; k-- > 0;)
		if (s->r[k].installed && route_change(&s->r[k], false, r, cb, arg) < 0)
			fails++;
	return fails;
}

/* ---- deletions seen on the watch socket ---- */

static bool
same_addr(int family, const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, family == AF_INET ? 4 : 16) == 0;
}

static uint32_t
table_of(uint32_t t)
{
	return t ? t : RT_TABLE_MAIN;
}

static bool
route_match(const struct rtnl_route *ours, const struct rtnl_route *k)
{
	return ours->family == k->family && ours->dst_len == k->dst_len &&
	       same_addr(k->family, ours->dst, k->dst) &&
	       table_of(ours->table) == table_of(k->table) &&
	       ours->type == k->type && ours->tos == k->tos &&
	       (!ours->has_metric || (k->has_metric && ours->metric == k->metric));
}

static bool
rule_match(const struct rtnl_rule *ours, const struct rtnl_rule *k)
{
	return ours->family == k->family && ours->action == k->action &&
	       ours->has_from == k->has_from && ours->has_to == k->has_to &&
	       (!ours->has_from || (ours->from_len == k->from_len &&
				    same_addr(k->family, ours->from, k->from))) &&
	       (!ours->has_to || (ours->to_len == k->to_len &&
				  same_addr(k->family, ours->to, k->to))) &&
	       (!ours->has_priority || ours->priority == k->priority) &&
	       (ours->action != FR_ACT_TO_TBL || ours->table == k->table) &&
	       ours->has_fwmark == k->has_fwmark &&
	       (!ours->has_fwmark || ours->fwmark == k->fwmark) &&
	       !strcmp(ours->iif, k->iif) && !strcmp(ours->oif, k->oif);
}

int
vrrp_route_set_deleted(struct vrrp_route_set *s, const struct rtnl_route *rt,
		       const struct rtnl_rule *ru)
{
	size_t k;

	for (k = 0; rt && k < s->n_r; k++) {
		if (!s->r[k].installed || !route_match(&s->r[k].rt, rt))
			continue;
		s->r[k].installed = false;
		return s->r[k].no_track ? -1 : (int)k;
	}
	for (k = 0; ru && k < s->n_u; k++) {
		if (!s->u[k].installed || !rule_match(&s->u[k].ru, ru))
			continue;
		s->u[k].installed = false;
		return s->u[k].no_track ? -1 : (int)k;
	}
	return -1;
}

int
vrrp_route_set_restore(struct vrrp_route_set *s, bool rule, size_t idx,
		       struct rtnl *r, vrrp_route_err_cb *cb, void *arg)
{
	if (rule)
		return idx < s->n_u ? rule_change(&s->u[idx], true, r, cb, arg)
				    : -EINVAL;
	return idx < s->n_r ? route_change(&s->r[idx], true, r, cb, arg) : -EINVAL;
}
