/* vrrp_vmac.c: the VRRP virtual MAC interface (see vrrp_vmac.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp_vmac.h"

void
vrrp_vmac_mac(uint8_t vrid, int family, uint8_t mac[6])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

int
vrrp_vmac_name(char buf[IFNAMSIZ], const char *conf_name, uint8_t vrid)
{
	if (conf_name) {
		if (!*conf_name || strlen(conf_name) >= IFNAMSIZ ||
		    strchr(conf_name, '/') || strchr(conf_name, ' '))
			return -EINVAL;
		strcpy(buf, conf_name);
		return 0;
	}
	snprintf(buf, IFNAMSIZ, "vrrp.%u", vrid);
	return 0;
}

/* ---- sysctls (per network namespace under /proc/sys/net) ---- */

static int
sysctl_get(const char *ifname, const char *param)
{
	char path[128], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, param);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

static int
sysctl_set(const char *ifname, const char *param, int val)
{
	char path[128], buf[16];
	int fd, n, r = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, param);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", val);
	if (write(fd, buf, (size_t)n) != n)
		r = -errno;
	close(fd);
	return r;
}

static int
sysctls_set(struct vrrp_vmac *v)
{
	static const struct { const char *p; int v; } vm[] = {
		{ "arp_ignore", 1 }, { "accept_local", 1 }, { "rp_filter", 0 },
		{ "promote_secondaries", 1 },
	};
	size_t k;
	int r;

	for (k = 0; k < sizeof(vm) / sizeof(vm[0]); k++)
		if ((r = sysctl_set(v->name, vm[k].p, vm[k].v)) < 0)
			return r;
	v->base_arp_ignore = sysctl_get(v->base_name, "arp_ignore");
	v->base_arp_filter = sysctl_get(v->base_name, "arp_filter");
	if (v->base_arp_ignore == 1)
		v->base_arp_ignore = -1;
	else if (v->base_arp_ignore >= 0)
		sysctl_set(v->base_name, "arp_ignore", 1);
	if (v->base_arp_filter == 1)
		v->base_arp_filter = -1;
	else if (v->base_arp_filter >= 0)
		sysctl_set(v->base_name, "arp_filter", 1);
	return 0;
}

/* ---- IPv6 link-local address ---- */

struct ll_q {
	unsigned ifindex;
	bool found;
	struct rtnl_addr a;
};

static void
ll_cb(const struct rtnl_addr *a, void *arg)
{
	struct ll_q *q = arg;

	if (q->found || a->ifindex != q->ifindex || a->family != AF_INET6 ||
	    a->addr[0] != 0xfe || (a->addr[1] & 0xc0) != 0x80)
		return;
	q->a = *a;
	q->found = true;
}

static int
copy_link_local(struct vrrp_vmac *v, struct rtnl *r, char *err, size_t errlen)
{
	struct ll_q q = { .ifindex = v->base_ifindex };
	struct rtnl_addr a;
	char msg[RTNL_ERRMSG_MAX];
	int e;

	e = rtnl_addr_dump(r, AF_INET6, ll_cb, &q);
	if (e < 0 || !q.found) {
		snprintf(err, errlen, "%s has no IPv6 link-local address", v->base_name);
		return e < 0 ? e : -EADDRNOTAVAIL;
	}
	memset(&a, 0, sizeof(a));
	a.family = AF_INET6;
	a.ifindex = v->ifindex;
	memcpy(a.addr, q.a.addr, 16);
	a.prefix = 64;
	a.scope = 253;		/* link */
	a.flags = IFA_F_NODAD;
	a.has_lft = true;	/* deprecated: not a source for other traffic */
	a.preferred_lft = 0;
	e = rtnl_addr_change(r, true, &a, msg, sizeof(msg));
	if (e < 0 && e != -EEXIST) {
		snprintf(err, errlen, "link-local address on %s: %s%s%s", v->name,
			 strerror(-e), *msg ? ": " : "", msg);
		return e;
	}
	return 0;
}

/* ---- create / delete ---- */

/* An existing interface named v->name: ours (left by a crash, or still
 * used by the instance an engine reload replaces) if it has our MAC on
 * the same base: keep it.  1: adopted, or -EEXIST. */
static int
adopt(struct vrrp_vmac *v, struct rtnl *r, unsigned idx, char *err,
      size_t errlen)
{
	struct rtnl_link l;

	if (rtnl_link_get(r, idx, &l) == 0 && l.has_hwaddr &&
	    memcmp(l.hwaddr, v->mac, 6) == 0)
		return 1;
	snprintf(err, errlen, "interface %s exists and is not our VMAC", v->name);
	return -EEXIST;
}

int
vrrp_vmac_create(struct vrrp_vmac *v, struct rtnl *r, const char *conf_name,
		 uint8_t vrid, int family, unsigned base_ifindex,
		 const char *base_name, char *err, size_t errlen)
{
	struct rtnl_macvlan m = { .link = base_ifindex, .up = true,
				  .mode = MACVLAN_MODE_PRIVATE,
				  .addr_gen_none = family == AF_INET6 };
	char msg[RTNL_ERRMSG_MAX];
	unsigned idx;
	int e;

	memset(v, 0, sizeof(*v));
	v->base_arp_ignore = v->base_arp_filter = -1;
	v->base_ifindex = base_ifindex;
	snprintf(v->base_name, sizeof(v->base_name), "%s", base_name);
	if (vrrp_vmac_name(v->name, conf_name, vrid) < 0) {
		snprintf(err, errlen, "invalid VMAC name");
		return -EINVAL;
	}
	vrrp_vmac_mac(vrid, family, v->mac);
	idx = if_nametoindex(v->name);
	if (idx && (e = adopt(v, r, idx, err, errlen)) < 0)
		return e;
	strcpy(m.name, v->name);
	memcpy(m.mac, v->mac, 6);
	e = idx ? 0 : rtnl_macvlan_add(r, &m, msg, sizeof(msg));
	if (e < 0) {
		snprintf(err, errlen, "create %s: %s%s%s", v->name, strerror(-e),
			 *msg ? ": " : "", msg);
		return e;
	}
	v->ifindex = if_nametoindex(v->name);
	if (!v->ifindex) {
		snprintf(err, errlen, "%s vanished after creation", v->name);
		return -ENODEV;
	}
	if ((e = sysctls_set(v)) < 0) {
		snprintf(err, errlen, "sysctls of %s: %s", v->name, strerror(-e));
		return e;
	}
	if (family == AF_INET6)
		return copy_link_local(v, r, err, errlen);
	return 0;
}

void
vrrp_vmac_delete(struct vrrp_vmac *v, struct rtnl *r)
{
	if (!v->ifindex)
		return;
	rtnl_link_del(r, v->ifindex, NULL, 0);
	v->ifindex = 0;
	if (v->base_arp_ignore >= 0)
		sysctl_set(v->base_name, "arp_ignore", v->base_arp_ignore);
	if (v->base_arp_filter >= 0)
		sysctl_set(v->base_name, "arp_filter", v->base_arp_filter);
	v->base_arp_ignore = v->base_arp_filter = -1;
}
