#!/bin/bash
# lab-timeout: 600
# The main job: a highly available LVS cluster in a real kernel (the lab).
#
# Two directors run ipvsd on the same keepalived.conf: VRRP (VRRPv3,
# advert_int LAB_DEMO_ADVERT, default 0.2 s: shorter ones make a backup
# on a loaded machine take over spuriously) elects dir1, which holds the
# VIP 10.0.0.100 and load-balances HTTP over three real servers (direct
# routing); dir2 waits as backup with the same IPVS table.  The demo shows
# where client requests go under rr, wrr (1:2:3) and lc (changed by
# editing keepalived.conf and sending SIGHUP, as with keepalived), then
# cuts the master's network link while a client sends a request every
# 10 ms, and prints the downtime that client saw, next to the downtime
# the same client saw with a pair of Debian keepalived directors on the
# same configuration in the same run.  Run it with:
#   tests/lab/run.sh -v tests/lab/demo.sh   (./run.sh demo builds first)
# (See tests/lab/cluster.inc for the topology, tests/bench/failover.sh for
# the full failover benchmark.)
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")}/lib.sh"
# shellcheck source=tests/lab/cluster.inc
. "$LAB_DIR/cluster.inc"
lab_init
trap 'cl_probe_stop 2>/dev/null; cl_stop_all; lab_cleanup' EXIT
cl_need
lab_need_bin "$IPVSCTL"

DEMO_ADVERT=${LAB_DEMO_ADVERT:-0.2}
C=$CL_W/demo
declare -A DOWN=()

# demo_conf SCHED WEIGHTS: both directors' keepalived.conf.
demo_conf() {
	cl_conf "$C/dir1.conf" dir1 3 "$DEMO_ADVERT" "$1" "$2"
	cl_conf "$C/dir2.conf" dir2 3 "$DEMO_ADVERT" "$1" "$2"
}

# demo_table: the master's table, as ipvsctl shows it (HTTP service).
demo_table() {
	printf '  # ipvsctl -L -n    (on dir1, the master)\n'
	lab_in dir1 "$IPVSCTL" -L -n |
		awk 'NR <= 3 { print; next } /^(TCP|UDP)/ { show = ($2 ~ /:80$/) } show' |
		sed 's/^/  /'
}

# demo_traffic N: N requests through the VIP; the order and the count
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

# demo_sched_is DIR SCHED: DIR's HTTP service uses SCHED.
demo_sched_is() {
	lab_in "$1" "$IPVSADM" -L -n | grep -q "^TCP  *$LAB_VIP:80 $2 *$"
}

# demo_reload SCHED WEIGHTS: new configuration on both directors, SIGHUP.
demo_reload() {
	local d
	demo_conf "$1" "$2"
	echo "  keepalived.conf on both directors: lb_algo $1, weights ${2// /:}; kill -HUP ipvsd"
	for d in dir1 dir2; do
		kill -HUP "$(cat "$CL_W/$d/ipvsd.pid")" || lab_fail "SIGHUP ipvsd on $d"
	done
	for d in dir1 dir2; do
		lab_wait_for 15 "$1 on $d" demo_sched_is "$d" "$1"
	done
}

# demo_active N: the master's HTTP service holds N active connections.
demo_active() {
	[ "$(lab_in dir1 "$IPVSADM" -L -n -t "$LAB_VIP:80" |
		awk '$1 == "->" && $5 ~ /^[0-9]+$/ { n += $5 } END { print n + 0 }')" = "$1" ]
}

