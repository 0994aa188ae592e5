/* fuzz_ipvs_msg.c: the IPVS reply decoders and batch ack bookkeeping over
 * arbitrary datagrams.  Seeds: kernel replies recorded in the lab
 * (the rx lines of tests/unit/nl/NAME.hex, as binary). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore_err(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	size_t *n = arg;

	(void)index; (void)op; (void)err;
	if (extack)
		*n += strlen(extack);
	(*n)++;
}

static void
decode_all(const struct ipvs_msgview *m)
{
	struct ipvs_service s;
	struct ipvs_dest d;
	struct ipvs_daemon dm;
	struct ipvs_info in;
	struct ipvs_timeouts t;
	char ext[32];
	uint32_t seq;
	int err;

	(void)ipvs_msg_parse_svc(m, &s);
	(void)ipvs_msg_parse_dest(m, AF_INET, &d);
	(void)ipvs_msg_parse_dest(m, AF_INET6, &d);
	(void)ipvs_msg_parse_daemon(m, &dm);
	(void)ipvs_msg_parse_info(m, &in);
	(void)ipvs_msg_parse_timeouts(m, &t);
	(void)ipvs_msg_parse_ack(m, &err, &seq, ext, sizeof(ext));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy so that reads past the input are caught */
	uint8_t *buf = malloc(size ? size : 1);
	const uint8_t *p = buf;
	size_t len = size, nerr = 0;
	struct ipvs_msgview m;
	struct ipvs_ackwin w;
	uint8_t ops[8] = { 0 }, answered[8] = { 0 };

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	while (ipvs_msg_next(&p, &len, &m) == 1)
		decode_all(&m);
	memset(&w, 0, sizeof(w));
	w.first_seq = 8;
	w.count = 8;
	w.ops = ops;
	w.answered = answered;
	w.fn = ignore_err;
	w.arg = &nerr;
	(void)ipvs_ackwin_feed(&w, buf, size);
	free(buf);
	return 0;
}
