/* compat_val.h: ipvsadm 1.31's value parsers (numbers, addresses, ports,
 * netmasks, scheduler flags, tunnel types), with its exact acceptance
 * rules.  Internal to compat.c; exposed for the unit tests. */
#ifndef IPVSCTL_COMPAT_VAL_H
#define IPVSCTL_COMPAT_VAL_H

#include <stdint.h>
#include "compat.h"

#define COMPAT_SVC_NONE 0x0	/* nothing parsed / error */
#define COMPAT_SVC_ADDR 0x1	/* address set */
#define COMPAT_SVC_PORT 0x2	/* port set */

/* strtol() in base 10, the whole string, min <= n <= max; else -1. */
int compat_number(const char *s, int min, int max);

/* compat_service: parse "host[:port]", "[v6]:port" or "v6" into @svc
 * (af, addr, port, and netmask 128 for IPv6).  Port names are looked up
 * for @svc->protocol.  Returns COMPAT_SVC_* bits. */
int compat_service(const char *arg, struct ipvs_service *svc,
		   const struct compat_resolver *res);

/* compat_netmask: dotted quad (inet_aton forms) or host name -> host-order
 * mask.  Returns 1 on success, 0 on failure. */
int compat_netmask(const char *arg, const struct compat_resolver *res,
		   uint32_t *mask);

/* compat_fwmark: 1..UINT32_MAX.  Returns 0 or -1. */
int compat_fwmark(const char *arg, uint32_t *mark);

/* compat_sched_flags: comma-separated flags for scheduler @sched ("" means
 * the default, wlc).  Returns 0, or -1 with @err filled (COMPAT_FAIL, or
 * COMPAT_CRASH for a non-empty list of only commas). */
int compat_sched_flags(const char *sched, const char *arg, uint32_t *flags,
		       struct compat_err *err);

/* compat_tun_type: "ipip", "gue", "gre" -> IP_VS_CONN_F_TUNNEL_TYPE_*; -1. */
int compat_tun_type(const char *arg);

#endif
