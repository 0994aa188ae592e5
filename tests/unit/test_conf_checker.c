/* test_conf_checker.c: the checker part of the configuration tree sized by
 * check type (the options of a type in a union, only its own initialized
 * and freed) and HTTP_GET/SSL_GET url lists shared by the real servers of
 * a virtual server (conf_checkers_share), which must not change what is
 * parsed, printed or reported. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ck_run.h"

static int
load(const char *text, struct conf **c, struct conf_diag *d)
{
	struct conf_load_opts o = { .config_id = "t", .buf = text, .buf_len = strlen(text) };

	memset(d, 0, sizeof(*d));
	*c = NULL;
	return conf_load("t.conf", &o, c, d);
}

static struct conf *
load_ok(const char *text)
{
	struct conf_diag d;
	struct conf *c;
	int r = load(text, &c, &d);

	ck_assert_msg(r == 0, "load failed: %s", d.n ? d.msg[0].text : "?");
	conf_diag_free(&d);
	return c;
}

static bool
diag_has(const struct conf_diag *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->msg[i].text, text) == 0)
			return true;
	return false;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static char *
print(const struct conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	conf_print(f, c);
	fclose(f);
	return buf;
}

#define RS_HTTP(ip, path) \
	" real_server " ip " 80 {\n  HTTP_GET {\n   url {\n    path " path "\n" \
	"    status_code 200\n   }\n  }\n }\n"

/* The budget: the common part plus the largest type's options. */
START_TEST(checker_size)
{
	ck_assert_uint_le(sizeof(struct conf_checker), 240);
}
END_TEST

START_TEST(type_defaults)
{
	struct conf *c = load_ok("virtual_server 10.0.0.1 80 {\n"
				 " real_server 10.0.0.2 80 {\n"
				 "  UDP_CHECK {\n  }\n"
				 "  MISC_CHECK {\n   misc_path /bin/true\n  }\n"
				 "  TCP_CHECK {\n  }\n"
				 " }\n}\n");
	const struct conf_rs *rs = &c->vs[0].rs[0];

	ck_assert_uint_eq(rs->n_checker, 3);
	ck_assert_int_eq(rs->checker[0].type, CONF_CHK_UDP);
	ck_assert_int_eq(rs->checker[0].min_reply_length, CONF_UNSET);
	ck_assert_int_eq(rs->checker[0].max_reply_length, CONF_UNSET);
	ck_assert(!rs->checker[0].require_reply);
	ck_assert_int_eq(rs->checker[1].type, CONF_CHK_MISC);
	ck_assert_int_eq(rs->checker[1].misc_timeout, CONF_UNSET);
	ck_assert_uint_eq(rs->checker[1].misc_path.n, 1);
	ck_assert_int_eq(rs->checker[2].type, CONF_CHK_TCP);
	ck_assert_int_eq(rs->checker[2].conn.connect_timeout, CONF_UNSET);
	conf_free(c);

	c = load_ok("track_file F {\n file /tmp/x\n}\n"
		    "virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n"
		    "  FILE_CHECK {\n   track_file F\n  }\n"
		    "  FILE_CHECK {\n   track_file F\n   weight -3 reverse\n  }\n }\n}\n");
	rs = &c->vs[0].rs[0];
	ck_assert_int_eq(rs->checker[0].weight, CONF_UNSET);
	ck_assert_int_eq(rs->checker[1].weight, -3);
	ck_assert(rs->checker[1].weight_reverse);
	conf_free(c);
}
END_TEST

/* Identical lists share one copy; a different one does not; printing is
 * unchanged (every real server prints its url); freeing frees once
 * (AddressSanitizer in the sanitizer build). */
