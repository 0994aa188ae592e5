/* lvs_ready.h: is a VRRP instance's IPVS side ready to carry traffic?
 *
 * An instance "fronts" a virtual server when one of its virtual_ipaddress
 * (or virtual_ipaddress_excluded) addresses equals the virtual server's
 * address, or an address of its virtual_server_group (ranges included).
 * fwmark virtual servers are not fronted by address and never hold an
 * instance.
 *
 * A virtual server is ready when every real server with checkers has had
 * its first round of checks (HC_MSG_CHECKED since the health child
 * started) and the virtual server meets its quorum (the weights of live
 * real servers, as the reconciler counts them, reach quorum; a virtual
 * server with no real servers is ready only if it has a sorry_server).
 * An instance is ready when every virtual server it fronts is ready; one
 * that fronts none is always ready.  A member of a vrrp_sync_group is
 * ready only when every member of its group(s) is.  With global_defs
 * "vrrp_lvs_ready_guard off" every instance is always ready (keepalived's
 * behaviour).  The quorum compared is quorum + hysteresis (what brings a
 * quorum up); @checked NULL means every real server has been checked.
 *
 * Pure: computed from the configuration, the health states and the
 * "checked" flags, with no I/O, so it is unit-tested directly.
 */
#ifndef IPVSD_LVS_READY_H
#define IPVSD_LVS_READY_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "lvs.h"

/* lvs_ready_vs: readiness of conf->vs[vs_idx]; @checked is indexed like
 * health->rs (true once HC_MSG_CHECKED arrived for that real server). */
bool lvs_ready_vs(const struct conf *conf, const struct lvs_health *health,
		  const bool *checked, size_t vs_idx);

/* lvs_ready_instance: readiness of conf->vrrp[inst_idx]. */
bool lvs_ready_instance(const struct conf *conf, const struct lvs_health *health,
			const bool *checked, size_t inst_idx);

/* lvs_ready_fronts: does conf->vrrp[inst_idx] front conf->vs[vs_idx]? */
bool lvs_ready_fronts(const struct conf *conf, size_t inst_idx, size_t vs_idx);

#endif
