/* test_hc_http.c: HTTP response parser, request builder, status set and
 * body digest of the health checker (health/http_*.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health/http_digest.h"
#include "health/http_req.h"
#include "health/http_resp.h"
#include "ck_run.h"

/* ---- helpers ---- */

struct sink {
	char buf[65536];
	size_t len;
	int abort_after;	/* >0: fail on that call */
	int calls;
};

static int
sink_cb(void *arg, const uint8_t *data, size_t len)
{
	struct sink *s = arg;

	if (s->abort_after && ++s->calls >= s->abort_after)
		return -1;
	ck_assert_uint_le(s->len + len, sizeof(s->buf));
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	return 0;
}

/* Feed @in in pieces of @step bytes (0: all at once); call eof if the
 * parser still wants more and @eof is set. */
static int
run(struct http_resp *p, struct sink *s, const struct http_resp_limits *lim,
    enum http_body_mode mode, const char *in, size_t len, size_t step, int eof)
{
	size_t off = 0;
	int r = HTTP_RESP_MORE;

	memset(s, 0, sizeof(*s));
	http_resp_init(p, lim, mode, sink_cb, s);
	if (!step)
		step = len ? len : 1;
	while (off < len && r == HTTP_RESP_MORE) {
		size_t n = len - off < step ? len - off : step;

		r = http_resp_feed(p, in + off, n);
		off += n;
	}
	if (r == HTTP_RESP_MORE && eof)
		r = http_resp_eof(p);
	http_resp_free(p);	/* a long line may be pending */
	return r;
}

static void
md5_hex(const void *data, size_t len, char hex[33])
{
	struct http_digest d;

	ck_assert_int_eq(http_digest_init(&d), 0);
	ck_assert_int_eq(http_digest_update(&d, data, len), 0);
	ck_assert_int_eq(http_digest_final_hex(&d, hex), 0);
}

/* ---- table of responses ---- */

struct resp_case {
	const char *name;
	const char *in;
	enum http_body_mode mode;
	int eof;
	int ret;
	enum hc_result result;
	int status;
	const char *body;	/* expected delivered bytes, if ret is DONE */
	const char *md5;	/* expected MD5 of body, if known independently */
	int short_body;
};

#define CHUNKED_HDR "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define CHUNKED_BODY "3;foo=bar;q=\"x\"\r\nabc\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n"

