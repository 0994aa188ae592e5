/* test_hc_smtp.c: SMTP reply parser and SMTP_CHECK dialogue
 * (health/smtp_resp.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health/smtp_resp.h"
#include "ck_run.h"

struct smtp_case {
	const char *name;
	const char *in;
	int ret;
	int code;
	enum hc_result res;
	size_t consumed;	/* 0: all of in */
};

static const struct smtp_case smtp_cases[] = {
	{ "single line", "220 mx.example.com ESMTP\r\n", SMTP_RESP_DONE, 220, HC_OK, 0 },
	{ "code only", "250\r\n", SMTP_RESP_DONE, 250, HC_OK, 0 },
	{ "bare LF", "221 bye\n", SMTP_RESP_DONE, 221, HC_OK, 0 },
	{ "multi-line", "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 HELP\r\n",
	  SMTP_RESP_DONE, 250, HC_OK, 0 },
	{ "stops after the final line", "220 hi\r\n250 next\r\n", SMTP_RESP_DONE, 220, HC_OK, 8 },
	{ "incomplete", "220 mx", SMTP_RESP_MORE, 0, HC_OK, 0 },
	{ "incomplete multi-line", "250-a\r\n250-b\r\n", SMTP_RESP_MORE, 250, HC_OK, 0 },
	{ "error code", "554 no service\r\n", SMTP_RESP_DONE, 554, HC_OK, 0 },
	{ "not digits", "2x0 hi\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "first digit 1", "120 wait\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "first digit 6", "620 what\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "short code", "22\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "bad separator", "2200 hi\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "code changes mid-reply", "250-a\r\n251 b\r\n", -EBADMSG, 250, HC_BAD_REPLY, 0 },
	{ "empty line", "\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
	{ "http instead", "HTTP/1.1 400 Bad Request\r\n", -EBADMSG, 0, HC_BAD_REPLY, 0 },
};

static int
feed_steps(struct smtp_resp *r, const char *in, size_t len, size_t step,
	   size_t *used)
{
	size_t off = 0, c;
	int ret = SMTP_RESP_MORE;

	smtp_resp_init(r);
	while (off < len && ret == SMTP_RESP_MORE) {
		size_t n = len - off < step ? len - off : step;

		ret = smtp_resp_feed(r, in + off, n, &c);
		ck_assert_uint_le(c, n);
		off += c;
	}
	*used = off;
	return ret;
}

START_TEST(test_smtp_table)
{
	const struct smtp_case *c = &smtp_cases[_i];
	static const size_t steps[] = { 1, 2, 5, 4096 };

	for (size_t s = 0; s < 4; s++) {
		struct smtp_resp r;
		size_t used;
		int ret = feed_steps(&r, c->in, strlen(c->in), steps[s], &used);

		ck_assert_msg(ret == c->ret, "%s step %zu: %d", c->name, steps[s], ret);
		ck_assert_int_eq(r.result, c->res);
		if (c->ret == SMTP_RESP_DONE || c->code)
			ck_assert_int_eq(r.code, c->code);
		if (c->ret >= 0)
			ck_assert_uint_eq(used, c->consumed ? c->consumed : strlen(c->in));
	}
}
END_TEST

START_TEST(test_smtp_limits)
{
	static char in[40000];
	struct smtp_resp r;
	size_t used, len;
	int i;

	/* overlong line, no LF */
	memcpy(in, "220 ", 4);
	memset(in + 4, 'a', 2000);
	ck_assert_int_eq(feed_steps(&r, in, 2004, 7, &used), -EMSGSIZE);
	ck_assert_int_eq(r.result, HC_REPLY_TOO_LARGE);
	ck_assert_uint_le(used, SMTP_LINE_MAX);
	/* a line of exactly SMTP_LINE_MAX bytes (CRLF included) passes */
	memset(in + 4, 'a', SMTP_LINE_MAX - 6);
	memcpy(in + SMTP_LINE_MAX - 2, "\r\n", 2);
	ck_assert_int_eq(feed_steps(&r, in, SMTP_LINE_MAX, 4096, &used), SMTP_RESP_DONE);
	/* too many continuation lines */
	for (len = 0, i = 0; i < 200; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "250-x\r\n");
	ck_assert_int_eq(feed_steps(&r, in, len, 4096, &used), -EMSGSIZE);
	ck_assert_int_eq(r.result, HC_REPLY_TOO_LARGE);
	/* too many bytes in one reply */
	for (len = 0, i = 0; i < 30; i++) {
		len += (size_t)snprintf(in + len, sizeof(in) - len, "250-");
		memset(in + len, 'b', 900);
		len += 900;
		len += (size_t)snprintf(in + len, sizeof(in) - len, "\r\n");
	}
	ck_assert_int_eq(feed_steps(&r, in, len, 4096, &used), -EMSGSIZE);
	/* a failed parser stays failed, a done one stays done */
	ck_assert_int_eq(smtp_resp_feed(&r, "250 ok\r\n", 8, &used), -EMSGSIZE);
	ck_assert_uint_eq(used, 0);
	smtp_resp_init(&r);
	ck_assert_int_eq(smtp_resp_feed(&r, "250 ok\r\n", 8, NULL), SMTP_RESP_DONE);
	ck_assert_int_eq(smtp_resp_feed(&r, "250 ok\r\n", 8, &used), SMTP_RESP_DONE);
	ck_assert_uint_eq(used, 0);
}
END_TEST

START_TEST(test_smtp_dialog)
{
	struct smtp_dialog d;
	char out[64];
	size_t n;

	ck_assert_int_eq(smtp_dialog_init(&d, "lb1.example.com"), 0);
	ck_assert_int_eq(smtp_dialog_reply(&d, 220, out, sizeof(out), &n), HC_OK);
	ck_assert_str_eq(out, "HELO lb1.example.com\r\n");
	ck_assert_uint_eq(n, strlen(out));
	ck_assert_int_eq(d.step, SMTP_STEP_HELO);
	ck_assert_int_eq(smtp_dialog_reply(&d, 250, out, sizeof(out), &n), HC_OK);
	ck_assert_str_eq(out, "QUIT\r\n");
	ck_assert_int_eq(smtp_dialog_reply(&d, 554, out, sizeof(out), &n), HC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(d.step, SMTP_STEP_DONE);
	ck_assert_int_eq(smtp_dialog_reply(&d, 221, out, sizeof(out), &n), HC_INTERNAL);

	ck_assert_int_eq(smtp_dialog_init(&d, "h"), 0);
	ck_assert_int_eq(smtp_dialog_reply(&d, 554, out, sizeof(out), &n), HC_SMTP_CODE);
	ck_assert_int_eq(d.step, SMTP_STEP_BANNER);
	ck_assert_int_eq(smtp_dialog_reply(&d, 220, out, sizeof(out), &n), HC_OK);
	ck_assert_int_eq(smtp_dialog_reply(&d, 220, out, sizeof(out), &n), HC_SMTP_CODE);
	ck_assert_int_eq(smtp_dialog_init(&d, "h"), 0);
	ck_assert_int_eq(smtp_dialog_reply(&d, 220, out, 5, &n), HC_INTERNAL);

	ck_assert_int_eq(smtp_dialog_init(&d, ""), -EINVAL);
	ck_assert_int_eq(smtp_dialog_init(&d, NULL), -EINVAL);
	ck_assert_int_eq(smtp_dialog_init(&d, "a b"), -EINVAL);
	ck_assert_int_eq(smtp_dialog_init(&d, "a\r\nMAIL FROM:<x>"), -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_smtp");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_smtp_table, 0,
			    sizeof(smtp_cases) / sizeof(smtp_cases[0]));
	tcase_add_test(tc, test_smtp_limits);
	tcase_add_test(tc, test_smtp_dialog);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
