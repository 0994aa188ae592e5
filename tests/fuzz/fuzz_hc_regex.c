/* fuzz_hc_regex.c: the streaming url regex matcher (health/hc_regex.c) on
 * arbitrary bodies and chunkings.
 *
 * Input: byte 0 picks a pattern, byte 1 the piece size, bytes 2-3 the
 * minimum offset; the rest is the body.  The streaming verdict must equal
 * one pcre2_match() over the whole body (the patterns' matches are all far
 * shorter than half the window), and the matcher must stay in bounds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "health/hc_regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const pats[] = {
	"ok", "^HTTP", "a[^b]{0,40}b", "(?<=x)yz", "\\bword\\b", "end$", "(?m)^line",
	"[0-9]{3,6}", "(ab|ba)+c", "\\r\\n\\r\\n",
};
#define NPATS (sizeof(pats) / sizeof(pats[0]))

static int
whole(const char *pat, const uint8_t *b, size_t len, size_t lo)
{
	static pcre2_code *code[NPATS];
	static pcre2_match_data *md;
	size_t k = 0;
	int ec, rc;
	PCRE2_SIZE eo;

	while (pats[k] != pat)
		k++;
	if (!code[k])
		code[k] = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
	if (!md)
		md = pcre2_match_data_create(8, NULL);
	if (!code[k] || !md)
		abort();
	if (lo > len)
		return 0;
	rc = pcre2_match(code[k], b, len, lo, 0, md, NULL);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return -1;
	return rc >= 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct hc_regex *re;
	struct hc_regex_stream s;
	const char *pat;
	size_t step, lo, off = 0, n;
	int got, want;

	if (size < 4)
		return 0;
	pat = pats[data[0] % NPATS];
	step = (size_t)data[1] % 64 + 1;
	lo = (size_t)data[2] << 8 | data[3];
	lo %= 512;
	data += 4;
	size -= 4;
	if (hc_regex_get(pat, 0, &re, NULL, 0) < 0 ||
	    hc_regex_stream_init(&s, re, lo, HC_REGEX_NO_LIMIT) < 0)
		abort();
	while (off < size) {
		n = size - off < step ? size - off : step;
		hc_regex_stream_feed(&s, data + off, n);
		if (s.len > HC_REGEX_WINDOW || s.start > s.len + 1)
			abort();
		off += n;
	}
	got = hc_regex_stream_end(&s);
	hc_regex_stream_free(&s);
	want = whole(pat, data, size, lo);
	if (got >= 0 && want >= 0 && got != want)
		abort();
	return 0;
}
