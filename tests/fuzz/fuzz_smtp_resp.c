/* fuzz_smtp_resp.c: the SMTP reply parser and dialogue on arbitrary bytes.
 *
 * The input is a server's side of a conversation: replies are parsed one
 * after another (what a reply leaves unconsumed starts the next), fed in
 * pieces whose size comes from the first byte, and drive the dialogue.
 * One-shot and piecewise parsing must agree.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "health/smtp_resp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse replies from @d; return a fingerprint of codes and the outcome. */
static uint64_t
converse(const uint8_t *d, size_t len, size_t step)
{
	struct smtp_dialog dlg;
	struct smtp_resp r;
	uint64_t fp = 7;
	size_t off = 0;
	char out[300];

	if (smtp_dialog_init(&dlg, "fuzz.example") < 0)
		abort();
	smtp_resp_init(&r);
	while (off < len && dlg.step != SMTP_STEP_DONE) {
		size_t n = len - off < step ? len - off : step, used = 0;
		int ret = smtp_resp_feed(&r, d + off, n, &used);

		if (used > n)
			abort();
		off += used;
		if (ret < 0) {
			if (r.result == HC_OK || (ret != -EBADMSG && ret != -EMSGSIZE))
				abort();
			return fp * 31 + (uint64_t)r.result;
		}
		if (ret == SMTP_RESP_DONE) {
			size_t ol = 0;
			enum hc_result res;

			if (r.code < 200 || r.code > 599)
				abort();
			fp = fp * 31 + (uint64_t)r.code;
			res = smtp_dialog_reply(&dlg, r.code, out, sizeof(out), &ol);
			if (res != HC_OK)
				return fp * 31 + 1000 + (uint64_t)res;
			if (ol >= sizeof(out) || strlen(out) != ol)
				abort();
			smtp_resp_init(&r);
		} else if (used != n) {
			abort();
		}
	}
	return fp * 31 + (uint64_t)dlg.step;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t step;

	if (size < 1)
		return 0;
	step = (size_t)data[0] + 1;
	if (converse(data + 1, size - 1, size) != converse(data + 1, size - 1, step))
		abort();
	return 0;
}
