/* vrrp_pkt.c: VRRP advertisement decode/validate/encode (see vrrp_pkt.h). */
#include "config.h"

#include "vrrp_pkt.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"

#define IP4_ADDR_LEN	4
#define IP6_ADDR_LEN	16
#define IP4_PROTO_OFF	9
#define IP4_MF		0x2000u
#define IP4_OFFMASK	0x1fffu

static const char *const vrrp_pkt_err_str[VRRP_PKT_ERR_MAX] = {
	[VRRP_PKT_OK] = "ok",
	[VRRP_PKT_ERR_TRUNCATED] = "packet truncated",
	[VRRP_PKT_ERR_IP_HDR] = "bad IP header",
	[VRRP_PKT_ERR_TTL] = "invalid TTL/hop limit",
	[VRRP_PKT_ERR_VERSION] = "wrong VRRP version",
	[VRRP_PKT_ERR_TYPE] = "invalid packet type",
	[VRRP_PKT_ERR_LENGTH] = "length does not match address count",
	[VRRP_PKT_ERR_CHECKSUM] = "invalid checksum",
	[VRRP_PKT_ERR_AUTH_TYPE] = "authentication type mismatch",
	[VRRP_PKT_ERR_AUTH_FAIL] = "authentication failure",
	[VRRP_PKT_ERR_ADVER_INT] = "advertisement interval mismatch",
	[VRRP_PKT_ERR_DEST] = "unexpected unicast/multicast destination",
};

const char *
vrrp_pkt_strerror(enum vrrp_pkt_err err)
{
	if ((unsigned)err >= VRRP_PKT_ERR_MAX)
		return "unknown error";
	return vrrp_pkt_err_str[err];
}

int
vrrp_ip_cmp(const struct vrrp_ip *a, const struct vrrp_ip *b)
{
	size_t n;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	n = a->family == AF_INET6 ? IP6_ADDR_LEN : IP4_ADDR_LEN;
	return memcmp(a->addr, b->addr, n);
}

/* ---- checksum ---- */

/* Unfolded one's complement sum of @len bytes (big-endian 16-bit words). */
static uint32_t
csum_add(uint32_t acc, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return acc;
}

uint16_t
vrrp_pkt_csum(const uint8_t *data, size_t len, uint32_t acc)
{
	acc = csum_add(acc, data, len);
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* Partial sum of the pseudo-header for a VRRP message of @vlen bytes.
 * IPv4 (RFC 5798 5.2.8): src, dst, zero, protocol, 16-bit length.
 * IPv6 (RFC 8200 8.1): src, dst, 32-bit length, zeros, next header. */
static uint32_t
csum_pseudo(const struct vrrp_ip *src, const struct vrrp_ip *dst, size_t vlen)
{
	size_t alen = src->family == AF_INET6 ? IP6_ADDR_LEN : IP4_ADDR_LEN;
	uint32_t acc = 0;

	acc = csum_add(acc, src->addr, alen);
	acc = csum_add(acc, dst->addr, alen);
	acc += VRRP_IPPROTO;
	acc += (uint32_t)(vlen & 0xffff);
	if (alen == IP6_ADDR_LEN)
		acc += (uint32_t)(vlen >> 16);
	return acc;
}

/* Whether the message checksum uses the pseudo-header. */
static bool
csum_uses_pseudo(int family, uint8_t version, bool v3_as_v2)
{
	if (family == AF_INET6)
		return true;	/* kernel IPV6_CHECKSUM, for v2 and v3 alike */
	return version == 3 && !v3_as_v2;
}

/* ---- decode ---- */

static size_t
addr_len(int family)
{
	return family == AF_INET6 ? IP6_ADDR_LEN : IP4_ADDR_LEN;
}

static void
ip_set(struct vrrp_ip *ip, int family, const uint8_t *p)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = family;
	memcpy(ip->addr, p, addr_len(family));
}

/* Parsing context shared by the check steps. */
struct dec {
	const struct vrrp_pkt_expect *exp;
	const uint8_t *vrrp;	/* VRRP message */
	size_t vlen;
	struct vrrp_adv adv;
};

