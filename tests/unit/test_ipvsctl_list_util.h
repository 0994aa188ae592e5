/* test_ipvsctl_list_util.h: builders and output capture shared by the
 * ipvsctl listing suites (header-only, static helpers). */
#ifndef TEST_IPVSCTL_LIST_UTIL_H
#define TEST_IPVSCTL_LIST_UTIL_H

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "list_fmt.h"

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline FILE *
cap_open(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
	return c->f;
}

/* Closes the stream; the caller frees the returned text. */
static inline char *
cap_close(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

static inline struct ipvs_service
svc4(uint16_t proto, const char *addr, uint16_t port, const char *sched)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.protocol = proto;
	ck_assert_int_eq(inet_pton(AF_INET, addr, &s.addr.in), 1);
	s.port = port;
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	s.netmask = 0xffffffffU;
	return s;
}

static inline struct ipvs_service
svc6(uint16_t proto, const char *addr, uint16_t port, const char *sched)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = AF_INET6;
	s.protocol = proto;
	ck_assert_int_eq(inet_pton(AF_INET6, addr, &s.addr.in6), 1);
	s.port = port;
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	s.netmask = 128;
	return s;
}

static inline struct ipvs_service
svcfw(int af, uint32_t mark, const char *sched)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = af;
	s.protocol = IPPROTO_TCP;	/* what ipvsadm stores for -f */
	s.fwmark = mark;
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	s.netmask = af == AF_INET6 ? 128 : 0xffffffffU;
	return s;
}

static inline struct ipvs_dest
dst(const char *addr, uint16_t port, uint32_t fwd, int32_t weight)
{
	struct ipvs_dest d;

	memset(&d, 0, sizeof(d));
	if (strchr(addr, ':')) {
		d.af = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, addr, &d.addr.in6), 1);
	} else {
		d.af = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, addr, &d.addr.in), 1);
	}
	d.port = port;
	d.conn_flags = fwd;
	d.weight = weight;
	return d;
}

#endif
