#!/bin/bash
# Direct routing, weighted round robin 1:2:3: configure with $IPVSCTL,
# verify with the reference ipvsadm, and check that each cycle of six
# requests through the VIP splits exactly 1:2:3 (wrr is deterministic).
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"
lab_dr_topology 3

lab_step "configure with $IPVSCTL"
lab_in director "$IPVSCTL" -A -t "$LAB_VIP:80" -s wrr || lab_fail "ipvsctl -A"
for i in 1 2 3; do
	lab_in director "$IPVSCTL" -a -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" \
		-g -w "$i" || lab_fail "ipvsctl -a rs$i"
done

lab_step "kernel table read by $IPVSADM -L -n"
lab_in director "$IPVSADM" -L -n
lab_assert_eq "table" "TCP 10.0.0.100:80 wrr
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 2
-> 10.0.0.13:80 Route 3" "$(lab_ipvs_table "$IPVSADM")"

lab_step "60 requests through the VIP (10 cycles of the 1+2+3 weights)"
seq=$(lab_requests 60)
lab_assert_eq "wrr: 10/20/30 requests" "rs1 10
rs2 20
rs3 30" "$(lab_tally <<<"$seq")"
# Every cycle (requests 6k+1 .. 6k+6) holds the weights exactly.
cycles=$(awk '{ c[$1]++ } NR % 6 == 0 { print c["rs1"] + 0, c["rs2"] + 0, c["rs3"] + 0; delete c }' <<<"$seq" | sort -u)
lab_assert_eq "wrr: each cycle of 6 splits 1:2:3" "1 2 3" "$cycles"

lab_step "change weights to 3:0:1 with $IPVSCTL -e"
for w in 1:3 2:0 3:1; do
	lab_in director "$IPVSCTL" -e -t "$LAB_VIP:80" \
		-r "$(lab_rs_ip "${w%:*}"):80" -g -w "${w#*:}" || lab_fail "ipvsctl -e $w"
done
lab_assert_eq "table after -e" "TCP 10.0.0.100:80 wrr
-> 10.0.0.11:80 Route 3
-> 10.0.0.12:80 Route 0
-> 10.0.0.13:80 Route 1" "$(lab_ipvs_table "$IPVSADM")"
seq=$(lab_requests 20)
lab_assert_eq "wrr 3:0:1: 15/0/5 requests, weight 0 gets none" "rs1 15
rs3 5" "$(lab_tally <<<"$seq")"
lab_finish
