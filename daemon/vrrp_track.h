/* vrrp_track.h: what tracked objects do to a VRRP instance (keepalived 2.2
 * track_interface, track_script, track_file), as pure functions.
 *
 * Every tracked object reference has a weight W (an int) and a reverse
 * flag.  keepalived's rules, followed here:
 *  - interface / script (up or down): with W == 0 the instance is in FAULT
 *    while the object is down (reverse: while it is up).  Otherwise the
 *    object adds W * M to the priority (M = -1 with reverse, else 1) when it
 *    is up and W > 0, or when it is down and W < 0; nothing otherwise.
 *  - file (a number V): with W == 0, V != 0 is a FAULT.  Otherwise
 *    S = V * W (W negated with reverse); S <= -254 is a FAULT, else
 *    min(S, 253) is added.
 *  - effective priority = base + sum, clamped to 1..254; an address owner
 *    (base 255) keeps 255 whatever the sum.
 *  - a script that has not reported yet is neither up nor down: with
 *    W == 0 it holds the instance (not started, counted in `init`), with
 *    W != 0 it adds nothing.
 * vrrp_track_script_* is the rise/fall counter of a vrrp_script.
 * No I/O here; daemon/vrrp_track_run.c feeds real objects in.
 */
#ifndef IPVSD_VRRP_TRACK_H
#define IPVSD_VRRP_TRACK_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

enum vrrp_track_kind {
	VRRP_TRACK_IF = 0,
	VRRP_TRACK_SCRIPT,
	VRRP_TRACK_FILE,
};

/* State of one tracked object, as seen now. */
enum vrrp_track_updown {
	VRRP_TRACK_INIT = 0,	/* script: no result yet */
	VRRP_TRACK_UP,
	VRRP_TRACK_DOWN,
};

/* One reference from an instance (or its sync group) to an object. */
struct vrrp_track_ref {
	enum vrrp_track_kind kind;
	int weight;
	bool reverse;
	enum vrrp_track_updown state;	/* interface, script */
	int64_t value;			/* file */
};

struct vrrp_track_sum {
	int64_t delta;		/* sum of weights applied */
	unsigned faults;	/* references that put the instance in FAULT */
	unsigned init;		/* weight-0 scripts without a result yet */
};

/* vrrp_track_ref_apply: add what @r does to @sum. */
void vrrp_track_ref_apply(const struct vrrp_track_ref *r, struct vrrp_track_sum *sum);

/* vrrp_track_eval: apply @n references from @refs to a zeroed @ret. */
void vrrp_track_eval(const struct vrrp_track_ref *refs, size_t n,
		     struct vrrp_track_sum *ret);

/* vrrp_track_priority: effective priority of @base (1..255) after @delta. */
uint8_t vrrp_track_priority(uint8_t base, int64_t delta);

/* vrrp_track_weight: weight of a reference: the item's own (@item_weight,
 * @item_reverse) unless @item_weight is @unset, then the object's default
 * (@obj_weight, @obj_reverse).  In a sync group without
 * sync_group_tracking_weight (@force_zero) the weight is 0 (keepalived
 * ignores member weights so that the members cannot disagree). */
void vrrp_track_weight(int64_t item_weight, bool item_reverse, int64_t unset,
		       int64_t obj_weight, bool obj_reverse, bool force_zero,
		       int *ret_weight, bool *ret_reverse);

/* A vrrp_script's rise/fall counter (keepalived's "result"). */
struct vrrp_track_script {
	unsigned rise, fall;	/* >= 1 */
	unsigned result;	/* 0 .. rise + fall - 1; up when >= rise */
	enum vrrp_track_updown state;
};

/* vrrp_track_script_init: INIT (the first result decides), or DOWN with
 * @init_fail (rise successes needed). */
void vrrp_track_script_init(struct vrrp_track_script *s, unsigned rise,
			    unsigned fall, bool init_fail);
/* vrrp_track_script_result: account one run (@ok: exit status 0); true if
 * the state changed (INIT -> UP/DOWN counts as a change). */
bool vrrp_track_script_result(struct vrrp_track_script *s, bool ok);

/* vrrp_track_file_parse: the number at the start of @text (keepalived reads
 * it with strtol after leading blanks; an empty or non-numeric file is 0).
 * Clamped to the int range. */
int64_t vrrp_track_file_parse(const char *text);

#endif
