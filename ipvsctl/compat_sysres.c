/* compat_sysres.c: the libc resolver ipvsadm uses (gethostbyname for IPv4
 * host names, getservbyname for port names). */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>

#include "compat.h"

static int
sys_host(const char *name, struct in_addr *ret)
{
	struct hostent *h = gethostbyname(name);

	if (h == NULL || h->h_addrtype != AF_INET ||
	    h->h_length != (int)sizeof(*ret) || h->h_addr_list[0] == NULL)
		return -1;
	memcpy(ret, h->h_addr_list[0], sizeof(*ret));
	return 0;
}

static int
sys_service(const char *name, const char *proto)
{
	struct servent *s = getservbyname(name, proto);

	return s ? ntohs((uint16_t)s->s_port) : -1;
}

const struct compat_resolver compat_sys_resolver = {
	.host = sys_host,
	.service = sys_service,
};
