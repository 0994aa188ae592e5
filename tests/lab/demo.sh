#!/bin/bash
# The main job: an ipvsctl walk-through in a real kernel (the lab).
#
# Builds one virtual service (VIP 10.0.0.100:80, direct routing) with three
# real HTTP servers that each answer with their own name, then sends client
# requests through the VIP under the rr, wrr and lc schedulers and shows
# where they went.  All configuration and the tables shown are done with
# $IPVSCTL.  Run it with:  tests/lab/run.sh -v tests/lab/demo.sh
# (./run.sh demo builds everything first and does exactly that).
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"

demo_ctl() {
	local out
	printf '  # ipvsctl %s\n' "$*"
	out=$(lab_in director "$IPVSCTL" "$@" 2>&1) ||
		lab_fail "ipvsctl $* failed: $out"
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/  /'
}

demo_table() {
	demo_ctl -L -n
}

# demo_traffic N: N requests through the VIP; show the order and the count
# per real server.
demo_traffic() {
	local seq
	seq=$(lab_requests "$1")
	printf '  %d requests from the client to http://%s/ were answered by:\n' \
		"$1" "$LAB_VIP"
	printf '    %s\n' "$(tr '\n' ' ' <<<"$seq")"
	lab_tally <<<"$seq" | while read -r name count; do
		printf '    %-4s %3d  %s\n' "$name" "$count" "$(printf '%*s' "$count" '' | tr ' ' '#')"
	done
}

echo "ipvsctl walk-through: $IPVSCTL"
echo "kernel: $(uname -sr), $(head -n 1 /proc/net/ip_vs)"

lab_step "setting up: a client, a director and three real servers (rs1-rs3)"
lab_dr_topology 3
echo "  client 10.0.0.2 -> VIP 10.0.0.100 on the director -> rs1 10.0.0.11, rs2 10.0.0.12, rs3 10.0.0.13"
echo "  (direct routing: real servers hold the VIP on lo and answer the client themselves)"

lab_step "round robin (rr): every server in turn"
demo_ctl -A -t "$LAB_VIP:80" -s rr
for i in 1 2 3; do
	demo_ctl -a -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" -g -w 1
done
demo_table
demo_traffic 12

lab_step "weighted round robin (wrr), weights 1:2:3"
demo_ctl -E -t "$LAB_VIP:80" -s wrr
for i in 1 2 3; do
	demo_ctl -e -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" -g -w "$i"
done
demo_table
demo_traffic 12

lab_step "least connection (lc): the busy server is avoided"
demo_ctl -E -t "$LAB_VIP:80" -s lc
for i in 1 2 3; do
	demo_ctl -e -t "$LAB_VIP:80" -r "$(lab_rs_ip "$i"):80" -g -w 1
done
echo "  holding 3 idle client connections open: lc spreads them, one per server"
lab_hold_conns 3
# shellcheck disable=SC2317 # called through lab_wait_for
demo_held() {
	[ "$(lab_in director "$IPVSCTL" -L -n | awk '$1 == "->" && $5 ~ /^[0-9]+$/ { n += $5 } END { print n + 0 }')" = 3 ]
}
lab_wait_for 15 "3 active connections" demo_held
echo "  taking rs1 out of rotation (weight 0) and holding 4 more: rs2 and rs3 now hold 3 each"
demo_ctl -e -t "$LAB_VIP:80" -r "$(lab_rs_ip 1):80" -g -w 0
lab_hold_conns 4
# shellcheck disable=SC2317 # called through lab_wait_for
demo_held7() {
	[ "$(lab_in director "$IPVSCTL" -L -n | awk '$1 == "->" && $5 ~ /^[0-9]+$/ { n += $5 } END { print n + 0 }')" = 7 ]
}
lab_wait_for 15 "7 active connections" demo_held7
demo_ctl -e -t "$LAB_VIP:80" -r "$(lab_rs_ip 1):80" -g -w 1
demo_table
echo "  rs1 is back (weight 1) with 1 active connection against 3 and 3:"
echo "  lc sends every new request to rs1, the least loaded server"
demo_traffic 6

lab_step "save format (ipvsctl -S -n) and clean-up (ipvsctl -C)"
demo_ctl -S -n
demo_ctl -C
demo_table
echo
echo "demo finished"
