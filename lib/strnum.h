/* strnum.h: bounded parsing of integers, durations and booleans.
 *
 * Shared by the config parser and the CLI.  Every parser takes the whole
 * string (no leading/trailing blanks, no trailing junk), checks the range
 * given by the caller, and leaves *ret untouched on failure.
 * Returns 0, -EINVAL (not a number of the expected form) or -ERANGE (a
 * number, but outside [min, max] or outside the type).
 */
#ifndef IPVSD_STRNUM_H
#define IPVSD_STRNUM_H

#include <stdbool.h>
#include <stdint.h>

/* strnum_u64: unsigned decimal; no sign allowed. */
int strnum_u64(const char *s, uint64_t min, uint64_t max, uint64_t *ret);
/* strnum_u64_any: like strnum_u64 but also accepts 0x hexadecimal. */
int strnum_u64_any(const char *s, uint64_t min, uint64_t max, uint64_t *ret);
/* strnum_i64: signed decimal with optional '-' or '+'. */
int strnum_i64(const char *s, int64_t min, int64_t max, int64_t *ret);
/* Convenience wrappers with the same semantics. */
int strnum_u32(const char *s, uint32_t min, uint32_t max, uint32_t *ret);
int strnum_int(const char *s, int min, int max, int *ret);

/* strnum_duration_us: a duration in seconds with up to 6 decimals
 * ("3", "0.01", "1.5"), or with a unit suffix "us", "ms", "s", "m", "h"
 * ("250ms", "2m"; decimals allowed with every unit as long as the result is
 * a whole number of microseconds).  Result in microseconds, checked against
 * [min_us, max_us].  -EINVAL for a malformed string or sub-microsecond
 * precision, -ERANGE for overflow or out of bounds. */
int strnum_duration_us(const char *s, uint64_t min_us, uint64_t max_us,
		       uint64_t *ret);

/* strnum_bool: yes/no, on/off, true/false, 1/0 (case-insensitive). */
int strnum_bool(const char *s, bool *ret);

#endif