static const struct resp_case resp_cases[] = {
	{ "1.0 content-length, extra bytes ignored",
	  "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "abc", "900150983cd24fb0d6963f7d28e17f72", 0 },
	{ "1.1 close-delimited body",
	  "HTTP/1.1 200 OK\r\nServer: x\r\nConnection: close\r\n\r\n"
	  "The quick brown fox jumps over the lazy dog", HTTP_BODY_RAW, 1,
	  HTTP_RESP_DONE, HC_OK, 200, "The quick brown fox jumps over the lazy dog",
	  "9e107d9d372bb6826bd81d3542a419d6", 0 },
	{ "1.0 no length: until close",
	  "HTTP/1.0 200 OK\r\n\r\nmessage digest", HTTP_BODY_DECODED, 1,
	  HTTP_RESP_DONE, HC_OK, 200, "message digest",
	  "f96b697d7cb7938d525a2f31aaf161d0", 0 },
	{ "chunked, extensions and trailers, decoded",
	  CHUNKED_HDR CHUNKED_BODY, HTTP_BODY_DECODED, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "abc", "900150983cd24fb0d6963f7d28e17f72", 0 },
	{ "chunked, raw (keepalived digest bytes)",
	  CHUNKED_HDR CHUNKED_BODY "junk after", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 200, CHUNKED_BODY,
	  /* what genhash (keepalived 2.2.7) printed for this response */
	  "93f1be347fcb8225387909d0b0d27a9b", 0 },
	{ "chunked, several chunks, upper-case hex",
	  CHUNKED_HDR "4\r\nmess\r\nA \r\nage digest\r\n0\r\n\r\n", HTTP_BODY_DECODED, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "message digest",
	  "f96b697d7cb7938d525a2f31aaf161d0", 0 },
	{ "chunked wins over content-length",
	  "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
	  "1\r\nz\r\n0\r\n\r\n", HTTP_BODY_DECODED, 0, HTTP_RESP_DONE, HC_OK, 200, "z", NULL, 0 },
	{ "204 has no body",
	  "HTTP/1.1 204 No Content\r\n\r\n", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 204, "", "d41d8cd98f00b204e9800998ecf8427e", 0 },
	{ "content-length 0",
	  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "", NULL, 0 },
	{ "404 parses fine",
	  "HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nno", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 404, "no", NULL, 0 },
	{ "status without reason, bare LF lines",
	  "HTTP/1.0 503\nContent-Length: 2\n\nhi", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 503, "hi", NULL, 0 },
	{ "short body at EOF still completes",
	  "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc", HTTP_BODY_RAW, 1,
	  HTTP_RESP_DONE, HC_OK, 200, "abc", "900150983cd24fb0d6963f7d28e17f72", 1 },
	{ "truncated chunked at EOF is short",
	  CHUNKED_HDR "5\r\nab", HTTP_BODY_DECODED, 1,
	  HTTP_RESP_DONE, HC_OK, 200, "ab", NULL, 1 },
	{ "same content-length twice",
	  "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "x", NULL, 0 },
	{ "obs-fold continuation ignored",
	  "HTTP/1.1 200 OK\r\nX-A: 1\r\n  more\r\nContent-Length: 1\r\n\r\nx", HTTP_BODY_RAW, 0,
	  HTTP_RESP_DONE, HC_OK, 200, "x", NULL, 0 },
	/* failures */
	{ "nothing at all", "", HTTP_BODY_RAW, 1, -EBADMSG, HC_NO_REPLY, 0, NULL, NULL, 0 },
	{ "header cut by EOF", "HTTP/1.1 200 OK\r\nServ", HTTP_BODY_RAW, 1,
	  -EBADMSG, HC_NO_REPLY, 0, NULL, NULL, 0 },
	{ "garbage status line", "SSH-2.0-OpenSSH_9.2\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "non-numeric status", "HTTP/1.1 2x0 OK\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "HTTP/2 status line", "HTTP/2 200\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "NUL in header", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "space in header name", "HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "header without colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "conflicting content-length",
	  "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "negative content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
	  HTTP_BODY_RAW, 0, -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "huge content-length",
	  "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
	  HTTP_BODY_RAW, 0, -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "bad chunk size", CHUNKED_HDR "zz\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "chunk size overflow", CHUNKED_HDR "fffffffffffffffffffff\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
	{ "chunk data not followed by CRLF", CHUNKED_HDR "3\r\nabcX\r\n", HTTP_BODY_RAW, 0,
	  -EBADMSG, HC_BAD_REPLY, 0, NULL, NULL, 0 },
};

static void
check_case(const struct resp_case *c, size_t step)
{
	struct http_resp p;
	static struct sink s;
	char hex[33];
	size_t len = strlen(c->in);
	int r;

	if (strcmp(c->name, "NUL in header") == 0)
		len = sizeof("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n") - 1;
	r = run(&p, &s, NULL, c->mode, c->in, len, step, c->eof);
	ck_assert_msg(r == c->ret, "%s (step %zu): ret %d, want %d (%s)", c->name,
		      step, r, c->ret, hc_result_str(p.result));
	ck_assert_msg(p.result == c->result, "%s: result %s", c->name,
		      hc_result_str(p.result));
	if (c->ret != HTTP_RESP_DONE)
		return;
	ck_assert_int_eq(p.status, c->status);
	ck_assert_int_eq(p.short_body, c->short_body);
	ck_assert_uint_eq(s.len, strlen(c->body));
	ck_assert(memcmp(s.buf, c->body, s.len) == 0);
	ck_assert_uint_eq(p.body_bytes, s.len);
	if (c->md5) {
		md5_hex(s.buf, s.len, hex);
		ck_assert_str_eq(hex, c->md5);
	}
}

START_TEST(test_resp_table)
{
	const struct resp_case *c = &resp_cases[_i];

	check_case(c, 0);	/* one shot */
	check_case(c, 1);	/* byte by byte */
	check_case(c, 2);
	check_case(c, 7);
}
END_TEST

START_TEST(test_resp_fields)
{
	struct http_resp p;
	static struct sink s;
	const char *a = "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n";
	const char *b = "HTTP/1.1 301 Moved\r\nconnection: foo, CLOSE\r\n"
			"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";

	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, a, strlen(a), 0, 0), HTTP_RESP_DONE);
	ck_assert_int_eq(p.version_minor, 0);
	ck_assert(p.conn_keep_alive && !p.conn_close);
	ck_assert(p.has_content_length && p.content_length == 0 && p.headers_done);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, b, strlen(b), 0, 0), HTTP_RESP_DONE);
	ck_assert_int_eq(p.version_minor, 1);
	ck_assert_int_eq(p.status, 301);
	ck_assert(p.conn_close && p.chunked && !p.has_content_length);
	/* feeding a finished parser is a no-op */
	ck_assert_int_eq(http_resp_feed(&p, "more", 4), HTTP_RESP_DONE);
	ck_assert_int_eq(http_resp_eof(&p), HTTP_RESP_DONE);
}
END_TEST

