/* test_hc_misc.c: UDP_CHECK payloads, PING_CHECK echo matching and the
 * result names (health/udp_payload.c, icmp_echo.c, hc_result.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "health/hc_result.h"
#include "health/icmp_echo.h"
#include "health/udp_payload.h"
#include "ck_run.h"

START_TEST(test_result_names)
{
	for (int r = 0; r < HC_RESULT_COUNT; r++) {
		const char *s = hc_result_str((enum hc_result)r);

		ck_assert_ptr_nonnull(s);
		ck_assert_str_ne(s, "unknown result");
		for (int q = 0; q < r; q++)
			ck_assert_str_ne(s, hc_result_str((enum hc_result)q));
	}
	ck_assert_str_eq(hc_result_str(HC_OK), "ok");
	ck_assert_str_eq(hc_result_str(HC_RESULT_COUNT), "unknown result");
	ck_assert_str_eq(hc_result_str((enum hc_result)-1), "unknown result");
}
END_TEST

struct hex_case {
	const char *words[3];
	size_t n;
	bool wild;
	int ret;
	const char *data;	/* expected bytes */
	size_t len;
	const char *mask;	/* NULL: no mask */
};

static const struct hex_case hex_cases[] = {
	{ { "0102", "ff" }, 2, false, 0, "\x01\x02\xff", 3, NULL },
	{ { "1 23 456" }, 1, false, 0, "\x01\x23\x45\x06", 4, NULL },
	{ { "AbCd\tef" }, 1, false, 0, "\xab\xcd\xef", 3, NULL },
	{ { "0x" }, 1, false, -EINVAL, NULL, 0, NULL },
	{ { "1x", "X2" }, 2, true, 0, "\x10\x02", 2, "\x0f\xf0" },
	{ { "x" }, 1, true, 0, "\x00", 1, "\x0f" },
	{ { "zz" }, 1, false, -EINVAL, NULL, 0, NULL },
	{ { "" }, 1, false, -EINVAL, NULL, 0, NULL },
	{ { "  " }, 1, false, -EINVAL, NULL, 0, NULL },
	{ { NULL }, 0, false, -EINVAL, NULL, 0, NULL },
};

START_TEST(test_hex_table)
{
	const struct hex_case *c = &hex_cases[_i];
	struct udp_pattern p = { 0 };
	int r = udp_hex_decode(c->words, c->n, c->wild, &p);

	ck_assert_int_eq(r, c->ret);
	if (r < 0) {
		ck_assert_ptr_null(p.data);
		return;
	}
	ck_assert_uint_eq(p.len, c->len);
	ck_assert(memcmp(p.data, c->data, c->len) == 0);
	if (c->mask) {
		ck_assert_ptr_nonnull(p.mask);
		ck_assert(memcmp(p.mask, c->mask, c->len) == 0);
	} else {
		ck_assert_ptr_null(p.mask);
	}
	udp_pattern_free(&p);
	udp_pattern_free(&p);
}
END_TEST

START_TEST(test_udp_reply)
{
	const char *w[] = { "de ad", "bx ef" };
	struct udp_pattern p;

	ck_assert_int_eq(udp_hex_decode(w, 2, true, &p), 0);
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde\xad\xb0\xef", 4, &p, 0, 255), HC_OK);
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde\xad\xb7\xef\x00", 5, &p, 0, 255), HC_OK);
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde\xad\xc0\xef", 4, &p, 0, 255), HC_REPLY_MISMATCH);
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde\xae", 2, &p, 0, 255), HC_REPLY_MISMATCH);
	/* shorter reply: only its bytes are compared (keepalived) */
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde", 1, &p, 0, 255), HC_OK);
	/* length bounds */
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde", 1, &p, 2, 255), HC_REPLY_MISMATCH);
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"\xde\xad\xb0\xef\x00", 5, &p, 0, 4), HC_REPLY_MISMATCH);
	/* no pattern: any reply passes, bounds not applied (keepalived) */
	ck_assert_int_eq(udp_reply_check((const uint8_t *)"x", 1, NULL, 5, 10), HC_OK);
	udp_pattern_free(&p);
}
END_TEST

