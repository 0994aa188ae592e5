/* vrrp_block.h: no_accept mode, keepalived-style (vrrp_firewall/ipset).
 *
 * A master that is not the address owner and runs in no_accept mode (the
 * "no_accept" keyword, or strict mode: vrrp_strict / strict_mode) must
 * not accept packets addressed to its virtual addresses (RFC 5798 6.4.3).
 * As keepalived does with ipsets, the addresses go into the ipset
 * "keepalived" (hash:ip, IPv4) or "keepalived6" (hash:ip, IPv6) while the
 * instance is master, and two firewall rules per family drop what
 * matches:
 *     iptables  -I INPUT  -m set --match-set keepalived dst -j DROP
 *     iptables  -I OUTPUT -m set --match-set keepalived src -j DROP
 * (ip6tables with keepalived6).  The sets and rules are created when the
 * first instance needs them and removed when the last one is done.
 * The sets are handled through libipset; the rules by running iptables
 * (as keepalived does without libiptc), falling back to iptables-legacy
 * when the default one cannot insert them.
 */
#ifndef IPVSD_VRRP_BLOCK_H
#define IPVSD_VRRP_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "rtnl.h"

#define VRRP_BLOCK_SET4	"keepalived"
#define VRRP_BLOCK_SET6	"keepalived6"

/* vrrp_block_set_line: the libipset command line that creates the set of
 * @family ("create keepalived hash:ip family inet -exist") into @buf.
 * Returns its length or -ENOBUFS/-EINVAL. */
int vrrp_block_set_line(char *buf, size_t cap, int family);

/* vrrp_block_addr_line: "add|del SET ADDR -exist" for @a into @buf. */
int vrrp_block_addr_line(char *buf, size_t cap, bool add,
			 const struct rtnl_addr *a);

/* vrrp_block_rule_argv: the iptables/ip6tables argv (NULL-terminated, at
 * most 16 entries with the terminator) that inserts ('I'), checks ('C')
 * or deletes ('D') rule @in (INPUT, else OUTPUT) of @family.  Returns
 * the argument count or -EINVAL. */
int vrrp_block_rule_argv(const char *argv[16], char op, int family, bool in);

struct vrrp_block;

/* vrrp_block_get: the process's block state, created on first use (sets
 * of both families created, rules inserted unless present).  0 or
 * -errno; *errmsg (static or in @err) tells what failed. */
int vrrp_block_get(struct vrrp_block **ret, char *err, size_t errlen);
/* vrrp_block_put: drop a reference; the last one deletes the rules and
 * destroys the sets. */
void vrrp_block_put(struct vrrp_block *b);

/* vrrp_block_prepare: create the set and insert the rules of @family now
 * (vrrp_block_addr would do it on first use, delaying the addresses of a
 * new master by the time iptables takes).  0 or -errno with @err. */
int vrrp_block_prepare(struct vrrp_block *b, int family, char *err,
		       size_t errlen);

/* vrrp_block_addr: put @a into (@block) or take it out of its family's
 * set.  0 or -errno with the ipset message in @err. */
int vrrp_block_addr(struct vrrp_block *b, const struct rtnl_addr *a,
		    bool block, char *err, size_t errlen);

#endif
