/* test_conf_parse.c: keyword tables (values, bounds, errors with
 * file:line), error collection, unsupported keywords, cross-object checks,
 * and the golden configurations tests/unit/conf/NN-*.conf -> NN-*.ok. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ck_run.h"

static int
load(const char *text, struct conf **c, struct conf_diag *d)
{
	struct conf_load_opts o = { .config_id = "golden", .buf = text, .buf_len = strlen(text) };

	memset(d, 0, sizeof(*d));
	*c = NULL;
	return conf_load("t.conf", &o, c, d);
}

static bool
diag_has(const struct conf_diag *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->msg[i].text, text) == 0)
			return true;
	return false;
}

static void
expect_error(const char *text, const char *msg)
{
	struct conf_diag d;
	struct conf *c;

	ck_assert_int_eq(load(text, &c, &d), -EINVAL);
	ck_assert_msg(diag_has(&d, msg), "expected '%s', first message: '%s'", msg,
		      d.n ? d.msg[0].text : "(none)");
	conf_diag_free(&d);
}

START_TEST(bounds)
{
	expect_error("vrrp_instance V {\n virtual_router_id 256\n}\n",
		     "t.conf:2: virtual_router_id: value 256 out of range [1, 255]");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n priority 0\n}\n",
		     "t.conf:3: priority: value 0 out of range [1, 255]");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n advert_int 0.001\n}\n",
		     "t.conf:3: advert_int: value 0.001 out of range [0.01, 255] seconds");
	expect_error("virtual_server 10.0.0.1 80 {\n delay_loop abc\n}\n",
		     "t.conf:2: delay_loop: invalid time 'abc'");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  weight -5\n }\n}\n",
		     "t.conf:3: weight: value -5 out of range [0, 2147483647]");
	expect_error("virtual_server 10.0.0.1 99999 {\n}\n",
		     "t.conf:1: virtual_server: value 99999 out of range [0, 65535]");
	expect_error("virtual_server 10.0.0.1 80 {\n lb_kind FOO\n}\n",
		     "t.conf:2: lb_kind: invalid forwarding method 'FOO'");
	expect_error("virtual_server 10.0.0.1 80 {\n lb_algo nope\n}\n",
		     "t.conf:2: lb_algo: unknown scheduler 'nope'");
	expect_error("global_defs {\n vrrp_version 4\n}\n",
		     "t.conf:2: vrrp_version: value 4 out of range [2, 3]");
	expect_error("global_defs {\n lvs_timeouts tcp 9999999\n}\n",
		     "t.conf:2: lvs_timeouts: value 9999999 out of range [0, 2678400]");
	expect_error("virtual_server 1.1.1.1 80 {\n real_server 1.1.1.2 80 {\n  HTTP_GET {\n"
		     "   url {\n    path /\n    status_code 200-700\n   }\n  }\n }\n}\n",
		     "t.conf:6: status_code: invalid code or range '200-700'");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1/33\n }\n}\n",
		     "t.conf:4: 10.0.0.1/33: prefix length out of range in '10.0.0.1/33'");
	expect_error("virtual_server 10.0.0.1 80 {\n sh-port\n}\n",
		     "t.conf:2: sh-port only applies to the sh scheduler");
	expect_error("virtual_server 10.0.0.1 80 {\n protocol TCP\n ops\n real_server 10.0.0.2 80 {\n }\n}\n",
		     "t.conf:1: virtual server: one packet scheduling (ops) requires UDP");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  DNS_CHECK {\n"
		     "   type FOO\n  }\n }\n}\n", "t.conf:4: DNS_CHECK: unknown type 'FOO'");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  HTTP_GET {\n  }\n }\n}\n",
		     "t.conf:3: HTTP_GET: no url given");
	expect_error("virtual_server_group G {\n 10.0.0.9-3 80\n}\n",
		     "t.conf:2: virtual_server_group: invalid range '10.0.0.9-3'");
}
END_TEST

START_TEST(values)
{
	struct conf_diag d;
	struct conf *c;
	const char *t =
		"virtual_server 10.0.0.1 80 {\n lb_kind TUN type gue port 6080 csum\n"
		" persistence_timeout 300\n persistence_granularity 255.255.255.0\n"
		" lb_algo sh\n sh-port\n protocol udp\n delay_loop 2.5\n"
		" sorry_server 10.0.0.9 8080\n sorry_server_inhibit\n"
		" real_server 10.0.0.2 80 {\n  weight 0\n  inhibit_on_failure\n"
		"  MISC_CHECK {\n   misc_path \"/bin/check -x 'a b'\"\n   misc_timeout 5\n  }\n }\n}\n"
		"virtual_server_group G {\n 10.0.0.1-10 80\n fwmark 7\n}\n"
		"virtual_server group G {\n real_server 10.0.0.5 80 {\n }\n}\n";

	ck_assert_int_eq(load(t, &c, &d), 0);
	ck_assert_uint_eq(c->n_vs, 2);
	ck_assert_int_eq(c->vs[0].fwd.method, CONF_FWD_TUN);
	ck_assert_int_eq(c->vs[0].fwd.tun_type, CONF_TUN_GUE);
	ck_assert_int_eq(c->vs[0].fwd.tun_port, 6080);
	ck_assert_int_eq(c->vs[0].fwd.tun_csum, CONF_TUN_CSUM);
	ck_assert_int_eq(c->vs[0].persistence_timeout, 300);
	ck_assert(c->vs[0].flag2);
	ck_assert_int_eq(c->vs[0].protocol, 1);
	ck_assert_int_eq(c->vs[0].delay_loop, 2500000);
	ck_assert_ptr_nonnull(c->vs[0].sorry);
	ck_assert_int_eq(c->vs[0].sorry->port, 8080);
	ck_assert_int_eq(c->vs[0].rs[0].weight, 0);
	ck_assert_int_eq(c->vs[0].rs[0].inhibit_on_failure, 1);
	ck_assert_int_eq(c->vs[0].rs[0].checker[0].type, CONF_CHK_MISC);
	ck_assert_str_eq(c->vs[0].rs[0].checker[0].misc_path.v[0], "/bin/check -x 'a b'");
	ck_assert_int_eq(c->vsg[0].e[0].range_end, 10);
	ck_assert(c->vsg[0].e[1].is_fwmark);
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(collects_all_errors)
{
	struct conf_diag d;
	struct conf *c;
	const char *t = "global_defs {\n foo_bar 1\n router_id x\n}\n"
			"vrrp_instance V {\n priority 999\n virtual_router_id 1\n virtual_ipaddress { 10.0.0.1 }\n}\n"
			"virtual_server 1.2.3.4 80 {\n delay_loop abc\n real_server 1.1.1.1 80 {\n"
			"  weight -1\n }\n}\nreal_server 1.1.1.1 80 {\n}\n";

	ck_assert_int_eq(load(t, &c, &d), -EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.errors, 5);
	ck_assert(diag_has(&d, "t.conf:2: unknown keyword 'foo_bar' in global_defs"));
	ck_assert(diag_has(&d, "t.conf:6: priority: value 999 out of range [1, 255]"));
	ck_assert(diag_has(&d, "t.conf:11: delay_loop: invalid time 'abc'"));
	ck_assert(diag_has(&d, "t.conf:13: weight: value -1 out of range [0, 2147483647]"));
	ck_assert(diag_has(&d, "t.conf:16: keyword 'real_server' is not valid in the top level (it belongs in virtual_server)"));
	conf_diag_free(&d);
}
END_TEST

START_TEST(extra_arguments_warn)
{
	struct conf_diag d;
	struct conf *c;

	/* keepalived ignores extra words after a value; so do we, loudly */
	ck_assert_int_eq(load("global_defs {\n router_id a b\n}\n", &c, &d), 0);
	ck_assert(diag_has(&d, "t.conf:2: warning: router_id: extra arguments ignored"));
	ck_assert_str_eq(c->global.router_id, "a");
	conf_free(c);
	conf_diag_free(&d);
	ck_assert_int_eq(load("global_defs {\n umask IWGRP|IWOTH\n}\n", &c, &d), 0);
	ck_assert_int_eq(c->global.umask, 022);
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(unsupported_warns)
{
	struct conf_diag d;
	struct conf *c;
	const char *t = "global_defs {\n enable_snmp_vrrp\n}\nbfd_instance B {\n  neighbor_ip 1.1.1.1\n}\n";

	ck_assert_int_eq(load(t, &c, &d), 0);
	ck_assert_uint_eq(d.warnings, 2);
	ck_assert(diag_has(&d, "t.conf:2: warning: keyword enable_snmp_vrrp is not supported"));
	ck_assert(diag_has(&d, "t.conf:4: warning: keyword bfd_instance is not supported"));
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(semantic_checks)
{
	expect_error("vrrp_instance V {\n priority 10\n}\n",
		     "t.conf:1: vrrp_instance V: virtual_router_id is required");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n}\nvrrp_instance V {\n virtual_router_id 2\n}\n",
		     "t.conf:4: vrrp_instance V is defined twice (first at t.conf:1)");
	expect_error("virtual_server group NOPE {\n}\n",
		     "t.conf:1: virtual_server group NOPE: virtual_server_group is not defined");
	expect_error("vrrp_sync_group G {\n group {\n  X\n }\n}\n",
		     "t.conf:1: vrrp_sync_group G: vrrp_instance X is not defined");
	expect_error("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 5\n}\n",
		     "t.conf:5: vrrp_instance B: virtual_router_id 5 on eth0 is already used by A");
	expect_error("virtual_server 1.1.1.1 80 {\n}\nvirtual_server 1.1.1.1 80 {\n}\n",
		     "t.conf:3: virtual_server is defined twice (first at t.conf:1)");
	expect_error("global_defs {\n", "t.conf:1: 'global_defs' block is not closed");
	expect_error("}\n", "t.conf:1: unexpected '}'");
	expect_error("global_defs {\n vrrp_mcast_group4 10.0.0.1\n}\n",
		     "vrrp_mcast_group4 is not an IPv4 multicast address");
	expect_error("virtual_server 10.0.0.1 80 {\n sorry_server 10.0.0.9 80\n}\n",
		     "t.conf:1: virtual server has no real servers");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n}\n",
		     "t.conf:1: (V) No VIP specified; at least one is sensible");
	expect_error("vrrp_script S {\n interval 2\n}\n", "t.conf:1: No script set for vrrp_script S");
	expect_error("vrrp_instance V {\n virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1\n }\n"
		     " track_script {\n  nope\n }\n}\n", "t.conf:7: (V) track script nope not found");
}
END_TEST

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

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void
golden_one(const char *dir, const char *name)
{
	struct conf_load_opts o = { .config_id = "golden" };
	struct conf_diag d = { 0 };
	struct conf *c = NULL, *c2 = NULL;
	char path[1024], okpath[1024];
	char *out, *ok, *out2;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(okpath, sizeof(okpath), "%.*s.ok", (int)(strlen(path) - 5), path);
	ck_assert_msg(conf_load(path, &o, &c, &d) == 0, "%s: %s", name, d.n ? d.msg[0].text : "");
	out = dump(c);
	if (getenv("CONF_GOLDEN_UPDATE") != NULL) {
		/* regenerate: CONF_GOLDEN_UPDATE=1 tests/unit/test_conf_parse */
		FILE *f = fopen(okpath, "w");
		ck_assert_ptr_nonnull(f);
		fputs(out, f);
		fclose(f);
	}
	ok = slurp(okpath);
	ck_assert_msg(ok != NULL, "%s missing", okpath);
	ck_assert_msg(strcmp(out, ok) == 0, "%s: dump differs from %s:\n%s", name, okpath, out);
	conf_diag_free(&d);
	o.buf = out;
	o.buf_len = strlen(out);
	ck_assert_msg(conf_load("dump", &o, &c2, &d) == 0, "%s: dump does not re-parse: %s", name,
		      d.n ? d.msg[0].text : "");
	out2 = dump(c2);
	ck_assert_msg(strcmp(out, out2) == 0, "%s: dump of the dump differs", name);
	conf_diag_free(&d);
	conf_free(c);
	conf_free(c2);
	free(out);
	free(out2);
	free(ok);
}

