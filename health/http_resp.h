/* http_resp.h: incremental HTTP/1.0 and HTTP/1.1 response parser.
 *
 * Push style: the caller feeds whatever recv() (or SSL_read()) returned and
 * learns after each call whether more input is needed, the response is
 * complete, or the check failed.  The parser never blocks.  Its state
 * lives in struct http_resp (about 300 bytes); a line longer than
 * HTTP_RESP_LINE_SMALL bytes borrows a heap buffer of limits.max_line bytes
 * until that line is parsed (or the parse ends): many checks in flight then
 * cost little memory.  A caller that abandons a parse before it returned
 * DONE or failed calls http_resp_free().
 *
 * Hostile peers end in a clean failure with a reason in ->result:
 *   - status line or any header/trailer/chunk-size line longer than
 *     limits.max_line, or status line + headers + trailers over
 *     limits.max_header_bytes, or more than limits.max_headers header lines
 *     -> HC_HEADER_TOO_LARGE;
 *   - more than limits.max_body body bytes (framing included) -> the parser
 *     stops consuming and fails with HC_REPLY_TOO_LARGE, so an endless body
 *     costs at most max_body bytes of reading, never memory;
 *   - anything that is not "HTTP/1.x NNN ..." followed by "name: value"
 *     lines, conflicting Content-Length values, bad chunk framing
 *     -> HC_BAD_REPLY.
 * Slow peers (slow-loris) are the caller's business: it owns the per-step
 * deadline (STYLE.md §10); the parser only guarantees bounded state.
 *
 * Body delivery (to the digest/regex consumer), see enum http_body_mode.
 * keepalived and genhash compute the MD5 over the raw bytes that follow the
 * first "\r\n\r\n" of the response, capped at Content-Length when that
 * header is present, and do NOT decode chunked transfer coding: the chunk
 * size lines and CRLFs are hashed too.  HTTP_BODY_RAW reproduces that
 * exactly (for a chunked body: every byte from the header end up to and
 * including the final empty trailer line).  HTTP_BODY_DECODED delivers the
 * payload only, with chunk framing removed.
 *
 * End of message: Content-Length reached, last chunk's trailer section
 * ended, no body (1xx, 204, 304, Content-Length: 0), or for a body
 * delimited by connection close, http_resp_eof().  As in keepalived, a body
 * cut short by EOF before Content-Length (or before the last chunk) still
 * completes, with ->short_body set so the checker can log it.
 */
#ifndef IPVSD_HTTP_RESP_H
#define IPVSD_HTTP_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "health/hc_result.h"

/* Hard ceiling of limits.max_line. */
#define HTTP_RESP_LINE_MAX 8192
/* Lines up to this size (terminator included) need no allocation. */
#define HTTP_RESP_LINE_SMALL 128

struct http_resp_limits {
	size_t max_line;		/* bytes of one line, CRLF included */
	size_t max_header_bytes;	/* status line + headers + trailers */
	unsigned max_headers;		/* header lines + trailer lines */
	uint64_t max_body;		/* body bytes consumed (framing included) */
};

/* Defaults: 4096-byte lines, 16 KiB of header, 100 header lines, 4 MiB body. */
extern const struct http_resp_limits http_resp_default_limits;

enum http_body_mode {
	HTTP_BODY_RAW = 0,	/* keepalived/genhash-compatible wire bytes */
	HTTP_BODY_DECODED,	/* payload with chunked framing removed */
};

/* Body consumer: return 0 to go on, negative to abort the parse (the parse
 * then fails with -ECANCELED and result HC_INTERNAL). */
typedef int (*http_body_cb)(void *arg, const uint8_t *data, size_t len);

enum http_resp_state {
	HTTP_ST_STATUS = 0, HTTP_ST_HEADER, HTTP_ST_BODY_LEN, HTTP_ST_BODY_CLOSE,
	HTTP_ST_CHUNK_SIZE, HTTP_ST_CHUNK_DATA, HTTP_ST_CHUNK_END,
	HTTP_ST_TRAILER, HTTP_ST_DONE, HTTP_ST_FAIL,
};

