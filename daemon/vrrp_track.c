/* vrrp_track.c: tracked objects -> FAULT and priority (see vrrp_track.h). */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>

#include "vrrp_track.h"

#define PRIO_OWNER	255
#define FILE_FAULT	(-254)
#define FILE_MAX	253

static void
apply_updown(const struct vrrp_track_ref *r, struct vrrp_track_sum *sum)
{
	int m = r->reverse ? -1 : 1;

	if (r->state == VRRP_TRACK_INIT) {
		if (r->weight == 0)
			sum->init++;
		return;
	}
	if (r->weight == 0) {
		if ((r->state == VRRP_TRACK_UP) != (m == 1))
			sum->faults++;
		return;
	}
	if (r->state == VRRP_TRACK_UP ? r->weight > 0 : r->weight < 0)
		sum->delta += (int64_t)r->weight * m;
}

static void
apply_file(const struct vrrp_track_ref *r, struct vrrp_track_sum *sum)
{
	int64_t w = r->reverse ? -(int64_t)r->weight : r->weight;
	int64_t s;

	if (w == 0) {
		if (r->value != 0)
			sum->faults++;
		return;
	}
	s = r->value * w;	/* value is an int, weight <= 2^31: no overflow */
	if (s <= FILE_FAULT)
		sum->faults++;
	else
		sum->delta += s > FILE_MAX ? FILE_MAX : s;
}

void
vrrp_track_ref_apply(const struct vrrp_track_ref *r, struct vrrp_track_sum *sum)
{
	if (r->kind == VRRP_TRACK_FILE)
		apply_file(r, sum);
	else
		apply_updown(r, sum);
}

void
vrrp_track_eval(const struct vrrp_track_ref *refs, size_t n,
		struct vrrp_track_sum *ret)
{
	size_t k;

	for (k = 0; k < n; k++)
		vrrp_track_ref_apply(&refs[k], ret);
}

uint8_t
vrrp_track_priority(uint8_t base, int64_t delta)
{
	int64_t p = (int64_t)base + delta;

	if (base == PRIO_OWNER)
		return PRIO_OWNER;
	if (p < 1)
		return 1;
	if (p >= PRIO_OWNER)
		return PRIO_OWNER - 1;
	return (uint8_t)p;
}

void
vrrp_track_weight(int64_t item_weight, bool item_reverse, int64_t unset,
		  int64_t obj_weight, bool obj_reverse, bool force_zero,
		  int *ret_weight, bool *ret_reverse)
{
	if (item_weight != unset) {
		*ret_weight = (int)item_weight;
		*ret_reverse = item_reverse;
	} else {
		*ret_weight = (int)obj_weight;
		*ret_reverse = obj_reverse || item_reverse;
	}
	if (force_zero)
		*ret_weight = 0;
}

void
vrrp_track_script_init(struct vrrp_track_script *s, unsigned rise,
		       unsigned fall, bool init_fail)
{
	s->rise = rise ? rise : 1;
	s->fall = fall ? fall : 1;
	s->result = init_fail ? 0 : s->rise - 1;
	s->state = init_fail ? VRRP_TRACK_DOWN : VRRP_TRACK_INIT;
}

bool
vrrp_track_script_result(struct vrrp_track_script *s, bool ok)
{
	unsigned top = s->rise + s->fall - 1;
	enum vrrp_track_updown old = s->state;

	if (ok) {
		if (s->result < s->rise - 1) {
			s->result++;
			if (s->state == VRRP_TRACK_INIT)
				s->state = VRRP_TRACK_DOWN;
		} else {
			s->result = top;
			s->state = VRRP_TRACK_UP;
		}
	} else {
		if (s->result > s->rise && s->state == VRRP_TRACK_UP) {
			s->result--;
		} else {
			s->result = 0;
			s->state = VRRP_TRACK_DOWN;
		}
	}
	return s->state != old;
}

int64_t
vrrp_track_file_parse(const char *text)
{
	long long v;
	char *end;

	while (isspace((unsigned char)*text))
		text++;
	v = strtoll(text, &end, 10);
	if (end == text)
		return 0;
	if (v > INT_MAX)
		return INT_MAX;
	if (v < INT_MIN)
		return INT_MIN;
	return v;
}