/* Byte-by-byte delivery gives the same body and digest as one shot, for a
 * response whose chunks straddle every boundary. */
START_TEST(test_resp_fragmented_equals_oneshot)
{
	static char in[8192];
	static struct sink s1, s2;
	struct http_resp p1, p2;
	char h1[33], h2[33];
	size_t len, i;

	len = (size_t)snprintf(in, sizeof(in), "%s", CHUNKED_HDR);
	for (i = 1; i < 40; i++) {
		len += (size_t)snprintf(in + len, sizeof(in) - len, "%zx;e=%zu\r\n", i, i);
		memset(in + len, (int)('a' + i % 26), i);
		len += i;
		len += (size_t)snprintf(in + len, sizeof(in) - len, "\r\n");
	}
	len += (size_t)snprintf(in + len, sizeof(in) - len, "0\r\nT: x\r\n\r\n");
	for (int mode = HTTP_BODY_RAW; mode <= HTTP_BODY_DECODED; mode++) {
		ck_assert_int_eq(run(&p1, &s1, NULL, mode, in, len, 0, 0), HTTP_RESP_DONE);
		ck_assert_int_eq(run(&p2, &s2, NULL, mode, in, len, 1, 0), HTTP_RESP_DONE);
		ck_assert_uint_eq(s1.len, s2.len);
		ck_assert(memcmp(s1.buf, s2.buf, s1.len) == 0);
		md5_hex(s1.buf, s1.len, h1);
		md5_hex(s2.buf, s2.len, h2);
		ck_assert_str_eq(h1, h2);
	}
	ck_assert_uint_eq(s2.len, 39 * 40 / 2);	/* decoded: payload only */
}
END_TEST

/* Lines longer than the parser's small line buffer (HTTP_RESP_LINE_SMALL)
 * within max_line parse the same, whole or byte by byte, including a
 * Content-Length header padded past the small buffer; a parse abandoned
 * inside a long line releases it with http_resp_free() (LSan checks). */
START_TEST(test_resp_long_lines)
{
	static char in[16384];
	static struct sink s;
	struct http_resp p;
	size_t len, step;

	len = (size_t)snprintf(in, sizeof(in), "HTTP/1.1 200 ");
	memset(in + len, 'r', 600);		/* long reason phrase */
	len += 600;
	len += (size_t)snprintf(in + len, sizeof(in) - len, "\r\nX-Long: ");
	memset(in + len, 'v', 4000);		/* near max_line (4096) */
	len += 4000;
	len += (size_t)snprintf(in + len, sizeof(in) - len, "\r\nContent-Length:");
	memset(in + len, ' ', HTTP_RESP_LINE_SMALL);
	len += HTTP_RESP_LINE_SMALL;
	len += (size_t)snprintf(in + len, sizeof(in) - len, "5\r\n\r\nhelloEXTRA");
	for (step = 0; step <= 7; step += 7) {
		ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, step, 0),
				 HTTP_RESP_DONE);
		ck_assert_int_eq(p.status, 200);
		ck_assert(p.has_content_length && p.content_length == 5);
		ck_assert_uint_eq(s.len, 5);
		ck_assert(memcmp(s.buf, "hello", 5) == 0);
		ck_assert_ptr_null(p.line_big);
	}
	/* abandoned in the middle of the long header line */
	memset(&s, 0, sizeof(s));
	http_resp_init(&p, NULL, HTTP_BODY_RAW, sink_cb, &s);
	ck_assert_int_eq(http_resp_feed(&p, in, 2000), HTTP_RESP_MORE);
	ck_assert_ptr_nonnull(p.line_big);
	http_resp_free(&p);
	http_resp_free(&p);	/* twice is harmless */
	ck_assert_ptr_null(p.line_big);
}
END_TEST

