/* hc_misc.h: MISC_CHECK's reading of a script's outcome, as keepalived
 * 2.2 does it (check/check_misc.c), kept pure for tests.
 *
 *   exit 0                       up (the weight is not touched);
 *   exit 2..255 with misc_dynamic up, real server weight = code - 2;
 *   exit 1, or any non-zero code without misc_dynamic: down
 *                                (HC_SCRIPT_FAILED);
 *   killed after misc_timeout:   down (HC_SCRIPT_TIMEOUT);
 *   killed by another signal:    down (HC_SCRIPT_SIGNAL);
 *   not run (insecure, unknown user, missing, not executable): down
 *                                (HC_SCRIPT_NOT_RUN).
 * misc_timeout defaults to the checker's delay_loop.  MISC_CHECK's retry
 * defaults to 0 (keepalived's default for this checker).
 */
#ifndef IPVSD_HC_MISC_H
#define IPVSD_HC_MISC_H

#include <stdbool.h>
#include <stdint.h>

#include "health/hc_result.h"

struct hc_misc_verdict {
	enum hc_result r;
	bool has_weight;	/* misc_dynamic gave a weight */
	int64_t weight;
};

/* hc_misc_verdict: @outcome is enum hc_script_outcome (hc_proto.h) and
 * @status its value (exit code, signal, errno). */
struct hc_misc_verdict hc_misc_verdict(uint32_t outcome, int32_t status, bool dynamic);

#endif
