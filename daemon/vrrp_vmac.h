/* vrrp_vmac.h: use_vmac, the VRRP virtual MAC interface (keepalived
 * vrrp_vmac.c semantics).
 *
 * For an instance with use_vmac, a macvlan interface in private mode is
 * created on top of the instance's interface, named "vrrp.<VRID>" unless
 * "use_vmac NAME" gives a name, with the RFC 5798 virtual router MAC
 * 00:00:5e:00:01:<VRID> (IPv4) or 00:00:5e:00:02:<VRID> (IPv6), and
 * brought up.  The virtual addresses go on it, and adverts are sent from
 * it unless vmac_xmit_base.  As keepalived does, the sysctls of the VMAC
 * are set to arp_ignore=1, accept_local=1, rp_filter=0,
 * promote_secondaries=1, and the base interface gets arp_ignore=1 and
 * arp_filter=1 (restored when the VMAC goes).  An IPv6 VMAC has no
 * automatic link-local address (addr_gen_mode none): the base interface's
 * link-local address is copied onto it, deprecated (preferred_lft 0).  The interface is deleted at stop.
 */
#ifndef IPVSD_VRRP_VMAC_H
#define IPVSD_VRRP_VMAC_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "rtnl.h"

struct vrrp_vmac {
	unsigned ifindex;		/* 0: none */
	unsigned base_ifindex;
	char name[IFNAMSIZ];
	char base_name[IFNAMSIZ];
	uint8_t mac[6];
	int base_arp_ignore;		/* to restore; -1: untouched */
	int base_arp_filter;
};

/* vrrp_vmac_mac: the virtual router MAC of @vrid for @family. */
void vrrp_vmac_mac(uint8_t vrid, int family, uint8_t mac[6]);

/* vrrp_vmac_name: @conf_name, or "vrrp.<vrid>", into @buf.  0 or -EINVAL
 * (name too long or empty). */
int vrrp_vmac_name(char buf[IFNAMSIZ], const char *conf_name, uint8_t vrid);

/* vrrp_vmac_create: create (or adopt an existing interface of the same
 * name with our MAC: left by a crash, or kept across an engine reload) the
 * VMAC of @vrid/@family on
 * @base_ifindex (named @base_name) and set the sysctls.  0 or -errno with
 * a message in @err. */
int vrrp_vmac_create(struct vrrp_vmac *v, struct rtnl *r, const char *conf_name,
		     uint8_t vrid, int family, unsigned base_ifindex,
		     const char *base_name, char *err, size_t errlen);

/* vrrp_vmac_delete: delete the VMAC (if any) and restore the base
 * interface's sysctls. */
void vrrp_vmac_delete(struct vrrp_vmac *v, struct rtnl *r);

#endif
