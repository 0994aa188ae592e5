/* list_names.c: host and service names for listings without -n, as
 * ipvsadm's addrport_to_anyname finds them (gethostbyaddr, getservbyport),
 * with a per-listing cache so that each address and port is looked up
 * once however many lines show it. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "list_fmt.h"

#define HOST_BUF_MAX 65536
#define NAMES_MIN_CAP 64

enum name_kind { NAME_HOST = 1, NAME_SERV };

struct name_entry {
	uint8_t kind;			/* 0: free slot */
	uint16_t key16;			/* host: family; serv: protocol */
	uint16_t port;			/* serv only */
	union ipvs_addr addr;		/* host only */
	char *name;			/* NULL: no name (print the number) */
};

struct list_names {
	struct name_entry *tab;
	size_t cap, n;			/* cap is a power of two */
	struct list_resolver res;	/* .host == NULL: the system's */
};

int
list_names_new(struct list_names **ret)
{
	return list_names_new_resolver(ret, NULL);
}

int
list_names_new_resolver(struct list_names **ret, const struct list_resolver *res)
{
	struct list_names *nc = calloc(1, sizeof(*nc));

	if (nc == NULL)
		return -ENOMEM;
	if (res != NULL)
		nc->res = *res;
	nc->tab = calloc(NAMES_MIN_CAP, sizeof(*nc->tab));
	if (nc->tab == NULL) {
		free(nc);
		return -ENOMEM;
	}
	nc->cap = NAMES_MIN_CAP;
	*ret = nc;
	return 0;
}

void
list_names_free(struct list_names *nc)
{
	size_t i;

	if (nc == NULL)
		return;
	for (i = 0; i < nc->cap; i++)
		free(nc->tab[i].name);
	free(nc->tab);
	free(nc);
}

static size_t
entry_hash(const struct name_entry *e)
{
	size_t h = 2166136261u, i;
	const unsigned char *p = (const unsigned char *)&e->addr;

	for (i = 0; i < sizeof(e->addr); i++)
		h = (h ^ p[i]) * 16777619u;
	return h ^ ((size_t)e->kind << 24) ^ ((size_t)e->key16 << 8) ^ e->port;
}

static bool
entry_eq(const struct name_entry *a, const struct name_entry *b)
{
	return a->kind == b->kind && a->key16 == b->key16 && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, sizeof(a->addr)) == 0;
}

