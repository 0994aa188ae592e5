/* udp_payload.h: UDP_CHECK payload and reply pattern.
 *
 * Hex strings as keepalived reads them (payload, require_reply): words
 * separated by spaces or tabs; within a word, each pair of hex digits is
 * one byte and a lone trailing digit is a byte of its own ("1 23 456" is
 * 01 23 45 06).  In a reply pattern, 'x' or 'X' is a wildcard nibble.
 * At most UDP_PAYLOAD_MAX bytes.
 *
 * Reply judgement, as keepalived does it: with require_reply and a
 * pattern, the reply's length must lie in [min_reply_length,
 * max_reply_length] (keepalived's defaults 0 and 255) and its first
 * min(len, pattern length) bytes must match the pattern outside wildcard
 * nibbles.  Without a pattern any reply (of any length) passes: keepalived
 * applies the length bounds only together with a pattern.
 */
#ifndef IPVSD_UDP_PAYLOAD_H
#define IPVSD_UDP_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "health/hc_result.h"

#define UDP_PAYLOAD_MAX 65507	/* largest IPv4 UDP payload */

struct udp_pattern {
	uint8_t *data;
	uint8_t *mask;		/* 1 bits are wildcards; NULL if none */
	size_t len;
};

/* udp_hex_decode: decode the words @words[0..@n) into a new pattern.
 * Wildcards are accepted only with @allow_wildcard.  0, -EINVAL (bad
 * digit, empty, too long) or -ENOMEM.  Free with udp_pattern_free(). */
int udp_hex_decode(const char *const *words, size_t n, bool allow_wildcard,
		   struct udp_pattern *ret);
void udp_pattern_free(struct udp_pattern *p);

/* udp_reply_check: judge a received datagram.  @pat NULL or empty means no
 * pattern.  Returns HC_OK or HC_REPLY_MISMATCH. */
enum hc_result udp_reply_check(const uint8_t *reply, size_t len,
			       const struct udp_pattern *pat,
			       size_t min_len, size_t max_len);

#endif
