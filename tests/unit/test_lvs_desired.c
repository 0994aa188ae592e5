/* test_lvs_desired.c: configuration + health -> desired IPVS table:
 * forwarding methods, groups, families, flags, persistence, quorum,
 * sorry_server, inhibit_on_failure, alpha, dynamic weights. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test_lvs_util.h"
#include "ck_run.h"

struct table_case {
	const char *name;
	const char *conf;
	const char *expect;
};

static const struct table_case table_cases[] = {
	{ "nat",
	  "virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
	  " real_server 192.168.1.2 8080 {\n weight 3\n }\n"
	  " real_server 192.168.1.1 80 {\n weight 1\n }\n}\n",
	  "TCP 10.0.0.1:80 rr\n"
	  "  192.168.1.1:80 NAT w=1\n"
	  "  192.168.1.2:8080 NAT w=3\n" },
	{ "dr-tun-override-thresholds-port-inherit",
	  "virtual_server 10.0.0.2 443 {\n protocol TCP\n lb_algo wlc\n lb_kind DR\n"
	  " real_server 192.168.1.1 443 {\n weight 1\n }\n"
	  " real_server 192.168.1.2 443 {\n lvs_method TUN type gue port 6080 csum\n }\n"
	  " real_server 192.168.1.3 443 {\n lvs_method TUN type gre remcsum\n }\n"
	  " real_server 192.168.1.4 {\n uthreshold 100\n lthreshold 10\n }\n}\n",
	  "TCP 10.0.0.2:443 wlc\n"
	  "  192.168.1.1:443 DR w=1\n"
	  "  192.168.1.2:443 TUN(1,6080,1) w=1\n"
	  "  192.168.1.3:443 TUN(2,0,2) w=1\n"
	  "  192.168.1.4:443 DR w=1 u=100 l=10\n" },
	{ "tun-vs-level",
	  "virtual_server 10.0.0.3 80 {\n protocol TCP\n lb_kind TUN\n"
	  " real_server 192.168.1.1 80 {\n weight 7\n }\n}\n",
	  "TCP 10.0.0.3:80 wlc\n"
	  "  192.168.1.1:80 TUN(0,0,0) w=7\n" },
	{ "group-range-and-fwmark",
	  "virtual_server_group G {\n 10.0.0.1-3 80\n 10.0.1.5 8080\n fwmark 7\n}\n"
	  "virtual_server group G {\n protocol TCP\n lb_algo rr\n lb_kind DR\n"
	  " real_server 192.168.1.1 80 {\n weight 2\n }\n"
	  " real_server 192.168.1.2 {\n weight 2\n }\n}\n",
	  "TCP 10.0.0.1:80 rr\n"
	  "  192.168.1.1:80 DR w=2\n"
	  "  192.168.1.2:80 DR w=2\n"
	  "TCP 10.0.0.2:80 rr\n"
	  "  192.168.1.1:80 DR w=2\n"
	  "  192.168.1.2:80 DR w=2\n"
	  "TCP 10.0.0.3:80 rr\n"
	  "  192.168.1.1:80 DR w=2\n"
	  "  192.168.1.2:80 DR w=2\n"
	  "TCP 10.0.1.5:8080 rr\n"
	  "  192.168.1.1:80 DR w=2\n"
	  "  192.168.1.2:8080 DR w=2\n"
	  "FWM 7 v4 rr\n"
	  "  192.168.1.1:80 DR w=2\n"
	  "  192.168.1.2:0 DR w=2\n" },
	{ "ipv6-persistence-prefix-sh-port",
	  "virtual_server 2001:db8::10 443 {\n protocol TCP\n lb_algo sh\n sh-port\n"
	  " persistence_timeout 600\n persistence_granularity 64\n"
	  " real_server 2001:db8::1 443 {\n weight 1\n }\n}\n",
	  "TCP [2001:db8::10]:443 sh f=0x11 t=600 m=64\n"
	  "  [2001:db8::1]:443 NAT w=1\n" },
	{ "ipv6-group-range",
	  "virtual_server_group G6 {\n 2001:db8::a-c 80\n}\n"
	  "virtual_server group G6 {\n protocol TCP\n lb_algo rr\n"
	  " real_server 2001:db8::1 80 {\n weight 1\n }\n}\n",
	  "TCP [2001:db8::a]:80 rr\n  [2001:db8::1]:80 NAT w=1\n"
	  "TCP [2001:db8::b]:80 rr\n  [2001:db8::1]:80 NAT w=1\n"
	  "TCP [2001:db8::c]:80 rr\n  [2001:db8::1]:80 NAT w=1\n" },
	{ "udp-ops",
	  "virtual_server 10.0.0.5 53 {\n protocol UDP\n ops\n lb_algo rr\n"
	  " real_server 10.1.0.1 53 {\n weight 1\n }\n}\n",
	  "UDP 10.0.0.5:53 rr f=0x4\n"
	  "  10.1.0.1:53 NAT w=1\n" },
	{ "sctp-flags",
	  "virtual_server 10.0.0.5 3868 {\n protocol SCTP\n lb_algo mh\n mh-fallback\n flag-3\n"
	  " real_server 10.1.0.1 3868 {\n weight 1\n }\n}\n",
	  "SCTP 10.0.0.5:3868 mh f=0x28\n"
	  "  10.1.0.1:3868 NAT w=1\n" },
	{ "persistence-v4-netmask",
	  "virtual_server 10.0.0.6 80 {\n protocol TCP\n persistence_timeout 300\n"
	  " persistence_granularity 255.255.255.0\n"
	  " real_server 10.1.0.1 80 {\n weight 1\n }\n}\n",
	  "TCP 10.0.0.6:80 wlc f=0x1 t=300 m=0xffffff00\n"
	  "  10.1.0.1:80 NAT w=1\n" },
	{ "fwmark-inet6",
	  "virtual_server fwmark 9 {\n ip_family inet6\n lb_algo rr\n"
	  " real_server 2001:db8::2 80 {\n weight 5\n }\n}\n",
	  "FWM 9 v6 rr\n"
	  "  [2001:db8::2]:80 NAT w=5\n" },
	{ "fwmark-family-from-rs",
	  "virtual_server fwmark 3 {\n lb_algo lc\n"
	  " real_server 10.9.0.1 80 {\n weight 1\n }\n}\n",
	  "FWM 3 v4 lc\n"
	  "  10.9.0.1:80 NAT w=1\n" },
	{ "no-protocol-is-udp-as-keepalived",
	  "virtual_server 10.0.0.7 80 {\n lb_algo rr\n"
	  " real_server 10.1.0.1 80 {\n weight 1\n }\n}\n",
	  "UDP 10.0.0.7:80 rr\n"
	  "  10.1.0.1:80 NAT w=1\n" },
	{ "weight-zero-configured",
	  "virtual_server 10.0.0.8 80 {\n protocol TCP\n"
	  " real_server 10.1.0.1 80 {\n weight 0\n }\n"
	  " real_server 10.1.0.2 80 {\n weight 65535\n }\n}\n",
	  "TCP 10.0.0.8:80 wlc\n"
	  "  10.1.0.1:80 NAT w=0\n"
	  "  10.1.0.2:80 NAT w=65535\n" },
	{ "alpha-checker-starts-down",
	  "virtual_server 10.0.0.9 80 {\n protocol TCP\n alpha\n"
	  " real_server 10.1.0.1 80 {\n TCP_CHECK {\n connect_timeout 3\n }\n }\n"
	  " real_server 10.1.0.2 80 {\n weight 2\n }\n"
	  " real_server 10.1.0.3 80 {\n inhibit_on_failure\n TCP_CHECK {\n }\n }\n}\n",
	  "TCP 10.0.0.9:80 wlc\n"
	  "  10.1.0.2:80 NAT w=2\n"
	  "  10.1.0.3:80 NAT w=0\n" },
	{ "no-alpha-checker-starts-up",
	  "virtual_server 10.0.0.10 80 {\n protocol TCP\n"
	  " real_server 10.1.0.1 80 {\n TCP_CHECK {\n }\n }\n}\n",
	  "TCP 10.0.0.10:80 wlc\n"
	  "  10.1.0.1:80 NAT w=1\n" },
	{ "alpha-sorry-at-start",
	  "virtual_server 10.0.0.11 80 {\n protocol TCP\n alpha\n sorry_server 10.2.0.1 8080\n"
	  " real_server 10.1.0.1 80 {\n TCP_CHECK {\n }\n }\n}\n",
	  "TCP 10.0.0.11:80 wlc\n"
	  "  10.2.0.1:8080 NAT w=1\n" },
	{ "sorry-duplicates-inhibited-rs",
	  "virtual_server 10.0.0.13 80 {\n protocol TCP\n alpha\n sorry_server 10.1.0.1 80\n"
	  " real_server 10.1.0.1 80 {\n inhibit_on_failure\n TCP_CHECK {\n }\n }\n}\n",
	  "TCP 10.0.0.13:80 wlc\n"
	  "  10.1.0.1:80 NAT w=1\n" },
	{ "sorry-inhibit-quorum-up",
	  "virtual_server 10.0.0.12 80 {\n protocol TCP\n sorry_server 10.2.0.1 80\n sorry_server_inhibit\n"
	  " real_server 10.1.0.1 80 {\n weight 1\n }\n}\n",
	  "TCP 10.0.0.12:80 wlc\n"
	  "  10.1.0.1:80 NAT w=1\n"
	  "  10.2.0.1:80 NAT w=0\n" },
};

START_TEST(test_table_cases)
{
	const struct table_case *tc = &table_cases[_i];
	struct conf *conf = lvs_t_conf(tc->conf);
	struct lvs_table t;
	char *got;

	lvs_t_desired(conf, &t);
	got = lvs_t_table(&t);
	ck_assert_msg(strcmp(got, tc->expect) == 0, "%s:\n--- got\n%s--- want\n%s",
		      tc->name, got, tc->expect);
	free(got);
	lvs_table_free(&t);
	conf_free(conf);
}
END_TEST

/* ---- quorum / sorry server / inhibit transitions ---- */

