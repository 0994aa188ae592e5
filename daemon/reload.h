/* reload.h: the pure part of a configuration reload.
 *
 * A reload keeps everything that names the same object: the health of each
 * real server (same virtual_server by lvs_vs_same, same address and port),
 * each virtual_server's quorum state, and the drains.  New objects start
 * fresh (health from the start state).  reload_carry_build computes the
 * new runtime state from the old; the caller swaps it in only once the
 * new configuration has loaded without error.
 */
#ifndef IPVSD_RELOAD_H
#define IPVSD_RELOAD_H

#include "conf.h"
#include "drain.h"
#include "lvs.h"

struct reload_carry {
	struct lvs_health health;
	struct lvs_state state;
	struct drain_set drains;
};

/* reload_carry_build: state for @newc carried over from the old run.
 * 0 or -ENOMEM (@out then freed). */
int reload_carry_build(const struct conf *oldc, const struct lvs_health *oldh,
		       const struct lvs_state *olds, const struct drain_set *oldd,
		       const struct conf *newc, struct reload_carry *out);
void reload_carry_free(struct reload_carry *c);

/* reload_load: load @path for a reload, the sides @part (the running
 * tree's: -C or -P read only theirs).  0 and *ret on success; on
 * configuration errors -EINVAL with every diagnostic in @diag (the caller
 * keeps the running configuration).  Warnings are in @diag either way. */
int reload_load(const char *path, const char *config_id, enum conf_part part,
		struct conf **ret, struct conf_diag *diag);

#endif
