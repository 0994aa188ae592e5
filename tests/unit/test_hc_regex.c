/* test_hc_regex.c: streaming url regex matcher (health/hc_regex.c).
 *
 * The main property: whatever the chunking of the body, the streaming
 * verdict equals one pcre2_match() over the whole body (first match
 * starting at or after min_off; matched iff it starts at or before
 * max_off), for patterns whose matches fit in half the window. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "ck_run.h"
#include "health/hc_regex.h"

static const struct hc_regex *
get(const char *pat, uint32_t fl)
{
	const struct hc_regex *re = NULL;
	char err[200];

	ck_assert_msg(hc_regex_get(pat, fl, &re, err, sizeof(err)) == 0, "%s: %s", pat, err);
	return re;
}

/* Streaming verdict with pieces of @step bytes (0: one piece). */
static int
stream(const struct hc_regex *re, const char *body, size_t len, size_t step,
       uint64_t lo, uint64_t hi, uint64_t *at)
{
	struct hc_regex_stream s;
	size_t off = 0, n;
	int r;

	ck_assert_int_eq(hc_regex_stream_init(&s, re, lo, hi), 0);
	while (off < len) {
		n = step && step < len - off ? step : len - off;
		hc_regex_stream_feed(&s, body + off, n);
		off += n;
	}
	r = hc_regex_stream_end(&s);
	if (at)
		*at = s.match_off;
	hc_regex_stream_free(&s);
	return r;
}

/* Reference: one match over the whole body. */
static int
whole(const char *pat, uint32_t fl, const char *body, size_t len, uint64_t lo,
      uint64_t hi)
{
	int ec, rc;
	PCRE2_SIZE eo;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, fl, &ec, &eo, NULL);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
	uint64_t at;

	ck_assert_ptr_nonnull(c);
	if (lo > len) {
		rc = -1;
	} else {
		rc = pcre2_match(c, (PCRE2_SPTR)body, len, lo, 0, md, NULL);
	}
	at = rc >= 0 ? pcre2_get_ovector_pointer(md)[0] : 0;
	pcre2_match_data_free(md);
	pcre2_code_free(c);
	return rc >= 0 && (hi == HC_REGEX_NO_LIMIT || at <= hi);
}

static const size_t steps[] = { 0, 1, 2, 3, 5, 7, 13, 64, 1000, 4096, 5000 };

static void
same_everywhere(const char *pat, uint32_t fl, const char *body, size_t len,
		uint64_t lo, uint64_t hi)
{
	const struct hc_regex *re = get(pat, fl);
	int want = whole(pat, fl, body, len, lo, hi);
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		ck_assert_msg(stream(re, body, len, steps[i], lo, hi, NULL) == want,
			      "pattern %s len %zu step %zu lo %llu hi %llu: want %d", pat, len,
			      steps[i], (unsigned long long)lo, (unsigned long long)hi, want);
}

START_TEST(split_across_boundaries)
{
	static const char body[] = "<html><body>status: all systems nominal</body></html>";
	size_t len = strlen(body);
	const struct hc_regex *re = get("systems nominal", 0);
	uint64_t at;
	size_t step;

	for (step = 1; step <= len; step++) {
		ck_assert_int_eq(stream(re, body, len, step, 0, HC_REGEX_NO_LIMIT, &at), 1);
		ck_assert_uint_eq(at, 24);
	}
	same_everywhere("systems nominal", 0, body, len, 0, HC_REGEX_NO_LIMIT);
	same_everywhere("SYSTEMS", 0, body, len, 0, HC_REGEX_NO_LIMIT);
	same_everywhere("SYSTEMS", PCRE2_CASELESS, body, len, 0, HC_REGEX_NO_LIMIT);
}
END_TEST

START_TEST(offsets)
{
	static const char body[] = "ok....ok....ok";
	size_t len = strlen(body);
	const struct hc_regex *re = get("ok", 0);
	uint64_t at;

	ck_assert_int_eq(stream(re, body, len, 1, 1, HC_REGEX_NO_LIMIT, &at), 1);
	ck_assert_uint_eq(at, 6);
	ck_assert_int_eq(stream(re, body, len, 3, 7, 12, &at), 1);
	ck_assert_uint_eq(at, 12);
	ck_assert_int_eq(stream(re, body, len, 3, 7, 11, NULL), 0);
	ck_assert_int_eq(stream(re, body, len, 2, 13, HC_REGEX_NO_LIMIT, NULL), 0);
	ck_assert_int_eq(stream(re, body, len, 0, 0, 0, &at), 1);
	ck_assert_int_eq(stream(re, body, len, 0, 1, 5, NULL), 0);
	for (uint64_t lo = 0; lo < 16; lo++)
		for (uint64_t hi = lo; hi < 16; hi++)
			same_everywhere("ok", 0, body, len, lo, hi);
}
END_TEST