/* IPv4: locate the VRRP message behind the IP header and check it. */
static enum vrrp_pkt_err
dec_ip4(struct dec *d, const uint8_t *data, size_t len)
{
	struct buf_reader r;
	uint8_t vihl, tos, ttl, proto;
	uint16_t tot, id, frag;
	size_t ihl;

	buf_reader_init(&r, data, len);
	if (buf_get_u8(&r, &vihl) < 0 || buf_get_u8(&r, &tos) < 0 ||
	    buf_get_be16(&r, &tot) < 0 || buf_get_be16(&r, &id) < 0 ||
	    buf_get_be16(&r, &frag) < 0 || buf_get_u8(&r, &ttl) < 0 ||
	    buf_get_u8(&r, &proto) < 0 || buf_skip(&r, 2) < 0 ||
	    len < VRRP_IP4_HDR_LEN + VRRP_HDR_LEN)
		return VRRP_PKT_ERR_TRUNCATED;
	ihl = (size_t)(vihl & 0x0f) * 4;
	if (vihl >> 4 != 4 || ihl < VRRP_IP4_HDR_LEN)
		return VRRP_PKT_ERR_IP_HDR;
	if (ihl + VRRP_HDR_LEN > len)
		return VRRP_PKT_ERR_TRUNCATED;
	if (tot != len || proto != VRRP_IPPROTO ||
	    (frag & (IP4_MF | IP4_OFFMASK)))
		return VRRP_PKT_ERR_IP_HDR;
	ip_set(&d->adv.src, AF_INET, data + 12);
	ip_set(&d->adv.dst, AF_INET, data + 16);
	d->adv.ttl = ttl;
	d->vrrp = data + ihl;
	d->vlen = len - ihl;
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err
dec_ip6(struct dec *d, const uint8_t *data, size_t len,
	const struct vrrp_pkt_rx_meta *meta)
{
	if (len < VRRP_HDR_LEN)
		return VRRP_PKT_ERR_TRUNCATED;
	if (!meta || meta->src.family != AF_INET6 ||
	    meta->dst.family != AF_INET6)
		return VRRP_PKT_ERR_IP_HDR;
	d->adv.src = meta->src;
	d->adv.dst = meta->dst;
	d->adv.ttl = meta->hop_limit < 0 || meta->hop_limit > 255
		     ? 0 : (uint8_t)meta->hop_limit;
	d->vrrp = data;
	d->vlen = len;
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err
dec_ttl(const struct dec *d, const struct vrrp_pkt_rx_meta *meta)
{
	const struct vrrp_pkt_expect *e = d->exp;

	if (e->family == AF_INET6 && (!meta || meta->hop_limit < 0))
		return VRRP_PKT_OK;	/* hop limit not delivered */
	if (!e->unicast)
		return d->adv.ttl == VRRP_TTL ? VRRP_PKT_OK : VRRP_PKT_ERR_TTL;
	if (d->adv.ttl < e->min_ttl || d->adv.ttl > e->max_ttl)
		return VRRP_PKT_ERR_TTL;
	return VRRP_PKT_OK;
}

/* Fixed header fields, type, version and length. */
static enum vrrp_pkt_err
dec_hdr(struct dec *d)
{
	const struct vrrp_pkt_expect *e = d->exp;
	struct buf_reader r;
	uint8_t vt, b4, b5;
	size_t want;

	buf_reader_init(&r, d->vrrp, d->vlen);
	if (buf_get_u8(&r, &vt) < 0 || buf_get_u8(&r, &d->adv.vrid) < 0 ||
	    buf_get_u8(&r, &d->adv.priority) < 0 ||
	    buf_get_u8(&r, &d->adv.naddr) < 0 || buf_get_u8(&r, &b4) < 0 ||
	    buf_get_u8(&r, &b5) < 0 || buf_get_be16(&r, &d->adv.checksum) < 0)
		return VRRP_PKT_ERR_TRUNCATED;
	d->adv.version = vt >> 4;
	d->adv.type = vt & 0x0f;
	if (d->adv.version != e->version)
		return VRRP_PKT_ERR_VERSION;
	if (d->adv.type != VRRP_TYPE_ADVERT)
		return VRRP_PKT_ERR_TYPE;
	if (d->adv.version == 2) {
		d->adv.auth_type = b4;
		d->adv.adver_int = b5;
	} else {
		d->adv.auth_type = 0;
		d->adv.adver_int = (uint16_t)(((unsigned)b4 << 8 | b5) &
					      VRRP_V3_MAX_ADVER_INT);
	}
	want = VRRP_HDR_LEN + (size_t)d->adv.naddr * addr_len(e->family);
	if (e->family == AF_INET && d->adv.version == 2)
		want += VRRP_AUTH_LEN;
	if (d->vlen != want)
		return VRRP_PKT_ERR_LENGTH;
	d->adv.addrs = d->vrrp + VRRP_HDR_LEN;
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err
dec_csum(const struct dec *d)
{
	const struct vrrp_pkt_expect *e = d->exp;
	uint32_t acc = 0;

	if (csum_uses_pseudo(e->family, d->adv.version, e->v3_checksum_as_v2))
		acc = csum_pseudo(&d->adv.src, &d->adv.dst, d->vlen);
	return vrrp_pkt_csum(d->vrrp, d->vlen, acc) == 0
	       ? VRRP_PKT_OK : VRRP_PKT_ERR_CHECKSUM;
}

/* Constant-time comparison of the 8 PASS bytes. */
static bool
auth_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < VRRP_AUTH_LEN; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* v2 only: authentication and advert interval (keepalived semantics). */
static enum vrrp_pkt_err
dec_v2(struct dec *d)
{
	const struct vrrp_pkt_expect *e = d->exp;

	if (d->adv.version != 2)
		return VRRP_PKT_OK;
	if (d->adv.auth_type != e->auth_type ||
	    d->adv.auth_type > VRRP_AUTH_PASS ||
	    (e->family != AF_INET && d->adv.auth_type != VRRP_AUTH_NONE))
		return VRRP_PKT_ERR_AUTH_TYPE;	/* IPv6 carries no auth data */
	if (d->adv.auth_type == VRRP_AUTH_PASS &&
	    !auth_equal(d->vrrp + d->vlen - VRRP_AUTH_LEN, e->auth_data))
		return VRRP_PKT_ERR_AUTH_FAIL;
	if (d->adv.adver_int != e->adver_int) {
		if (!e->accept_adver_int_mismatch)
			return VRRP_PKT_ERR_ADVER_INT;
		d->adv.adver_int_mismatch = true;
	}
	return VRRP_PKT_OK;
}

static enum vrrp_pkt_err
dec_dest(const struct dec *d)
{
	const struct vrrp_ip *dst = &d->adv.dst;
	bool mcast = dst->family == AF_INET6 ? dst->addr[0] == 0xff
					     : (dst->addr[0] & 0xf0) == 0xe0;

	return mcast == !d->exp->unicast ? VRRP_PKT_OK : VRRP_PKT_ERR_DEST;
}

enum vrrp_pkt_err
vrrp_pkt_decode(const uint8_t *data, size_t len,
		const struct vrrp_pkt_rx_meta *meta,
		const struct vrrp_pkt_expect *exp, struct vrrp_adv *ret)
{
	struct dec d;
	enum vrrp_pkt_err err;

	memset(&d, 0, sizeof(d));
	d.exp = exp;
	if (exp->family == AF_INET)
		err = dec_ip4(&d, data, len);
	else if (exp->family == AF_INET6)
		err = dec_ip6(&d, data, len, meta);
	else
		err = VRRP_PKT_ERR_IP_HDR;
	if (!err)
		err = dec_ttl(&d, meta);
	if (!err)
		err = dec_hdr(&d);
	if (!err)
		err = dec_csum(&d);
	if (!err)
		err = dec_v2(&d);
	if (!err)
		err = dec_dest(&d);
	if (!err)
		*ret = d.adv;
	return err;
}

int
vrrp_adv_addr(const struct vrrp_adv *adv, unsigned i, struct vrrp_ip *ret)
{
	if (i >= adv->naddr)
		return -ERANGE;
	ip_set(ret, adv->src.family,
	       adv->addrs + (size_t)i * addr_len(adv->src.family));
	return 0;
}

bool
vrrp_adv_match_addrs(const struct vrrp_adv *adv, const struct vrrp_ip *vips,
		     size_t n)
{
	size_t alen = addr_len(adv->src.family), i, j;

	if (n != adv->naddr)
		return false;
	for (i = 0; i < n; i++) {
		if (vips[i].family != adv->src.family)
			return false;
		for (j = 0; j < n; j++)
			if (!memcmp(adv->addrs + j * alen, vips[i].addr, alen))
				break;
		if (j == n)
			return false;
	}
	return true;
}

void
vrrp_pkt_auth_pass(const char *pass, uint8_t ret[VRRP_AUTH_LEN])
{
	size_t i;

	for (i = 0; i < VRRP_AUTH_LEN && pass[i]; i++)
		ret[i] = (uint8_t)pass[i];
	for (; i < VRRP_AUTH_LEN; i++)
		ret[i] = 0;
}

/* ---- encode ---- */

size_t
vrrp_pkt_len(const struct vrrp_pkt_build *b)
{
	size_t n = VRRP_HDR_LEN + b->n_vips * addr_len(b->family);

	if (b->family == AF_INET) {
		n += VRRP_IP4_HDR_LEN;
		if (b->version == 2)
			n += VRRP_AUTH_LEN;
	}
	return n;
}

static int
enc_check(const struct vrrp_pkt_build *b)
{
	size_t i;

	if (b->family != AF_INET && b->family != AF_INET6)
		return -EINVAL;
	if (b->version == 2 && b->adver_int > 0xff)
		return -EINVAL;
	if (b->version == 3 && b->adver_int > VRRP_V3_MAX_ADVER_INT)
		return -EINVAL;
	if ((b->version != 2 && b->version != 3) || b->n_vips > 255)
		return -EINVAL;
	if (b->family == AF_INET6 && b->version == 2 &&
	    b->auth_type != VRRP_AUTH_NONE)
		return -EINVAL;	/* no room for auth data over IPv6 */
	if (b->src.family != b->family || b->dst.family != b->family)
		return -EINVAL;
	for (i = 0; i < b->n_vips; i++)
		if (b->vips[i].family != b->family)
			return -EINVAL;
	return 0;
}

static void
enc_ip4(const struct vrrp_pkt_build *b, struct buf_writer *w, size_t tot)
{
	buf_put_u8(w, 0x45);
	buf_put_u8(w, 0xc0);		/* TOS: internetwork control */
	buf_put_be16(w, (uint16_t)tot);
	buf_put_be16(w, 0);		/* ID: filled by the kernel */
	buf_put_be16(w, 0);		/* no DF, not fragmented */
	buf_put_u8(w, b->ttl);
	buf_put_u8(w, VRRP_IPPROTO);
	buf_put_be16(w, 0);		/* header checksum: kernel */
	buf_put_bytes(w, b->src.addr, IP4_ADDR_LEN);
	buf_put_bytes(w, b->dst.addr, IP4_ADDR_LEN);
}

static void
enc_vrrp(const struct vrrp_pkt_build *b, struct buf_writer *w)
{
	size_t i, alen = addr_len(b->family);

	buf_put_u8(w, (uint8_t)(b->version << 4 | VRRP_TYPE_ADVERT));
	buf_put_u8(w, b->vrid);
	buf_put_u8(w, b->priority);
	buf_put_u8(w, (uint8_t)b->n_vips);
	if (b->version == 2) {
		buf_put_u8(w, b->auth_type);
		buf_put_u8(w, (uint8_t)b->adver_int);
	} else {
		buf_put_be16(w, b->adver_int & VRRP_V3_MAX_ADVER_INT);
	}
	buf_put_be16(w, 0);		/* checksum, set below */
	for (i = 0; i < b->n_vips; i++)
		buf_put_bytes(w, b->vips[i].addr, alen);
	if (b->family == AF_INET && b->version == 2) {
		if (b->auth_type == VRRP_AUTH_PASS)
			buf_put_bytes(w, b->auth_data, VRRP_AUTH_LEN);
		else
			buf_put_zero(w, VRRP_AUTH_LEN);
	}
}

int
vrrp_pkt_encode(const struct vrrp_pkt_build *b, uint8_t *buf, size_t cap)
{
	struct buf_writer w;
	size_t tot = vrrp_pkt_len(b), off = 0;
	uint32_t acc = 0;
	int rc = enc_check(b);

	if (rc < 0)
		return rc;
	if (tot > cap)
		return -ENOBUFS;
	buf_writer_init(&w, buf, cap);
	if (b->family == AF_INET) {
		enc_ip4(b, &w, tot);
		off = VRRP_IP4_HDR_LEN;
	}
	enc_vrrp(b, &w);
	if (w.len != tot)
		return -ENOBUFS;	/* cannot happen: checked above */
	if (csum_uses_pseudo(b->family, b->version, b->v3_checksum_as_v2))
		acc = csum_pseudo(&b->src, &b->dst, tot - off);
	buf_set_be16(&w, off + 6, vrrp_pkt_csum(buf + off, tot - off, acc));
	return (int)tot;
}