/* -C and -P read only their side: the other side's top-level blocks are
 * skipped unread (a block opened on the next line too), errors in them do
 * not count, and the tree holds nothing of them. */
START_TEST(part_skips_other_side)
{
	static const char text[] =
		"global_defs {\n router_id r1\n lvs_sync_daemon eth0 V\n}\n"
		"static_ipaddress {\n 10.8.8.8/32 dev lo\n}\n"
		"vrrp_script S\n{\n script \"/bin/true\"\n interval nonsense\n}\n"
		"vrrp_instance V {\n state MASTER\n interface lo\n virtual_router_id 300\n}\n"
		"vrrp_sync_group G {\n group {\n V\n }\n}\n"
		"virtual_server_group VG {\n 10.0.0.1 80\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n delay_loop x\n"
		" real_server 10.1.0.1 80 {\n weight 1\n }\n}\n";
	struct conf_load_opts o = { .config_id = "golden", .buf = text,
				    .buf_len = sizeof(text) - 1 };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), -EINVAL);	/* both sides */
	ck_assert_uint_ge(d.errors, 3);
	conf_diag_free(&d);

	o.part = CONF_PART_LVS;	/* the VS's delay_loop error remains */
	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), -EINVAL);
	ck_assert_msg(d.errors == 1 && strstr(d.msg[0].text, "t.conf:28:") == d.msg[0].text,
		      "%zu errors, first '%s'", d.errors, d.n ? d.msg[0].text : "");
	conf_diag_free(&d);

	o.part = CONF_PART_VRRP;	/* the VRRP errors remain */
	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), -EINVAL);
	ck_assert_uint_ge(d.errors, 2);
	for (size_t i = 0; i < d.n; i++)
		ck_assert_msg(strstr(d.msg[i].text, "t.conf:28:") == NULL, "%s", d.msg[i].text);
	conf_diag_free(&d);
}
END_TEST