# demo_failover IMPL: cut dir1's link while the client probes; prints
# what the client saw and stores "ms failed requests" in DOWN[IMPL].
demo_failover() {
	local impl=$1 line
	cl_probe_start "demo-$impl" -i 10 -t 300
	cl_sleep_ms 1000
	echo "  the client requests http://$LAB_VIP/ every 10 ms (new connection each)"
	echo "  # ip link set v-dir1 down     (dir1, the master, drops off the network)"
	cl_probe_mark
	ip link set v-dir1 down
	cl_time_until 20 cl_is_at dir2 || lab_fail "$impl: the VIP did not move to dir2"
	echo "  dir2 holds the VIP $CL_T ms later (polled)"
	cl_sleep_ms 1500
	cl_probe_stop
	line=$CL_LINE
	cl_fields "$line"
	[ "${CL_F[ok]:-0}" -gt 0 ] || lab_fail "$impl: the client got no answer ($line)"
	DOWN[$impl]="${CL_F[max_gap_ms]} ${CL_F[failed]} ${CL_F[requests]}"
	printf '  client: %s requests, %s failed; longest time without an answer: %s ms\n' \
		"${CL_F[requests]}" "${CL_F[failed]}" "${CL_F[max_gap_ms]}"
	printf '  answered by: %s\n' "$(tr ' ' '\n' <<<"$line" | sed -n 's/^by://p' | tr '\n' ' ')"
	ip link set v-dir1 up
}

echo "ipvsd cluster demo: $IPVSD, $IPVSCTL"
echo "kernel: $(uname -sr), $(head -n 1 /proc/net/ip_vs)"
if [ "$(cl_ipvsd_mode)" = probe ]; then
	echo "note: this ipvsd does not run VRRP yet: each director runs ipvsd -C (IPVS)"
	echo "      beside tests/lab/progs/vrrp_probe (ipvsd's VRRP engine) on the same file"
fi

lab_step "setting up: a client, three real servers, two directors"
cl_topology 3
echo "  client 10.0.0.2 -> VIP 10.0.0.100 -> rs1 10.0.0.11, rs2 10.0.0.12, rs3 10.0.0.13"
echo "  directors dir1 10.0.0.21 (priority 150) and dir2 10.0.0.22 (priority 100)"
echo "  (direct routing: real servers hold the VIP on lo and answer the client themselves)"
mkdir -p "$C"
demo_conf rr "1 1 1"
echo "  the keepalived.conf both directors run (dir2: router_id dir2, priority 100):"
sed -n '/^global_defs/,/^virtual_server .* 7 {/p' "$C/dir1.conf" | sed '$d' | sed 's/^/    | /'
cl_pair_up ipvsd "$C/dir1.conf" "$C/dir2.conf"
echo "  VIP $LAB_VIP is held by: $(cl_where)"

lab_step "round robin (rr): every server in turn"
demo_table
demo_traffic 12

lab_step "weighted round robin (wrr), weights 1:2:3"
demo_reload wrr "1 2 3"
demo_table
demo_traffic 12

lab_step "least connection (lc): the busy servers are avoided"
demo_reload lc "1 1 1"
echo "  holding 2 idle client connections open: lc gives them to two servers"
lab_hold_conns 2
lab_wait_for 15 "2 active connections" demo_active 2
demo_table
echo "  every new request goes to the server without a held connection:"
demo_traffic 6

lab_step "failover with ipvsd: the master's link is cut"
demo_reload rr "1 1 1"
demo_failover ipvsd
cl_stop_all

lab_step "the same with Debian's keepalived on the same keepalived.conf"
echo "  $("$KEEPALIVED" --version 2>&1 | head -n 1)"
demo_conf rr "1 1 1"
cl_pair_up keepalived "$C/dir1.conf" "$C/dir2.conf"
demo_failover keepalived
cl_stop_all

lab_step "downtime seen by the client when the master's link was cut (VRRPv3, advert_int $DEMO_ADVERT)"
for impl in ipvsd keepalived; do
	read -r ms failed req <<<"${DOWN[$impl]}"
	printf '  %-10s %6s ms   %4s of %5s requests failed\n' "$impl" "$ms" "$failed" "$req"
done
echo "  (one run on a shared machine: expect noise; tests/bench/failover.sh measures"
echo "   node loss, graceful stop and failback over several trials)"
echo
echo "demo finished"
