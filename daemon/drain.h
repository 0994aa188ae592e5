/* drain.h: administrative drain of real servers (ipvsctl drain/undrain).
 *
 * A drained real server stays in the kernel table with weight 0, whatever
 * its health says: established connections continue, no new ones are
 * scheduled.  The drain is an override applied to the desired table after
 * lvs_desired_build(), so that the reconciler keeps it on every pass; it
 * does not change quorum (that follows health, as in keepalived).  Drains
 * are kept by (vs, rs) indices into the running configuration and carried
 * over a reload to the same virtual_server/real server (lvs_vs_same, same
 * address and port), like health states.  Nothing is kept on disk: a
 * restart forgets the drains.
 */
#ifndef IPVSD_DRAIN_H
#define IPVSD_DRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "lvs_table.h"

struct drain_ent {
	uint32_t vs;
	uint32_t rs;
};

struct drain_set {
	struct drain_ent *v;
	size_t n, cap;
};

void drain_free(struct drain_set *d);
/* drain_has: is conf->vs[vs].rs[rs] drained? */
bool drain_has(const struct drain_set *d, size_t vs, size_t rs);
/* drain_add: 1 if added, 0 if already drained, -ENOMEM. */
int drain_add(struct drain_set *d, size_t vs, size_t rs);
/* drain_del: 1 if removed, 0 if it was not drained. */
int drain_del(struct drain_set *d, size_t vs, size_t rs);
/* drain_migrate: on reload, fill @newd (empty) with the drains of @oldd
 * whose server still exists in @newc.  0 or -ENOMEM. */
int drain_migrate(const struct conf *oldc, const struct drain_set *oldd,
		  const struct conf *newc, struct drain_set *newd);
/* drain_apply: set weight 0 on every destination of @t (a desired table
 * built from @c) that is a drained real server.  A server absent from the
 * table (down, not inhibited) stays absent.  Returns the number of
 * destinations changed. */
size_t drain_apply(const struct conf *c, const struct drain_set *d, struct lvs_table *t);

#endif