START_TEST(test_icmp_build)
{
	uint8_t b[64];
	int n;

	/* RFC 1071-style check: a packet including its checksum sums to 0 */
	n = icmp_echo_build(ICMP_V4, b, sizeof(b), 0x1234, 7, "ipvsd", 5);
	ck_assert_int_eq(n, 13);
	ck_assert_uint_eq(b[0], 8);
	ck_assert_uint_eq(b[4] << 8 | b[5], 0x1234);
	ck_assert_uint_eq(b[6] << 8 | b[7], 7);
	ck_assert_uint_eq(icmp_checksum(b, (size_t)n), 0);
	/* known vector: type 8, id 1, seq 1, no payload -> checksum 0xf7fd */
	n = icmp_echo_build(ICMP_V4, b, sizeof(b), 1, 1, NULL, 0);
	ck_assert_int_eq(n, 8);
	ck_assert_uint_eq(b[2] << 8 | b[3], 0xf7fd);
	n = icmp_echo_build(ICMP_V6, b, sizeof(b), 1, 2, "x", 1);
	ck_assert_int_eq(n, 9);
	ck_assert_uint_eq(b[0], 128);
	ck_assert_uint_eq(b[2] | b[3], 0);
	ck_assert_int_eq(icmp_echo_build(ICMP_V4, b, 10, 1, 1, "abc", 3), -ENOBUFS);
}
END_TEST

static int
check_reply(enum icmp_family f, uint8_t type, uint16_t id, uint16_t seq,
	    const char *pl, int want_id, uint16_t want_seq, enum hc_result *res)
{
	uint8_t b[64];
	int n = icmp_echo_build(f, b, sizeof(b), id, seq, pl, strlen(pl));

	b[0] = type;
	return icmp_echo_check(f, b, (size_t)n, want_id, want_seq, "tok", 3, res);
}

START_TEST(test_icmp_match)
{
	enum hc_result res;

	ck_assert_int_eq(check_reply(ICMP_V4, 0, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_FINAL);
	ck_assert_int_eq(res, HC_OK);
	ck_assert_int_eq(check_reply(ICMP_V4, 0, 77, 9, "tok", ICMP_ECHO_ANY_ID, 9, &res), ICMP_ECHO_FINAL);
	ck_assert_int_eq(res, HC_OK);
	ck_assert_int_eq(check_reply(ICMP_V6, 129, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_FINAL);
	ck_assert_int_eq(res, HC_OK);
	/* wrong seq, id, payload, type: keep waiting */
	ck_assert_int_eq(check_reply(ICMP_V4, 0, 5, 8, "tok", 5, 9, &res), ICMP_ECHO_IGNORE);
	ck_assert_int_eq(res, HC_WRONG_ICMP);
	ck_assert_int_eq(check_reply(ICMP_V4, 0, 6, 9, "tok", 5, 9, &res), ICMP_ECHO_IGNORE);
	ck_assert_int_eq(check_reply(ICMP_V4, 0, 5, 9, "tOk", 5, 9, &res), ICMP_ECHO_IGNORE);
	ck_assert_int_eq(check_reply(ICMP_V4, 8, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_IGNORE);
	ck_assert_int_eq(check_reply(ICMP_V6, 0, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_IGNORE);
	/* payload too short to hold our token */
	ck_assert_int_eq(check_reply(ICMP_V4, 0, 5, 9, "to", 5, 9, &res), ICMP_ECHO_IGNORE);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	/* unreachable ends the attempt */
	ck_assert_int_eq(check_reply(ICMP_V4, 3, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_FINAL);
	ck_assert_int_eq(res, HC_REFUSED);
	ck_assert_int_eq(check_reply(ICMP_V6, 1, 5, 9, "tok", 5, 9, &res), ICMP_ECHO_FINAL);
	ck_assert_int_eq(res, HC_REFUSED);
	/* runt */
	ck_assert_int_eq(icmp_echo_check(ICMP_V4, (const uint8_t *)"\0\0", 2, 1, 1, NULL, 0, &res),
			 ICMP_ECHO_IGNORE);
	ck_assert_int_eq(res, HC_BAD_REPLY);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_misc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_result_names);
	tcase_add_loop_test(tc, test_hex_table, 0, sizeof(hex_cases) / sizeof(hex_cases[0]));
	tcase_add_test(tc, test_udp_reply);
	tcase_add_test(tc, test_icmp_build);
	tcase_add_test(tc, test_icmp_match);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
