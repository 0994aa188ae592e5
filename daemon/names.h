/* names.h: text names of virtual and real servers, for logs, the control
 * socket (status, drain targets) and dumps.
 *
 * A virtual_server is named as in keepalived's logs: "[ADDR]:PROTO:PORT"
 * for an address, "FWM N" for a fwmark, "GROUP NAME" for a group.  A real
 * server is "[ADDR]:PORT".  Targets typed by a user (drain/undrain) are
 * parsed leniently: "10.0.0.1:80", "10.0.0.1:80/udp", "[::1]:80",
 * "fwmark:3" (or "fwm:3"), "group:NAME"; a real server may omit its port.
 */
#ifndef IPVSD_NAMES_H
#define IPVSD_NAMES_H

#include <stddef.h>

#include "conf.h"

#define NAMES_LEN 96

/* names_addr: "10.0.0.1" / "2001:db8::1"; "?" for an unset address. */
const char *names_addr(const struct conf_addr *a, char *buf, size_t len);
/* names_vs / names_rs: the names above, always NUL-terminated. */
const char *names_vs(const struct conf_vs *vs, char *buf, size_t len);
const char *names_rs(const struct conf_rs *rs, char *buf, size_t len);
/* names_proto: "tcp", "udp", "sctp" for a conf_vs protocol value. */
const char *names_proto(int64_t proto);

/* names_find_vs: the index of the virtual_server of @c that @text names.
 * 0 and *idx; -ENOENT if none, -EINVAL if @text is malformed, -EEXIST if it
 * is ambiguous (e.g. TCP and UDP services on one address without "/proto"). */
int names_find_vs(const struct conf *c, const char *text, size_t *idx);
/* names_find_rs: the index of the real server of @vs that @text names
 * ("ADDR[:PORT]").  Same returns as names_find_vs. */
int names_find_rs(const struct conf_vs *vs, const char *text, size_t *idx);

#endif
