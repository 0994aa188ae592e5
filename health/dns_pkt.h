/* dns_pkt.h: DNS_CHECK query builder and reply checker (RFC 1035 over UDP).
 *
 * Query: 12-byte header (random id, RD set, one question), QNAME from the
 * configured name ("." or "" is the root; a trailing dot is optional),
 * QTYPE from the configured type, QCLASS IN -- what keepalived sends.
 *
 * keepalived's verdict on a received datagram, reproduced by
 * DNS_CHECK_COMPAT:
 *   - shorter than a header, id differs, or QR clear: not our reply,
 *     ignore it and keep waiting until the read deadline;
 *   - rcode != 0: failure (HC_DNS_RCODE);
 *   - otherwise success, whatever the rest of the packet holds.
 * DNS_CHECK_STRICT additionally parses the whole question and answer
 * sections (bounded: names at most 255 bytes, compression pointers must
 * point strictly backwards, at most 64 of them per name) and requires the
 * question to echo ours and at least one answer of the asked type (any
 * type for ANY): HC_BAD_REPLY or HC_DNS_NO_ANSWER otherwise.
 */
#ifndef IPVSD_DNS_PKT_H
#define IPVSD_DNS_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "health/hc_result.h"

#define DNS_HDR_LEN 12
#define DNS_NAME_MAX 255	/* wire form, root label included */
#define DNS_QUERY_MAX (DNS_HDR_LEN + DNS_NAME_MAX + 4)

#define DNS_T_A 1
#define DNS_T_NS 2
#define DNS_T_CNAME 5
#define DNS_T_SOA 6
#define DNS_T_MX 15
#define DNS_T_TXT 16
#define DNS_T_AAAA 28
#define DNS_T_ANY 255
#define DNS_C_IN 1

/* dns_type_parse: "A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "ANY"
 * (any case); NULL means SOA, keepalived's default.  0 or -EINVAL. */
int dns_type_parse(const char *s, uint16_t *ret);
/* dns_type_name: the name of @t, or "TYPE<n>"-less "unknown". */
const char *dns_type_name(uint16_t t);

/* dns_id_random: a random query id (getrandom). 0 or -errno. */
int dns_id_random(uint16_t *ret);

struct dns_query {
	uint8_t buf[DNS_QUERY_MAX];
	size_t len;		/* bytes to send */
	uint16_t id;
	uint16_t qtype;
	size_t qname_len;	/* wire QNAME at buf + DNS_HDR_LEN */
};

/* dns_query_build: @name NULL means the root.  0, or -EINVAL for an empty
 * label ("a..b"), a label over 63 bytes or a name over 255 bytes. */
int dns_query_build(struct dns_query *q, uint16_t id, const char *name,
		    uint16_t qtype);

enum dns_check_mode { DNS_CHECK_COMPAT = 0, DNS_CHECK_STRICT };

struct dns_reply_info {
	uint16_t id;
	uint16_t flags;
	uint8_t rcode;
	bool truncated;		/* TC bit */
	uint16_t qdcount, ancount, nscount, arcount;
	unsigned answers_of_type;	/* STRICT only */
};

#define DNS_REPLY_IGNORE 0	/* not a reply to us: keep waiting */
#define DNS_REPLY_FINAL 1	/* verdict in *res */

/* dns_reply_check: judge one datagram @pkt of @len bytes against @q.
 * Returns DNS_REPLY_IGNORE with *res saying why (HC_BAD_REPLY: too short,
 * HC_WRONG_DNS_ID, or HC_BAD_REPLY for QR clear) so the checker can report
 * it if the deadline passes, or DNS_REPLY_FINAL with *res HC_OK or the
 * failure.  @info (may be NULL) receives what was decoded. */
int dns_reply_check(const uint8_t *pkt, size_t len, const struct dns_query *q,
		    enum dns_check_mode mode, struct dns_reply_info *info,
		    enum hc_result *res);

#endif