/* Three servers of weight 2, quorum 4, hysteresis 1: up at >= 5, down
 * below 3. */
static const char quorum_conf[] =
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 4\n hysteresis 1\n%s"
	" real_server 10.1.0.1 80 {\n weight 2\n%s }\n"
	" real_server 10.1.0.2 80 {\n weight 2\n%s }\n"
	" real_server 10.1.0.3 80 {\n weight 2\n%s }\n}\n";

struct step {
	unsigned up;		/* bit i: real server i up */
	int event;		/* -1 none, else enum lvs_event_type */
	bool quorum_up;
	const char *dests;	/* dump lines of the one service, without the header */
};

struct quorum_case {
	const char *name;
	const char *vs_extra;	/* lines inside virtual_server */
	const char *rs_extra;	/* lines inside each real_server */
	struct step steps[8];
	size_t n_steps;
};

#define D1 "  10.1.0.1:80 NAT w=2\n"
#define D2 "  10.1.0.2:80 NAT w=2\n"
#define D3 "  10.1.0.3:80 NAT w=2\n"
#define I1 "  10.1.0.1:80 NAT w=0\n"
#define I2 "  10.1.0.2:80 NAT w=0\n"
#define I3 "  10.1.0.3:80 NAT w=0\n"
#define SS "  10.2.0.1:80 NAT w=1\n"
#define SI "  10.2.0.1:80 NAT w=0\n"

