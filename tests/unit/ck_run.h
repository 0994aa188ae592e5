/* ck_run.h: the end of every unit test's main(). */
#ifndef IPVSD_CK_RUN_H
#define IPVSD_CK_RUN_H

#include <check.h>

/* ck_run: run every test of @s (CK_NORMAL output), free the runner and
 * the suite; EXIT_SUCCESS if none failed, else EXIT_FAILURE. */
int ck_run(Suite *s);

#endif
