/* fuzz_http_resp.c: the HTTP response parser on arbitrary bytes.
 *
 * The first input byte picks the body mode, a piece size and whether EOF
 * follows; the rest is the response.  It is parsed once in one shot and
 * once in pieces.  Both must succeed or both fail; on success they must
 * agree exactly (status, delivered body, short_body).  (On failure the
 * reason may differ: fed in pieces, a byte limit can trip before the line
 * that would have been found malformed is complete, and the consumer may
 * have received part of a body that one-shot parsing rejected whole.)
 * Both runs must stay within the limits, and a failure must carry a
 * reason.  Anything else is a bug (abort).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "health/http_resp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
	uint64_t n;
	uint64_t h;	/* FNV-1a of the delivered bytes */
};

static int
acc_cb(void *arg, const uint8_t *d, size_t len)
{
	struct acc *a = arg;

	if (len == 0)
		abort();
	for (size_t i = 0; i < len; i++)
		a->h = (a->h ^ d[i]) * 1099511628211u;
	a->n += len;
	return 0;
}

static int
parse(struct http_resp *p, struct acc *a, int mode, const uint8_t *d,
      size_t len, size_t step, int eof)
{
	/* max_line above HTTP_RESP_LINE_SMALL (128): long lines take the
	 * parser's heap buffer path too */
	static const struct http_resp_limits lim = { 300, 1024, 16, 2048 };
	size_t off = 0;
	int r = HTTP_RESP_MORE;

	a->n = 0;
	a->h = 1469598103934665603u;
	http_resp_init(p, &lim, (enum http_body_mode)mode, acc_cb, a);
	while (off < len && r == HTTP_RESP_MORE) {
		size_t n = len - off < step ? len - off : step;

		r = http_resp_feed(p, d + off, n);
		off += n;
	}
	if (r == HTTP_RESP_MORE && eof)
		r = http_resp_eof(p);
	http_resp_free(p);	/* a long line may be pending */
	if (r < 0 && (p->result == HC_OK || (r != -EBADMSG && r != -EMSGSIZE)))
		abort();
	if (r >= 0 && p->result != HC_OK)
		abort();
	if (p->wire_body_bytes > lim.max_body || p->header_bytes > lim.max_header_bytes ||
	    p->body_bytes != a->n || p->body_bytes > p->wire_body_bytes)
		abort();
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_resp p1, p2;
	struct acc a1, a2;
	int mode, eof, r1, r2;
	size_t step;

	if (size < 1)
		return 0;
	mode = data[0] & 1;
	eof = (data[0] >> 1) & 1;
	step = (size_t)(data[0] >> 2) + 1;
	data++;
	size--;
	r1 = parse(&p1, &a1, mode, data, size, size ? size : 1, eof);
	r2 = parse(&p2, &a2, mode, data, size, step, eof);
	if ((r1 < 0) != (r2 < 0))
		abort();
	if (r1 >= 0 && (r1 != r2 || a1.n != a2.n || a1.h != a2.h))
		abort();
	if (r1 == HTTP_RESP_DONE && (p1.status != p2.status || p1.status < 100 ||
				     p1.status > 999 || p1.short_body != p2.short_body))
		abort();
	return 0;
}