START_TEST(url_shared)
{
	struct conf *c = load_ok("virtual_server 10.0.0.1 80 {\n"
				 RS_HTTP("10.0.0.2", "/") RS_HTTP("10.0.0.3", "/")
				 RS_HTTP("10.0.0.4", "/x") RS_HTTP("10.0.0.5", "/x") "}\n"
				 "virtual_server 10.0.0.1 81 {\n" RS_HTTP("10.0.0.2", "/") "}\n");
	const struct conf_vs *vs = &c->vs[0];
	char *out;

	ck_assert(!vs->rs[0].checker[0].url_shared);
	ck_assert(vs->rs[1].checker[0].url_shared);
	ck_assert_ptr_eq(vs->rs[1].checker[0].url, vs->rs[0].checker[0].url);
	ck_assert(!vs->rs[2].checker[0].url_shared);
	ck_assert_ptr_ne(vs->rs[2].checker[0].url, vs->rs[0].checker[0].url);
	ck_assert_str_eq(vs->rs[2].checker[0].url[0].path, "/x");
	ck_assert(vs->rs[3].checker[0].url_shared);
	ck_assert_ptr_eq(vs->rs[3].checker[0].url, vs->rs[2].checker[0].url);
	ck_assert(!c->vs[1].rs[0].checker[0].url_shared);
	out = print(c);
	ck_assert_uint_eq(count(out, "path /\n"), 3);
	ck_assert_uint_eq(count(out, "path /x\n"), 2);
	ck_assert_uint_eq(count(out, "status_code 200\n"), 5);
	free(out);
	conf_free(c);
}
END_TEST

/* Lists that differ in anything but their line are not shared; lists with
 * a regex never are (each regex is compiled and reported at its line). */
START_TEST(url_not_shared)
{
	struct conf *c = load_ok("virtual_server 10.0.0.1 80 {\n"
				 RS_HTTP("10.0.0.2", "/")
				 " real_server 10.0.0.3 80 {\n  HTTP_GET {\n   url {\n    path /\n"
				 "    status_code 201\n   }\n  }\n }\n"
				 " real_server 10.0.0.4 80 {\n  HTTP_GET {\n   url {\n    path /\n"
				 "    status_code 201\n    regex ok\n   }\n  }\n }\n"
				 " real_server 10.0.0.5 80 {\n  HTTP_GET {\n   url {\n    path /\n"
				 "    status_code 201\n    regex ok\n   }\n  }\n }\n"
				 " real_server 10.0.0.6 80 {\n  SSL_GET {\n   url {\n    path /\n"
				 "    status_code 201\n   }\n  }\n }\n"
				 "}\n");
	const struct conf_rs *rs = c->vs[0].rs;

	for (size_t i = 0; i < c->vs[0].n_rs; i++)
		ck_assert_msg(!rs[i].checker[0].url_shared, "rs %zu shared", i);
	conf_free(c);
}
END_TEST

START_TEST(url_regex_errors_each_line)
{
	struct conf_diag d;
	struct conf *c;

	ck_assert_int_eq(load("virtual_server 10.0.0.1 80 {\n"
			      " real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n"
			      "    regex (\n   }\n  }\n }\n"
			      " real_server 10.0.0.3 80 {\n  HTTP_GET {\n   url {\n    path /\n"
			      "    regex (\n   }\n  }\n }\n}\n", &c, &d), -EINVAL);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_int_eq(strncmp(d.msg[0].text, "t.conf:4: url: invalid regex '('", 32), 0);
	ck_assert_int_eq(strncmp(d.msg[1].text, "t.conf:12: url: invalid regex '('", 33), 0);
	conf_diag_free(&d);
}
END_TEST

START_TEST(errors_kept)
{
	struct conf_diag d;
	struct conf *c;

	ck_assert_int_eq(load("virtual_server 10.0.0.1 80 {\n" RS_HTTP("10.0.0.2", "/")
			      " real_server 10.0.0.3 80 {\n  HTTP_GET {\n  }\n }\n}\n", &c, &d),
			 -EINVAL);
	ck_assert_msg(diag_has(&d, "t.conf:11: HTTP_GET: no url given"), "got '%s'",
		      d.n ? d.msg[0].text : "(none)");
	conf_diag_free(&d);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("conf_checker");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, checker_size);
	tcase_add_test(tc, type_defaults);
	tcase_add_test(tc, url_shared);
	tcase_add_test(tc, url_not_shared);
	tcase_add_test(tc, url_regex_errors_each_line);
	tcase_add_test(tc, errors_kept);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