START_TEST(anchors_and_lookbehind)
{
	static const char b1[] = "zzzabc";
	static const char b2[] = "line one\nbar two\nfoobar";

	same_everywhere("^abc", 0, b1, strlen(b1), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("^zzz", 0, b1, strlen(b1), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("abc$", 0, b1, strlen(b1), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("zabc\\z", 0, b1, strlen(b1), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("ab$", 0, b1, strlen(b1), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("^bar", PCRE2_MULTILINE, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("^bar", 0, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("(?<=foo)bar", 0, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("(?<!foo)bar", 0, b2, strlen(b2), 10, HC_REGEX_NO_LIMIT);
	same_everywhere("\\bbar\\b", 0, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("\\Bbar", 0, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("two.foo", PCRE2_DOTALL, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	same_everywhere("two.foo", 0, b2, strlen(b2), 0, HC_REGEX_NO_LIMIT);
	/* an empty body: only patterns that match the empty string */
	ck_assert_int_eq(stream(get("^$", 0), "", 0, 0, 0, HC_REGEX_NO_LIMIT, NULL), 1);
	ck_assert_int_eq(stream(get("x", 0), "", 0, 0, 0, HC_REGEX_NO_LIMIT, NULL), 0);
}
END_TEST

/* Random bodies over a tiny alphabet, longer than the window. */
START_TEST(random_bodies)
{
	static const char *const pats[] = {
		"ab+a", "a\nb", "(?<=b)a{3}", "^a", "b$", "(?m)^ba", "a.{0,50}b",
		"(ab|ba){4}", "b{9}", "\\n\\n", "a[^b]{20}",
	};
	size_t len = 3 * HC_REGEX_WINDOW + 17, i, k;
	char *body = malloc(len);
	unsigned seed = 12345;

	ck_assert_ptr_nonnull(body);
	for (k = 0; k < 6; k++) {
		for (i = 0; i < len; i++)
			body[i] = "aab\n"[rand_r(&seed) % (k < 3 ? 4 : 3)];
		for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
			same_everywhere(pats[i], 0, body, len, 0, HC_REGEX_NO_LIMIT);
			same_everywhere(pats[i], 0, body, len, 9000, HC_REGEX_NO_LIMIT);
			same_everywhere(pats[i], 0, body, len, 100, 20000);
		}
	}
	free(body);
}
END_TEST

/* A partial match that never completes costs linear time and still lets
 * a later match be found. */
START_TEST(endless_partial)
{
	size_t len = 4u << 20, i;
	char *body = malloc(len);
	const struct hc_regex *re = get("a.*b", PCRE2_DOTALL);
	clock_t t0;
	double secs;

	ck_assert_ptr_nonnull(body);
	memset(body, 'a', len);
	t0 = clock();
	ck_assert_int_eq(stream(re, body, len, 4096, 0, HC_REGEX_NO_LIMIT, NULL), 0);
	body[len - 1] = 'b';
	ck_assert_int_eq(stream(re, body, len, 4096, 0, HC_REGEX_NO_LIMIT, NULL), 1);
	for (i = 0; i < len; i++)
		body[i] = 'x';
	ck_assert_int_eq(stream(re, body, len, 1000, 0, HC_REGEX_NO_LIMIT, NULL), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 20, "3 x 4 MiB took %.1f s", secs);
	free(body);
}
END_TEST

START_TEST(match_limit)
{
	char body[64];
	const struct hc_regex *re = get("(a+)+$", 0);

	memset(body, 'a', 40);
	body[40] = 'b';
	ck_assert_int_eq(stream(re, body, 41, 0, 0, HC_REGEX_NO_LIMIT, NULL), -E2BIG);
	ck_assert_int_eq(stream(re, body, 41, 7, 0, HC_REGEX_NO_LIMIT, NULL), -E2BIG);
}
END_TEST

START_TEST(options_and_errors)
{
	char *words[] = { "caseless", "multiline", "dotall", "use_offset_limit" };
	char *bad_words[] = { "caseless", "CASELESS" };
	struct hc_regex *re;
	const char *bad = NULL;
	uint32_t fl;
	char err[200];

	ck_assert_int_eq(hc_regex_options(words, 4, &fl, &bad), 0);
	ck_assert_uint_eq(fl, PCRE2_CASELESS | PCRE2_MULTILINE | PCRE2_DOTALL |
			  PCRE2_USE_OFFSET_LIMIT);
	ck_assert_int_eq(hc_regex_options(bad_words, 2, &fl, &bad), -EINVAL);
	ck_assert_str_eq(bad, "CASELESS");
	ck_assert_int_eq(hc_regex_compile("abc(", 0, &re, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "offset 4") != NULL, "%s", err);
	/* use_offset_limit with a max offset still gives the same verdicts */
	same_everywhere("ok", PCRE2_USE_OFFSET_LIMIT, "..ok..ok", 8, 3, 6);
	same_everywhere("ok", PCRE2_USE_OFFSET_LIMIT, "..ok..ok", 8, 3, 5);
	/* the cache hands out one compiled pattern per (pattern, flags) */
	ck_assert_ptr_eq(get("x+", 0), get("x+", 0));
	ck_assert_ptr_ne(get("x+", 0), get("x+", PCRE2_CASELESS));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_regex");
	TCase *tc = tcase_create("stream");
	int r;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, split_across_boundaries);
	tcase_add_test(tc, offsets);
	tcase_add_test(tc, anchors_and_lookbehind);
	tcase_add_test(tc, random_bodies);
	tcase_add_test(tc, endless_partial);
	tcase_add_test(tc, match_limit);
	tcase_add_test(tc, options_and_errors);
	suite_add_tcase(s, tc);
	r = ck_run(s);
	hc_regex_cache_clear();
	return r;
}
