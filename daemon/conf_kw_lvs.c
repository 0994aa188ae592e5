/* conf_kw_lvs.c: keyword tables and handlers of virtual_server_group,
 * virtual_server and real_server (keepalived check/check_parser.c). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_kw.h"

#define VS struct conf_vs
#define RS struct conf_rs

static const char *const proto_names[] = { "TCP", "UDP", "SCTP", NULL };
static const char *const family_names[] = { "inet", "inet6", NULL };
static const char *const fwd_names[] = { "NAT", "DR", "TUN", NULL };
static const char *const tun_names[] = { "ipip", "gue", "gre", NULL };
static const char *const csum_names[] = { "nocsum", "csum", "remcsum", NULL };
static const char *const sched_names[] = { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
	"sh", "sed", "nq", "fo", "ovf", "mh", "twos", NULL };

static int
name_index(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

/* ---- forwarding method: NAT|DR|TUN [type ipip|gue|gre] [port N] [csum opt] ---- */
static int
parse_fwd(struct conf_pctx *p, const struct conf_stmt *st, struct conf_fwd *f)
{
	int m, v;
	size_t i;

	if (conf_need_args(p, st, 1, 6) < 0)
		return -EINVAL;
	if ((m = name_index(fwd_names, st->argv[1])) < 0) {
		conf_err(p, st, "%s: invalid forwarding method '%s'", st->argv[0], st->argv[1]);
		return -EINVAL;
	}
	f->method = m;
	for (i = 2; i < st->argc; i++) {
		if (m != CONF_FWD_TUN) {
			conf_err(p, st, "%s: options are only valid for TUN", st->argv[0]);
			return -EINVAL;
		}
		if (strcmp(st->argv[i], "type") == 0 && i + 1 < st->argc &&
		    (v = name_index(tun_names, st->argv[i + 1])) >= 0) {
			f->tun_type = v;
			i++;
		} else if (strcmp(st->argv[i], "port") == 0 && i + 1 < st->argc) {
			conf_arg_int(p, st, ++i, 1, 65535, &f->tun_port);
		} else if ((v = name_index(csum_names, st->argv[i])) >= 0) {
			f->tun_csum = v;
		} else {
			conf_err(p, st, "%s: invalid tunnel option '%s'", st->argv[0], st->argv[i]);
			return -EINVAL;
		}
	}
	if (f->tun_type == CONF_TUN_GUE && f->tun_port == CONF_UNSET)
		conf_err(p, st, "%s: TUN type gue needs a port", st->argv[0]);
	if (f->tun_type != CONF_TUN_GUE && f->tun_port != CONF_UNSET)
		conf_err(p, st, "%s: port is only valid with TUN type gue", st->argv[0]);
	return 0;
}

void
conf_print_fwd(struct conf_out *o, const char *kw, const struct conf_fwd *f)
{
	char extra[64] = "";

	if (f->method == CONF_UNSET)
		return;
	if (f->method == CONF_FWD_TUN && f->tun_type == CONF_TUN_GUE)
		snprintf(extra, sizeof(extra), " type gue port %lld %s", (long long)f->tun_port,
			 csum_names[f->tun_csum]);
	else if (f->method == CONF_FWD_TUN && f->tun_type != CONF_TUN_IPIP)
		snprintf(extra, sizeof(extra), " type %s %s", tun_names[f->tun_type], csum_names[f->tun_csum]);
	conf_out_line(o, "%s %s%s", kw, fwd_names[f->method], extra);
}

static void
fwd_init(struct conf_fwd *f)
{
	f->method = CONF_UNSET;
	f->tun_type = CONF_TUN_IPIP;
	f->tun_port = CONF_UNSET;
	f->tun_csum = CONF_TUN_NOCSUM;
}

