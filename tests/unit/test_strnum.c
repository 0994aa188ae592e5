/* test_strnum.c: bounded number/duration/boolean parsing. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "strnum.h"
#include "ck_run.h"

struct u64_case { const char *s; uint64_t min, max; int ret; uint64_t v; };

static const struct u64_case u64_cases[] = {
	{ "0", 0, 10, 0, 0 },
	{ "10", 0, 10, 0, 10 },
	{ "11", 0, 10, -ERANGE, 0 },
	{ "4", 5, 10, -ERANGE, 0 },
	{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	{ "18446744073709551616", 0, UINT64_MAX, -ERANGE, 0 },
	{ "99999999999999999999999", 0, UINT64_MAX, -ERANGE, 0 },
	{ "", 0, 10, -EINVAL, 0 },
	{ " 1", 0, 10, -EINVAL, 0 },
	{ "1 ", 0, 10, -EINVAL, 0 },
	{ "-1", 0, 10, -EINVAL, 0 },
	{ "+1", 0, 10, -EINVAL, 0 },
	{ "1x", 0, 10, -EINVAL, 0 },
	{ "0x10", 0, 100, -EINVAL, 0 },	/* decimal only */
	{ "007", 0, 10, 0, 7 },
};

START_TEST(test_u64_table)
{
	const struct u64_case *c = &u64_cases[_i];
	uint64_t v = 12345;

	ck_assert_msg(strnum_u64(c->s, c->min, c->max, &v) == c->ret,
		      "input '%s'", c->s);
	ck_assert(v == (c->ret == 0 ? c->v : 12345));
}
END_TEST

START_TEST(test_u64_any_and_u32)
{
	uint64_t v;
	uint32_t v32 = 9;

	ck_assert_int_eq(strnum_u64_any("0x1F", 0, 100, &v), 0);
	ck_assert(v == 31);
	ck_assert_int_eq(strnum_u64_any("31", 0, 100, &v), 0);
	ck_assert(v == 31);
	ck_assert_int_eq(strnum_u64_any("0x", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(strnum_u64_any("0xfff", 0, 100, &v), -ERANGE);
	ck_assert_int_eq(strnum_u64_any("0x1g", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(strnum_u64_any(NULL, 0, 100, &v), -EINVAL);
	ck_assert_int_eq(strnum_u32("4294967295", 0, UINT32_MAX, &v32), 0);
	ck_assert_uint_eq(v32, UINT32_MAX);
	ck_assert_int_eq(strnum_u32("4294967296", 0, UINT32_MAX, &v32), -ERANGE);
	ck_assert_uint_eq(v32, UINT32_MAX);
}
END_TEST

START_TEST(test_signed)
{
	int64_t v = 5;
	int i = 3;

	ck_assert_int_eq(strnum_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(strnum_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(strnum_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), -ERANGE);
	ck_assert_int_eq(strnum_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -ERANGE);
	ck_assert_int_eq(strnum_i64("+12", -100, 100, &v), 0);
	ck_assert(v == 12);
	ck_assert_int_eq(strnum_i64("-", -100, 100, &v), -EINVAL);
	ck_assert_int_eq(strnum_i64("--1", -100, 100, &v), -EINVAL);
	ck_assert_int_eq(strnum_int("-254", -253, 253, &i), -ERANGE);
	ck_assert_int_eq(i, 3);
	ck_assert_int_eq(strnum_int("-253", -253, 253, &i), 0);
	ck_assert_int_eq(i, -253);
	ck_assert_int_eq(strnum_int("3000000000", INT32_MIN, INT32_MAX, &i), -ERANGE);
}
END_TEST

struct dur_case { const char *s; int ret; uint64_t us; };

static const struct dur_case dur_cases[] = {
	{ "3", 0, 3000000 },
	{ "0.01", 0, 10000 },
	{ "1.5", 0, 1500000 },
	{ "0.000001", 0, 1 },
	{ "0.0000001", -EINVAL, 0 },		/* below 1 us */
	{ "0.0000010", 0, 1 },			/* trailing zero is fine */
	{ "2.50000000000000", 0, 2500000 },	/* many trailing zeros */
	{ "250ms", 0, 250000 },
	{ "1.5ms", 0, 1500 },
	{ "0.5us", -EINVAL, 0 },
	{ "2s", 0, 2000000 },
	{ "2m", 0, 120000000 },
	{ "1h", 0, 3600000000ULL },
	{ "0.5m", 0, 30000000 },
	{ "1.", -EINVAL, 0 },
	{ ".5", -EINVAL, 0 },
	{ "1..5", -EINVAL, 0 },
	{ "5x", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "1 s", -EINVAL, 0 },
	{ "18446744073709551615", -ERANGE, 0 },
	{ "99999999999999999999999999", -ERANGE, 0 },
	{ "5124095576030431h", -ERANGE, 0 },
};

START_TEST(test_duration_table)
{
	const struct dur_case *c = &dur_cases[_i];
	uint64_t v = 777;

	ck_assert_msg(strnum_duration_us(c->s, 0, UINT64_MAX, &v) == c->ret,
		      "input '%s' gave %d", c->s,
		      strnum_duration_us(c->s, 0, UINT64_MAX, &v));
	ck_assert_msg(v == (c->ret == 0 ? c->us : 777), "input '%s' value %llu",
		      c->s, (unsigned long long)v);
}
END_TEST

START_TEST(test_duration_bounds)
{
	uint64_t v = 1;

	ck_assert_int_eq(strnum_duration_us("0.001", 10000, 1000000, &v), -ERANGE);
	ck_assert_int_eq(strnum_duration_us("2", 10000, 1000000, &v), -ERANGE);
	ck_assert(v == 1);
	ck_assert_int_eq(strnum_duration_us("1", 10000, 1000000, &v), 0);
	ck_assert(v == 1000000);
	ck_assert_int_eq(strnum_duration_us(NULL, 0, 1, &v), -EINVAL);
}
END_TEST

START_TEST(test_bool)
{
	static const char *const yes[] = { "yes", "YES", "on", "true", "True", "1" };
	static const char *const no[] = { "no", "off", "OFF", "false", "0" };
	static const char *const bad[] = { "", "y", "2", "yes ", "enable", "nope" };
	bool b;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		b = false;
		ck_assert_int_eq(strnum_bool(yes[i], &b), 0);
		ck_assert(b);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		b = true;
		ck_assert_int_eq(strnum_bool(no[i], &b), 0);
		ck_assert(!b);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = true;
		ck_assert_int_eq(strnum_bool(bad[i], &b), -EINVAL);
		ck_assert(b);
	}
	ck_assert_int_eq(strnum_bool(NULL, &b), -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("strnum");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_u64_table, 0,
			    sizeof(u64_cases) / sizeof(u64_cases[0]));
	tcase_add_test(tc, test_u64_any_and_u32);
	tcase_add_test(tc, test_signed);
	tcase_add_loop_test(tc, test_duration_table, 0,
			    sizeof(dur_cases) / sizeof(dur_cases[0]));
	tcase_add_test(tc, test_duration_bounds);
	tcase_add_test(tc, test_bool);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