/* The slot holding @key, or the free slot where it belongs. */
static struct name_entry *
names_slot(struct name_entry *tab, size_t cap, const struct name_entry *key)
{
	size_t i = entry_hash(key) & (cap - 1);

	while (tab[i].kind != 0 && !entry_eq(&tab[i], key))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void
names_grow(struct list_names *nc)
{
	size_t cap = nc->cap * 2, i;
	struct name_entry *tab = calloc(cap, sizeof(*tab));

	if (tab == NULL)
		return;		/* keep the old table; it still has room */
	for (i = 0; i < nc->cap; i++)
		if (nc->tab[i].kind != 0)
			*names_slot(tab, cap, &nc->tab[i]) = nc->tab[i];
	free(nc->tab);
	nc->tab = tab;
	nc->cap = cap;
}

/* Remember @name (may be NULL) for @key; failures only cost a lookup. */
static void
names_put(struct list_names *nc, const struct name_entry *key, const char *name)
{
	struct name_entry *e;

	if (nc->n + 1 > nc->cap / 2)
		names_grow(nc);
	if (nc->n + 1 >= nc->cap)
		return;
	e = names_slot(nc->tab, nc->cap, key);
	if (e->kind != 0)
		return;
	*e = *key;
	e->name = NULL;
	if (name != NULL && (e->name = strdup(name)) == NULL) {
		e->kind = 0;
		return;
	}
	nc->n++;
}

/* Host name of @addr (gethostbyaddr semantics, as ipvsadm), into @out. */
static bool
host_lookup(int af, const union ipvs_addr *addr, char *out, size_t outlen)
{
	socklen_t alen = af == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	struct hostent he, *res = NULL;
	size_t len = 1024;
	char *buf = NULL;
	int herr, rc = ERANGE;

	while (rc == ERANGE && len <= HOST_BUF_MAX) {
		char *nbuf = realloc(buf, len);

		if (nbuf == NULL)
			break;
		buf = nbuf;
		rc = gethostbyaddr_r(addr, alen, af, &he, buf, len, &res, &herr);
		len *= 2;
	}
	rc = rc == 0 && res != NULL && res->h_name != NULL;
	if (rc)
		snprintf(out, outlen, "%s", res->h_name);
	free(buf);
	return rc;
}

/* Service name of @port for @proto (getservbyport semantics), into @out. */
static bool
serv_lookup(uint16_t port, uint16_t proto, char *out, size_t outlen)
{
	struct servent se, *res = NULL;
	const char *pname;
	char buf[4096];

	switch (proto) {
	case IPPROTO_TCP:
		pname = "tcp";
		break;
	case IPPROTO_UDP:
		pname = "udp";
		break;
	case IPPROTO_SCTP:
		pname = "sctp";
		break;
	default:
		return false;
	}
	if (getservbyport_r(htons(port), pname, &se, buf, sizeof(buf), &res) != 0 ||
	    res == NULL || res->s_name == NULL)
		return false;
	snprintf(out, outlen, "%s", res->s_name);
	return true;
}

/* A name through the cache: true and @out filled if there is one. */
static bool
name_of(struct list_names *nc, const struct name_entry *key, char *out, size_t outlen)
{
	bool found;

	if (nc != NULL) {
		const struct name_entry *e = names_slot(nc->tab, nc->cap, key);

		if (e->kind != 0) {
			if (e->name == NULL)
				return false;
			snprintf(out, outlen, "%s", e->name);
			return true;
		}
	}
	if (nc != NULL && nc->res.host != NULL && key->kind == NAME_HOST)
		found = nc->res.host(nc->res.arg, key->key16, &key->addr, out, outlen);
	else if (nc != NULL && nc->res.serv != NULL && key->kind == NAME_SERV)
		found = nc->res.serv(nc->res.arg, key->port, key->key16, out, outlen);
	else if (key->kind == NAME_HOST)
		found = host_lookup(key->key16, &key->addr, out, outlen);
	else
		found = serv_lookup(key->port, key->key16, out, outlen);
	if (nc != NULL)
		names_put(nc, key, found ? out : NULL);
	return found;
}

void
list_fmt_addrport(char *buf, int af, const union ipvs_addr *addr,
		  uint16_t port, uint16_t proto, bool numeric, struct list_names *nc)
{
	const char *open = af == AF_INET ? "" : "[";
	const char *close = af == AF_INET ? "" : "]";
	char abuf[LIST_ADDRPORT_LEN + INET6_ADDRSTRLEN], pbuf[LIST_ADDRPORT_LEN];
	char full[sizeof(abuf) + sizeof(pbuf) + 4];
	const char *aname = inet_ntop(af, addr, abuf, sizeof(abuf));
	struct name_entry key;

	if (numeric) {
		snprintf(buf, LIST_ADDRPORT_LEN, "%s%s%s:%u", open,
			 aname ? aname : "(null)", close, port);
		return;
	}
	memset(&key, 0, sizeof(key));
	key.kind = NAME_HOST;
	key.key16 = (uint16_t)af;
	key.addr = *addr;
	if (name_of(nc, &key, abuf, sizeof(abuf)))
		aname = abuf;
	else if (aname == NULL)
		aname = "(null)";
	memset(&key, 0, sizeof(key));
	key.kind = NAME_SERV;
	key.key16 = proto;
	key.port = port;
	if (!name_of(nc, &key, pbuf, sizeof(pbuf)))
		snprintf(pbuf, sizeof(pbuf), "%u", port);
	/* ipvsadm formats into 60 bytes: cut, as it does. */
	snprintf(full, sizeof(full), "%s%s%s:%s", open, aname, close, pbuf);
	snprintf(buf, LIST_ADDRPORT_LEN, "%.*s", LIST_ADDRPORT_LEN - 1, full);
}
