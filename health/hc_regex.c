/* hc_regex.c: streaming PCRE2 matching of HTTP bodies (see hc_regex.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "health/hc_regex.h"

/* Bounds of one pcre2_match() call over a window of at most 8 KiB. */
#define MATCH_LIMIT	1000000
#define HEAP_LIMIT_KIB	1024

struct hc_regex {
	pcre2_code *code;
	pcre2_match_data *md;		/* shared: matching is single-threaded */
	pcre2_match_context *mctx;
	uint32_t lookbehind;
	uint32_t flags;
	char *pattern;
	struct hc_regex *next;		/* cache chain */
};

static const struct {
	const char *name;
	uint32_t bit;
} option_names[] = {
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS },
	{ "alt_bsux", PCRE2_ALT_BSUX },
	{ "auto_callout", PCRE2_AUTO_CALLOUT },
	{ "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY },
	{ "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES },
	{ "extended", PCRE2_EXTENDED },
	{ "firstline", PCRE2_FIRSTLINE },
	{ "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF },
	{ "multiline", PCRE2_MULTILINE },
	{ "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF },
	{ "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS },
	{ "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE },
	{ "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY },
	{ "utf", PCRE2_UTF },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C },
	{ "alt_circumflex", PCRE2_ALT_CIRCUMFLEX },
	{ "alt_verbnames", PCRE2_ALT_VERBNAMES },
	{ "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
};

static struct hc_regex *cache;

int
hc_regex_options(char *const *words, size_t n, uint32_t *flags, const char **bad)
{
	size_t i, j;

	*flags = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(option_names) / sizeof(option_names[0]); j++)
			if (strcmp(words[i], option_names[j].name) == 0)
				break;
		if (j == sizeof(option_names) / sizeof(option_names[0])) {
			*bad = words[i];
			return -EINVAL;
		}
		*flags |= option_names[j].bit;
	}
	return 0;
}

void
hc_regex_free(struct hc_regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

int
hc_regex_compile(const char *pattern, uint32_t flags, struct hc_regex **ret,
		 char *err, size_t errlen)
{
	struct hc_regex *re = calloc(1, sizeof(*re));
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE eoff;
	int ecode;

	if (!re)
		return -ENOMEM;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags,
				 &ecode, &eoff, NULL);
	if (!re->code) {
		pcre2_get_error_message(ecode, msg, sizeof(msg));
		if (err && errlen)
			snprintf(err, errlen, "at offset %zu: %s", (size_t)eoff,
				 (const char *)msg);
		hc_regex_free(re);
		return -EINVAL;
	}
	/* JIT if the platform has it; the interpreter otherwise */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	re->pattern = strdup(pattern);
	if (!re->md || !re->mctx || !re->pattern) {
		hc_regex_free(re);
		return -ENOMEM;
	}
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
	pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &re->lookbehind);
	/* one byte at least: a multiline ^ or a \b looks at the byte before */
	if (re->lookbehind < 1)
		re->lookbehind = 1;
	if (re->lookbehind > HC_REGEX_WINDOW / 4)
		re->lookbehind = HC_REGEX_WINDOW / 4;
	re->flags = flags;
	*ret = re;
	return 0;
}

int
hc_regex_get(const char *pattern, uint32_t flags, const struct hc_regex **ret,
	     char *err, size_t errlen)
{
	struct hc_regex *re;
	int r;

	for (re = cache; re; re = re->next)
		if (re->flags == flags && strcmp(re->pattern, pattern) == 0) {
			*ret = re;
			return 0;
		}
	r = hc_regex_compile(pattern, flags, &re, err, errlen);
	if (r < 0)
		return r;
	re->next = cache;
	cache = re;
	*ret = re;
	return 0;
}

void
hc_regex_cache_clear(void)
{
	struct hc_regex *re;

	while ((re = cache) != NULL) {
		cache = re->next;
		hc_regex_free(re);
	}
}

int
hc_regex_stream_init(struct hc_regex_stream *s, const struct hc_regex *re,
		     uint64_t min_off, uint64_t max_off)
{
	memset(s, 0, sizeof(*s));
	s->re = re;
	s->min_off = min_off;
	s->max_off = max_off;
	s->buf = malloc(HC_REGEX_WINDOW);
	if (!s->buf) {
		s->err = -ENOMEM;
		return -ENOMEM;
	}
	return 0;
}

void
hc_regex_stream_free(struct hc_regex_stream *s)
{
	free(s->buf);
	s->buf = NULL;
}

/* Drop the first @n bytes of the window. */
static void
window_drop(struct hc_regex_stream *s, size_t n)
{
	if (n == 0)
		return;
	memmove(s->buf, s->buf + n, s->len - n);
	s->len -= n;
	s->base += n;
	s->start = s->start > n ? s->start - n : 0;
}

/* Keep only the last lookbehind bytes; the next scan starts after them. */
static void
window_keep_tail(struct hc_regex_stream *s)
{
	size_t keep = s->re->lookbehind < s->len ? s->re->lookbehind : s->len;

	window_drop(s, s->len - keep);
	s->start = s->len;
}

/* One pcre2_match() over the window; returns its code, and the match or
 * partial start in *off (window offset). */
static int
window_match(struct hc_regex_stream *s, size_t from, bool partial, size_t *off)
{
	const struct hc_regex *re = s->re;
	uint32_t opts = partial ? PCRE2_PARTIAL_HARD : 0;
	int rc;

	if (s->base > 0)
		opts |= PCRE2_NOTBOL;
	if (re->flags & PCRE2_USE_OFFSET_LIMIT)
		pcre2_set_offset_limit(re->mctx, s->max_off == HC_REGEX_NO_LIMIT ? PCRE2_UNSET :
				       (PCRE2_SIZE)(s->max_off - s->base));
	rc = pcre2_match(re->code, s->buf, s->len, from, opts, re->md, re->mctx);
	if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL)
		*off = (size_t)pcre2_get_ovector_pointer(re->md)[0];
	return rc;
}

/* Where the next scan may start in the window, or -1: no match can start
 * in it any more (past regex_max_offset). */
static long
scan_from(const struct hc_regex_stream *s)
{
	uint64_t from = s->start;

	if (s->min_off > s->base + from)
		from = s->min_off - s->base;
	if (s->max_off != HC_REGEX_NO_LIMIT && s->base + from > s->max_off)
		return -1;
	return (long)from;
}

static void
found(struct hc_regex_stream *s, size_t off)
{
	s->finished = true;
	s->match_off = s->base + off;
	s->matched = s->max_off == HC_REGEX_NO_LIMIT || s->match_off <= s->max_off;
}

/* Scan the window after new bytes arrived. */
static void
window_scan(struct hc_regex_stream *s)
{
	long from;
	size_t off;
	int rc;

	for (;;) {
		from = scan_from(s);
		if (from < 0) {
			s->finished = true;
			return;
		}
		if ((size_t)from > s->len) {	/* min offset not reached yet */
			window_keep_tail(s);
			return;
		}
		rc = window_match(s, (size_t)from, true, &off);
		if (rc >= 0) {
			found(s, off);
			return;
		}
		if (rc == PCRE2_ERROR_NOMATCH) {
			window_keep_tail(s);
			return;
		}
		if (rc != PCRE2_ERROR_PARTIAL) {
			s->err = rc == PCRE2_ERROR_NOMEMORY ? -ENOMEM : -E2BIG;
			s->finished = true;
			return;
		}
		/* partial: keep it (and its lookbehind) for the next bytes */
		s->start = off;
		window_drop(s, off > s->re->lookbehind ? off - s->re->lookbehind : 0);
		if (s->len < HC_REGEX_WINDOW)
			return;
		/* the window is full of one partial match: give up every match
		 * starting in its first half (they would be longer than half
		 * the window) and rescan from the middle */
		s->start = HC_REGEX_WINDOW / 2;
		window_drop(s, s->start - s->re->lookbehind);
	}
}

int
hc_regex_stream_feed(struct hc_regex_stream *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	while (len > 0 && !s->finished && s->err == 0) {
		n = HC_REGEX_WINDOW - s->len;
		if (n > len)
			n = len;
		memcpy(s->buf + s->len, p, n);
		s->len += n;
		p += n;
		len -= n;
		window_scan(s);
	}
	return s->err;
}

int
hc_regex_stream_end(struct hc_regex_stream *s)
{
	long from;
	size_t off;
	int rc;

	if (s->err)
		return s->err;
	if (!s->finished) {
		from = scan_from(s);
		s->finished = true;
		if (from >= 0 && (size_t)from <= s->len) {
			rc = window_match(s, (size_t)from, false, &off);
			if (rc >= 0)
				found(s, off);
			else if (rc != PCRE2_ERROR_NOMATCH)
				s->err = rc == PCRE2_ERROR_NOMEMORY ? -ENOMEM : -E2BIG;
		}
	}
	return s->err ? s->err : s->matched ? 1 : 0;
}
