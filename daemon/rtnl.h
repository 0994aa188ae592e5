/* rtnl.h: rtnetlink client of the VRRP engine (the only libmnl user).
 *
 * Two kinds of sockets:
 *  - a request socket (struct rtnl): synchronous address add/delete and
 *    link queries, each request acknowledged; the kernel's extended-ack
 *    text is returned to the caller;
 *  - a watch socket (struct rtnl_watch) bound to RTMGRP_LINK,
 *    RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR, the route groups and the rule
 *    groups (only deletions of routes and rules are reported), read from
 *    the event loop
 *    and turned into struct rtnl_event callbacks.
 * Message building and parsing are pure functions (rtnl_addr_msg,
 * rtnl_msg_parse) so that unit tests check them against golden bytes.
 * Addresses are in network byte order, as struct vrrp_ip.  Nothing here
 * logs; errors are -errno.
 */
#ifndef IPVSD_RTNL_H
#define IPVSD_RTNL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_loop;
struct rtnl;
struct rtnl_watch;

#define RTNL_MSG_MAX	512	/* enough for one address request */
#define RTNL_ERRMSG_MAX	256

/* An interface address (RTM_NEWADDR / RTM_DELADDR). */
struct rtnl_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned ifindex;
	uint8_t addr[16];	/* IFA_LOCAL */
	uint8_t prefix;
	bool has_peer;		/* point-to-point peer (IFA_ADDRESS) */
	uint8_t peer[16];
	bool has_brd;		/* IPv4 broadcast (IFA_BROADCAST) */
	uint8_t brd[16];
	uint8_t scope;		/* RT_SCOPE_* (0: universe) */
	uint32_t flags;		/* IFA_F_* (NODAD, NOPREFIXROUTE, ...) */
	char label[IFNAMSIZ];	/* IFA_LABEL, IPv4 only; "" = none */
	bool has_lft;		/* IFA_CACHEINFO: preferred lifetime, valid */
	uint32_t preferred_lft;	/* forever (seconds; 0xffffffff: forever) */
};

/* A link (RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK reply). */
struct rtnl_link {
	unsigned ifindex;
	unsigned flags;		/* IFF_* */
	char name[IFNAMSIZ];
	uint8_t hwaddr[6];
	bool has_hwaddr;	/* IFLA_ADDRESS of Ethernet length */
	uint32_t mtu;
};

enum rtnl_event_type {
	RTNL_EV_NONE = 0,	/* a message we do not report */
	RTNL_EV_LINK_NEW,	/* also "link changed" */
	RTNL_EV_LINK_DEL,
	RTNL_EV_ADDR_NEW,
	RTNL_EV_ADDR_DEL,
	RTNL_EV_RESYNC,		/* notifications were lost (ENOBUFS): re-read state */
	RTNL_EV_ROUTE_DEL,	/* a route was deleted (rtnl_route_parse) */
	RTNL_EV_RULE_DEL,	/* a rule was deleted (rtnl_rule_parse) */
};


/* ---- routes, rules, links (rtnl_route.c) ---- */

/* A route (RTM_NEWROUTE / RTM_DELROUTE).  Zero fields are left out. */
struct rtnl_route {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t type;		/* RTN_*; 0 = RTN_UNICAST */
	uint8_t protocol;	/* RTPROT_* */
	uint8_t scope;		/* RT_SCOPE_* */
	uint8_t tos;
	uint32_t table;		/* 0 = main */
	uint8_t dst[16];
	uint8_t dst_len;
	bool has_src;		/* "from": source prefix (RTA_SRC) */
	uint8_t src[16];
	uint8_t src_len;
	bool has_prefsrc;	/* "src": preferred source (RTA_PREFSRC) */
	uint8_t prefsrc[16];
	bool has_via;		/* gateway (RTA_GATEWAY) */
	uint8_t via[16];
	unsigned oif;		/* 0 = none */
	bool has_metric;	/* RTA_PRIORITY */
	uint32_t metric;
	uint32_t flags;		/* RTNH_F_ONLINK */
	uint32_t mtu;		/* RTAX_MTU, 0 = none */
	uint32_t advmss;	/* RTAX_ADVMSS, 0 = none */
};

