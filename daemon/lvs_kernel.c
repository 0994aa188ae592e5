/* lvs_kernel.c: read the kernel's IPVS table into an lvs_table. */
#include <errno.h>
#include <stdlib.h>

#include "lvs.h"

static int
load_dests(struct ipvs_nl *nl, struct lvs_svc *svc)
{
	struct ipvs_dest *d = NULL;
	size_t n = 0, i;
	int r;

	if ((r = ipvs_nl_dest_dump(nl, &svc->s, &d, &n)) < 0)
		return r;
	for (i = 0; i < n; i++) {
		if (lvs_svc_add_dest(svc, &d[i]) == NULL) {
			free(d);
			return -ENOMEM;
		}
	}
	free(d);
	return 0;
}

int
lvs_kernel_load(struct ipvs_nl *nl, struct lvs_table *out)
{
	struct ipvs_service *s = NULL;
	struct lvs_svc *svc;
	size_t n = 0, i;
	int r = 0;

	if ((r = ipvs_nl_svc_dump(nl, &s, &n)) < 0)
		return r;
	for (i = 0; i < n && r == 0; i++) {
		if ((svc = lvs_table_add_svc(out, &s[i], LVS_NO_INDEX)) == NULL)
			r = -ENOMEM;
		else
			r = load_dests(nl, svc);
	}
	free(s);
	lvs_table_finish(out);
	return r;
}
