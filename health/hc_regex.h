/* hc_regex.h: HTTP_GET/SSL_GET url regex (keepalived 2.2 "regex",
 * "regex_no_match", "regex_options", "regex_min_offset",
 * "regex_max_offset"), on PCRE2.
 *
 * The body is matched as it streams, in bounded memory: the bytes arrive in
 * pieces (whatever recv() returned) and are appended to a window of
 * HC_REGEX_WINDOW bytes; PCRE2 runs with PCRE2_PARTIAL_HARD over the window
 * after each piece.  What the window keeps between pieces:
 *   - after "no match": only the pattern's maximum lookbehind, so a
 *     lookbehind or \b still sees the bytes before a piece boundary;
 *   - after a partial match: from the partial match's start (less the
 *     lookbehind), so a match split across pieces is found;
 *   - when a partial match fills the window, every match starting in the
 *     window's first half is given up and the scan goes on from its middle:
 *     the cost stays linear in the body size, and a match longer than
 *     HC_REGEX_WINDOW / 2 may be missed (keepalived has the same kind of
 *     limit: its 4 KiB read buffer).
 * "^" only matches at the start of the body (PCRE2_NOTBOL once the window
 * has moved); "$" and other end assertions are settled by hc_regex_end(),
 * which runs a final non-partial match over what the window holds.
 * The body is what keepalived matches: the bytes after the header, capped at
 * Content-Length (chunk framing included for a chunked reply, as keepalived
 * does not decode it).
 *
 * Offsets (body byte positions, 0-based): a match must start at or after
 * regex_min_offset and at or before regex_max_offset.  Matching stops as soon
 * as the verdict is known (a match, or the scan passed regex_max_offset).
 * Each pcre2_match() is bounded (match limit, heap limit): a pattern that
 * backtracks catastrophically on hostile input ends the attempt with
 * -E2BIG instead of burning the checker's CPU.
 */
#ifndef IPVSD_HC_REGEX_H
#define IPVSD_HC_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HC_REGEX_WINDOW 8192
#define HC_REGEX_NO_LIMIT UINT64_MAX

struct hc_regex;

/* hc_regex_options: the PCRE2 compile flags named by @words (keepalived's
 * regex_options names: "caseless", "multiline", "dotall", ...).  0, or
 * -EINVAL with *@bad set to the first unknown word. */
int hc_regex_options(char *const *words, size_t n, uint32_t *flags,
		     const char **bad);

/* hc_regex_compile: compile @pattern with @flags (from hc_regex_options).
 * 0 and *@ret (free with hc_regex_free), or -EINVAL with the PCRE2 message
 * and offset in @err, or -ENOMEM. */
int hc_regex_compile(const char *pattern, uint32_t flags, struct hc_regex **ret,
		     char *err, size_t errlen);
void hc_regex_free(struct hc_regex *re);

/* hc_regex_get: like hc_regex_compile, but compiled patterns are kept in a
 * process-wide cache (keyed by pattern and flags) for the life of the
 * process: the health child compiles each distinct pattern once.  The
 * returned pattern belongs to the cache. */
int hc_regex_get(const char *pattern, uint32_t flags, const struct hc_regex **ret,
		 char *err, size_t errlen);
/* hc_regex_cache_clear: free the cache (tests, leak checkers). */
void hc_regex_cache_clear(void);

/* One body being matched. */
struct hc_regex_stream {
	const struct hc_regex *re;
	uint64_t min_off, max_off;	/* allowed match starts (inclusive) */
	uint64_t base;			/* body offset of buf[0] */
	size_t len;			/* bytes in buf */
	size_t start;			/* where in buf the next scan starts */
	bool matched;
	bool finished;			/* verdict known: no more scanning */
	uint64_t match_off;		/* body offset of the match */
	int err;			/* -E2BIG (limit), -ENOMEM, or 0 */
	uint8_t *buf;			/* HC_REGEX_WINDOW bytes */
};

/* hc_regex_stream_init: start matching a body against @re; @max_off may be
 * HC_REGEX_NO_LIMIT.  0 or -ENOMEM. */
int hc_regex_stream_init(struct hc_regex_stream *s, const struct hc_regex *re,
			 uint64_t min_off, uint64_t max_off);
/* hc_regex_stream_feed: the next @len body bytes.  0, or the stream's error
 * (-E2BIG, -ENOMEM) once one happened. */
int hc_regex_stream_feed(struct hc_regex_stream *s, const void *data, size_t len);
/* hc_regex_stream_end: the body ended: settle pending partial matches.
 * Returns 1 if the body matched, 0 if not, or the stream's error. */
int hc_regex_stream_end(struct hc_regex_stream *s);
void hc_regex_stream_free(struct hc_regex_stream *s);

#endif
