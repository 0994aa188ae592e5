/* http_resp.c: incremental HTTP/1.x response parser (see http_resp.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "health/http_digest.h"
#include "health/http_resp.h"

const struct http_resp_limits http_resp_default_limits = {
	.max_line = 4096,
	.max_header_bytes = 16384,
	.max_headers = 100,
	.max_body = 4u << 20,
};

/* Largest chunk size or Content-Length we accept: 2^60, far beyond any
 * max_body, and safe from overflow when added to counters. */
#define HTTP_LEN_MAX (UINT64_C(1) << 60)

void
http_resp_free(struct http_resp *p)
{
	free(p->line_big);
	p->line_big = NULL;
}

static int
resp_fail(struct http_resp *p, enum hc_result r, int err)
{
	http_resp_free(p);
	p->state = HTTP_ST_FAIL;
	p->result = r;
	p->err = err;
	return err;
}

void
http_resp_init(struct http_resp *p, const struct http_resp_limits *lim,
	       enum http_body_mode mode, http_body_cb cb, void *cb_arg)
{
	memset(p, 0, sizeof(*p));
	p->lim = lim ? *lim : http_resp_default_limits;
	if (p->lim.max_line > HTTP_RESP_LINE_MAX)
		p->lim.max_line = HTTP_RESP_LINE_MAX;
	if (p->lim.max_line < 2)
		p->lim.max_line = 2;
	p->mode = mode;
	p->cb = cb;
	p->cb_arg = cb_arg;
	p->state = HTTP_ST_STATUS;
	p->result = HC_OK;
}

bool
http_status_accepted(const uint8_t *bitmap, bool is_set, int code)
{
	unsigned bit;

	if (!bitmap || !is_set)
		return code >= 200 && code <= 299;
	if (code < 100 || code > 699)
		return false;
	bit = (unsigned)(code - 100);
	return (bitmap[bit / 8] >> (bit % 8)) & 1u;
}

static bool
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "HTTP/1.x NNN[ reason]" */
static int
parse_status_line(struct http_resp *p, const char *l)
{
	const char *s;

	if (strncmp(l, "HTTP/1.", 7) != 0 || !is_digit(l[7]) || l[8] != ' ')
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	s = l + 9;
	while (*s == ' ')
		s++;
	if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) ||
	    (s[3] != '\0' && s[3] != ' ') || s[0] == '0')
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	p->version_minor = l[7] == '0' ? 0 : 1;
	p->status = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	p->state = HTTP_ST_HEADER;
	return 0;
}

/* Strict decimal: digits only, at most HTTP_LEN_MAX. */
static int
parse_u64_dec(const char *s, uint64_t *ret)
{
	uint64_t v = 0;

	if (!*s)
		return -EBADMSG;
	for (; *s; s++) {
		if (!is_digit(*s))
			return -EBADMSG;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > HTTP_LEN_MAX)
			return -EBADMSG;
	}
	*ret = v;
	return 0;
}

/* Does the comma-separated list @v contain @tok (case-insensitive)?  With
 * @last, only the last element counts. */
static bool
list_has(const char *v, const char *tok, bool last)
{
	size_t tl = strlen(tok);
	bool found = false;

	while (*v) {
		const char *e = strchr(v, ',');
		size_t n = e ? (size_t)(e - v) : strlen(v);
		const char *a = v, *b = v + n;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		found = (size_t)(b - a) == tl && strncasecmp(a, tok, tl) == 0;
		if (found && !last)
			return true;
		if (!e)
			break;
		v = e + 1;
	}
	return found;
}

static int
header_field(struct http_resp *p, const char *name, const char *val)
{
	uint64_t cl;

	if (strcasecmp(name, "Content-Length") == 0) {
		if (parse_u64_dec(val, &cl) < 0 ||
		    (p->has_content_length && cl != p->content_length))
			return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
		p->has_content_length = true;
		p->content_length = cl;
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		p->chunked = list_has(val, "chunked", true);
		p->te_other = !p->chunked;
	} else if (strcasecmp(name, "Connection") == 0) {
		if (list_has(val, "close", false))
			p->conn_close = true;
		if (list_has(val, "keep-alive", false))
			p->conn_keep_alive = true;
	}
	return 0;
}

