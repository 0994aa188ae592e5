/* lvs_table.h: an IPVS table held in memory (desired or current).
 *
 * Services are identified by (af, fwmark) for firewall-mark services and by
 * (af, protocol, addr, port) otherwise; each service holds its destinations,
 * identified by (af, addr, port).  Entries are appended in any order and
 * lvs_table_finish() sorts them, after which lookups are binary searches and
 * two tables can be merged in one pass (lvs_diff).  This keeps a table of
 * 10,000+ destinations cheap to build and compare.
 */
#ifndef IPVSD_LVS_TABLE_H
#define IPVSD_LVS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipvs_types.h"

#define LVS_NO_INDEX UINT32_MAX

struct lvs_svc {
	struct ipvs_service s;
	uint32_t vs_idx;	/* index of the virtual_server in conf->vs,
				 * LVS_NO_INDEX for an entry read from the kernel */
	struct ipvs_dest *d;
	size_t n_d, cap_d;
};

struct lvs_table {
	struct lvs_svc *v;
	size_t n, cap;
	bool sorted;
};

/* lvs_table_init: an empty table (a zeroed struct is also empty). */
void lvs_table_init(struct lvs_table *t);
/* lvs_table_free: release every entry; the table is empty afterwards. */
void lvs_table_free(struct lvs_table *t);

/* lvs_table_add_svc: append a copy of @s (statistics cleared, identity
 * normalized: a fwmark service has no protocol/addr/port).  Returns the new
 * entry or NULL on allocation failure.  Invalidates earlier pointers. */
struct lvs_svc *lvs_table_add_svc(struct lvs_table *t, const struct ipvs_service *s,
				  uint32_t vs_idx);
/* lvs_svc_add_dest: append a copy of @d to @svc (af 0 becomes the service's).
 * Returns the new entry or NULL on allocation failure. */
struct ipvs_dest *lvs_svc_add_dest(struct lvs_svc *svc, const struct ipvs_dest *d);

/* lvs_table_finish: sort services and destinations and drop duplicates
 * (the first one appended wins).  Returns how many entries were dropped. */
size_t lvs_table_finish(struct lvs_table *t);

/* Identity comparisons (memcmp-like sign). */
int lvs_svc_key_cmp(const struct ipvs_service *a, const struct ipvs_service *b);
int lvs_dest_key_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b);

/* Lookups in a finished table; NULL when absent. */
const struct lvs_svc *lvs_table_find(const struct lvs_table *t, const struct ipvs_service *key);
const struct ipvs_dest *lvs_svc_find_dest(const struct lvs_svc *svc, const struct ipvs_dest *key);

/* lvs_table_ndest: total number of destinations. */
size_t lvs_table_ndest(const struct lvs_table *t);

#endif
