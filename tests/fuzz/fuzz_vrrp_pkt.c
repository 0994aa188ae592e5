/* fuzz_vrrp_pkt.c: the VRRP decoder on arbitrary bytes and metadata.
 *
 * Input layout: byte 0 selects the expectations (bit 0: IPv6, bit 1: v3,
 * bit 2: unicast, bit 3: v3_checksum_as_v2, bits 4-5: auth type, bit 6:
 * take the IPv6 source/destination from the next 32 bytes instead of the
 * fixed lab addresses, bit 7: accept_adver_int_mismatch), byte 1 is the expected v2 interval, byte 2 the IPv6
 * hop limit (0xff..: 255; 0: unknown), the rest is the packet.
 * Whatever decodes must list its own addresses, re-encode, and decode
 * again to the same fields.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The addresses of the captured keepalived IPv6 seeds. */
static const uint8_t lab_src[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
	0x20, 0x84, 0x0d, 0xff, 0xfe, 0x29, 0x2b, 0xb1 };
static const uint8_t lab_dst[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x12 };

static void
reencode(const struct vrrp_adv *adv, const struct vrrp_pkt_expect *e,
	 const struct vrrp_pkt_rx_meta *m)
{
	static struct vrrp_ip vips[255];
	static uint8_t out[VRRP_PKT_MAX_IP4_LEN + VRRP_PKT_MAX_LEN];
	struct vrrp_pkt_build b = { 0 };
	struct vrrp_adv again;
	const uint8_t *p = out;
	unsigned i;
	int n;

	for (i = 0; i < adv->naddr; i++)
		if (vrrp_adv_addr(adv, i, &vips[i]) != 0)
			abort();
	if (vrrp_adv_addr(adv, adv->naddr, &vips[0]) == 0)
		abort();
	if (!vrrp_adv_match_addrs(adv, vips, adv->naddr))
		abort();
	b.family = e->family;
	b.version = adv->version;
	b.vrid = adv->vrid;
	b.priority = adv->priority;
	b.adver_int = adv->adver_int;
	b.auth_type = adv->auth_type;
	memcpy(b.auth_data, e->auth_data, sizeof(b.auth_data));
	b.v3_checksum_as_v2 = e->v3_checksum_as_v2;
	b.ttl = adv->ttl;
	b.src = adv->src;
	b.dst = adv->dst;
	b.vips = vips;
	b.n_vips = adv->naddr;
	n = vrrp_pkt_encode(&b, out, sizeof(out));
	if (n < 0 || (size_t)n != vrrp_pkt_len(&b))
		abort();
	if (vrrp_pkt_decode(p, (size_t)n, m, e, &again) != VRRP_PKT_OK)
		abort();
	if (again.vrid != adv->vrid || again.priority != adv->priority ||
	    again.naddr != adv->naddr || again.adver_int != adv->adver_int ||
	    vrrp_ip_cmp(&again.src, &adv->src) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrrp_pkt_expect e = { 0 };
	struct vrrp_pkt_rx_meta m = { 0 };
	struct vrrp_adv adv;
	uint8_t ctl;

	if (size < 3)
		return 0;
	ctl = data[0];
	e.family = (ctl & 1) ? AF_INET6 : AF_INET;
	e.version = (ctl & 2) ? 3 : 2;
	e.unicast = (ctl & 4) != 0;
	e.min_ttl = 1;
	e.max_ttl = 128;
	e.v3_checksum_as_v2 = (ctl & 8) != 0;
	e.auth_type = (ctl >> 4) & 3;
	memcpy(e.auth_data, "secret", 6);
	e.adver_int = data[1];
	e.accept_adver_int_mismatch = (ctl & 0x80) != 0;
	m.hop_limit = data[2] == 0 ? -1 : data[2];
	m.src.family = m.dst.family = AF_INET6;
	memcpy(m.src.addr, lab_src, 16);
	memcpy(m.dst.addr, lab_dst, 16);
	data += 3;
	size -= 3;
	if ((ctl & 0x40) && size >= 32) {
		memcpy(m.src.addr, data, 16);
		memcpy(m.dst.addr, data + 16, 16);
		data += 32;
		size -= 32;
	}
	if (vrrp_pkt_decode(data, size, &m, &e, &adv) == VRRP_PKT_OK) {
		reencode(&adv, &e, &m);
	}
	return 0;
}
