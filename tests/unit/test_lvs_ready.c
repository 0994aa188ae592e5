/* test_lvs_ready.c: readiness of VRRP instances fronting virtual servers
 * (daemon/lvs_ready.h) and the vrrp_lvs_ready_guard keyword, on small
 * parsed configurations. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvs_ready.h"
#include "test_lvs_util.h"
#include "ck_run.h"

#define GLOBAL_OFF "global_defs {\n vrrp_lvs_ready_guard off\n}\n"

/* Two instances: VI_WEB fronts 10.0.0.10:80 (2 real servers, quorum 2)
 * and the group "g" (10.0.0.20-22:443); VI_OTHER fronts nothing; fwmark 7
 * is fronted by nobody. */
static const char base_conf[] =
	"vrrp_instance VI_WEB {\n"
	" interface eth0\n virtual_router_id 1\n priority 150\n"
	" virtual_ipaddress {\n  10.0.0.10/24\n }\n"
	" virtual_ipaddress_excluded {\n  10.0.0.21\n }\n"
	"}\n"
	"vrrp_instance VI_OTHER {\n"
	" interface eth0\n virtual_router_id 2\n"
	" virtual_ipaddress {\n  10.0.0.99/24\n }\n"
	"}\n"
	"virtual_server_group g {\n 10.0.0.20-22 443\n fwmark 9\n}\n"
	"virtual_server 10.0.0.10 80 {\n protocol TCP\n quorum 2\n"
	" real_server 192.168.1.1 80 {\n  weight 1\n  TCP_CHECK {\n  }\n }\n"
	" real_server 192.168.1.2 80 {\n  weight 1\n  TCP_CHECK {\n  }\n }\n"
	"}\n"
	"virtual_server group g {\n protocol TCP\n"
	" real_server 192.168.1.3 443 {\n }\n"
	"}\n"
	"virtual_server fwmark 7 {\n"
	" real_server 192.168.1.4 80 {\n  TCP_CHECK {\n  }\n }\n"
	"}\n";

struct fx {
	struct conf *c;
	struct lvs_health h;
	bool *checked;
};

static void
fx_load(struct fx *f, const char *text)
{
	size_t n;

	f->c = lvs_t_conf(text);
	ck_assert_int_eq(lvs_health_init(&f->h, f->c), 0);
	n = f->h.first[f->h.n_vs];
	f->checked = calloc(n ? n : 1, sizeof(*f->checked));
	ck_assert_ptr_nonnull(f->checked);
}

static void
fx_free(struct fx *f)
{
	free(f->checked);
	lvs_health_free(&f->h);
	conf_free(f->c);
}

static void
set(struct fx *f, size_t vs, size_t rs, bool up, bool checked)
{
	lvs_health_at(&f->h, vs, rs)->up = up;
	f->checked[f->h.first[vs] + rs] = checked;
}

START_TEST(t_fronts)
{
	struct fx f;

	fx_load(&f, base_conf);
	ck_assert(lvs_ready_fronts(f.c, 0, 0));		/* VIP = VS address */
	ck_assert(lvs_ready_fronts(f.c, 0, 1));		/* excluded VIP in group range */
	ck_assert(!lvs_ready_fronts(f.c, 0, 2));	/* fwmark */
	ck_assert(!lvs_ready_fronts(f.c, 1, 0));
	ck_assert(!lvs_ready_fronts(f.c, 1, 1));
	ck_assert(!lvs_ready_fronts(f.c, 2, 0));	/* out of range */
	ck_assert(!lvs_ready_fronts(f.c, 0, 3));
	fx_free(&f);
}
END_TEST

START_TEST(t_fronts_ranges_v6)
{
	struct fx f;

	fx_load(&f,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  2001:db8::1a/64\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"
		" virtual_ipaddress {\n  10.0.0.23/24\n }\n"
		" virtual_ipaddress_excluded {\n  2001:db8::1:1a/64\n }\n}\n"
		"virtual_server_group g6 {\n 2001:db8::10-1f 80\n}\n"
		"virtual_server_group g4 {\n 10.0.0.20-22 80\n}\n"
		"virtual_server group g6 {\n real_server 2001:db8::99 80 {\n }\n}\n"
		"virtual_server group g4 {\n real_server 10.0.1.1 80 {\n }\n}\n");
	ck_assert(lvs_ready_fronts(f.c, 0, 0));		/* ::1a in ::10-1f */
	ck_assert(!lvs_ready_fronts(f.c, 1, 0));	/* other prefix */
	ck_assert(!lvs_ready_fronts(f.c, 1, 1));	/* .23 past .22 */
	ck_assert(!lvs_ready_fronts(f.c, 0, 1));
	fx_free(&f);
}
END_TEST