struct http_resp {
	/* configuration */
	struct http_resp_limits lim;
	enum http_body_mode mode;
	http_body_cb cb;
	void *cb_arg;
	/* parse state */
	enum http_resp_state state;
	size_t line_len;
	bool line_cr;			/* pending line ended with CR */
	size_t header_bytes;
	unsigned n_headers;
	uint64_t chunk_left;		/* BODY_LEN: body left; CHUNK_DATA: chunk left */
	bool te_other;			/* Transfer-Encoding not ending in chunked */
	int err;			/* -errno once failed */
	char *line_big;			/* max_line + 1 bytes while a long line
					 * is pending, else NULL */
	char line[HTTP_RESP_LINE_SMALL + 1];
	/* results, valid once known */
	int version_minor;		/* 0 or 1, after the status line */
	int status;			/* 100..999, after the status line */
	bool has_content_length;
	uint64_t content_length;
	bool chunked;
	bool conn_close;		/* "Connection: close" seen */
	bool conn_keep_alive;		/* "Connection: keep-alive" seen */
	bool headers_done;
	bool short_body;		/* EOF before the announced end */
	uint64_t body_bytes;		/* bytes handed to the consumer */
	uint64_t wire_body_bytes;	/* body bytes consumed, framing included */
	enum hc_result result;		/* HC_OK unless the parse failed */
};

/* Return values of http_resp_feed() and http_resp_eof() besides -errno. */
#define HTTP_RESP_MORE 0
#define HTTP_RESP_DONE 1

/* http_resp_init: reset @p. @lim NULL means the defaults; a max_line above
 * HTTP_RESP_LINE_MAX is clamped to it.  @cb may be NULL (body discarded). */
void http_resp_init(struct http_resp *p, const struct http_resp_limits *lim,
		    enum http_body_mode mode, http_body_cb cb, void *cb_arg);

/* http_resp_feed: parse @len more bytes.  Returns HTTP_RESP_MORE,
 * HTTP_RESP_DONE (bytes after the end of the message are ignored; feeding
 * a finished parser is a no-op returning DONE), or on failure -EBADMSG
 * (malformed), -EMSGSIZE (a limit was hit) or -ECANCELED (consumer
 * aborted), with ->result saying why.  A failed parser stays failed. */
int http_resp_feed(struct http_resp *p, const void *data, size_t len);

/* http_resp_eof: the peer closed the stream.  Returns HTTP_RESP_DONE if a
 * response was complete or can be completed by the close, else -EBADMSG
 * with ->result HC_NO_REPLY (nothing or only part of the header arrived).
 */
int http_resp_eof(struct http_resp *p);

/* http_resp_free: release a pending long line's buffer (safe twice, safe on
 * a finished parser; the results stay readable). */
void http_resp_free(struct http_resp *p);

/* http_status_accepted: is @code in the status_code bitmap of a conf_url
 * (bit code-100, LSB first, 75 bytes covering 100..699)?  @bitmap NULL or
 * !@is_set means keepalived's default set, 200-299. */
bool http_status_accepted(const uint8_t *bitmap, bool is_set, int code);

/* http_resp_verdict: keepalived's order of judgement once the response is
 * complete: status code in the accepted set (see http_status_accepted),
 * then, if @want_md5 is non-NULL, the body digest @got_md5 (hex, either
 * case).  Returns HC_OK, HC_WRONG_STATUS or HC_DIGEST_MISMATCH; a parser
 * that did not complete gives its own ->result (HC_NO_REPLY if it never
 * failed but did not finish either). */
enum hc_result http_resp_verdict(const struct http_resp *p, const uint8_t *bitmap,
				 bool is_set, const char *want_md5,
				 const char *got_md5);

#endif