static const struct quorum_case quorum_cases[] = {
	{ "sorry-remove", " sorry_server 10.2.0.1 80\n", "", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* start: "Gained quorum" */
		{ 6, -1, true, D2 D3 },			/* 4: above 3, stays up */
		{ 4, LVS_EV_QUORUM_DOWN, false, SS },	/* 2 < 3: sorry, live removed */
		{ 6, -1, false, SS },			/* 4 < 5: hysteresis holds */
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* 6 >= 5 */
		{ 0, LVS_EV_QUORUM_DOWN, false, SS },
		{ 0, -1, false, SS },
	}, 7 },
	{ "sorry-inhibit-on-failure", " sorry_server 10.2.0.1 80\n inhibit_on_failure\n", "", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* start: "Gained quorum" */
		{ 6, -1, true, I1 D2 D3 },
		{ 4, LVS_EV_QUORUM_DOWN, false, I1 I2 I3 SS },
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },
	}, 4 },
	{ "sorry-server-inhibit", " sorry_server 10.2.0.1 80\n sorry_server_inhibit\n", "", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 SI },	/* start: "Gained quorum" */
		{ 1, LVS_EV_QUORUM_DOWN, false, SS },
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 SI },
	}, 3 },
	{ "no-sorry-live-stay", "", "", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* start: "Gained quorum" */
		{ 1, LVS_EV_QUORUM_DOWN, false, D1 },	/* no sorry: live servers stay */
		{ 3, -1, false, D1 D2 },
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },
	}, 4 },
	{ "rs-level-inhibit", "", " inhibit_on_failure\n", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* start: "Gained quorum" */
		{ 5, -1, true, D1 I2 D3 },
	}, 2 },
	{ "rs-inhibit-off-overrides-vs", " inhibit_on_failure\n", " inhibit_on_failure off\n", {
		{ 7, LVS_EV_QUORUM_UP, true, D1 D2 D3 },	/* start: "Gained quorum" */
		{ 5, -1, true, D1 D3 },		/* 4 >= 3: still up; RS 2 removed */
	}, 2 },
};

