/* parent_sync.c: one reconciliation pass of the parent, the quorum scripts
 * it triggers, and the kernel-wide settings (timeouts). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_nl.h"
#include "log.h"
#include "names.h"
#include "parent.h"
#include "parent_health.h"
#include "parent_vrrp.h"
#include "sdnotify.h"
#include "smtp_lvs.h"

#define RETRY_MS 1000

static const char *
svc_str(const struct ipvs_service *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN + 1];

	if (s->fwmark != 0) {
		snprintf(buf, len, "FWM %u/%s", s->fwmark, s->af == AF_INET6 ? "inet6" : "inet");
		return buf;
	}
	inet_ntop(s->af, &s->addr, a, sizeof(a));
	snprintf(buf, len, "%s [%s]:%u", s->protocol == IPPROTO_UDP ? "UDP" :
		 s->protocol == IPPROTO_SCTP ? "SCTP" : "TCP", a, s->port);
	return buf;
}

static void
log_ops(const struct lvs_ops *ops)
{
	char sb[NAMES_LEN], a[INET6_ADDRSTRLEN + 1];
	size_t i;

	if (log_get_level() < LOG_LVL_DEBUG)
		return;
	for (i = 0; i < ops->n; i++) {
		const struct lvs_op *op = &ops->v[i];

		svc_str(&op->svc, sb, sizeof(sb));
		if (op->op == IPVS_OP_DEST_ADD || op->op == IPVS_OP_DEST_EDIT ||
		    op->op == IPVS_OP_DEST_DEL) {
			inet_ntop(op->dest.af, &op->dest.addr, a, sizeof(a));
			log_debug("ipvs op %zu: %s %s -> [%s]:%u weight %d", i,
				  lvs_op_name(op->op), sb, a, op->dest.port, op->dest.weight);
		} else {
			log_debug("ipvs op %zu: %s %s", i, lvs_op_name(op->op), sb);
		}
	}
}

static void
log_result(struct parent *p, const struct lvs_ops *ops, const struct lvs_apply_result *res,
	   const char *why)
{
	char sb[NAMES_LEN];
	size_t i;

	p->st.ops_sent += res->sent;
	p->st.ops_failed += res->failed;
	p->st.last_ops = res->sent;
	log_info("ipvs sync (%s): %zu operation%s applied, %zu failed", why, res->sent,
		 res->sent == 1 ? "" : "s", res->failed);
	for (i = 0; i < res->n_err; i++) {
		const struct lvs_apply_err *e = &res->err[i];

		log_warnx("ipvs: %s %s failed: %s%s%s", lvs_op_name(e->op),
			  e->index < ops->n ? svc_str(&ops->v[e->index].svc, sb, sizeof(sb)) : "?",
			  ipvs_strerror(e->op, e->err), e->extack[0] ? ": " : "", e->extack);
	}
}

void
parent_quorum_events(struct parent *p, const struct lvs_events *ev)
{
	char name[NAMES_LEN], what[NAMES_LEN + 32];
	size_t i;

	for (i = 0; i < ev->n; i++) {
		const struct lvs_event *e = &ev->v[i];
		const struct conf_vs *vs;
		bool up = e->type == LVS_EV_QUORUM_UP;
		int r;

		if (e->vs >= p->conf->n_vs)
			continue;
		vs = &p->conf->vs[e->vs];
		names_vs(vs, name, sizeof(name));
		if (up)
			log_info("Gained quorum %lld+%lld=%lld <= %lld for VS %s",
				 (long long)vs->quorum, (long long)vs->hysteresis,
				 (long long)e->threshold, (long long)e->weight_sum, name);
		else
			log_info("%s quorum %lld-%lld=%lld > %lld for VS %s",
				 e->init ? "Starting with" : e->stopping ? "Stopping with" : "Lost",
				 (long long)vs->quorum, (long long)vs->hysteresis,
				 (long long)e->threshold, (long long)e->weight_sum, name);
		snprintf(what, sizeof(what), "%s of VS %s", up ? "quorum_up" : "quorum_down", name);
		r = script_run(&p->scripts, p->loop, up ? &vs->quorum_up : &vs->quorum_down, what);
		if (r < 0)
			log_warnx("%s: cannot run: %s", what, strerror(-r));
		parent_notify_vs(p, e->vs, up);
		smtp_lvs_vs(p, e);
	}
}

static void
retry_cb(struct event_timer *t, void *arg)
{
	(void)t;
	parent_sync(arg, NULL, false, "retry");
}

/* The kernel table to diff against: the cache, read from the kernel when
 * there is none. */
static int
sync_current(struct parent *p, const char *why)
{
	int r;

	if (p->kcache_ok)
		return 0;
	lvs_table_free(&p->kcache);
	if ((r = lvs_kernel_load(p->nl, &p->kcache)) < 0) {
		log_warnx("ipvs sync (%s): cannot read the kernel table: %s", why, strerror(-r));
		return r;
	}
	p->kcache_ok = true;
	return 0;
}

/* After a pass where every operation succeeded: the kernel table now.
 * From an empty kernel table that is exactly @want (the diff added every
 * service and destination of it and nothing else): take it over instead
 * of replaying 10,000 additions into a second copy (at start, with large
 * tables, that copy costs more than the netlink work).  Otherwise replay
 * the operations on the cache.  0, or <0 when the cache must be dropped. */
static int
sync_cache_update(struct parent *p, struct lvs_table *want, const struct lvs_ops *ops)
{
	if (p->kcache.n == 0) {
		lvs_table_free(&p->kcache);
		p->kcache = *want;
		lvs_table_init(want);
		return 0;
	}
	return lvs_table_apply_ops(&p->kcache, ops);
}