/* The empty line after the headers: choose how the body is delimited. */
static void
headers_end(struct http_resp *p)
{
	p->headers_done = true;
	if (p->status < 200 || p->status == 204 || p->status == 304)
		p->state = HTTP_ST_DONE;
	else if (p->chunked)
		p->state = HTTP_ST_CHUNK_SIZE;
	else if (p->te_other || !p->has_content_length)
		p->state = HTTP_ST_BODY_CLOSE;
	else if (p->content_length == 0)
		p->state = HTTP_ST_DONE;
	else {
		p->chunk_left = p->content_length;
		p->state = HTTP_ST_BODY_LEN;
	}
}

/* Header line of @len bytes (CR/LF stripped) in p->line. */
static int
parse_header_line(struct http_resp *p, char *l, size_t len)
{
	char *colon, *v, *e;
	size_t i;

	if (len == 0) {
		headers_end(p);
		return 0;
	}
	if (++p->n_headers > p->lim.max_headers)
		return resp_fail(p, HC_HEADER_TOO_LARGE, -EMSGSIZE);
	if (l[0] == ' ' || l[0] == '\t')
		return 0;	/* obsolete line folding: value ignored */
	colon = memchr(l, ':', len);
	if (!colon || colon == l)
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	for (i = 0; l + i < colon; i++)
		if (!is_tchar((unsigned char)l[i]))
			return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	*colon = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	e = l + len;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return header_field(p, l, v);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "HEX[ OWS][;ext...]" */
static int
parse_chunk_size(struct http_resp *p, const char *l)
{
	uint64_t v = 0;
	const char *s = l;
	int d;

	for (; (d = hex_digit(*s)) >= 0; s++) {
		v = (v << 4) | (uint64_t)d;
		if (v > HTTP_LEN_MAX)
			return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	}
	if (s == l)
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0' && *s != ';')
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	if (v == 0) {
		p->state = HTTP_ST_TRAILER;
	} else {
		p->chunk_left = v;
		p->state = HTTP_ST_CHUNK_DATA;
	}
	return 0;
}

static int
parse_trailer_line(struct http_resp *p, size_t len)
{
	if (len == 0) {
		p->state = HTTP_ST_DONE;
		return 0;
	}
	if (++p->n_headers > p->lim.max_headers)
		return resp_fail(p, HC_HEADER_TOO_LARGE, -EMSGSIZE);
	return 0;
}

static int line_parse(struct http_resp *p, char *l, size_t len);

/* A complete line (terminator stripped) is in p->line or p->line_big. */
static int
line_done(struct http_resp *p)
{
	size_t len = p->line_len;
	char *l = p->line_big ? p->line_big : p->line;
	int r;

	if (len && l[len - 1] == '\r')
		len--;
	l[len] = '\0';
	p->line_len = 0;
	if (memchr(l, '\0', len))
		return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
	r = line_parse(p, l, len);
	http_resp_free(p);	/* the next line starts small again */
	return r;
}

static int
line_parse(struct http_resp *p, char *l, size_t len)
{
	switch (p->state) {
	case HTTP_ST_STATUS:
		return parse_status_line(p, l);
	case HTTP_ST_HEADER:
		return parse_header_line(p, l, len);
	case HTTP_ST_CHUNK_SIZE:
		return parse_chunk_size(p, l);
	case HTTP_ST_CHUNK_END:
		if (len != 0)
			return resp_fail(p, HC_BAD_REPLY, -EBADMSG);
		p->state = HTTP_ST_CHUNK_SIZE;
		return 0;
	case HTTP_ST_TRAILER:
		return parse_trailer_line(p, len);
	default:
		return resp_fail(p, HC_INTERNAL, -EINVAL);
	}
}

static bool
in_header_phase(const struct http_resp *p)
{
	return p->state == HTTP_ST_STATUS || p->state == HTTP_ST_HEADER ||
	       p->state == HTTP_ST_TRAILER;
}

static int
deliver(struct http_resp *p, const uint8_t *d, size_t n)
{
	if (!n)
		return 0;
	p->body_bytes += n;
	if (p->cb && p->cb(p->cb_arg, d, n) < 0)
		return resp_fail(p, HC_INTERNAL, -ECANCELED);
	return 0;
}

/* Account @n body-phase bytes against max_body. */
static int
body_account(struct http_resp *p, size_t n)
{
	if ((uint64_t)n > p->lim.max_body - p->wire_body_bytes)
		return resp_fail(p, HC_REPLY_TOO_LARGE, -EMSGSIZE);
	p->wire_body_bytes += n;
	return 0;
}

/* Consume (part of) a line; returns bytes consumed or -errno. */
static long
step_line(struct http_resp *p, const uint8_t *d, size_t len)
{
	const uint8_t *lf = memchr(d, '\n', len);
	size_t n = lf ? (size_t)(lf - d) + 1 : len;
	size_t add = lf ? n - 1 : n;
	bool body_line = !in_header_phase(p) || p->state == HTTP_ST_TRAILER;
	int r;

	if (n > p->lim.max_line - p->line_len)
		return resp_fail(p, HC_HEADER_TOO_LARGE, -EMSGSIZE);
	if (in_header_phase(p)) {
		if (n > p->lim.max_header_bytes - p->header_bytes)
			return resp_fail(p, HC_HEADER_TOO_LARGE, -EMSGSIZE);
		p->header_bytes += n;
	}
	if (body_line) {
		if ((r = body_account(p, n)) < 0)
			return r;
		if (p->mode == HTTP_BODY_RAW && (r = deliver(p, d, n)) < 0)
			return r;
	}
	if (!p->line_big && p->line_len + add > HTTP_RESP_LINE_SMALL) {
		/* a long line: move it to a buffer of max_line bytes */
		p->line_big = malloc(p->lim.max_line + 1);
		if (!p->line_big)
			return resp_fail(p, HC_INTERNAL, -ENOMEM);
		memcpy(p->line_big, p->line, p->line_len);
	}
	memcpy((p->line_big ? p->line_big : p->line) + p->line_len, d, add);
	p->line_len += add;
	if (lf && (r = line_done(p)) < 0)
		return r;
	return (long)n;
}

/* Consume body data of a Content-Length, close-delimited or chunk body. */
static long
step_data(struct http_resp *p, const uint8_t *d, size_t len)
{
	size_t n = len;
	int r;

	if (p->state != HTTP_ST_BODY_CLOSE && (uint64_t)n > p->chunk_left)
		n = (size_t)p->chunk_left;
	if ((r = body_account(p, n)) < 0 || (r = deliver(p, d, n)) < 0)
		return r;
	if (p->state != HTTP_ST_BODY_CLOSE) {
		p->chunk_left -= n;
		if (p->chunk_left == 0)
			p->state = p->state == HTTP_ST_BODY_LEN ?
				HTTP_ST_DONE : HTTP_ST_CHUNK_END;
	}
	return (long)n;
}

int
http_resp_feed(struct http_resp *p, const void *data, size_t len)
{
	const uint8_t *d = data;
	long n;

	while (len && p->state != HTTP_ST_DONE && p->state != HTTP_ST_FAIL) {
		if (p->state == HTTP_ST_BODY_LEN || p->state == HTTP_ST_BODY_CLOSE ||
		    p->state == HTTP_ST_CHUNK_DATA)
			n = step_data(p, d, len);
		else
			n = step_line(p, d, len);
		if (n < 0)
			return (int)n;
		d += n;
		len -= (size_t)n;
	}
	if (p->state == HTTP_ST_FAIL)
		return p->err;
	return p->state == HTTP_ST_DONE ? HTTP_RESP_DONE : HTTP_RESP_MORE;
}

int
http_resp_eof(struct http_resp *p)
{
	switch (p->state) {
	case HTTP_ST_DONE:
		return HTTP_RESP_DONE;
	case HTTP_ST_FAIL:
		return p->err;
	case HTTP_ST_STATUS:
	case HTTP_ST_HEADER:
		return resp_fail(p, HC_NO_REPLY, -EBADMSG);
	case HTTP_ST_BODY_CLOSE:
		break;
	default:
		p->short_body = true;
		break;
	}
	p->state = HTTP_ST_DONE;
	return HTTP_RESP_DONE;
}

enum hc_result
http_resp_verdict(const struct http_resp *p, const uint8_t *bitmap, bool is_set,
		  const char *want_md5, const char *got_md5)
{
	if (p->state == HTTP_ST_FAIL)
		return p->result;
	if (p->state != HTTP_ST_DONE)
		return HC_NO_REPLY;
	if (!http_status_accepted(bitmap, is_set, p->status))
		return HC_WRONG_STATUS;
	if (want_md5 && (!got_md5 || !http_digest_hex_equal(want_md5, got_md5)))
		return HC_DIGEST_MISMATCH;
	return HC_OK;
}