static void
set_up_mask(struct lvs_health *h, unsigned mask)
{
	size_t i;

	for (i = 0; i < 3; i++)
		lvs_health_at(h, 0, i)->up = (mask >> i) & 1;
}

static void
check_step(const struct quorum_case *qc, size_t k, const struct conf *conf,
	   struct lvs_health *h, struct lvs_state *st)
{
	const struct step *s = &qc->steps[k];
	struct lvs_events ev = { 0 };
	struct lvs_table t;
	char want[1024], *got;

	set_up_mask(h, s->up);
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_desired_build(conf, h, st, &t, &ev), 0);
	if (s->event < 0)
		ck_assert_msg(ev.n == 0, "%s step %zu: unexpected event", qc->name, k);
	else {
		ck_assert_msg(ev.n == 1, "%s step %zu: %zu events", qc->name, k, ev.n);
		ck_assert_int_eq(ev.v[0].type, s->event);
		/* keepalived starts with quorum down: step 0 is an init event */
		ck_assert(ev.v[0].init == (k == 0));
	}
	ck_assert_msg(st->q[0].up == s->quorum_up, "%s step %zu: quorum", qc->name, k);
	snprintf(want, sizeof(want), "TCP 10.0.0.1:80 wlc\n%s", s->dests);
	got = lvs_t_table(&t);
	ck_assert_msg(strcmp(got, want) == 0, "%s step %zu:\n--- got\n%s--- want\n%s",
		      qc->name, k, got, want);
	free(got);
	lvs_table_free(&t);
	lvs_events_free(&ev);
}

START_TEST(test_quorum_cases)
{
	const struct quorum_case *qc = &quorum_cases[_i];
	char text[2048];
	struct conf *conf;
	struct lvs_health h;
	struct lvs_state st;
	size_t k;

	snprintf(text, sizeof(text), quorum_conf, qc->vs_extra, qc->rs_extra, qc->rs_extra,
		 qc->rs_extra);
	conf = lvs_t_conf(text);
	ck_assert_int_eq(lvs_health_init(&h, conf), 0);
	ck_assert_int_eq(lvs_state_init(&st, conf->n_vs), 0);
	for (k = 0; k < qc->n_steps; k++)
		check_step(qc, k, conf, &h, &st);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(conf);
}
END_TEST

/* Starting below quorum: with a sorry server keepalived reports "starting
 * with quorum down" (an init event); without one nothing is reported. */
