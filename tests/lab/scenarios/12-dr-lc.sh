#!/bin/bash
# Direct routing, least connection.  Four idle connections are held open
# to rs1 while it is the only real server; then rs2 and rs3 join.  lc must
# send every new connection to rs2/rs3 (alternating) while rr, for
# contrast, keeps giving rs1 its third.  Configured with $IPVSCTL,
# verified with the reference ipvsadm.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"
lab_dr_topology 3
RS1=$(lab_rs_ip 1):80

lab_step "lc service with rs1 only; hold 4 connections open"
lab_in director "$IPVSCTL" -A -t "$LAB_VIP:80" -s lc || lab_fail "ipvsctl -A"
lab_in director "$IPVSCTL" -a -t "$LAB_VIP:80" -r "$RS1" -g || lab_fail "ipvsctl -a rs1"
lab_hold_conns 4
# shellcheck disable=SC2317 # called through lab_wait_for
rs1_active() { [ "$(lab_active_conns "$RS1")" = 4 ]; }
lab_wait_for 15 "4 active connections on rs1" rs1_active
lab_in director "$IPVSADM" -L -n

lab_step "add rs2 and rs3 with $IPVSCTL"
for i in 2 3; do
	lab_in director "$IPVSCTL" -a -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" -g ||
		lab_fail "ipvsctl -a rs$i"
done
lab_assert_eq "table" "TCP 10.0.0.100:80 lc
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 1
-> 10.0.0.13:80 Route 1" "$(lab_ipvs_table "$IPVSADM")"

lab_step "12 new requests under lc"
tally=$(lab_requests 12 | lab_tally)
printf '%s\n' "$tally"
lab_assert_eq "lc: busy rs1 gets no new connection; rs2 and rs3 share 6/6" "rs2 6
rs3 6" "$tally"
lab_assert_eq "rs1 still holds 4 active connections" 4 "$(lab_active_conns "$RS1")"
lab_in director "$IPVSADM" -L -n

lab_step "contrast: same state, scheduler switched to rr with $IPVSCTL -E"
lab_in director "$IPVSCTL" -E -t "$LAB_VIP:80" -s rr || lab_fail "ipvsctl -E"
lab_assert_eq "table after -E" "TCP 10.0.0.100:80 rr" \
	"$(lab_ipvs_table "$IPVSADM" | head -n 1)"
tally=$(lab_requests 12 | lab_tally)
printf '%s\n' "$tally"
lab_assert_eq "rr ignores load: 4 requests each" "rs1 4
rs2 4
rs3 4" "$tally"
lab_finish
