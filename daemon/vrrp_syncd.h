/* vrrp_syncd.h: the IPVS connection-synchronisation daemon driven by a
 * VRRP instance (keepalived's lvs_sync_daemon).
 *
 * Configured by the global "lvs_sync_daemon IF INSTANCE [id N] [maxlen N]
 * [port N] [ttl N] [group ADDR]" or, older style, by
 * "lvs_sync_daemon_interface IF" in a vrrp_instance (the first such
 * instance drives it).  The sync id defaults to the instance's VRID.
 * When the instance is master the kernel runs the master sync daemon,
 * otherwise the backup one (started at start-up); it is stopped at
 * exit.  Requests go through lib/ipvs_nl (needs CAP_NET_ADMIN).
 */
#ifndef IPVSD_VRRP_SYNCD_H
#define IPVSD_VRRP_SYNCD_H

#include <stdbool.h>

#include "conf.h"
#include "ipvs_types.h"

/* vrrp_syncd_conf: whether @cv drives the sync daemon of @c, and if so its
 * parameters (state left 0) into @ret.  Returns 1 (it does), 0 (it does
 * not) or -EINVAL (interface name too long). */
int vrrp_syncd_conf(const struct conf *c, const struct conf_vrrp *cv,
		    struct ipvs_daemon *ret);

struct vrrp_syncd;

/* vrrp_syncd_open: connect to IPVS; a daemon the kernel already runs is
 * taken over (the master one if both run: an engine reload builds the
 * new instance while the old one runs), else the backup daemon described
 * by @d is started.  0 or -errno (the failed operation's text in @err). */
int vrrp_syncd_open(struct vrrp_syncd **ret, const struct ipvs_daemon *d,
		    char *err, size_t errlen);

/* vrrp_syncd_role: run the master (@master) or the backup daemon, stopping
 * the other.  Returns 1 if it changed, 0 if it already ran (or after
 * vrrp_syncd_stop), -errno on failure. */
int vrrp_syncd_role(struct vrrp_syncd *s, bool master, char *err,
		    size_t errlen);

/* vrrp_syncd_stop: stop the daemon running (at exit); later role changes
 * are ignored. */
void vrrp_syncd_stop(struct vrrp_syncd *s);
/* vrrp_syncd_close: disconnect; the kernel's daemon keeps running. */
void vrrp_syncd_close(struct vrrp_syncd *s);

#endif