START_TEST(test_quorum_init)
{
	static const char *const confs[2] = {
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 3\n sorry_server 10.2.0.1 80\n"
		" real_server 10.1.0.1 80 {\n weight 1\n }\n}\n",
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 3\n"
		" real_server 10.1.0.1 80 {\n weight 1\n }\n}\n",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		struct conf *conf = lvs_t_conf(confs[i]);
		struct lvs_health h;
		struct lvs_state st;
		struct lvs_events ev = { 0 };
		struct lvs_table t;

		ck_assert_int_eq(lvs_health_init(&h, conf), 0);
		ck_assert_int_eq(lvs_state_init(&st, 1), 0);
		lvs_table_init(&t);
		ck_assert_int_eq(lvs_desired_build(conf, &h, &st, &t, &ev), 0);
		ck_assert(!st.q[0].up);
		if (i == 0) {
			ck_assert_uint_eq(ev.n, 1);
			ck_assert_int_eq(ev.v[0].type, LVS_EV_QUORUM_DOWN);
			ck_assert(ev.v[0].init);
			ck_assert_int_eq(ev.v[0].weight_sum, 1);
			ck_assert_int_eq(ev.v[0].threshold, 3);
		} else {
			ck_assert_uint_eq(ev.n, 0);
		}
		lvs_table_free(&t);
		lvs_events_free(&ev);
		lvs_state_free(&st);
		lvs_health_free(&h);
		conf_free(conf);
	}
}
END_TEST

/* MISC_CHECK misc_dynamic: the checker's weight replaces the configured
 * one, counts in the quorum sum, and is clamped to 0..65535. */
START_TEST(test_dynamic_weight)
{
	struct conf *conf = lvs_t_conf(
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 10\n"
		" real_server 10.1.0.1 80 {\n weight 3\n MISC_CHECK {\n misc_path /bin/true\n"
		" misc_dynamic\n }\n }\n}\n");
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table t;
	struct lvs_rs_health *rh;

	ck_assert_int_eq(lvs_health_init(&h, conf), 0);
	ck_assert_int_eq(lvs_state_init(&st, 1), 0);
	rh = lvs_health_at(&h, 0, 0);
	ck_assert_ptr_nonnull(rh);
	ck_assert_ptr_null(lvs_health_at(&h, 0, 1));
	ck_assert_ptr_null(lvs_health_at(&h, 1, 0));
	rh->has_weight = true;
	rh->weight = 12;
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_desired_build(conf, &h, &st, &t, &ev), 0);
	ck_assert(st.q[0].up);
	ck_assert_int_eq(t.v[0].d[0].weight, 12);
	lvs_table_free(&t);
	rh->weight = 100000;
	ck_assert_int_eq(lvs_rs_weight(&conf->vs[0].rs[0], rh), 65535);
	rh->weight = -5;
	ck_assert_int_eq(lvs_rs_weight(&conf->vs[0].rs[0], rh), 0);
	lvs_events_free(&ev);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(conf);
}
END_TEST

/* Health/state sized for another configuration are refused. */
START_TEST(test_mismatch)
{
	struct conf *conf = lvs_t_conf("virtual_server 10.0.0.1 80 {\n protocol TCP\n"
				       " real_server 10.1.0.1 80 {\n weight 1\n }\n}\n");
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table t;

	ck_assert_int_eq(lvs_health_init(&h, conf), 0);
	ck_assert_int_eq(lvs_state_init(&st, 2), 0);
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_desired_build(conf, &h, &st, &t, &ev), -EINVAL);
	lvs_table_free(&t);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(conf);
}
END_TEST

/* omega: quorum_down runs at stop only for virtual servers with omega. */
START_TEST(test_stop_events)
{
	struct conf *conf = lvs_t_conf(
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n omega\n real_server 10.1.0.1 80 {\n weight 1\n }\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n real_server 10.1.0.1 80 {\n weight 1\n }\n}\n");
	struct lvs_events ev = { 0 };

	ck_assert_int_eq(lvs_quorum_stop_events(conf, &ev), 0);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(ev.v[0].vs, 0);
	ck_assert_int_eq(ev.v[0].type, LVS_EV_QUORUM_DOWN);
	ck_assert(ev.v[0].stopping);
	lvs_events_free(&ev);
	conf_free(conf);
}
END_TEST

