/* test_conf_lex.c: the keepalived.conf lexer through conf_load():
 * comments, quotes, continuation, conditionals, definitions, ~SEQ/~LST,
 * includes with globs. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include "conf.h"
#include "ck_run.h"

static struct conf *
load(const char *text, const char *id, struct conf_diag *d)
{
	struct conf_load_opts o = { .config_id = id, .buf = text, .buf_len = strlen(text) };
	struct conf *c = NULL;

	memset(d, 0, sizeof(*d));
	if (conf_load("t.conf", &o, &c, d) != 0)
		return NULL;
	return c;
}

static bool
diag_has(const struct conf_diag *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->msg[i].text, text))
			return true;
	return false;
}

START_TEST(comments_and_quotes)
{
	struct conf_diag d;
	struct conf *c = load("! comment\n# other\nglobal_defs { # trailing\n"
			      "  router_id \"a b#c\"  ! x\n"
			      "  notification_email { 'x y' z }\n}\n", "n", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "a b#c");
	ck_assert_uint_eq(c->global.notification_email.n, 2);
	ck_assert_str_eq(c->global.notification_email.v[0], "x y");
	ck_assert_str_eq(c->global.notification_email.v[1], "z");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(quote_join_and_escapes)
{
	struct conf_diag d;
	struct conf *c = load("global_defs {\n router_id abcd\" efg \"h\n"
			      " notification_email_from \"a\\tb\\x41\\\"\"\n}\n", "n", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "abcd efg h");
	ck_assert_str_eq(c->global.notification_email_from, "a\tbA\"");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(continuation)
{
	struct conf_diag d;
	struct conf *c = load("global_defs {\n router_id \\\n   r1\n}\n", "n", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "r1");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(conditionals)
{
	const char *t = "global_defs {\n@main router_id m\n@backup router_id b\n"
			"@^main smtp_helo_name notmain\n}\n";
	struct conf_diag d;
	struct conf *c = load(t, "main", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "m");
	ck_assert_ptr_null(c->global.smtp_helo_name);
	conf_free(c);
	conf_diag_free(&d);
	c = load(t, "other", &d);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(c->global.router_id);
	ck_assert_str_eq(c->global.smtp_helo_name, "notmain");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(definitions)
{
	const char *t = "$BASE=10.2.${SUB}\n$SUB=0\n@main $PRIO=240\n$IF_MAIN=@main\n"
			"vrrp_instance V {\n virtual_router_id 1\n priority $PRIO\n"
			" $IF_MAIN interface eth9\n"
			" virtual_ipaddress {\n  ${BASE}.100/32\n$SUB=10\n  ${BASE}.100/32\n }\n}\n";
	struct conf_diag d;
	struct conf *c = load(t, "main", &d);
	char a[64];

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->vrrp[0].priority, 240);
	ck_assert_str_eq(c->vrrp[0].interface, "eth9");
	ck_assert_uint_eq(c->vrrp[0].n_vip, 2);
	inet_ntop(AF_INET, &c->vrrp[0].vip[1].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "10.2.10.100");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(multiline_definition)
{
	const char *t = "$INST= \\\nvrrp_instance VI_${N} { \\\n  virtual_router_id ${N} \\\n"
			"\n  @hi priority 130 \\\n  virtual_ipaddress { \\\n   10.0.0.${N} \\\n  } \\\n}\n$N=1\n$INST\n$N=2\n$INST\n";
	struct conf_diag d;
	struct conf *c = load(t, "hi", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->n_vrrp, 2);
	ck_assert_str_eq(c->vrrp[1].name, "VI_2");
	ck_assert_int_eq(c->vrrp[1].vrid, 2);
	ck_assert_int_eq(c->vrrp[0].priority, 130);
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(seq_and_lst)
{
	const char *t = "vrrp_instance V {\n virtual_router_id 1\n virtual_ipaddress {\n"
			"  ~SEQ(S, 0, 3) 10.0.${S}.1\n"
			"  ~LST({A, B}, {1,2},{3,4}) 192.168.${A}.${B}\n"
			"  ~LST(X, 5, 6) ~SEQ(Y, 2) 10.9.${X}.${Y}\n }\n"
			" virtual_ipaddress_excluded {\n  ~SEQx(H, 0x90, 0x10, 0xc0) fe80::${H}\n"
			"  ~SEQ(D, 3, -1, 1) fe80::1:${D}\n }\n}\n";
	struct conf_diag d;
	struct conf *c = load(t, "n", &d);
	char a[64];

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vrrp[0].n_vip, 10);
	inet_ntop(AF_INET, &c->vrrp[0].vip[3].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "10.0.3.1");
	inet_ntop(AF_INET, &c->vrrp[0].vip[5].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "192.168.3.4");
	inet_ntop(AF_INET, &c->vrrp[0].vip[9].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "10.9.6.2");
	ck_assert_uint_eq(c->vrrp[0].n_evip, 7);
	inet_ntop(AF_INET6, &c->vrrp[0].evip[3].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "fe80::c0");
	inet_ntop(AF_INET6, &c->vrrp[0].evip[4].addr.a, a, sizeof(a));
	ck_assert_str_eq(a, "fe80::1:3");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(seq_errors)
{
	struct conf_diag d;
	struct conf *c = load("~SEQ(X, 1, 0, 3) foo\n~SEQ(X, 1\n", "n", &d);

	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert(diag_has(&d, "t.conf:1: ~SEQ step must not be 0"));
	ck_assert(diag_has(&d, "t.conf:2: ~SEQ/~LST missing terminating ')'"));
	conf_diag_free(&d);
}
END_TEST

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(include_glob)
{
	char dir[] = "/tmp/test_conf_XXXXXX", p[256], sub[256];
	struct conf_diag d = { 0 };
	struct conf *c = NULL;
	struct conf_load_opts o = { .config_id = "n" };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/conf.d", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(p, sizeof(p), "%s/main.conf", dir);
	write_file(p, "global_defs {\n router_id main\n}\ninclude conf.d/*.conf\n");
	snprintf(p, sizeof(p), "%s/conf.d/b.conf", dir);
	write_file(p, "vrrp_instance B {\n virtual_router_id 2\n virtual_ipaddress {\n  10.0.0.2\n }\n}\n");
	snprintf(p, sizeof(p), "%s/conf.d/a.conf", dir);
	write_file(p, "include ../inner\nvrrp_instance A {\n virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n");
	snprintf(p, sizeof(p), "%s/inner", dir);
	write_file(p, "vrrp_script S {\n script /bin/true\n}\nbogus_kw\n");
	snprintf(p, sizeof(p), "%s/main.conf", dir);
	ck_assert_int_eq(conf_load(p, &o, &c, &d), -EINVAL);
	/* the error names the included file and its line */
	snprintf(p, sizeof(p), "%s/conf.d/../inner:4: unknown keyword 'bogus_kw'", dir);
	ck_assert_msg(diag_has(&d, p), "%s", d.n ? d.msg[0].text : "no message");
	conf_diag_free(&d);
	snprintf(p, sizeof(p), "%s/inner", dir);
	write_file(p, "vrrp_script S {\n script /bin/true\n}\n");
	snprintf(p, sizeof(p), "%s/main.conf", dir);
	ck_assert_int_eq(conf_load(p, &o, &c, &d), 0);
	ck_assert_uint_eq(c->n_vrrp, 2);
	ck_assert_str_eq(c->vrrp[0].name, "A");	/* sorted glob order */
	ck_assert_str_eq(c->vrrp[1].name, "B");
	ck_assert_uint_eq(c->n_vscript, 1);
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(include_disabled)
{
	struct conf_load_opts o = { .config_id = "n", .no_include = true,
				    .buf = "include /etc/passwd\n", .buf_len = 20 };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("f.conf", &o, &c, &d), -EINVAL);
	ck_assert(diag_has(&d, "f.conf:1: include is disabled"));
	conf_diag_free(&d);
}
END_TEST

