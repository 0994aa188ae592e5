/* test_lvs_util.h: helpers shared by the lvs unit suites. */
#ifndef IPVSD_TEST_LVS_UTIL_H
#define IPVSD_TEST_LVS_UTIL_H

#include "lvs.h"

/* Parse keepalived.conf text; fails the test with the first diagnostic. */
struct conf *lvs_t_conf(const char *text);
/* Canonical text of a table / an op list (malloc'ed). */
char *lvs_t_table(const struct lvs_table *t);
char *lvs_t_ops(const struct lvs_ops *ops);
/* Desired table of @conf with every server in its start state. */
void lvs_t_desired(const struct conf *conf, struct lvs_table *out);

#endif
