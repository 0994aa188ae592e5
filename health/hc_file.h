/* hc_file.h: FILE_CHECK's reading of a track file, as keepalived 2.2 does
 * it (trackers/track_file.c), kept pure for tests.
 *
 * The check names a global track_file block; the value is the number at
 * the start of the file (strtol base 0: decimal, 0x hex, 0 octal; leading
 * white space allowed, trailing text ignored; no digits: 0).  A missing,
 * unreadable or empty file reads as 0.  A number outside the int range is
 * invalid: the previous value stands.
 *
 * Verdict, with W the FILE_CHECK weight (unset or 0: the track_file's
 * weight, default 1) and its "reverse" flag:
 *   W == 0:  down if the value is non-zero (reverse: if it is zero);
 *            the weight is not touched;
 *   W != 0:  s = value * W (negated with reverse), clamped to
 *            [-65535, 65534]; s == -65535 is down, anything else is up
 *            with the real server's weight = configured weight + s
 *            (clamped to 0..65535 by the reconciler).
 */
#ifndef IPVSD_HC_FILE_H
#define IPVSD_HC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HC_FILE_READ_MAX 127	/* bytes of the file looked at */

/* hc_file_parse: the value of the @len bytes at @buf.  0 with *val, or
 * -ERANGE (invalid: keep the previous value). */
int hc_file_parse(const char *buf, size_t len, int64_t *val);

/* hc_file_verdict: true if up; *delta gets the weight offset (0 when
 * W == 0 or down). */
bool hc_file_verdict(int64_t val, int64_t weight, bool reverse, int64_t *delta);

#endif