/* Diff against the kernel (cached) table + apply, then bring the cache up
 * to date, or drop it when anything failed.  May take @want's entries over
 * (it is then empty). */
static int
sync_apply(struct parent *p, struct lvs_table *want, const struct lvs_table *owned,
	   bool flush, const char *why)
{
	struct lvs_ops ops = { 0 };
	struct lvs_apply_result res = { 0 };
	int r;

	if ((r = sync_current(p, why)) < 0)
		goto out;
	if ((r = lvs_diff(&p->kcache, want, owned, flush, &ops)) < 0)
		goto out;
	log_ops(&ops);
	if (ops.n > 0) {
		r = lvs_apply(p->nl, &ops, &res);
		log_result(p, &ops, &res, why);
		if (r < 0)
			log_warnx("ipvs sync (%s): transport failure: %s", why, strerror(-r));
		if (r < 0 || res.failed > 0 || sync_cache_update(p, want, &ops) < 0)
			p->kcache_ok = false;
	} else {
		p->st.last_ops = 0;
		log_info("ipvs sync (%s): 0 operations applied, 0 failed", why);
	}
out:
	if (r < 0)
		p->kcache_ok = false;
	lvs_apply_result_free(&res);
	lvs_ops_free(&ops);
	return r;
}

int
parent_sync(struct parent *p, const struct lvs_table *owned, bool flush, const char *why)
{
	struct lvs_table want = { 0 };
	struct lvs_events ev = { 0 };
	int r;

	if (p->o->lvs_disabled)
		return 0;	/* -P: the IPVS table is not ours */
	event_timer_cancel(&p->t_retry);
	p->st.syncs++;
	r = lvs_desired_build(p->conf, &p->health, &p->state, &want, &ev);
	if (r == 0) {
		drain_apply(p->conf, &p->drains, &want);
		r = sync_apply(p, &want, owned, flush, why);
	} else {
		log_warnx("ipvs sync (%s): cannot build the table: %s", why, strerror(-r));
	}
	parent_quorum_events(p, &ev);
	lvs_events_free(&ev);
	lvs_table_free(&want);
	if (r == 0 && !p->first_sync_done) {	/* the first complete kernel table */
		p->first_sync_done = true;
		sdnotify_ready(NULL);
	}
	if (r < 0 && !p->stopping)
		event_timer_add_ms(p->loop, &p->t_retry, RETRY_MS, retry_cb, p);
	parent_vrrp_ready_update(p);
	return r;
}

int
parent_rs_state_init(struct parent *p)
{
	size_t n = p->health.n_vs ? p->health.first[p->health.n_vs] : 0;

	free(p->rs);
	p->rs = calloc(n ? n : 1, sizeof(*p->rs));
	if (p->rs == NULL)
		return -ENOMEM;
	return parent_health_checked_reset(p);
}

/* Set @t, remembering the kernel's values the first time (keepalived
 * restores them on a reload without lvs_timeouts and at stop). */
static void
set_timeouts(struct parent *p, const struct ipvs_timeouts *t, const char *what)
{
	int r;

	if (!p->timeouts_saved) {
		if ((r = ipvs_nl_timeout_get(p->nl, &p->orig_timeouts)) < 0) {
			log_warnx("lvs_timeouts: cannot read the kernel's values: %s", strerror(-r));
			return;
		}
		p->timeouts_saved = true;
	}
	if ((r = ipvs_nl_timeout_set(p->nl, t)) < 0)
		log_warnx("lvs_timeouts: cannot set tcp %u tcpfin %u udp %u: %s",
			  t->tcp, t->tcp_fin, t->udp, strerror(-r));
	else
		log_info("lvs_timeouts: %s tcp %u tcpfin %u udp %u (0: unchanged)", what,
			 t->tcp, t->tcp_fin, t->udp);
}

void
parent_apply_timeouts(struct parent *p)
{
	const struct conf_global *g = &p->conf->global;
	struct ipvs_timeouts t = { 0 };

	if (g->lvs_timeout_tcp != CONF_UNSET)
		t.tcp = (uint32_t)g->lvs_timeout_tcp;
	if (g->lvs_timeout_tcpfin != CONF_UNSET)
		t.tcp_fin = (uint32_t)g->lvs_timeout_tcpfin;
	if (g->lvs_timeout_udp != CONF_UNSET)
		t.udp = (uint32_t)g->lvs_timeout_udp;
	if (t.tcp != 0 || t.tcp_fin != 0 || t.udp != 0)
		set_timeouts(p, &t, "set");
	else
		parent_restore_timeouts(p);
}

void
parent_restore_timeouts(struct parent *p)
{
	if (!p->timeouts_saved)
		return;
	set_timeouts(p, &p->orig_timeouts, "restored");
	p->timeouts_saved = false;
}

void
parent_report_conf(const struct parent *p)
{
	const struct conf *c = p->conf;

	/* both are the VRRP child's (vrrp_net.h), as in keepalived */
	if (p->o->vrrp_disabled &&
	    (c->n_static_ip > 0 || c->n_static_route > 0 || c->n_static_rule > 0))
		log_warnx("static_ipaddress/static_routes/static_rules are handled "
			  "by the VRRP process: ignored with -C");
	if (p->o->vrrp_disabled && c->global.lvs_sync_daemon.ifname != NULL)
		log_warnx("lvs_sync_daemon follows a VRRP instance: ignored with -C "
			  "(start the IPVS sync daemon with ipvsctl --start-daemon)");
	if (c->n_vs == 0)
		log_info("the configuration has no virtual_server");
}