START_TEST(braces_and_layout)
{
	/* '{' on its own line, one-line blocks, '}' glued to a word */
	const char *t = "virtual_server 10.0.0.1 80\n{\n real_server 10.0.0.2 80 { weight 2\n TCP_CHECK {"
			" connect_timeout 3 } }\n real_server 10.0.0.3 80 {\n  weight 4}\n}\n";
	struct conf_diag d;
	struct conf *c = load(t, "n", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vs[0].n_rs, 2);
	ck_assert_int_eq(c->vs[0].rs[0].weight, 2);
	ck_assert_uint_eq(c->vs[0].rs[0].n_checker, 1);
	ck_assert_int_eq(c->vs[0].rs[0].checker[0].conn.connect_timeout, 3000000);
	ck_assert_int_eq(c->vs[0].rs[1].weight, 4);
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(quoted_brace_is_a_word)
{
	struct conf_diag d;
	struct conf *c = load("global_defs {\n router_id \"{x}\"\n}\n", "n", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "{x}");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(unterminated_quote)
{
	struct conf_diag d;
	struct conf *c = load("global_defs {\n router_id \"abc\n}\n", "n", &d);

	ck_assert_ptr_null(c);
	ck_assert(diag_has(&d, "t.conf:2: unterminated quoted string"));
	conf_diag_free(&d);
}
END_TEST

START_TEST(predefined)
{
	struct conf_diag d;
	struct conf *c = load("global_defs {\n router_id ${_INSTANCE}\n smtp_helo_name ${_PWD}/x\n"
			      " notification_email_from a${_HASH}b${_BANG}\n"
			      " default_interface $UNDEFINED\n}\n", "node7", &d);

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "node7");
	ck_assert_str_eq(c->global.smtp_helo_name, "./x");	/* t.conf has no directory */
	ck_assert_str_eq(c->global.notification_email_from, "a#b!");
	ck_assert_str_eq(c->global.default_interface, "$UNDEFINED");
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(recursive_definition_is_bounded)
{
	struct conf_diag d;
	struct conf *c = load("$A=x${A}\nglobal_defs {\n router_id ${A}\n}\n", "n", &d);

	ck_assert_ptr_null(c);
	ck_assert(diag_has(&d, "t.conf:3: parameter expansion too deep or too long"));
	conf_diag_free(&d);
}
END_TEST

START_TEST(line_budget)
{
	struct conf_load_opts o = { .config_id = "n", .max_lines = 50,
				    .buf = "~SEQ(I, 1, 100000) $X=1\n", .buf_len = 25 };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("b.conf", &o, &c, &d), -EINVAL);
	ck_assert(diag_has(&d, "b.conf:1: ~SEQ expands to too many lines"));
	conf_diag_free(&d);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("conf_lex");
	TCase *tc = tcase_create("lex");

	tcase_add_test(tc, comments_and_quotes);
	tcase_add_test(tc, quote_join_and_escapes);
	tcase_add_test(tc, continuation);
	tcase_add_test(tc, conditionals);
	tcase_add_test(tc, definitions);
	tcase_add_test(tc, multiline_definition);
	tcase_add_test(tc, seq_and_lst);
	tcase_add_test(tc, seq_errors);
	tcase_add_test(tc, include_glob);
	tcase_add_test(tc, include_disabled);
	tcase_add_test(tc, braces_and_layout);
	tcase_add_test(tc, quoted_brace_is_a_word);
	tcase_add_test(tc, unterminated_quote);
	tcase_add_test(tc, predefined);
	tcase_add_test(tc, recursive_definition_is_bounded);
	tcase_add_test(tc, line_budget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
