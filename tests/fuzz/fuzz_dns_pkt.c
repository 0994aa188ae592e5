/* fuzz_dns_pkt.c: the DNS_CHECK reply checker on arbitrary datagrams.
 *
 * Each input is checked as is and with its id patched to the query's (so
 * the section walk runs), in both modes; the verdict must be one of the
 * documented pairs.  Reads are bounded by the exact-size copy (ASan).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "health/dns_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const uint8_t *d, size_t len, const struct dns_query *q)
{
	for (int mode = DNS_CHECK_COMPAT; mode <= DNS_CHECK_STRICT; mode++) {
		struct dns_reply_info info;
		enum hc_result res = HC_INTERNAL;
		int r = dns_reply_check(d, len, q, (enum dns_check_mode)mode, &info, &res);

		if (r == DNS_REPLY_IGNORE) {
			if (res != HC_BAD_REPLY && res != HC_WRONG_DNS_ID)
				abort();
		} else if (r == DNS_REPLY_FINAL) {
			if (res != HC_OK && res != HC_DNS_RCODE && res != HC_BAD_REPLY &&
			    res != HC_DNS_NO_ANSWER)
				abort();
			if (mode == DNS_CHECK_COMPAT && res != HC_OK && res != HC_DNS_RCODE)
				abort();
		} else {
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t types[] = { DNS_T_A, DNS_T_AAAA, DNS_T_ANY, DNS_T_SOA };
	struct dns_query q;
	uint8_t *copy;

	if (dns_query_build(&q, 0x5a5a, "www.example.com",
			    types[size % 4]) < 0)
		abort();
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	check(copy, size, &q);
	if (size >= 2) {
		copy[0] = 0x5a;
		copy[1] = 0x5a;
		check(copy, size, &q);
	}
	free(copy);
	return 0;
}