START_TEST(part_lvs_only)
{
	static const char text[] =
		"vrrp_instance V {\n state MASTER\n interface lo\n virtual_router_id 300\n}\n"
		"virtual_server_group VG {\n 10.0.0.1 80\n}\n"
		"virtual_server group VG {\n protocol TCP\n"
		" real_server 10.1.0.1 80 {\n weight 1\n }\n}\n";
	struct conf_load_opts o = { .config_id = "golden", .buf = text,
				    .buf_len = sizeof(text) - 1, .part = CONF_PART_LVS };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), 0);
	ck_assert_uint_eq(c->n_vrrp, 0);
	ck_assert_uint_eq(c->n_vs, 1);
	ck_assert_uint_eq(c->n_vsg, 1);
	conf_free(c);
	conf_diag_free(&d);

	o.part = CONF_PART_VRRP;	/* the instance's VRID error counts */
	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), -EINVAL);
	conf_diag_free(&d);
}
END_TEST

START_TEST(golden)
{
	DIR *dh = opendir(CONF_GOLDEN_DIR);
	struct dirent *de;
	unsigned n = 0;

	ck_assert_ptr_nonnull(dh);
	while ((de = readdir(dh)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".conf") == 0) {
			golden_one(CONF_GOLDEN_DIR, de->d_name);
			n++;
		}
	}
	closedir(dh);
	ck_assert_uint_ge(n, 3);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("conf_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, bounds);
	tcase_add_test(tc, part_skips_other_side);
	tcase_add_test(tc, part_lvs_only);
	tcase_add_test(tc, values);
	tcase_add_test(tc, collects_all_errors);
	tcase_add_test(tc, unsupported_warns);
	tcase_add_test(tc, extra_arguments_warn);
	tcase_add_test(tc, semantic_checks);
	tcase_add_test(tc, golden);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