/* A policy routing rule (RTM_NEWRULE / RTM_DELRULE). */
struct rtnl_rule {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t action;		/* FR_ACT_*; 0 = FR_ACT_TO_TBL */
	uint8_t protocol;	/* FRA_PROTOCOL, 0 = none */
	uint8_t tos;
	bool invert;		/* "not" */
	uint32_t table;		/* 0 = none (main for "to table" rules) */
	bool has_priority;
	uint32_t priority;
	bool has_from;
	uint8_t from[16];
	uint8_t from_len;
	bool has_to;
	uint8_t to[16];
	uint8_t to_len;
	bool has_fwmark;
	uint32_t fwmark;
	bool has_fwmask;
	uint32_t fwmask;
	char iif[IFNAMSIZ];	/* "" = any */
	char oif[IFNAMSIZ];
	uint32_t goto_prio;	/* FR_ACT_GOTO target */
	bool has_suppress_prefixlen;
	uint32_t suppress_prefixlen;
	bool has_suppress_ifgroup;
	uint32_t suppress_ifgroup;
};

struct rtnl_event {
	enum rtnl_event_type type;
	struct rtnl_link link;	/* LINK_* */
	struct rtnl_addr addr;	/* ADDR_* */
	struct rtnl_route route;	/* ROUTE_DEL */
	struct rtnl_rule rule;		/* RULE_DEL */
};

/* rtnl_addr_msg: build an RTM_NEWADDR (@add) or RTM_DELADDR request for @a
 * into @buf, with NLM_F_REQUEST|NLM_F_ACK (and NLM_F_CREATE|NLM_F_EXCL to
 * add), sequence number @seq and port id 0.  Attributes: IFA_LOCAL,
 * IFA_ADDRESS (the peer if any, else the address), IFA_BROADCAST,
 * IFA_LABEL, IFA_FLAGS when a flag does not fit the 8-bit ifa_flags, and
 * IFA_CACHEINFO when has_lft (adding only).
 * Returns the message length, -EINVAL (family, prefix, label too long) or
 * -ENOBUFS. */
int rtnl_addr_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
		  const struct rtnl_addr *a);

/* rtnl_link_get_msg: build an RTM_GETLINK request for @ifindex
 * (NLM_F_REQUEST|NLM_F_ACK: the reply is followed by an ACK).  Returns
 * the length or -ENOBUFS. */
int rtnl_link_get_msg(uint8_t *buf, size_t cap, uint32_t seq,
		      unsigned ifindex);

/* rtnl_msg_parse: decode one netlink message (link, address, deleted
 * route or rule) into @ret.
 * Unknown message types give RTNL_EV_NONE and 0.  -EBADMSG if the message
 * is malformed (bounded: attributes are validated against @len). */
int rtnl_msg_parse(const void *msg, size_t len, struct rtnl_event *ret);

/* rtnl_ack_parse: decode the NLMSG_ERROR reply @msg of @len bytes: returns
 * its error code (0 for an ACK, -errno otherwise) and copies the extended
 * ack text (if any) into @errmsg (always NUL-terminated; "" if none).
 * -EBADMSG if @msg is not a well-formed NLMSG_ERROR. */
int rtnl_ack_parse(const void *msg, size_t len, char *errmsg, size_t errlen);

/* rtnl_open: a request socket (blocking, NETLINK_EXT_ACK and
 * NETLINK_CAP_ACK on).  0 or -errno. */
int rtnl_open(struct rtnl **ret);
void rtnl_close(struct rtnl *r);

/* rtnl_addr_change: add (@add) or delete the address @a and wait for the
 * kernel's answer.  0, or the kernel's -errno with its extack text in
 * @errmsg (may be NULL). */
int rtnl_addr_change(struct rtnl *r, bool add, const struct rtnl_addr *a,
		     char *errmsg, size_t errlen);

/* rtnl_link_get: query link @ifindex.  0, -ENODEV, or -errno. */
int rtnl_link_get(struct rtnl *r, unsigned ifindex, struct rtnl_link *ret);

