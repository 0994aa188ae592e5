/* vrrp_pkt.h: VRRP advertisement codec (RFC 3768 v2, RFC 5798 v3; IPv4/IPv6).
 *
 * The only place where VRRP wire byte order exists.  Decoding turns a
 * received packet into a host-order struct vrrp_adv after a fixed sequence of
 * checks (see vrrp_pkt_decode), each with its own enum vrrp_pkt_err value so
 * that the caller can keep per-reason drop counters.  Encoding builds an
 * advertisement, including the IPv4 header keepalived sends on its IP_HDRINCL
 * raw socket, and computes the checksum.
 *
 * Wire layout (both versions share the first 8 bytes):
 *	0: version(4) type(4)   1: VRID   2: priority   3: Count IPvX Addr
 *	4: v2: Auth Type(8) Adver Int(8, seconds)
 *	   v3: rsvd(4) Max Adver Int(12, centiseconds)
 *	6: Checksum   8: IPvX addresses   v2 over IPv4 only: 8 bytes auth data
 *
 * Pure code: no sockets, no logging, no allocation.
 */
#ifndef IPVSD_VRRP_PKT_H
#define IPVSD_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_IPPROTO		112
#define VRRP_TYPE_ADVERT	1
#define VRRP_TTL		255	/* RFC: TTL / Hop Limit must be 255 */
#define VRRP_HDR_LEN		8
#define VRRP_AUTH_LEN		8	/* v2 authentication data */
#define VRRP_IP4_HDR_LEN	20	/* header we build (no options) */
#define VRRP_PRIO_STOP		0
#define VRRP_PRIO_OWNER		255
#define VRRP_V3_MAX_ADVER_INT	0x0fff	/* centiseconds */
/* Largest possible advertisement (v3/IPv6, 255 addresses), without IP header. */
#define VRRP_PKT_MAX_LEN	(VRRP_HDR_LEN + 255 * 16)
/* Largest IPv4 packet we build or accept: 60-byte header + v2 + auth. */
#define VRRP_PKT_MAX_IP4_LEN	(60 + VRRP_HDR_LEN + 255 * 4 + VRRP_AUTH_LEN)

enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,
	VRRP_AUTH_AH = 2,	/* recognised, not supported (keepalived: IPsec AH) */
};

/* An IPv4 or IPv6 address in network byte order; family is AF_INET or
 * AF_INET6 (IPv4 uses the first 4 bytes of @addr, the rest is zero). */
struct vrrp_ip {
	int family;
	uint8_t addr[16];
};

/* vrrp_ip_cmp: numeric comparison of two addresses of the same family
 * (<0, 0, >0); different families compare by family. */
int vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b);

/* What the receiving instance expects; drives the checks. */
struct vrrp_pkt_expect {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t version;	/* 2 or 3 */
	bool unicast;		/* unicast peers: TTL range instead of 255 */
	uint8_t min_ttl, max_ttl; /* unicast only (keepalived: 0..255 default) */
	bool v3_checksum_as_v2;	/* v3/IPv4: checksum without pseudo-header */
	uint8_t auth_type;	/* v2: enum vrrp_auth_type */
	uint8_t auth_data[VRRP_AUTH_LEN]; /* v2 PASS: zero-padded password */
	uint16_t adver_int;	/* v2: our advert interval in seconds */
	bool accept_adver_int_mismatch; /* v2: flag it in the advert instead */
};

/* Receive metadata.  IPv4: only @len/@data matter (the IP header carries
 * the rest).  IPv6: @data is the VRRP payload and the rest comes from
 * ancillary data (IPV6_HOPLIMIT, IPV6_PKTINFO) and the source sockaddr. */
struct vrrp_pkt_rx_meta {
	int hop_limit;		/* IPv6 hop limit; -1: unknown (not checked) */
	struct vrrp_ip src;	/* IPv6 source */
	struct vrrp_ip dst;	/* IPv6 destination */
};

/* Decoded advertisement, host byte order. */
struct vrrp_adv {
	uint8_t version;
	uint8_t type;
	uint8_t vrid;
	uint8_t priority;
	uint8_t naddr;
	uint8_t auth_type;	/* v2 */
	uint16_t adver_int;	/* v2: seconds; v3: Max Adver Int, centiseconds */
	uint16_t checksum;
	uint8_t ttl;		/* IPv4 TTL / IPv6 hop limit (0 if unknown) */
	bool adver_int_mismatch; /* v2, accept_adver_int_mismatch set */
	struct vrrp_ip src;	/* IP source (the sender's primary address) */
	struct vrrp_ip dst;
	const uint8_t *addrs;	/* naddr addresses inside the decoded buffer */
};

/* Reasons a packet is dropped, in the order vrrp_pkt_decode checks them. */
enum vrrp_pkt_err {
	VRRP_PKT_OK = 0,
	VRRP_PKT_ERR_TRUNCATED,		/* shorter than IP + VRRP fixed header */
	VRRP_PKT_ERR_IP_HDR,		/* IPv4 version/IHL/total length/protocol/fragment */
	VRRP_PKT_ERR_TTL,		/* TTL or hop limit not 255 (or out of unicast range) */
	VRRP_PKT_ERR_VERSION,		/* VRRP version differs from ours */
	VRRP_PKT_ERR_TYPE,		/* not an ADVERTISEMENT */
	VRRP_PKT_ERR_LENGTH,		/* length does not match the address count */
	VRRP_PKT_ERR_CHECKSUM,
	VRRP_PKT_ERR_AUTH_TYPE,		/* v2: unknown or mismatched auth type */
	VRRP_PKT_ERR_AUTH_FAIL,		/* v2: PASS data differs */
	VRRP_PKT_ERR_ADVER_INT,		/* v2: advert interval differs from ours */
	VRRP_PKT_ERR_DEST,		/* multicast expected, unicast got, or vice versa */
	VRRP_PKT_ERR_MAX
};

