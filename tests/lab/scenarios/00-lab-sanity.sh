#!/bin/bash
# The lab itself works: IPVS with its schedulers is loaded, the reference
# ipvsadm talks to it, and the direct-routing topology carries HTTP.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init

lab_step "kernel"
lab_assert_cmd "IPVS present" test -e /proc/net/ip_vs
for s in rr wrr lc wlc sh dh; do
	lab_assert_cmd "scheduler ip_vs_$s loaded" grep -qw "^ip_vs_$s" /proc/modules
done
lab_assert_cmd "reference ipvsadm lists" "$IPVSADM" -L -n

lab_step "topology: client, director, 3 real servers"
lab_dr_topology 3
for i in 1 2 3; do
	got=$(lab_in client curl -s -m 5 "http://$(lab_rs_ip "$i")/")
	lab_assert_eq "rs$i answers with its name" "rs$i" "$got"
done
lab_assert_cmd "real servers do not answer ARP for the VIP" \
	test "$(lab_in rs1 sysctl -n net.ipv4.conf.all.arp_ignore)" = 1
got=$(lab_in client curl -s -m 2 "http://$LAB_VIP/" || echo "no answer")
lab_assert_eq "VIP has no service before IPVS is configured" "no answer" "$got"
lab_finish