/* rtnl_addr_dump: call @cb for every address of @family (AF_UNSPEC: all)
 * currently configured, in the kernel's order (primary first).  0 or
 * -errno. */
int rtnl_addr_dump(struct rtnl *r, int family,
		   void (*cb)(const struct rtnl_addr *a, void *arg), void *arg);

typedef void rtnl_watch_cb(const struct rtnl_event *ev, void *arg);

/* rtnl_watch_open: a non-blocking socket subscribed to link and address
 * notifications, read through @loop; @cb is called once per reported
 * message.  0 or -errno. */
int rtnl_watch_open(struct event_loop *loop, rtnl_watch_cb *cb, void *arg,
		    struct rtnl_watch **ret);
void rtnl_watch_close(struct rtnl_watch *w);

/* A macvlan link to create (VRRP virtual MAC interface). */
struct rtnl_macvlan {
	unsigned link;		/* lower interface */
	char name[IFNAMSIZ];
	uint8_t mac[6];
	uint32_t mode;		/* MACVLAN_MODE_* */
	bool up;
	bool addr_gen_none;	/* IPv6 addr_gen_mode none (no link-local):
				 * set by rtnl_macvlan_add before "up" */
};

/* rtnl_route_msg / rtnl_rule_msg: build an add (NLM_F_CREATE|NLM_F_EXCL)
 * or delete request, NLM_F_REQUEST|NLM_F_ACK, into @buf.  Returns the
 * length, -EINVAL (family, prefix length) or -ENOBUFS. */
int rtnl_route_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
		   const struct rtnl_route *rt);
int rtnl_rule_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
		  const struct rtnl_rule *ru);
/* rtnl_macvlan_msg: RTM_NEWLINK (create, exclusive) for @m (up unless
 * addr_gen_none, which needs a separate request: rtnl_link_set_msg).
 * rtnl_link_set_msg: RTM_NEWLINK on @ifindex setting IFF_UP if @up, and
 * the IPv6 addr_gen_mode none if @addr_gen_none_v6.
 * rtnl_link_del_msg: RTM_DELLINK of @ifindex. */
int rtnl_macvlan_msg(uint8_t *buf, size_t cap, uint32_t seq,
		     const struct rtnl_macvlan *m);
int rtnl_link_set_msg(uint8_t *buf, size_t cap, uint32_t seq, unsigned ifindex,
		      bool up, bool addr_gen_none_v6);
int rtnl_link_del_msg(uint8_t *buf, size_t cap, uint32_t seq,
		      unsigned ifindex);

/* Synchronous requests on @r: 0, or the kernel's -errno and extack text
 * in @errmsg (may be NULL). */
int rtnl_route_change(struct rtnl *r, bool add, const struct rtnl_route *rt,
		      char *errmsg, size_t errlen);
int rtnl_rule_change(struct rtnl *r, bool add, const struct rtnl_rule *ru,
		     char *errmsg, size_t errlen);
int rtnl_macvlan_add(struct rtnl *r, const struct rtnl_macvlan *m,
		     char *errmsg, size_t errlen);
int rtnl_link_del(struct rtnl *r, unsigned ifindex, char *errmsg,
		  size_t errlen);

/* rtnl_route_parse / rtnl_rule_parse: decode an RTM_*ROUTE / RTM_*RULE
 * message (bounded: attributes checked against its length).  Interface
 * names of rules are kept; a route table > 255 comes from RTA_TABLE.
 * 0, or -EBADMSG (malformed) / -EAFNOSUPPORT (not IPv4/IPv6). */
struct nlmsghdr;
int rtnl_route_parse(const struct nlmsghdr *nlh, struct rtnl_route *ret);
int rtnl_rule_parse(const struct nlmsghdr *nlh, struct rtnl_rule *ret);

/* rtnl_request: send the request built in @buf (@len bytes; its sequence
 * number is replaced by the socket's next one) and wait for the ACK.  0 or
 * -errno with the extack text in @errmsg (may be NULL). */
int rtnl_request(struct rtnl *r, void *buf, size_t len, char *errmsg,
		 size_t errlen);

#endif
