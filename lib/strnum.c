/* strnum.c: bounded integer, duration and boolean parsing. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "strnum.h"

static int
digit_val(char c, unsigned base)
{
	unsigned v;

	if (c >= '0' && c <= '9')
		v = (unsigned)(c - '0');
	else if (c >= 'a' && c <= 'f')
		v = (unsigned)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		v = (unsigned)(c - 'A' + 10);
	else
		return -1;
	return v < base ? (int)v : -1;
}

/* Parse digits at *s in @base, advancing *s; -EINVAL if none, -ERANGE on
 * overflow (after consuming every digit). */
static int
parse_digits(const char **s, unsigned base, uint64_t *ret)
{
	const char *p = *s;
	uint64_t v = 0;
	bool overflow = false;
	int d;

	if (digit_val(*p, base) < 0)
		return -EINVAL;
	for (; (d = digit_val(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			overflow = true;
		else
			v = v * base + (uint64_t)d;
	}
	*s = p;
	if (overflow)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int
parse_unsigned(const char *s, unsigned base, uint64_t min, uint64_t max,
	       uint64_t *ret)
{
	uint64_t v = 0;
	int r;

	if (s == NULL)
		return -EINVAL;
	if (base == 16) {
		if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
			return -EINVAL;
		s += 2;
	}
	r = parse_digits(&s, base, &v);
	if (r == -EINVAL || *s != '\0')
		return -EINVAL;
	if (r < 0 || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int
strnum_u64(const char *s, uint64_t min, uint64_t max, uint64_t *ret)
{
	return parse_unsigned(s, 10, min, max, ret);
}

int
strnum_u64_any(const char *s, uint64_t min, uint64_t max, uint64_t *ret)
{
	if (s != NULL && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_unsigned(s, 16, min, max, ret);
	return parse_unsigned(s, 10, min, max, ret);
}

int
strnum_i64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	bool neg = false;
	uint64_t mag = 0;
	int64_t v;
	int r;

	if (s == NULL)
		return -EINVAL;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	r = parse_digits(&s, 10, &mag);
	if (r == -EINVAL || *s != '\0')
		return -EINVAL;
	if (r < 0)
		return -ERANGE;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return -ERANGE;
		v = (int64_t)mag;
	}
	if (v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int
strnum_u32(const char *s, uint32_t min, uint32_t max, uint32_t *ret)
{
	uint64_t v;
	int r = strnum_u64(s, min, max, &v);

	if (r == 0)
		*ret = (uint32_t)v;
	return r;
}

int
strnum_int(const char *s, int min, int max, int *ret)
{
	int64_t v;
	int r = strnum_i64(s, min, max, &v);

	if (r == 0)
		*ret = (int)v;
	return r;
}

struct dur_unit { const char *name; uint64_t us; };

static const struct dur_unit dur_units[] = {
	{ "", 1000000 }, { "s", 1000000 }, { "ms", 1000 }, { "us", 1 },
	{ "m", 60000000 }, { "h", 3600000000ULL },
};

static const struct dur_unit *
dur_unit_find(const char *suffix)
{
	size_t i;

	for (i = 0; i < sizeof(dur_units) / sizeof(dur_units[0]); i++)
		if (strcmp(suffix, dur_units[i].name) == 0)
			return &dur_units[i];
	return NULL;
}

/* Fractional digits at @p (up to the first non-digit) times @unit
 * microseconds; -EINVAL unless the result is a whole microsecond count.
 * At most 9 significant decimals; further digits must be zeros. */
static int
dur_fraction(const char *p, uint64_t unit, uint64_t *ret)
{
	uint64_t num = 0, den = 1;

	if (digit_val(*p, 10) < 0)
		return -EINVAL;
	for (; digit_val(*p, 10) >= 0; p++) {
		if (den >= 1000000000ULL) {
			if (*p != '0')
				return -EINVAL;
			continue;
		}
		num = num * 10 + (uint64_t)(*p - '0');
		den *= 10;
	}
	/* num < 1e9 and unit <= 3.6e9: the product fits in 64 bits. */
	if (num * unit % den != 0)
		return -EINVAL;
	*ret = num * unit / den;
	return 0;
}

int
strnum_duration_us(const char *s, uint64_t min_us, uint64_t max_us,
		   uint64_t *ret)
{
	const struct dur_unit *u;
	const char *p = s, *frac_digits = NULL;
	uint64_t whole = 0, frac = 0, v;
	int r;

	if (s == NULL)
		return -EINVAL;
	r = parse_digits(&p, 10, &whole);	/* consumes all digits */
	if (r == -EINVAL)
		return -EINVAL;
	if (*p == '.') {
		frac_digits = ++p;
		while (digit_val(*p, 10) >= 0)
			p++;
	}
	u = dur_unit_find(p);
	if (u == NULL)
		return -EINVAL;
	if (frac_digits != NULL && dur_fraction(frac_digits, u->us, &frac) < 0)
		return -EINVAL;
	if (r < 0 || whole > (UINT64_MAX - frac) / u->us)
		return -ERANGE;
	v = whole * u->us + frac;
	if (v < min_us || v > max_us)
		return -ERANGE;
	*ret = v;
	return 0;
}

int
strnum_bool(const char *s, bool *ret)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };
	size_t i;

	if (s == NULL)
		return -EINVAL;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}
