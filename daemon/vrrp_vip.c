/* vrrp_vip.c: virtual addresses of an instance (see vrrp_vip.h). */
#include "config.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <stdlib.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp_vip.h"

static const struct {
	const char *name;
	unsigned char v;
} scopes[] = {
	{ "global", 0 }, { "site", 200 }, { "link", 253 },
	{ "host", 254 }, { "nowhere", 255 },
};

int
vrrp_vip_scope(const char *name, unsigned char *ret)
{
	size_t i;
	char *end;
	unsigned long n;

	if (!name) {
		*ret = 0;
		return 0;
	}
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (strcmp(name, scopes[i].name) == 0) {
			*ret = scopes[i].v;
			return 0;
		}
	}
	if (!*name)
		return -EINVAL;
	errno = 0;
	n = strtoul(name, &end, 0);
	if (errno || *end || n > 255)
		return -EINVAL;
	*ret = (unsigned char)n;
	return 0;
}

static size_t
alen(int af)
{
	return af == AF_INET ? 4 : 16;
}

int
vrrp_vip_from_conf(const struct conf_vip *cv, unsigned ifindex,
		   unsigned (*ifindex_of)(const char *name),
		   struct rtnl_addr *ret)
{
	struct rtnl_addr a;
	int af = cv->addr.af;

	if (af != AF_INET && af != AF_INET6)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	a.family = af;
	a.ifindex = ifindex;
	if (cv->dev) {
		a.ifindex = ifindex_of ? ifindex_of(cv->dev) : 0;
		if (!a.ifindex)
			return -ENODEV;
	}
	memcpy(a.addr, &cv->addr.a, alen(af));
	a.prefix = (uint8_t)(cv->prefix == CONF_UNSET ? alen(af) * 8 : cv->prefix);
	if (vrrp_vip_scope(cv->scope, &a.scope) < 0)
		return -EINVAL;
	if (cv->brd.af == af && af == AF_INET) {
		a.has_brd = true;
		memcpy(a.brd, &cv->brd.a, 4);
	}
	if (cv->peer.af == af) {
		a.has_peer = true;
		memcpy(a.peer, &cv->peer.a, alen(af));
	}
	if (cv->label) {
		if (af != AF_INET || strlen(cv->label) >= sizeof(a.label))
			return -EINVAL;
		strcpy(a.label, cv->label);
	}
	/* keepalived: no DAD on IPv6 VIPs (VRRP is their duplicate check;
	 * a VIP that failed DAD would stay unusable) */
	if (af == AF_INET6)
		a.flags |= IFA_F_NODAD;
	if (cv->noprefixroute)
		a.flags |= IFA_F_NOPREFIXROUTE;
	if (cv->home && af == AF_INET6)
		a.flags |= IFA_F_HOMEADDRESS;
	if (cv->mngtmpaddr && af == AF_INET6)
		a.flags |= IFA_F_MANAGETEMPADDR;
	if (cv->preferred_lft != CONF_UNSET) {
		a.has_lft = true;
		a.preferred_lft = (uint32_t)cv->preferred_lft;
	}
	*ret = a;
	return 0;
}

static int
add_list(struct vrrp_vip_set *s, const struct conf_vip *cv, size_t n,
	 bool advert, int family, unsigned ifindex,
	 unsigned (*ifindex_of)(const char *name))
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		struct vrrp_vip *v = &s->v[s->n];

		memset(v, 0, sizeof(*v));
		r = vrrp_vip_from_conf(&cv[i], ifindex, ifindex_of, &v->a);
		if (r < 0)
			return r;
		v->in_advert = advert && v->a.family == family;
		v->no_track = cv[i].no_track;
		s->n++;
	}
	return 0;
}

int
vrrp_vip_set_build(struct vrrp_vip_set *s, const struct conf_vrrp *cv,
		   int family, unsigned ifindex,
		   unsigned (*ifindex_of)(const char *name))
{
	size_t total = cv->n_vip + cv->n_evip;
	int r;

	s->n = 0;
	s->v = calloc(total ? total : 1, sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	r = add_list(s, cv->vip, cv->n_vip, true, family, ifindex, ifindex_of);
	if (r == 0)
		r = add_list(s, cv->evip, cv->n_evip, false, family, ifindex,
			     ifindex_of);
	if (r < 0)
		vrrp_vip_set_free(s);
	return r;
}

void
vrrp_vip_set_free(struct vrrp_vip_set *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int
vrrp_vip_find(const struct vrrp_vip_set *s, const struct rtnl_addr *a)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct rtnl_addr *b = &s->v[i].a;

		if (b->family == a->family && b->ifindex == a->ifindex &&
		    b->prefix == a->prefix &&
		    memcmp(b->addr, a->addr, alen(a->family)) == 0)
			return (int)i;
	}
	return -1;
}

size_t
vrrp_vip_advert(const struct vrrp_vip_set *s, struct vrrp_ip *ret, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < s->n && n < cap; i++) {
		if (!s->v[i].in_advert)
			continue;
		memset(&ret[n], 0, sizeof(ret[n]));
		ret[n].family = s->v[i].a.family;
		memcpy(ret[n].addr, s->v[i].a.addr, alen(s->v[i].a.family));
		n++;
	}
	return n;
}

size_t
vrrp_vip_advert_limit(struct vrrp_vip_set *s, size_t max)
{
	size_t i, kept = 0, moved = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->v[i].in_advert)
			continue;
		if (kept < max) {
			kept++;
			continue;
		}
		s->v[i].in_advert = false;
		moved++;
	}
	return moved;
}

unsigned
vrrp_vip_link_mtu(unsigned ifindex)
{
	struct ifreq ifr;
	int fd, r;

	memset(&ifr, 0, sizeof(ifr));
	if (!ifindex || !if_indextoname(ifindex, ifr.ifr_name))
		return 0;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	r = ioctl(fd, SIOCGIFMTU, &ifr);
	close(fd);
	return r < 0 || ifr.ifr_mtu <= 0 ? 0 : (unsigned)ifr.ifr_mtu;
}

static int
change(struct vrrp_vip *v, bool add, struct rtnl *r, vrrp_vip_err_cb *cb,
       void *arg)
{
	char msg[RTNL_ERRMSG_MAX];
	int err = rtnl_addr_change(r, add, &v->a, msg, sizeof(msg));

	if (add && err == -EEXIST)
		err = 0;
	if (!add && (err == -EADDRNOTAVAIL || err == -ENODEV))
		err = 0;
	if (err < 0 && cb)
		cb(arg, &v->a, add, err, msg);
	if (err == 0)
		v->installed = add;
	return err;
}

unsigned
vrrp_vip_apply(struct vrrp_vip_set *s, struct rtnl *r, vrrp_vip_err_cb *cb,
	       void *arg)
{
	unsigned fails = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (change(&s->v[i], true, r, cb, arg) < 0)
			fails++;
	return fails;
}

unsigned
vrrp_vip_withdraw(struct vrrp_vip_set *s, struct rtnl *r, vrrp_vip_err_cb *cb,
		  void *arg)
{
	unsigned fails = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].installed && change(&s->v[i], false, r, cb, arg) < 0)
			fails++;
	return fails;
}

int
vrrp_vip_restore(struct vrrp_vip_set *s, size_t i, struct rtnl *r,
		 vrrp_vip_err_cb *cb, void *arg)
{
	if (i >= s->n)
		return -EINVAL;
	s->v[i].installed = false;
	if (s->v[i].no_track)
		return 0;
	return change(&s->v[i], true, r, cb, arg);
}