START_TEST(test_resp_header_limits)
{
	static char in[40000];
	static struct sink s;
	struct http_resp p;
	size_t len;
	int i;

	/* one overlong header line */
	len = (size_t)snprintf(in, sizeof(in), "HTTP/1.1 200 OK\r\nX: ");
	memset(in + len, 'a', 5000);
	len += 5000;
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, 0, 0), -EMSGSIZE);
	ck_assert_int_eq(p.result, HC_HEADER_TOO_LARGE);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, 1, 0), -EMSGSIZE);
	/* overlong status line, no newline ever */
	memset(in, 'H', 10000);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, 10000, 3, 0), -EMSGSIZE);
	/* too many header lines */
	len = (size_t)snprintf(in, sizeof(in), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 101; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "X-%d: y\r\n", i);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, 0, 0), -EMSGSIZE);
	ck_assert_int_eq(p.result, HC_HEADER_TOO_LARGE);
	/* too many header bytes in total, each line within limits */
	len = (size_t)snprintf(in, sizeof(in), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 20; i++) {
		len += (size_t)snprintf(in + len, sizeof(in) - len, "X-%d: ", i);
		memset(in + len, 'v', 1000);
		len += 1000;
		len += (size_t)snprintf(in + len, sizeof(in) - len, "\r\n");
	}
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, 0, 0), -EMSGSIZE);
	ck_assert_int_eq(p.result, HC_HEADER_TOO_LARGE);
	/* too many trailers */
	len = (size_t)snprintf(in, sizeof(in), CHUNKED_HDR "0\r\n");
	for (i = 0; i < 120; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "T: y\r\n");
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, in, len, 0, 0), -EMSGSIZE);
	/* a failed parser stays failed */
	ck_assert_int_eq(http_resp_feed(&p, "\r\n", 2), -EMSGSIZE);
	ck_assert_int_eq(http_resp_eof(&p), -EMSGSIZE);
}
END_TEST

/* An endless body (close-delimited or one giant chunk) stops after
 * max_body bytes with HC_REPLY_TOO_LARGE. */
START_TEST(test_resp_endless_body)
{
	static const char *const heads[] = {
		"HTTP/1.1 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n",
		CHUNKED_HDR "ffffffffffff\r\n",
	};
	struct http_resp_limits lim = http_resp_default_limits;
	static uint8_t junk[4096];
	struct http_resp p;
	size_t fed;
	int r;

	lim.max_body = 100000;
	memset(junk, 'j', sizeof(junk));
	for (size_t h = 0; h < 3; h++) {
		http_resp_init(&p, &lim, HTTP_BODY_RAW, NULL, NULL);
		ck_assert_int_eq(http_resp_feed(&p, heads[h], strlen(heads[h])), HTTP_RESP_MORE);
		for (fed = 0, r = HTTP_RESP_MORE; r == HTTP_RESP_MORE && fed < 10000000;
		     fed += sizeof(junk))
			r = http_resp_feed(&p, junk, sizeof(junk));
		ck_assert_int_eq(r, -EMSGSIZE);
		ck_assert_int_eq(p.result, HC_REPLY_TOO_LARGE);
		ck_assert_uint_le(fed, lim.max_body + 2 * sizeof(junk));
		ck_assert_uint_le(p.wire_body_bytes, lim.max_body);
	}
}
END_TEST

START_TEST(test_resp_consumer_abort)
{
	static struct sink s;
	struct http_resp p;
	const char *in = CHUNKED_HDR "1\r\na\r\n1\r\nb\r\n0\r\n\r\n";
	int r;

	memset(&s, 0, sizeof(s));
	s.abort_after = 2;
	http_resp_init(&p, NULL, HTTP_BODY_DECODED, sink_cb, &s);
	r = http_resp_feed(&p, in, strlen(in));
	ck_assert_int_eq(r, -ECANCELED);
	ck_assert_int_eq(p.result, HC_INTERNAL);
}
END_TEST

/* ---- digest of the raw (keepalived/genhash) bytes ---- */