START_TEST(t_vs_first_round_and_quorum)
{
	struct fx f;

	fx_load(&f, base_conf);
	/* start state: up (no alpha), nothing checked yet */
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));
	set(&f, 0, 0, true, true);
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));	/* rs 1 unchecked */
	set(&f, 0, 1, false, true);
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));	/* weight 1 < quorum 2 */
	set(&f, 0, 1, true, true);
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 0));
	/* NULL: every server counts as checked, the quorum still applies */
	ck_assert(lvs_ready_vs(f.c, &f.h, NULL, 0));
	set(&f, 0, 0, false, true);
	ck_assert(!lvs_ready_vs(f.c, &f.h, NULL, 0));
	/* a real server without checkers: up, and checked as the parent sets it */
	f.checked[f.h.first[1]] = true;
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 1));
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 9));
	fx_free(&f);
}
END_TEST

START_TEST(t_vs_weights_hysteresis)
{
	struct fx f;

	fx_load(&f,
		"virtual_server 10.0.0.10 80 {\n quorum 5\n hysteresis 1\n"
		" real_server 10.0.1.1 80 {\n  weight 4\n }\n"
		" real_server 10.0.1.2 80 {\n  weight 1\n }\n"
		" real_server 10.0.1.3 80 {\n  weight 1\n }\n}\n");
	memset(f.checked, 1, 3 * sizeof(bool));
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 0));	/* 6 >= 5 + 1 */
	set(&f, 0, 2, false, true);
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));	/* 5 < 6 */
	/* a dynamic weight (MISC_CHECK misc_dynamic) counts instead */
	lvs_health_at(&f.h, 0, 1)->has_weight = true;
	lvs_health_at(&f.h, 0, 1)->weight = 2;
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 0));
	fx_free(&f);
}
END_TEST

START_TEST(t_vs_empty_sorry)
{
	struct fx f;
	size_t n;

	fx_load(&f,
		"virtual_server 10.0.0.11 80 {\n"
		" real_server 10.0.1.2 80 {\n }\n}\n"
		"virtual_server 10.0.0.12 80 {\n sorry_server 10.0.2.1 80\n"
		" real_server 10.0.1.1 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
	/* real servers down: the sorry server does not make it ready */
	set(&f, 1, 0, false, true);
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 1));
	set(&f, 1, 0, true, true);
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 1));
	/* no real server at all (the loader refuses it; a reload race must
	 * not read past the health array): ready only with a sorry_server */
	n = f.c->vs[0].n_rs;
	f.c->vs[0].n_rs = 0;
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));
	f.c->vs[0].n_rs = n;
	n = f.c->vs[1].n_rs;
	f.c->vs[1].n_rs = 0;
	ck_assert(lvs_ready_vs(f.c, &f.h, f.checked, 1));
	f.c->vs[1].n_rs = n;
	fx_free(&f);
}
END_TEST

START_TEST(t_instance)
{
	struct fx f;

	fx_load(&f, base_conf);
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 1));	/* fronts nothing */
	ck_assert(!lvs_ready_instance(f.c, &f.h, f.checked, 0));
	set(&f, 0, 0, true, true);
	set(&f, 0, 1, true, true);
	ck_assert(!lvs_ready_instance(f.c, &f.h, f.checked, 0));	/* group VS */
	f.checked[f.h.first[1]] = true;
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 0));
	/* the fwmark VS fronted by nobody never holds anything */
	set(&f, 2, 0, false, false);
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 0));
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 7));	/* no such instance */
	fx_free(&f);
}
END_TEST

START_TEST(t_guard_off)
{
	struct fx f;
	char *text = malloc(sizeof(base_conf) + sizeof(GLOBAL_OFF));

	strcpy(text, GLOBAL_OFF);
	strcat(text, base_conf);
	fx_load(&f, text);
	ck_assert(!f.c->global.vrrp_lvs_ready_guard);
	set(&f, 0, 0, false, false);
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 0));
	/* the per-VS answer is unchanged: only the instance is exempt */
	ck_assert(!lvs_ready_vs(f.c, &f.h, f.checked, 0));
	fx_free(&f);
	free(text);
}
END_TEST

