/* icmp_echo.h: ICMP / ICMPv6 echo request and reply for PING_CHECK over
 * datagram ping sockets (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), and
 * IPPROTO_ICMPV6), so no raw socket and no IP header on either side.
 *
 * On such sockets the kernel replaces the identifier with the socket's
 * local "port" and fills in the checksum (always for ICMPv6; for ICMP it
 * recomputes it), and delivers to the socket only replies carrying that
 * identifier.  So the id check is optional (ICMP_ECHO_ANY_ID), while the
 * sequence number and the payload echo (a per-attempt token) are what tie
 * a reply to the attempt.  keepalived itself checks only the type.
 */
#ifndef IPVSD_ICMP_ECHO_H
#define IPVSD_ICMP_ECHO_H

#include <stddef.h>
#include <stdint.h>

#include "health/hc_result.h"

#define ICMP_ECHO_HDR_LEN 8
#define ICMP_ECHO_ANY_ID (-1)

enum icmp_family { ICMP_V4 = 0, ICMP_V6 };

/* icmp_echo_build: write an echo request (type 8, or 128 for v6) with
 * @id, @seq and @payload into @buf.  The ICMPv4 checksum is computed; the
 * ICMPv6 one is left 0 (it covers a pseudo-header the kernel knows).
 * Returns the length or -ENOBUFS. */
int icmp_echo_build(enum icmp_family fam, uint8_t *buf, size_t cap, uint16_t id,
		    uint16_t seq, const void *payload, size_t plen);

#define ICMP_ECHO_IGNORE 0	/* not our reply (other seq/id/payload): keep waiting */
#define ICMP_ECHO_FINAL 1	/* verdict in *res */

/* icmp_echo_check: judge one datagram.  An echo reply (0, or 129 for v6)
 * with our sequence, our id unless @id is ICMP_ECHO_ANY_ID, and our
 * payload echoed is FINAL/HC_OK.  Destination unreachable (3 / v6: 1) is
 * FINAL/HC_REFUSED.  Anything else, short packets included, is IGNORE with
 * *res HC_WRONG_ICMP or HC_BAD_REPLY. */
int icmp_echo_check(enum icmp_family fam, const uint8_t *pkt, size_t len,
		    int id, uint16_t seq, const void *payload, size_t plen,
		    enum hc_result *res);

/* icmp_checksum: RFC 1071 Internet checksum of @len bytes. */
uint16_t icmp_checksum(const uint8_t *data, size_t len);

#endif