static int kw_vs_fwd(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ return parse_fwd(p, st, &((VS *)obj)->fwd); }
static void pr_vs_fwd(struct conf_out *o, const void *obj)
{ conf_print_fwd(o, "lvs_method", &((const VS *)obj)->fwd); }
static int kw_rs_fwd(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{ return parse_fwd(p, st, &((RS *)obj)->fwd); }
static void pr_rs_fwd(struct conf_out *o, const void *obj)
{ conf_print_fwd(o, "lvs_method", &((const RS *)obj)->fwd); }

static int
kw_sorry_fwd(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	VS *vs = obj;

	if (vs->sorry == NULL) {
		conf_err(p, st, "%s: sorry_server must come first", st->argv[0]);
		return -EINVAL;
	}
	return parse_fwd(p, st, &vs->sorry->fwd);
}

/* ---- tri-state flags (CONF_UNSET = inherit) ---- */
#define TRISTATE(fname, type, field, kw)					\
	static int fname(struct conf_pctx *p, void *obj, const struct conf_stmt *st) \
	{ bool b = true; if (st->argc > 1 && conf_arg_bool(p, st, 1, &b) < 0) return -EINVAL; \
	  ((type *)obj)->field = b; return 0; }				\
	static void pr_##fname(struct conf_out *o, const void *obj)		\
	{ const type *x = obj; if (x->field != CONF_UNSET) conf_out_line(o, "%s %s", kw, x->field ? "on" : "off"); }

TRISTATE(kw_rs_inhibit, RS, inhibit_on_failure, "inhibit_on_failure")
TRISTATE(kw_rs_alpha, RS, alpha, "alpha")

static int
kw_sched(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	if (name_index(sched_names, st->argv[1]) < 0) {
		conf_err(p, st, "%s: unknown scheduler '%s'", st->argv[0], st->argv[1]);
		return -EINVAL;
	}
	conf_str_set(p, &((VS *)obj)->sched, st->argv[1]);
	return 0;
}

static void
pr_sched(struct conf_out *o, const void *obj)
{
	conf_out_line(o, "lvs_sched %s", ((const VS *)obj)->sched);
}

/* persistence_granularity NETMASK (IPv4) or PREFIXLEN */
static int
kw_granularity(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	VS *vs = obj;
	struct conf_addr a;

	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	if (strchr(st->argv[1], '.') == NULL)
		return conf_arg_int(p, st, 1, 1, 128, &vs->persistence_prefix);
	if (conf_addr_parse(st->argv[1], &a) < 0 || a.af != AF_INET) {
		conf_err(p, st, "persistence_granularity: invalid netmask '%s'", st->argv[1]);
		return -EINVAL;
	}
	vs->persistence_granularity = a;
	return 0;
}

static void
pr_granularity(struct conf_out *o, const void *obj)
{
	const VS *vs = obj;
	char a[64];

	if (vs->persistence_granularity.af)
		conf_out_line(o, "persistence_granularity %s",
			      conf_out_addr(&vs->persistence_granularity, a, sizeof(a)));
	else if (vs->persistence_prefix != CONF_UNSET)
		conf_out_line(o, "persistence_granularity %lld", (long long)vs->persistence_prefix);
}

/* "ADDR [PORT]" of a real or sorry server, into a fresh conf_rs. */
static int
rs_address(struct conf_pctx *p, const struct conf_stmt *st, RS *rs)
{
	conf_rs_init(rs);
	conf_loc_set(&rs->loc, st);
	if (conf_need_args(p, st, 1, 2) < 0 || conf_arg_addr(p, st, 1, &rs->addr, NULL) < 0)
		return -EINVAL;
	if (st->argc > 2)
		return conf_arg_int(p, st, 2, 0, 65535, &rs->port);
	rs->port = 0;
	return 0;
}

static int
kw_sorry(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	VS *vs = obj;

	if (vs->sorry == NULL && (vs->sorry = calloc(1, sizeof(*vs->sorry))) == NULL) {
		p->nomem = true;
		return -ENOMEM;
	}
	return rs_address(p, st, vs->sorry);
}

static void
pr_sorry(struct conf_out *o, const void *obj)
{
	const VS *vs = obj;
	char a[64];

	if (vs->sorry == NULL)
		return;
	conf_out_line(o, "sorry_server %s %lld", conf_out_addr(&vs->sorry->addr, a, sizeof(a)),
		      (long long)vs->sorry->port);
	conf_print_fwd(o, "sorry_server_lvs_method", &vs->sorry->fwd);
}

static int
kw_rs(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	VS *vs = obj;
	RS *rs;

	if (!conf_open_block(p, st))
		return -EINVAL;
	rs = conf_push(p, &vs->rs, &vs->n_rs, sizeof(*rs));
	if (rs == NULL) {
		conf_skip_block(p);
		return -ENOMEM;
	}
	if (rs_address(p, st, rs) < 0) {
		conf_skip_block(p);
		return -EINVAL;
	}
	conf_parse_block(p, &conf_rs_block, rs, st);
	return 0;
}

static void
pr_rs(struct conf_out *o, const void *obj)
{
	const VS *vs = obj;
	char a[64];
	size_t i;

	for (i = 0; i < vs->n_rs; i++) {
		const RS *rs = &vs->rs[i];
		conf_out_open(o, "real_server %s %lld", conf_out_addr(&rs->addr, a, sizeof(a)), (long long)rs->port);
		conf_print_fields(o, &conf_rs_block, rs);
		conf_print_checkers(o, rs);
		conf_out_close(o);
	}
}

#define CHECKER_ROWS \
	KW_FN("TCP_CHECK", conf_kw_checker, NULL), KW_FN("HTTP_GET", conf_kw_checker, NULL), \
	KW_FN("SSL_GET", conf_kw_checker, NULL), KW_FN("SMTP_CHECK", conf_kw_checker, NULL), \
	KW_FN("DNS_CHECK", conf_kw_checker, NULL), KW_FN("UDP_CHECK", conf_kw_checker, NULL), \
	KW_FN("PING_CHECK", conf_kw_checker, NULL), KW_FN("MISC_CHECK", conf_kw_checker, NULL), \
	KW_FN("FILE_CHECK", conf_kw_checker, NULL), KW_UNSUP("BFD_CHECK")

static const struct conf_kw rs_kw[] = {
	KW_INT("weight", RS, weight, 0, INT32_MAX),
	KW_FN("lvs_method", kw_rs_fwd, pr_rs_fwd),
	KW_INT("uthreshold", RS, uthreshold, 0, UINT32_MAX),
	KW_INT("lthreshold", RS, lthreshold, 0, UINT32_MAX),
	KW_FN("inhibit_on_failure", kw_rs_inhibit, pr_kw_rs_inhibit),
	KW_ARGV("notify_up", RS, notify_up),
	KW_ARGV("notify_down", RS, notify_down),
	KW_FN("alpha", kw_rs_alpha, pr_kw_rs_alpha),
	KW_INT("retry", RS, retry, 1, UINT32_MAX),
	KW_TIMER("delay_before_retry", RS, delay_before_retry, 0, 86400 * US),
	KW_TIMER("warmup", RS, warmup, 0, 86400 * US),
	KW_TIMER("connect_timeout", RS, connect_timeout, 1, 86400 * US),
	KW_TIMER("delay_loop", RS, delay_loop, 1, 86400 * US),
	KW_TRI("smtp_alert", RS, smtp_alert),
	KW_STR("virtualhost", RS, virtualhost),
	KW_UNSUP("snmp_name"),
	CHECKER_ROWS,
};
const struct conf_block conf_rs_block = CONF_BLOCK("real_server", rs_kw);

void
conf_rs_init(RS *rs)
{
	rs->weight = 1;
	fwd_init(&rs->fwd);
	rs->uthreshold = rs->lthreshold = CONF_UNSET;
	rs->inhibit_on_failure = rs->alpha = CONF_UNSET;
	rs->retry = rs->delay_before_retry = rs->warmup = CONF_UNSET;
	rs->connect_timeout = rs->delay_loop = CONF_UNSET;
}

/* sh-port, sh-fallback, mh-port, mh-fallback and hashed set the scheduler
 * flags; like keepalived they must follow the matching lb_algo. */
static int
kw_sched_flag(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	VS *vs = obj;
	const char *k = st->argv[0];
	const char *want = strcmp(k, "hashed") == 0 || k[0] == 's' ? "sh" : "mh";

	if (st->argc > 1)
		conf_warn(p, st, "%s: extra arguments ignored", k);
	if (strcmp(vs->sched, want) != 0) {
		conf_err(p, st, "%s only applies to the %s scheduler", k, want);
		return -EINVAL;
	}
	if (strcmp(k, "hashed") == 0)
		vs->hashed = true;
	else if (strstr(k, "-port"))
		vs->flag2 = true;
	else
		vs->flag1 = true;
	return 0;
}
#define FLAG_ALIAS(n, f) KW_FN(n, kw_sched_flag, NULL)

static void
pr_hashed(struct conf_out *o, const void *obj)
{
	if (((const VS *)obj)->hashed)
		conf_out_line(o, "hashed");
}
static const struct conf_kw vs_kw[] = {
	KW_ENUM("ip_family", VS, ip_family, family_names),
	KW_INT("retry", VS, retry, 1, UINT32_MAX),
	KW_TIMER("delay_before_retry", VS, delay_before_retry, 0, 86400 * US),
	KW_TIMER("warmup", VS, warmup, 0, 86400 * US),
	KW_TIMER("connect_timeout", VS, connect_timeout, 1, 86400 * US),
	KW_TIMER("delay_loop", VS, delay_loop, 1, 86400 * US),
	KW_FLAG("inhibit_on_failure", VS, inhibit_on_failure),
	KW_FN("lvs_sched", kw_sched, pr_sched),
	KW_FN("lb_algo", kw_sched, NULL),
	KW_FN("hashed", kw_sched_flag, pr_hashed),
	KW_FLAG("ops", VS, ops),
	KW_FLAG("flag-1", VS, flag1), KW_FLAG("flag-2", VS, flag2), KW_FLAG("flag-3", VS, flag3),
	FLAG_ALIAS("sh-port", flag2), FLAG_ALIAS("sh-fallback", flag1),
	FLAG_ALIAS("mh-port", flag2), FLAG_ALIAS("mh-fallback", flag1),
	KW_FN("lvs_method", kw_vs_fwd, pr_vs_fwd),
	KW_FN("lb_kind", kw_vs_fwd, NULL),
	KW_STR("persistence_engine", VS, persistence_engine),
	KW_INT("persistence_timeout", VS, persistence_timeout, 1, UINT32_MAX),
	KW_FN("persistence_granularity", kw_granularity, pr_granularity),
	KW_ENUM("protocol", VS, protocol, proto_names),
	KW_FLAG("ha_suspend", VS, ha_suspend),
	KW_TRI("smtp_alert", VS, smtp_alert),
	KW_STR("virtualhost", VS, virtualhost),
	KW_UNSUP("snmp_name"),
	KW_FLAG("alpha", VS, alpha),
	KW_FLAG("omega", VS, omega),
	KW_ARGV("quorum_up", VS, quorum_up),
	KW_ARGV("quorum_down", VS, quorum_down),
	KW_INT("quorum", VS, quorum, 1, UINT32_MAX),
	KW_INT("hysteresis", VS, hysteresis, 0, UINT32_MAX),
	KW_UNSUP("weight"),
	KW_FN("sorry_server", kw_sorry, pr_sorry),
	KW_FLAG("sorry_server_inhibit", VS, sorry_inhibit),
	KW_FN("sorry_server_lvs_method", kw_sorry_fwd, NULL),
	KW_FN("real_server", kw_rs, pr_rs),
};
const struct conf_block conf_vs_block = CONF_BLOCK("virtual_server", vs_kw);

static void
vs_init(VS *vs)
{
	vs->ip_family = CONF_UNSET;
	vs->delay_loop = 60 * US;
	fwd_init(&vs->fwd);
	vs->persistence_timeout = CONF_UNSET;
	vs->persistence_prefix = CONF_UNSET;
	vs->protocol = CONF_UNSET;
	vs->quorum = 1;
	vs->hysteresis = 0;
	vs->retry = vs->delay_before_retry = vs->warmup = vs->connect_timeout = CONF_UNSET;
	vs->port = vs->fwmark = CONF_UNSET;
}

/* virtual_server ADDR PORT | fwmark N | group NAME */
static int
vs_head(struct conf_pctx *p, const struct conf_stmt *st, VS *vs)
{
	if (conf_need_args(p, st, 2, 2) < 0)
		return -EINVAL;
	if (strcmp(st->argv[1], "fwmark") == 0) {
		vs->kind = CONF_VS_FWMARK;
		return conf_arg_int(p, st, 2, 1, UINT32_MAX, &vs->fwmark);
	}
	if (strcmp(st->argv[1], "group") == 0) {
		vs->kind = CONF_VS_GROUP;
		return conf_arg_str(p, st, 2, &vs->group);
	}
	vs->kind = CONF_VS_ADDR;
	if (conf_arg_addr(p, st, 1, &vs->addr, NULL) < 0)
		return -EINVAL;
	return conf_arg_int(p, st, 2, 0, 65535, &vs->port);
}

/* The real servers' array grew by doubling (10 servers hold 16 slots of
 * 224 bytes): once the block is closed nothing is added to it, so give the
 * tail back to the allocator, for the next blocks to use.  This memory is
 * also the health checker's (it inherits the tree): about 130 bytes per
 * real server with 10 per service.  Never pushed onto again: conf_vec_push
 * assumes a power-of-two capacity. */
static void
vs_rs_fit(VS *vs)
{
	RS *t;

	if (vs->n_rs == 0 || (vs->n_rs & (vs->n_rs - 1)) == 0)
		return;
	if ((t = realloc(vs->rs, vs->n_rs * sizeof(*vs->rs))) != NULL)
		vs->rs = t;
}

int
conf_kw_vs(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	VS *vs;

	if (conf_part_skip(p, st, CONF_PART_LVS))
		return 0;
	if (!conf_open_block(p, st))
		return -EINVAL;
	vs = conf_push(p, &c->vs, &c->n_vs, sizeof(*vs));
	if (vs == NULL) {
		conf_skip_block(p);
		return -ENOMEM;
	}
	vs_init(vs);
	conf_loc_set(&vs->loc, st);
	if (vs_head(p, st, vs) < 0) {
		c->n_vs--;
		free(vs->group);
		conf_skip_block(p);
		return -EINVAL;
	}
	conf_str_set(p, &vs->sched, "wlc");
	conf_parse_block(p, &conf_vs_block, vs, st);
	vs_rs_fit(vs);
	conf_checkers_share(vs);
	return 0;
}

/* ---- virtual_server_group ---- */

/* The end of a range: decimal for IPv4, hex for IPv6 (keepalived). */
static int
range_end(const char *s, int af, int64_t *out)
{
	char *end;
	unsigned long v;

	if (*s == '\0' || *s == '-' || *s == '+')
		return -EINVAL;
	v = strtoul(s, &end, af == AF_INET ? 10 : 16);
	if (*end != '\0' || v > 65535)
		return -EINVAL;
	*out = (int64_t)v;
	return 0;
}

/* ADDR[-END] PORT | fwmark N */
static void
vsg_item(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf_vsg *g = obj;
	struct conf_vsg_entry *e = conf_push(p, &g->e, &g->n_e, sizeof(*e));
	char buf[INET6_ADDRSTRLEN + 8], *dash;
	int64_t last;

	if (e == NULL)
		return;
	conf_loc_set(&e->loc, st);
	e->range_end = e->port = e->fwmark = CONF_UNSET;
	if (strcmp(st->argv[0], "fwmark") == 0) {
		e->is_fwmark = true;
		if (conf_need_args(p, st, 1, 1) < 0 || conf_arg_int(p, st, 1, 1, UINT32_MAX, &e->fwmark) < 0)
			g->n_e--;
		return;
	}
	snprintf(buf, sizeof(buf), "%s", st->argv[0]);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (strlen(st->argv[0]) >= sizeof(buf) - 1 || conf_addr_parse(buf, &e->addr) < 0 ||
	    st->argc != 2 || conf_arg_int(p, st, 1, 0, 65535, &e->port) < 0) {
		conf_err(p, st, "virtual_server_group: invalid entry '%s'", st->argv[0]);
		g->n_e--;
		return;
	}
	if (dash == NULL)
		return;
	last = e->addr.af == AF_INET ? ntohl(e->addr.a.in.s_addr) & 0xff :
		(e->addr.a.in6.s6_addr[14] << 8 | e->addr.a.in6.s6_addr[15]);
	if (range_end(dash + 1, e->addr.af, &e->range_end) < 0 || e->range_end < last ||
	    e->range_end > (e->addr.af == AF_INET ? 255 : 65535)) {
		conf_err(p, st, "virtual_server_group: invalid range '%s'", st->argv[0]);
		g->n_e--;
	}
}

int
conf_kw_vsg(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf *c = obj;
	struct conf_vsg *g;

	if (conf_part_skip(p, st, CONF_PART_LVS))
		return 0;
	if (conf_need_args(p, st, 1, 1) < 0) {
		if (st->open)
			conf_skip_block(p);
		return -EINVAL;
	}
	g = conf_push(p, &c->vsg, &c->n_vsg, sizeof(*g));
	if (g == NULL)
		return -ENOMEM;
	conf_loc_set(&g->loc, st);
	conf_str_set(p, &g->name, st->argv[1]);
	conf_parse_items(p, st, g, vsg_item);
	return 0;
}

void
conf_print_vsg(struct conf_out *o, const struct conf_vsg *g)
{
	char a[64], w[1024];
	size_t i;

	conf_out_open(o, "virtual_server_group %s", conf_out_word(g->name, w, sizeof(w)));
	for (i = 0; i < g->n_e; i++) {
		const struct conf_vsg_entry *e = &g->e[i];
		if (e->is_fwmark)
			conf_out_line(o, "fwmark %lld", (long long)e->fwmark);
		else if (e->range_end != CONF_UNSET)
			conf_out_line(o, e->addr.af == AF_INET ? "%s-%lld %lld" : "%s-%llx %lld",
				      conf_out_addr(&e->addr, a, sizeof(a)),
				      (long long)e->range_end, (long long)e->port);
		else
			conf_out_line(o, "%s %lld", conf_out_addr(&e->addr, a, sizeof(a)), (long long)e->port);
	}
	conf_out_close(o);
}