START_TEST(t_sync_group)
{
	struct fx f;
	char *text = malloc(sizeof(base_conf) + 128);

	strcpy(text, base_conf);
	strcat(text, "vrrp_sync_group SG {\n group {\n  VI_OTHER\n  VI_WEB\n }\n}\n");
	fx_load(&f, text);
	/* VI_OTHER fronts nothing but waits for VI_WEB, its group mate */
	ck_assert(!lvs_ready_instance(f.c, &f.h, f.checked, 1));
	memset(f.checked, 1, f.h.first[f.h.n_vs] * sizeof(bool));
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 1));
	ck_assert(lvs_ready_instance(f.c, &f.h, f.checked, 0));
	set(&f, 1, 0, false, true);
	ck_assert(!lvs_ready_instance(f.c, &f.h, f.checked, 1));
	ck_assert(!lvs_ready_instance(f.c, &f.h, f.checked, 0));
	fx_free(&f);
	free(text);
}
END_TEST

/* ---- the keyword ---- */

static int
load_diag(const char *text, struct conf **c, char *first, size_t cap)
{
	struct conf_load_opts o = { .config_id = "t", .buf = text, .buf_len = strlen(text) };
	struct conf_diag d = { 0 };
	int r = conf_load("k.conf", &o, c, &d);

	snprintf(first, cap, "%s", d.n ? d.msg[0].text : "");
	conf_diag_free(&d);
	return r;
}

static char *
dump(const struct conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	conf_print(f, c);
	fclose(f);
	return buf;
}

START_TEST(t_keyword)
{
	static const struct { const char *line; int ok; bool val; } cases[] = {
		{ "", 1, true },
		{ " vrrp_lvs_ready_guard\n", 1, true },
		{ " vrrp_lvs_ready_guard off\n", 1, false },
		{ " vrrp_lvs_ready_guard no\n", 1, false },
		{ " vrrp_lvs_ready_guard off\n vrrp_lvs_ready_guard on\n", 1, true },
	};
	char text[256], msg[256], *d1, *d2;
	struct conf *c = NULL, *c2 = NULL;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "global_defs {\n%s}\n", cases[i].line);
		ck_assert_int_eq(load_diag(text, &c, msg, sizeof(msg)), 0);
		ck_assert_msg(c->global.vrrp_lvs_ready_guard == cases[i].val, "case %zu", i);
		/* the dump names it only when off, and re-parses the same */
		d1 = dump(c);
		ck_assert((strstr(d1, "vrrp_lvs_ready_guard off") != NULL) == !cases[i].val);
		ck_assert_int_eq(load_diag(d1, &c2, msg, sizeof(msg)), 0);
		d2 = dump(c2);
		ck_assert_str_eq(d1, d2);
		free(d1);
		free(d2);
		conf_free(c2);
		conf_free(c);
	}
}
END_TEST

START_TEST(t_keyword_errors)
{
	char msg[256];
	struct conf *c = NULL;

	ck_assert_int_eq(load_diag("global_defs {\n vrrp_lvs_ready_guard maybe\n}\n", &c,
				   msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(msg, "k.conf:2:") == msg && strstr(msg, "maybe"), "%s", msg);
	/* extra words: a warning (the parser's rule, as keepalived ignores them) */
	ck_assert_int_eq(load_diag("global_defs {\n\n vrrp_lvs_ready_guard off on\n}\n", &c,
				   msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "k.conf:3: warning:") == msg, "%s", msg);
	ck_assert(!c->global.vrrp_lvs_ready_guard);
	conf_free(c);
	c = NULL;
	/* outside global_defs it is not a keyword */
	ck_assert_int_eq(load_diag("vrrp_lvs_ready_guard off\n", &c, msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_msg(strstr(msg, "k.conf:1:") == msg, "%s", msg);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("lvs_ready");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_fronts);
	tcase_add_test(tc, t_fronts_ranges_v6);
	tcase_add_test(tc, t_vs_first_round_and_quorum);
	tcase_add_test(tc, t_vs_weights_hysteresis);
	tcase_add_test(tc, t_vs_empty_sorry);
	tcase_add_test(tc, t_instance);
	tcase_add_test(tc, t_guard_off);
	tcase_add_test(tc, t_sync_group);
	tcase_add_test(tc, t_keyword);
	tcase_add_test(tc, t_keyword_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
