#!/bin/bash
# Direct routing, round robin: configure with $IPVSCTL, verify the kernel
# table with the reference ipvsadm, and check that requests through the VIP
# are spread evenly, in a fixed rotation.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"
lab_dr_topology 3

lab_step "configure with $IPVSCTL"
lab_in director "$IPVSCTL" -A -t "$LAB_VIP:80" -s rr || lab_fail "ipvsctl -A"
for i in 1 2 3; do
	lab_in director "$IPVSCTL" -a -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" -g ||
		lab_fail "ipvsctl -a rs$i"
done

lab_step "kernel table read by $IPVSADM -L -n"
lab_in director "$IPVSADM" -L -n
lab_assert_eq "table" "TCP 10.0.0.100:80 rr
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 1
-> 10.0.0.13:80 Route 1" "$(lab_ipvs_table "$IPVSADM")"

lab_step "30 requests through the VIP"
seq=$(lab_requests 30)
lab_assert_eq "rr: 10 requests each" "rs1 10
rs2 10
rs3 10" "$(lab_tally <<<"$seq")"
# Round robin is a fixed rotation: every 3 consecutive answers name 3 servers.
windows=$(awk '{ w[NR % 3] = $1 } NR >= 3 { print (w[0] != w[1] && w[1] != w[2] && w[0] != w[2]) }' <<<"$seq" | sort -u)
lab_assert_eq "rr: every window of 3 consecutive requests hits 3 servers" 1 "$windows"

lab_step "kernel counters after traffic ($IPVSADM -L -n --stats)"
# The kernel folds per-CPU counters into these every 2 s (estimator).
# shellcheck disable=SC2317 # called through lab_wait_for
stats_conns() {
	lab_in director "$IPVSADM" -L -n --stats | awk '$1 == "->" && $2 ~ /^[0-9]/ { print $2, $3 }'
}
# shellcheck disable=SC2317 # called through lab_wait_for
stats_total() {
	[ "$(stats_conns | awk '{ n += $2 } END { print n }')" = 30 ]
}
lab_wait_for 10 "connection counters to reach 30" stats_total
lab_in director "$IPVSADM" -L -n --stats
conns=$(stats_conns)
lab_assert_eq "stats: 10 connections per real server" "10.0.0.11:80 10
10.0.0.12:80 10
10.0.0.13:80 10" "$conns"
lab_finish
