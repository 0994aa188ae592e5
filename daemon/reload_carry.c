/* reload_carry.c: runtime state carried over a reload (see reload.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "reload.h"

int
reload_carry_build(const struct conf *oldc, const struct lvs_health *oldh,
		   const struct lvs_state *olds, const struct drain_set *oldd,
		   const struct conf *newc, struct reload_carry *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = lvs_health_init(&out->health, newc)) < 0 ||
	    (r = lvs_state_init(&out->state, newc->n_vs)) < 0 ||
	    (r = drain_migrate(oldc, oldd, newc, &out->drains)) < 0) {
		reload_carry_free(out);
		return r;
	}
	lvs_health_migrate(oldc, oldh, newc, &out->health);
	lvs_state_migrate(oldc, olds, newc, &out->state);
	return 0;
}

void
reload_carry_free(struct reload_carry *c)
{
	lvs_health_free(&c->health);
	lvs_state_free(&c->state);
	drain_free(&c->drains);
}

int
reload_load(const char *path, const char *config_id, enum conf_part part,
	    struct conf **ret, struct conf_diag *diag)
{
	/* VRRP is not acted upon yet, so its interfaces need not exist. */
	struct conf_load_opts lo = { .config_id = config_id, .check_interfaces = false,
				     .part = part };

	return conf_load(path, &lo, ret, diag);
}
