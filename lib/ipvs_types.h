/* ipvs_types.h: host-order IPVS objects shared by lib/, ipvsctl/ and daemon/.
 *
 * No kernel structure leaks out of lib/ipvs_nl.c: callers fill and read these
 * plain structs.  All integers are in host byte order, ports included.
 * Flag and forwarding-method values are the kernel's (linux/ip_vs.h), which is
 * a stable UAPI, so callers may use IP_VS_SVC_F_* and IP_VS_CONN_F_* directly.
 */
#ifndef IPVSD_IPVS_TYPES_H
#define IPVSD_IPVS_TYPES_H

#include <stdint.h>
#include <netinet/in.h>
#include <linux/ip_vs.h>

/* Longest names the kernel accepts (its *_MAXLEN, NUL excluded); the
 * arrays below have room for the terminating NUL as well. */
#define IPVS_SCHED_NAME_LEN 16	/* IP_VS_SCHEDNAME_MAXLEN */
#define IPVS_PE_NAME_LEN 16	/* IP_VS_PENAME_MAXLEN */
#define IPVS_IFNAME_LEN 16	/* IP_VS_IFNAME_MAXLEN */

/* Address of either family; which member is valid is given by an af field. */
union ipvs_addr {
	struct in_addr in;
	struct in6_addr in6;
	uint32_t u32[4];
};

/* 64-bit counters and rates (IPVS_STATS_ATTR_*); filled by dumps only. */
struct ipvs_stats {
	uint64_t conns;		/* connections scheduled */
	uint64_t inpkts;	/* incoming packets */
	uint64_t outpkts;	/* outgoing packets */
	uint64_t inbytes;	/* incoming bytes */
	uint64_t outbytes;	/* outgoing bytes */
	uint64_t cps;		/* current connection rate */
	uint64_t inpps;		/* current in packet rate */
	uint64_t outpps;	/* current out packet rate */
	uint64_t inbps;		/* current in byte rate */
	uint64_t outbps;	/* current out byte rate */
};

/* A virtual service.  Identity: (af, protocol, addr, port) or (af, fwmark). */
struct ipvs_service {
	uint16_t af;			/* AF_INET or AF_INET6 */
	uint16_t protocol;		/* IPPROTO_TCP/UDP/SCTP; 0 when fwmark != 0 */
	union ipvs_addr addr;
	uint16_t port;
	uint32_t fwmark;		/* nonzero: a firewall-mark service */
	char sched_name[IPVS_SCHED_NAME_LEN + 1];
	uint32_t flags;			/* IP_VS_SVC_F_* (PERSISTENT, ONEPACKET, SCHED1..3) */
	uint32_t timeout;		/* persistence timeout, seconds */
	/* Persistence granularity: for AF_INET a host-order netmask
	 * (0xffffffff = /32), for AF_INET6 a prefix length (128 = /128). */
	uint32_t netmask;
	char pe_name[IPVS_PE_NAME_LEN + 1];	/* persistence engine ("sip") or "" */
	struct ipvs_stats stats;	/* dumps only */
	uint32_t num_dests;		/* dumps only: number of destinations (0 if unknown) */
};

/* A real server (destination) of a service. */
struct ipvs_dest {
	uint16_t af;			/* address family of addr (may differ from service's with tunnelling) */
	union ipvs_addr addr;
	uint16_t port;
	uint32_t conn_flags;		/* IP_VS_CONN_F_MASQ/LOCALNODE/TUNNEL/DROUTE/BYPASS */
	int32_t weight;
	uint32_t u_threshold;		/* upper connection threshold, 0 = none */
	uint32_t l_threshold;		/* lower connection threshold */
	uint8_t tun_type;		/* IP_VS_CONN_F_TUNNEL_TYPE_IPIP/GUE/GRE */
	uint16_t tun_port;		/* GUE destination port */
	uint16_t tun_flags;		/* IP_VS_TUNNEL_ENCAP_FLAG_CSUM/REMCSUM */
	uint32_t activeconns;		/* dumps only */
	uint32_t inactconns;		/* dumps only */
	uint32_t persistconns;		/* dumps only */
	struct ipvs_stats stats;	/* dumps only */
};

/* Connection timeouts in seconds; 0 in a set request means "leave as is". */
struct ipvs_timeouts {
	uint32_t tcp;
	uint32_t tcp_fin;
	uint32_t udp;
};

/* Connection-synchronisation daemon (IPVS_DAEMON_ATTR_*). */
struct ipvs_daemon {
	uint32_t state;			/* IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP */
	char mcast_ifn[IPVS_IFNAME_LEN + 1];
	uint32_t syncid;
	uint16_t sync_maxlen;		/* 0 = kernel default */
	uint16_t mcast_af;		/* 0 = kernel default group */
	union ipvs_addr mcast_group;
	uint16_t mcast_port;		/* 0 = default */
	uint8_t mcast_ttl;		/* 0 = default */
};

/* IPVS_CMD_GET_INFO */
struct ipvs_info {
	uint32_t version;		/* e.g. 0x010201 for 1.2.1 */
	uint32_t conn_tab_size;
};

#endif
