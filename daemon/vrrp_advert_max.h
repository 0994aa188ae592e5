/* vrrp_advert_max.h: how many virtual addresses one VRRP advertisement
 * can carry, as keepalived 2.2 computes it (vrrp_complete_instance, in
 * every mode, strict or not): the address count field is 8 bits (at most
 * 255), and the advert must fit the link's MTU with the Ethernet, IP and
 * VRRP headers (and, for VRRPv2 over IPv4, the 8 authentication bytes,
 * plus the AH header with auth_type AH).  The addresses beyond are not
 * advertised: keepalived moves them to the excluded addresses (installed,
 * not advertised) and reports a configuration error; ipvsd does the same
 * (conf_check.c warns naming the first address left out, at the default
 * MTU; the engine applies the link's MTU, vrrp_vip_advert_limit).
 * Header-only: the configuration layer uses it too.
 */
#ifndef IPVSD_VRRP_ADVERT_MAX_H
#define IPVSD_VRRP_ADVERT_MAX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define VRRP_ADVERT_MAX_ADDRS	255u	/* the 8-bit count field */
#define VRRP_ADVERT_DEFAULT_MTU	1500u	/* MTU unknown (keepalived's) */
#define VRRP_ADVERT_ETH_HLEN	14u
#define VRRP_ADVERT_IP4_HLEN	20u
#define VRRP_ADVERT_IP6_HLEN	40u
#define VRRP_ADVERT_VRRP_HLEN	8u
#define VRRP_ADVERT_AUTH_LEN	8u	/* VRRPv2 authentication data */
#define VRRP_ADVERT_AH_LEN	24u	/* IPsec AH header (RFC 2402) */

/* vrrp_advert_max: the most addresses of @family one advert of VRRP
 * @version can carry on a link of @mtu bytes (0: the default 1500);
 * @ah: VRRPv2 with auth_type AH.  0 if not even one fits. */
static inline size_t
vrrp_advert_max(int family, unsigned version, unsigned mtu, bool ah)
{
	unsigned hdr = VRRP_ADVERT_ETH_HLEN + VRRP_ADVERT_VRRP_HLEN;
	size_t alen = family == AF_INET6 ? 16u : 4u, n;

	if (mtu == 0)
		mtu = VRRP_ADVERT_DEFAULT_MTU;
	if (family == AF_INET6) {
		hdr += VRRP_ADVERT_IP6_HLEN;
	} else {
		hdr += VRRP_ADVERT_IP4_HLEN;
		if (version == 2)
			hdr += VRRP_ADVERT_AUTH_LEN + (ah ? VRRP_ADVERT_AH_LEN : 0u);
	}
	if (mtu <= hdr)
		return 0;
	n = (mtu - hdr) / alen;
	return n > VRRP_ADVERT_MAX_ADDRS ? VRRP_ADVERT_MAX_ADDRS : n;
}

#endif