/* vrrp_pkt_strerror: a short human string for @err (never NULL). */
const char *vrrp_pkt_strerror(enum vrrp_pkt_err err);

/* vrrp_pkt_decode: validate and decode one received packet.
 * @data/@len: IPv4: the whole IP packet as read from a raw socket;
 * IPv6: the VRRP payload.  @meta: IPv6 receive metadata (ignored for IPv4,
 * may be NULL then).  @exp: the receiving instance's expectations.
 * Checks, in this order (first failure wins):
 *  1. TRUNCATED  fewer bytes than the (IPv4 header +) 8-byte VRRP header
 *  2. IP_HDR     IPv4: version 4, IHL >= 5 and within the data, total length
 *                equal to the bytes received, protocol 112, not a fragment
 *  3. TTL        multicast: TTL/hop limit 255; unicast: within [min,max]
 *  4. VERSION    VRRP version equals @exp->version
 *  5. TYPE       type 1 (ADVERTISEMENT)
 *  6. LENGTH     VRRP length equals 8 + naddr * addrlen (+ 8 for v2/IPv4)
 *  7. CHECKSUM   v2: over the VRRP message; v3: over the pseudo-header and
 *                the message (IPv4 with v3_checksum_as_v2: without it)
 *  8. AUTH_TYPE  v2: auth type equals ours (keepalived semantics); over
 *                IPv6 only NONE (there is no auth data); AH unsupported
 *  9. AUTH_FAIL  v2 PASS: the 8 auth bytes equal ours
 * 10. ADVER_INT  v2: interval equals ours (keepalived drops such adverts);
 *                with accept_adver_int_mismatch the advert is accepted and
 *                @ret->adver_int_mismatch set instead
 * 11. DEST       the destination is multicast exactly when no unicast
 *                peers are configured (keepalived "Expected multicast...")
 * VRID demultiplexing is the caller's: @ret->vrid is filled on success.
 * On error *ret is left untouched.  Returns VRRP_PKT_OK or the reason. */
enum vrrp_pkt_err vrrp_pkt_decode(const uint8_t *data, size_t len,
				  const struct vrrp_pkt_rx_meta *meta,
				  const struct vrrp_pkt_expect *exp,
				  struct vrrp_adv *ret);

/* vrrp_adv_addr: the @i-th address of a decoded advert.  0, or -ERANGE if
 * @i >= naddr. */
int vrrp_adv_addr(const struct vrrp_adv *adv, unsigned i, struct vrrp_ip *ret);

/* vrrp_adv_match_addrs: whether the advert lists exactly the @n addresses
 * of @vips, in any order (keepalived's check unless skip_check_adv_addr). */
bool vrrp_adv_match_addrs(const struct vrrp_adv *adv,
			  const struct vrrp_ip *vips, size_t n);

/* vrrp_pkt_auth_pass: the 8 PASS bytes for @pass as keepalived uses them:
 * the first 8 characters, zero-padded. */
void vrrp_pkt_auth_pass(const char *pass, uint8_t ret[VRRP_AUTH_LEN]);

/* Everything needed to build an advertisement. */
struct vrrp_pkt_build {
	int family;
	uint8_t version;
	uint8_t vrid;
	uint8_t priority;
	uint16_t adver_int;	/* v2: seconds (<=255); v3: centiseconds (<=4095) */
	uint8_t auth_type;	/* v2 */
	uint8_t auth_data[VRRP_AUTH_LEN];
	bool v3_checksum_as_v2;
	uint8_t ttl;		/* IPv4 header TTL (255, or unicast_ttl) */
	struct vrrp_ip src;	/* IP source: pseudo-header and IPv4 header */
	struct vrrp_ip dst;	/* IP destination: multicast group or peer */
	const struct vrrp_ip *vips;
	size_t n_vips;		/* <= 255 */
};

/* vrrp_pkt_encode: write the advertisement into @buf (@cap bytes).
 * IPv4: a 20-byte IPv4 header (TOS 0xc0, ID 0, no DF, header checksum 0:
 * the kernel fills ID and checksum on an IP_HDRINCL socket) followed by the
 * VRRP message.  IPv6: the VRRP message only; its checksum is computed here
 * from @src/@dst (keepalived lets the kernel do it via IPV6_CHECKSUM, which
 * yields the same value).  Returns the length written, -EINVAL on a bad
 * field (family, version, interval range, address family, too many
 * addresses) or -ENOBUFS if @cap is too small. */
int vrrp_pkt_encode(const struct vrrp_pkt_build *b, uint8_t *buf, size_t cap);

/* vrrp_pkt_len: length vrrp_pkt_encode would produce for @b (no checks). */
size_t vrrp_pkt_len(const struct vrrp_pkt_build *b);

/* vrrp_pkt_csum: RFC 1071 Internet checksum of @len bytes continuing from
 * the partial (unfolded) sum @acc; returns the folded, complemented value. */
uint16_t vrrp_pkt_csum(const uint8_t *data, size_t len, uint32_t acc);

#endif
