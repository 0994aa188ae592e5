/* names.c: text names of virtual and real servers (see names.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"
#include "strnum.h"

const char *
names_addr(const struct conf_addr *a, char *buf, size_t len)
{
	if ((a->af != AF_INET && a->af != AF_INET6) ||
	    inet_ntop(a->af, &a->a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
names_proto(int64_t proto)
{
	switch (proto) {
	case CONF_PROTO_UDP: return "udp";
	case CONF_PROTO_SCTP: return "sctp";
	default: return "tcp";
	}
}

const char *
names_vs(const struct conf_vs *vs, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN + 1];

	switch (vs->kind) {
	case CONF_VS_FWMARK:
		snprintf(buf, len, "FWM %lld", (long long)vs->fwmark);
		break;
	case CONF_VS_GROUP:
		snprintf(buf, len, "GROUP %s", vs->group ? vs->group : "?");
		break;
	default:
		snprintf(buf, len, "[%s]:%s:%lld", names_addr(&vs->addr, a, sizeof(a)),
			 names_proto(vs->protocol), (long long)vs->port);
	}
	return buf;
}

const char *
names_rs(const struct conf_rs *rs, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN + 1];

	snprintf(buf, len, "[%s]:%lld", names_addr(&rs->addr, a, sizeof(a)),
		 rs->port == CONF_UNSET ? 0LL : (long long)rs->port);
	return buf;
}

/* A parsed "ADDR[:PORT]" or "[ADDR6][:PORT]"; port -1 when absent. */
struct hostport {
	struct conf_addr addr;
	long long port;
};

static int
parse_hostport(const char *text, struct hostport *hp)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port = NULL, *end;
	size_t n;
	uint64_t v;

	if (text[0] == '[') {
		if ((end = strchr(text, ']')) == NULL)
			return -EINVAL;
		n = (size_t)(end - text - 1);
		text++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0')
			return -EINVAL;
	} else {
		end = strrchr(text, ':');
		if (end != NULL && strchr(text, ':') == end) {	/* v4 with port */
			n = (size_t)(end - text);
			port = end + 1;
		} else {
			n = strlen(text);	/* no port, or bare IPv6 */
		}
	}
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, text, n);
	host[n] = '\0';
	memset(hp, 0, sizeof(*hp));
	if (inet_pton(AF_INET, host, &hp->addr.a) == 1)
		hp->addr.af = AF_INET;
	else if (inet_pton(AF_INET6, host, &hp->addr.a) == 1)
		hp->addr.af = AF_INET6;
	else
		return -EINVAL;
	hp->port = -1;
	if (port != NULL) {
		if (strnum_u64(port, 0, 65535, &v) < 0)
			return -EINVAL;
		hp->port = (long long)v;
	}
	return 0;
}

static bool
addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	return a->af == b->af &&
	       memcmp(&a->a, &b->a, a->af == AF_INET6 ? 16 : 4) == 0;
}

static int
proto_from(const char *s, int64_t *ret)
{
	if (strcasecmp(s, "tcp") == 0)
		*ret = CONF_PROTO_TCP;
	else if (strcasecmp(s, "udp") == 0)
		*ret = CONF_PROTO_UDP;
	else if (strcasecmp(s, "sctp") == 0)
		*ret = CONF_PROTO_SCTP;
	else
		return -EINVAL;
	return 0;
}

static int64_t
vs_proto(const struct conf_vs *vs)
{
	return vs->protocol == CONF_UNSET ? CONF_PROTO_TCP : vs->protocol;
}

static int
find_addr_vs(const struct conf *c, char *text, size_t *idx)
{
	struct hostport hp;
	char *slash = strrchr(text, '/');
	int64_t proto = -1;
	size_t i, n = 0, found = 0;

	if (slash != NULL) {
		*slash = '\0';
		if (proto_from(slash + 1, &proto) < 0)
			return -EINVAL;
	}
	if (parse_hostport(text, &hp) < 0 || hp.port < 0)
		return -EINVAL;
	for (i = 0; i < c->n_vs; i++) {
		const struct conf_vs *vs = &c->vs[i];

		if (vs->kind != CONF_VS_ADDR || !addr_eq(&vs->addr, &hp.addr) ||
		    vs->port != hp.port || (proto >= 0 && vs_proto(vs) != proto))
			continue;
		if (++n == 1)
			found = i;
	}
	if (n == 0)
		return -ENOENT;
	if (n > 1)
		return -EEXIST;
	*idx = found;
	return 0;
}

int
names_find_vs(const struct conf *c, const char *text, size_t *idx)
{
	char buf[NAMES_LEN];
	uint64_t mark;
	size_t i;

	if (strlen(text) >= sizeof(buf))
		return -EINVAL;
	if (strncasecmp(text, "fwmark:", 7) == 0 || strncasecmp(text, "fwm:", 4) == 0) {
		if (strnum_u64_any(strchr(text, ':') + 1, 1, UINT32_MAX, &mark) < 0)
			return -EINVAL;
		for (i = 0; i < c->n_vs; i++)
			if (c->vs[i].kind == CONF_VS_FWMARK && c->vs[i].fwmark == (int64_t)mark) {
				*idx = i;
				return 0;
			}
		return -ENOENT;
	}
	if (strncasecmp(text, "group:", 6) == 0) {
		for (i = 0; i < c->n_vs; i++)
			if (c->vs[i].kind == CONF_VS_GROUP && c->vs[i].group &&
			    strcmp(c->vs[i].group, text + 6) == 0) {
				*idx = i;
				return 0;
			}
		return -ENOENT;
	}
	strcpy(buf, text);
	return find_addr_vs(c, buf, idx);
}

int
names_find_rs(const struct conf_vs *vs, const char *text, size_t *idx)
{
	struct hostport hp;
	size_t i, n = 0, found = 0;

	if (parse_hostport(text, &hp) < 0)
		return -EINVAL;
	for (i = 0; i < vs->n_rs; i++) {
		const struct conf_rs *rs = &vs->rs[i];
		long long port = rs->port == CONF_UNSET ? 0 : rs->port;

		if (!addr_eq(&rs->addr, &hp.addr) || (hp.port >= 0 && port != hp.port))
			continue;
		if (++n == 1)
			found = i;
	}
	if (n == 0)
		return -ENOENT;
	if (n > 1)
		return -EEXIST;
	*idx = found;
	return 0;
}