START_TEST(test_digest_stream)
{
	static struct sink s;
	struct http_digest d;
	struct http_resp p;
	char hex[33], want[33];
	const char *in = CHUNKED_HDR CHUNKED_BODY;
	const char *fox = "The quick brown fox jumps over the lazy dog";
	size_t i;

	/* streaming in odd pieces equals the known vector */
	ck_assert_int_eq(http_digest_init(&d), 0);
	for (i = 0; i < strlen(fox); i += 5)
		ck_assert_int_eq(http_digest_update(&d, fox + i,
				 strlen(fox) - i < 5 ? strlen(fox) - i : 5), 0);
	ck_assert_int_eq(http_digest_final_hex(&d, hex), 0);
	ck_assert_str_eq(hex, "9e107d9d372bb6826bd81d3542a419d6");
	ck_assert(http_digest_hex_equal(hex, "9E107D9D372BB6826BD81D3542A419D6"));
	ck_assert(!http_digest_hex_equal(hex, "9e107d9d372bb6826bd81d3542a419d7"));
	ck_assert(!http_digest_hex_valid("9e107d9d372bb6826bd81d3542a419d"));
	ck_assert(!http_digest_hex_valid("9e107d9d372bb6826bd81d3542a419d6a"));
	ck_assert(!http_digest_hex_valid("9e107d9d372bb6826bd81d3542a419dg"));
	/* parser -> digest directly, byte by byte: MD5 of the raw chunked
	 * body text, the framing included, as keepalived computes it */
	ck_assert_int_eq(http_digest_init(&d), 0);
	http_resp_init(&p, NULL, HTTP_BODY_RAW, http_digest_body_cb, &d);
	for (i = 0; i < strlen(in); i++)
		ck_assert_int_eq(http_resp_feed(&p, in + i, 1),
				 i + 1 < strlen(in) ? HTTP_RESP_MORE : HTTP_RESP_DONE);
	ck_assert_int_eq(http_digest_final_hex(&d, hex), 0);
	md5_hex(CHUNKED_BODY, strlen(CHUNKED_BODY), want);
	ck_assert_str_eq(hex, want);
	(void)s;
	http_digest_free(&d);	/* second free is harmless */
	ck_assert_int_eq(http_digest_update(&d, "x", 1), -EINVAL);
}
END_TEST

/* ---- status_code sets ---- */

static void
set_code(uint8_t *bm, int lo, int hi)
{
	for (int c = lo; c <= hi; c++)
		bm[(c - 100) / 8] |= (uint8_t)(1u << ((c - 100) % 8));
}

START_TEST(test_status_ranges)
{
	uint8_t bm[75] = { 0 };
	static const struct { int code, dflt, set; } t[] = {
		{ 99, 0, 0 }, { 100, 0, 0 }, { 199, 0, 0 }, { 200, 1, 1 },
		{ 204, 1, 1 }, { 205, 1, 0 }, { 299, 1, 0 }, { 300, 0, 0 },
		{ 301, 0, 1 }, { 400, 0, 1 }, { 404, 0, 1 }, { 499, 0, 1 },
		{ 500, 0, 0 }, { 599, 0, 1 }, { 600, 0, 0 }, { 700, 0, 0 },
		{ -1, 0, 0 },
	};

	set_code(bm, 200, 204);
	set_code(bm, 301, 301);
	set_code(bm, 400, 499);
	set_code(bm, 599, 599);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(http_status_accepted(NULL, false, t[i].code) == t[i].dflt,
			      "default %d", t[i].code);
		ck_assert_msg(http_status_accepted(bm, false, t[i].code) == t[i].dflt,
			      "unset %d", t[i].code);
		ck_assert_msg(http_status_accepted(bm, true, t[i].code) == t[i].set,
			      "set %d", t[i].code);
	}
}
END_TEST