/* The owned set lists every configured server whatever its health. */
START_TEST(test_services_build)
{
	struct conf *conf = lvs_t_conf(
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n alpha\n sorry_server 10.2.0.1 80\n"
		" real_server 10.1.0.1 80 {\n TCP_CHECK {\n }\n }\n}\n");
	struct lvs_table t;
	char *got;

	lvs_table_init(&t);
	ck_assert_int_eq(lvs_services_build(conf, &t), 0);
	got = lvs_t_table(&t);
	ck_assert_str_eq(got, "TCP 10.0.0.1:80 wlc\n  10.1.0.1:80 NAT w=0\n  10.2.0.1:80 NAT w=0\n");
	free(got);
	lvs_table_free(&t);
	conf_free(conf);
}
END_TEST

/* Reload: health and quorum state follow the same virtual/real servers
 * into the new tree; new servers take their start state. */
START_TEST(test_reload_migrate)
{
	struct conf *oldc = lvs_t_conf(
		"virtual_server 10.0.0.9 80 {\n protocol TCP\n real_server 10.1.0.9 80 {\n weight 1\n }\n}\n"
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 2\n sorry_server 10.2.0.1 80\n"
		" real_server 10.1.0.1 80 {\n weight 1\n TCP_CHECK {\n }\n }\n"
		" real_server 10.1.0.2 80 {\n weight 1\n TCP_CHECK {\n }\n }\n}\n");
	struct conf *newc = lvs_t_conf(
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 2\n sorry_server 10.2.0.1 80\n"
		" real_server 10.1.0.3 80 {\n weight 1\n alpha\n TCP_CHECK {\n }\n }\n"
		" real_server 10.1.0.2 80 {\n weight 1\n TCP_CHECK {\n }\n }\n}\n");
	struct lvs_health oh, nh;
	struct lvs_state os, ns;
	struct lvs_events ev = { 0 };
	struct lvs_table t;

	ck_assert_int_eq(lvs_health_init(&oh, oldc), 0);
	ck_assert_int_eq(lvs_state_init(&os, oldc->n_vs), 0);
	lvs_health_at(&oh, 1, 1)->up = false;	/* 10.1.0.2 down */
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_desired_build(oldc, &oh, &os, &t, &ev), 0);
	lvs_table_free(&t);
	ck_assert(!os.q[1].up);
	ck_assert(os.q[0].up);

	ck_assert_int_eq(lvs_health_init(&nh, newc), 0);
	ck_assert_int_eq(lvs_state_init(&ns, newc->n_vs), 0);
	lvs_health_migrate(oldc, &oh, newc, &nh);
	lvs_state_migrate(oldc, &os, newc, &ns);
	ck_assert(!lvs_health_at(&nh, 0, 0)->up);	/* new, alpha */
	ck_assert(!lvs_health_at(&nh, 0, 1)->up);	/* carried over */
	ck_assert(ns.q[0].known);
	ck_assert(!ns.q[0].up);
	lvs_events_free(&ev);
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_desired_build(newc, &nh, &ns, &t, &ev), 0);
	ck_assert_uint_eq(ev.n, 0);	/* no init event again after a reload */
	ck_assert_uint_eq(t.v[0].n_d, 1);	/* the sorry server only */
	lvs_table_free(&t);
	lvs_events_free(&ev);
	lvs_state_free(&ns);
	lvs_state_free(&os);
	lvs_health_free(&nh);
	lvs_health_free(&oh);
	conf_free(newc);
	conf_free(oldc);
}
END_TEST

static Suite *
lvs_desired_suite(void)
{
	Suite *s = suite_create("lvs_desired");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_table_cases, 0, sizeof(table_cases) / sizeof(table_cases[0]));
	tcase_add_loop_test(tc, test_quorum_cases, 0, sizeof(quorum_cases) / sizeof(quorum_cases[0]));
	tcase_add_test(tc, test_quorum_init);
	tcase_add_test(tc, test_dynamic_weight);
	tcase_add_test(tc, test_mismatch);
	tcase_add_test(tc, test_stop_events);
	tcase_add_test(tc, test_services_build);
	tcase_add_test(tc, test_reload_migrate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(lvs_desired_suite());
}
