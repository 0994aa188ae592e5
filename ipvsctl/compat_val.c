/* compat_val.c: ipvsadm 1.31's value parsers (see compat_val.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat_val.h"

#define DEF_SCHED "wlc"
#define SCHED_FLAGS_MAX 128	/* ipvsadm's buffer: longer lists are cut */

int
compat_number(const char *s, int min, int max)
{
	long n;
	char *end;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*end == '\0' && end != s && errno != ERANGE && min <= n && n <= max)
		return (int)n;
	return -1;
}

static bool
all_digits(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static const char *
proto_name(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	default:
		return NULL;
	}
}

static int
parse_port(const char *s, uint16_t protocol, const struct compat_resolver *res)
{
	int n = compat_number(s, 0, 65535);
	const char *proto = proto_name(protocol);

	if (n != -1)
		return n;
	if (proto == NULL)
		return -1;
	n = res->service(s, proto);
	return (n >= 0 && n <= 65535) ? n : -1;
}

/* The address part; *portp is set to the text after the port colon. */
static int
parse_host(char *buf, char **portp, struct ipvs_service *svc,
	   const struct compat_resolver *res)
{
	struct in6_addr in6;
	struct in_addr in;

	if (inet_pton(AF_INET6, buf, &in6) > 0) {
		svc->addr.in6 = in6;
		svc->af = AF_INET6;
		svc->netmask = 128;
		return 0;
	}
	/* Not IPv6: the port is after the last colon, even when the address
	 * was bracketed ("[1.2.3.4]:80" loses its port, as in ipvsadm). */
	*portp = strrchr(buf, ':');
	if (*portp != NULL)
		*(*portp)++ = '\0';
	if (inet_aton(buf, &in) == 0 && res->host(buf, &in) != 0)
		return -1;
	memset(&svc->addr, 0, sizeof(svc->addr));
	svc->addr.in = in;
	svc->af = AF_INET;
	return 0;
}

int
compat_service(const char *arg, struct ipvs_service *svc,
	       const struct compat_resolver *res)
{
	char *copy, *buf, *portp = NULL;
	int result = COMPAT_SVC_NONE, port;

	if (arg == NULL || all_digits(arg))
		return COMPAT_SVC_NONE;
	buf = copy = strdup(arg);
	if (copy == NULL)
		return COMPAT_SVC_NONE;
	if (buf[0] == '[') {
		char *close = strchr(++buf, ']');

		if (close == NULL || close[1] != ':')
			goto out;
		*close = '\0';
		portp = close + 2;
	}
	if (parse_host(buf, &portp, svc, res) != 0)
		goto out;
	result = COMPAT_SVC_ADDR;
	if (portp != NULL) {
		port = parse_port(portp, svc->protocol, res);
		if (port < 0) {
			result = COMPAT_SVC_NONE;
			goto out;
		}
		svc->port = (uint16_t)port;
		result |= COMPAT_SVC_PORT;
	}
out:
	free(copy);
	return result;
}

int
compat_netmask(const char *arg, const struct compat_resolver *res,
	       uint32_t *mask)
{
	struct in_addr in;

	if (arg == NULL)
		return 0;
	if (inet_aton(arg, &in) == 0 && res->host(arg, &in) != 0)
		return 0;
	*mask = ntohl(in.s_addr);
	return 1;
}

int
compat_fwmark(const char *arg, uint32_t *mark)
{
	long l;
	char *end;

	errno = 0;
	l = strtol(arg, &end, 10);
	if (*end != '\0' || end == arg || errno == ERANGE || l <= 0 ||
	    (unsigned long)l > UINT_MAX)
		return -1;
	*mark = (uint32_t)l;
	return 0;
}

/* Scheduler flags: name, bit, and the scheduler it needs (NULL: any). */
static const struct {
	const char *name;
	uint32_t bit;
	const char *sched;
} sched_flag_tab[] = {
	{ "flag-1", IP_VS_SVC_F_SCHED1, NULL },
	{ "flag-2", IP_VS_SVC_F_SCHED2, NULL },
	{ "flag-3", IP_VS_SVC_F_SCHED3, NULL },
	{ "sh-fallback", IP_VS_SVC_F_SCHED1, "sh" },
	{ "sh-port", IP_VS_SVC_F_SCHED2, "sh" },
	{ "mh-fallback", IP_VS_SVC_F_SCHED1, "mh" },
	{ "mh-port", IP_VS_SVC_F_SCHED2, "mh" },
};

static int
sched_flag_fail(struct compat_err *err, enum compat_fail kind, const char *what,
		const char *flag)
{
	err->kind = kind;
	err->status = 2;
	snprintf(err->msg, sizeof(err->msg), "%s scheduler flag `%s'", what, flag);
	return -1;
}

static int
sched_flag_one(const char *sched, const char *flag, uint32_t *flags,
	       struct compat_err *err)
{
	for (size_t i = 0; i < sizeof(sched_flag_tab) / sizeof(sched_flag_tab[0]); i++) {
		if (strcmp(flag, sched_flag_tab[i].name) != 0)
			continue;
		*flags |= sched_flag_tab[i].bit;
		if (sched_flag_tab[i].sched != NULL &&
		    strcmp(sched, sched_flag_tab[i].sched) != 0)
			return sched_flag_fail(err, COMPAT_FAIL, "incompatible", flag);
		return 0;
	}
	return sched_flag_fail(err, COMPAT_FAIL, "invalid", flag);
}

int
compat_sched_flags(const char *sched, const char *arg, uint32_t *flags,
		   struct compat_err *err)
{
	char buf[SCHED_FLAGS_MAX], *save = NULL, *flag;
	uint32_t f = 0;

	if (sched == NULL || *sched == '\0')
		sched = DEF_SCHED;
	snprintf(buf, sizeof(buf), "%s", arg);
	flag = strtok_r(buf, ",", &save);
	if (flag == NULL) {
		/* ipvsadm passes strtok's NULL to strcmp() and crashes. */
		err->kind = COMPAT_CRASH;
		err->status = 139;
		snprintf(err->msg, sizeof(err->msg), "empty scheduler flag list");
		return -1;
	}
	do {
		if (sched_flag_one(sched, flag, &f, err) != 0)
			return -1;
	} while ((flag = strtok_r(NULL, ",", &save)) != NULL);
	*flags = f;
	return 0;
}

int
compat_tun_type(const char *arg)
{
	static const char *const names[] = {
		[IP_VS_CONN_F_TUNNEL_TYPE_IPIP] = "ipip",
		[IP_VS_CONN_F_TUNNEL_TYPE_GUE] = "gue",
		[IP_VS_CONN_F_TUNNEL_TYPE_GRE] = "gre",
	};

	for (int i = 0; i < IP_VS_CONN_F_TUNNEL_TYPE_MAX; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	return -1;
}