START_TEST(test_verdict)
{
	static struct sink s;
	struct http_resp p;
	uint8_t bm[75] = { 0 };
	const char *ok = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc";
	const char *nf = "HTTP/1.0 404 Not Found\r\nContent-Length: 3\r\n\r\nabc";
	const char *md5 = "900150983cd24fb0d6963f7d28e17f72";

	set_code(bm, 404, 404);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, ok, strlen(ok), 0, 0), HTTP_RESP_DONE);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, NULL, NULL), HC_OK);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, md5, "900150983CD24FB0D6963F7D28E17F72"), HC_OK);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, md5, "d41d8cd98f00b204e9800998ecf8427e"),
			 HC_DIGEST_MISMATCH);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, md5, NULL), HC_DIGEST_MISMATCH);
	ck_assert_int_eq(http_resp_verdict(&p, bm, true, md5, md5), HC_WRONG_STATUS);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, nf, strlen(nf), 0, 0), HTTP_RESP_DONE);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, NULL, NULL), HC_WRONG_STATUS);
	ck_assert_int_eq(http_resp_verdict(&p, bm, true, md5, md5), HC_OK);
	/* status is judged before the digest, as keepalived does */
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, md5, "00"), HC_WRONG_STATUS);
	/* unfinished and failed parses */
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, ok, 20, 0, 0), HTTP_RESP_MORE);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, NULL, NULL), HC_NO_REPLY);
	ck_assert_int_eq(run(&p, &s, NULL, HTTP_BODY_RAW, "FTP 220\r\n", 9, 0, 0), -EBADMSG);
	ck_assert_int_eq(http_resp_verdict(&p, NULL, false, NULL, NULL), HC_BAD_REPLY);
}
END_TEST

/* ---- request builder ---- */

START_TEST(test_request_build)
{
	char buf[512];
	struct http_req rq = { .path = "/health", .vhost = "www.example.com",
			       .addr = "10.0.0.1", .port = 8080 };
	enum http_proto pr;

	ck_assert_int_eq(http_req_build(buf, sizeof(buf), &rq), (int)strlen(buf));
	ck_assert_str_eq(buf, "GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
			 "Host: www.example.com\r\n\r\n");
	rq.vhost = NULL;
	rq.proto = HTTP_PROTO_1_1;
	ck_assert_int_gt(http_req_build(buf, sizeof(buf), &rq), 0);
	ck_assert_str_eq(buf, "GET /health HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\n"
			 "Connection: close\r\nHost: 10.0.0.1:8080\r\n\r\n");
	rq.addr = "2001:db8::1";
	rq.ipv6 = 1;
	rq.port = 80;
	rq.proto = HTTP_PROTO_1_0C;
	ck_assert_int_gt(http_req_build(buf, sizeof(buf), &rq), 0);
	ck_assert_str_eq(buf, "GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
			 "Connection: close\r\nHost: [2001:db8::1]:80\r\n\r\n");
	ck_assert_int_eq(http_req_build(buf, 20, &rq), -ENOBUFS);
	rq.path = "/a\r\nX-Evil: 1";
	ck_assert_int_eq(http_req_build(buf, sizeof(buf), &rq), -EINVAL);
	rq.path = "/a b";
	ck_assert_int_eq(http_req_build(buf, sizeof(buf), &rq), -EINVAL);
	rq.path = "/";
	rq.vhost = "h\nX: y";
	ck_assert_int_eq(http_req_build(buf, sizeof(buf), &rq), -EINVAL);
	rq.vhost = "";
	ck_assert_int_eq(http_req_build(buf, sizeof(buf), &rq), -EINVAL);

	ck_assert_str_eq(http_req_vhost(NULL, "c", "r", "v"), "c");
	ck_assert_str_eq(http_req_vhost("u", "c", "r", "v"), "u");
	ck_assert_str_eq(http_req_vhost(NULL, NULL, NULL, "v"), "v");
	ck_assert_ptr_null(http_req_vhost(NULL, NULL, NULL, NULL));
	ck_assert_int_eq(http_proto_parse(NULL, &pr), 0);
	ck_assert_int_eq(pr, HTTP_PROTO_1_0);
	ck_assert_int_eq(http_proto_parse("1.0c", &pr), 0);
	ck_assert_int_eq(pr, HTTP_PROTO_1_0C);
	ck_assert_int_eq(http_proto_parse("1.1", &pr), 0);
	ck_assert_int_eq(pr, HTTP_PROTO_1_1);
	ck_assert_int_eq(http_proto_parse("2", &pr), -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_http");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_resp_table, 0,
			    sizeof(resp_cases) / sizeof(resp_cases[0]));
	tcase_add_test(tc, test_resp_fields);
	tcase_add_test(tc, test_resp_fragmented_equals_oneshot);
	tcase_add_test(tc, test_resp_header_limits);
	tcase_add_test(tc, test_resp_long_lines);
	tcase_add_test(tc, test_resp_endless_body);
	tcase_add_test(tc, test_resp_consumer_abort);
	tcase_add_test(tc, test_digest_stream);
	tcase_add_test(tc, test_status_ranges);
	tcase_add_test(tc, test_verdict);
	tcase_add_test(tc, test_request_build);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
