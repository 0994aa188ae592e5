/* fuzz_ctl_proto.c: the control-protocol decoders on arbitrary bytes.
 *
 * Decodes the input as a stream of request frames (as the server would,
 * including every prefix length), and as a reply; whatever decodes must
 * re-encode to the same bytes.  Anything but a clean return is a bug.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_reencode(const uint8_t *data, long n, const struct ctl_frame *f,
	       size_t max)
{
	uint8_t *out = malloc((size_t)n);
	long m;

	if (out == NULL)
		abort();
	m = ctl_frame_encode(f->code, f->payload, f->len, max, out, (size_t)n);
	if (m != n || memcmp(out, data, (size_t)n) != 0)
		abort();
	if (f->len && (f->payload < (const char *)data ||
		       f->payload + f->len > (const char *)data + n))
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_frame f;
	size_t off = 0, need, cut;
	long n;

	/* the server's view: a sequence of requests */
	while (off < size) {
		need = 0;
		n = ctl_req_decode(data + off, size - off, &f, &need);
		if (n == -EAGAIN && need && need <= size - off)
			abort();	/* said "need more" but had enough */
		if (n < 0)
			break;
		if ((size_t)n > size - off || f.code == 0 || f.code > CTL_REQ__MAX)
			abort();
		check_reencode(data + off, n, &f, CTL_MAX_REQ_PAYLOAD);
		/* every strict prefix of a good frame asks for more */
		cut = (size_t)data[off] % (size_t)n;
		if (ctl_req_decode(data + off, cut, &f, NULL) != -EAGAIN)
			abort();
		off += (size_t)n;
	}
	/* the client's view */
	n = ctl_frame_decode(data, size, CTL_MAX_REPLY_PAYLOAD, &f, NULL);
	if (n >= 0)
		check_reencode(data, n, &f, CTL_MAX_REPLY_PAYLOAD);
	ctl_utf8_valid(data, size);
	return 0;
}
