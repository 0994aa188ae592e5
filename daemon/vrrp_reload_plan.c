/* vrrp_reload_plan.c: matching old and new instances and addresses over a
 * reload (see vrrp_reload_plan.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_reload_plan.h"

static bool
same_name(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool
same_identity(const struct vrrp_reload_key *a, const struct vrrp_reload_key *b)
{
	return a->ifindex == b->ifindex && a->family == b->family &&
	       a->vrid == b->vrid && a->version == b->version;
}

int
vrrp_reload_plan_build(const struct vrrp_reload_key *old, size_t n_old,
		       const struct vrrp_reload_key *nw, size_t n_new,
		       struct vrrp_reload_plan *ret)
{
	size_t i, j;

	memset(ret, 0, sizeof(*ret));
	ret->act = calloc(n_new ? n_new : 1, sizeof(*ret->act));
	ret->from = calloc(n_new ? n_new : 1, sizeof(*ret->from));
	ret->old_matched = calloc(n_old ? n_old : 1, sizeof(*ret->old_matched));
	if (!ret->act || !ret->from || !ret->old_matched) {
		vrrp_reload_plan_free(ret);
		return -ENOMEM;
	}
	ret->n_new = n_new;
	ret->n_old = n_old;
	for (i = 0; i < n_new; i++) {
		ret->act[i] = VRRP_RELOAD_NEW;
		for (j = 0; j < n_old; j++) {
			if (ret->old_matched[j] || !same_name(nw[i].name, old[j].name))
				continue;
			ret->old_matched[j] = true;
			ret->from[i] = j;
			ret->act[i] = same_identity(&nw[i], &old[j]) ?
				      VRRP_RELOAD_KEEP : VRRP_RELOAD_REPLACE;
			break;
		}
	}
	return 0;
}

void
vrrp_reload_plan_free(struct vrrp_reload_plan *p)
{
	free(p->act);
	free(p->from);
	free(p->old_matched);
	memset(p, 0, sizeof(*p));
}

void
vrrp_reload_vips(const struct vrrp_vip_set *old, const struct vrrp_vip_set *nw,
		 long *from, bool *kept)
{
	size_t k;
	int j;

	for (k = 0; k < old->n; k++)
		kept[k] = false;
	for (k = 0; k < nw->n; k++) {
		j = vrrp_vip_find(old, &nw->v[k].a);
		if (j >= 0 && kept[j])
			j = -1;		/* listed twice: the first keeps it */
		from[k] = j;
		if (j >= 0)
			kept[j] = true;
	}
}
