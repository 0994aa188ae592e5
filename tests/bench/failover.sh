#!/bin/bash
# lab-timeout: 1200
# Benchmark: VRRP failover as the client sees it, ipvsd against Debian's
# keepalived, in one lab run.  Run it with
#   tests/lab/run.sh -v tests/bench/failover.sh
#
# Topology (tests/lab/cluster.inc): a client, three direct-routing real
# servers and two directors on one bridge; each director runs IPVS for the
# VIP and VRRP, dir1 preferred (priority 150, preempting).  The same
# keepalived.conf runs under a keepalived pair and under an ipvsd pair.
# While the client's vip-prober opens a new connection and GETs / every
# BENCH_PROBE_MS, each trial does, in order:
#   node-loss         cut dir1's bridge port (ip link set ... down)
#   failback-link     restore it; dir1 preempts
#   graceful-stop     SIGTERM dir1's daemon (it sends priority 0)
#   failback-restart  start dir1's daemon again; it preempts
# and records the longest gap between two successful answers (a run
# without an outage shows about BENCH_PROBE_MS) and the failed requests.
# VRRP settings: BENCH_MODES (default "v2:1 v3:0.01 v3:0.05": version and
# advert_int; 0.01 s is the smallest keepalived 2.2.7 accepts; "none":
# only the lvs_sync_daemon case, at VRRPv3 0.05).
# BENCH_TRIALS trials each (default 2), medians reported.  Then, with
# lvs_sync_daemon (BENCH_SYNC=0 skips): BENCH_HOLD long-lived connections
# to an echo service through the VIP, node loss of dir1, how many survive
# (their echoes are awaited up to 20 s after the failover).
# Fine resolution: BENCH_UDP_PROBE_US (default 1000; 0: off): besides the
# TCP prober, tests/lab/progs/udp-prober sends a numbered datagram every
# BENCH_UDP_PROBE_US microseconds to VIP:7/udp (a UDP virtual server over
# a UDP echo responder on each real server, cluster.inc CL_UDP_PORT); its
# downtime is the longest interval between the send times of two answered
# datagrams with only unanswered ones between them, minus the interval
# (0 if none was lost), with the lost datagrams; its resolution (the
# actual send intervals) is logged per event.
# Other knobs: BENCH_PROBE_MS (10), BENCH_PROBE_TIMEOUT_MS (300),
# BENCH_BASE_MS (500, probing before the event), BENCH_SETTLE_MS (800,
# probing after the VIP moved), BENCH_IMPLS ("keepalived ipvsd").
# BENCH_CHECKERS=tcp (default empty: no checkers): every real server has
# a TCP_CHECK (BENCH_CHECK_DELAY delay_loop 1, BENCH_CHECK_TIMEOUT
# connect_timeout 1, BENCH_CHECK_RETRY retry 1); after the node loss the
# trial waits until dir1's checkers have emptied its table (issue 6:
# failback with health checkers), logs ipvsadm -L -n's count, then
# restores the link.  "tcp-alpha": the same with alpha (real servers
# start down, so a restarted daemon's table starts empty).  In every
# failback case the real servers in dir1's table at the moment it took
# the VIP are recorded (6 = both services complete, 0 = empty table).
# Timings are reported, never failed on; the run fails only when the
# cluster does not do what is expected (VIP not moving, no answers).
# Targets: never slower than keepalived; v3 0.01 node loss <= 50 ms,
# graceful stop <= 10 ms, failback <= 30 ms with no failed request; every
# synced connection survives.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/../lab}/lib.sh"
# shellcheck source=tests/lab/cluster.inc
. "$LAB_DIR/cluster.inc"
lab_init
trap 'cl_probe_stop 2>/dev/null; cl_stop_all; lab_cleanup' EXIT
BENCH_UDP_PROBE_US=${BENCH_UDP_PROBE_US:-1000}
if [ "$BENCH_UDP_PROBE_US" != 0 ]; then
	CL_UDP_PORT=7
	CL_UDP_US=$BENCH_UDP_PROBE_US
fi
cl_need

BENCH_MODES=${BENCH_MODES:-v2:1 v3:0.01 v3:0.05}
BENCH_TRIALS=${BENCH_TRIALS:-2}
BENCH_PROBE_MS=${BENCH_PROBE_MS:-10}
BENCH_PROBE_TIMEOUT_MS=${BENCH_PROBE_TIMEOUT_MS:-300}
BENCH_BASE_MS=${BENCH_BASE_MS:-500}
BENCH_SETTLE_MS=${BENCH_SETTLE_MS:-800}
BENCH_IMPLS=${BENCH_IMPLS:-keepalived ipvsd}
BENCH_SYNC=${BENCH_SYNC:-1}
BENCH_CHECKERS=${BENCH_CHECKERS:-}
CL_CHECK_DELAY=${BENCH_CHECK_DELAY:-1}
CL_CHECK_TIMEOUT=${BENCH_CHECK_TIMEOUT:-1}
CL_CHECK_RETRY=${BENCH_CHECK_RETRY:-1}
BENCH_HOLD=${BENCH_HOLD:-20}
CASES=(node-loss failback-link graceful-stop failback-restart)
# "mode case impl gap_ms failed requests dests udp_downtime_us udp_lost udp_sent"
RES=$CL_LOG/failover-results
declare -A SYNC_RES=() FLAPS=()
: >"$RES"

# bench_event MODE CASE IMPL WANT CMD...: probe, run CMD, wait until the
# VIP is at WANT only, probe BENCH_SETTLE_MS more, record the result.
bench_event() {
	local mode=$1 case=$2 impl=$3 want=$4 line
	shift 4
	cl_probe_start "$impl-$mode-$case" -i "$BENCH_PROBE_MS" -t "$BENCH_PROBE_TIMEOUT_MS"
	cl_sleep_ms "$BENCH_BASE_MS"
	cl_probe_mark
	"$@"
	cl_time_until 20 cl_is_at "$want"
	# the real servers dir1 serves with at the moment it takes the VIP
	local dests=-
	[ "$want" != dir1 ] || ! cl_dests dir1 || dests=$CL_N
	cl_sleep_ms "$BENCH_SETTLE_MS"
	cl_probe_stop
	line=$CL_LINE
	local udp="- - -"
	if [ -n "$CL_ULINE" ]; then
		lab_log "  udp: $CL_ULINE"
		cl_fields "$CL_ULINE"
		[ -n "${CL_F[downtime_us]:-}" ] && [ -z "${CL_F[no_answer]:-}" ] &&
			udp="${CL_F[downtime_us]} ${CL_F[lost]} ${CL_F[sent]}"
		[ "${CL_F[warmup_lost]:-0}" = 0 ] ||
			lab_log "  note: ${CL_F[warmup_lost]} datagrams lost before the event: an outage running at it counts whole"
	fi
	cl_fields "$line"
	lab_log "  $impl $mode $case: VIP at $want after ${CL_T}ms (dir1's real servers then: $dests); $line"
	if [ "$CL_T" = timeout ] || [ "${CL_F[ok]:-0}" = 0 ] || [ -z "${CL_F[max_gap_ms]:-}" ]; then
		lab_check_failed "$impl $mode $case: VIP not at $want or no answers (${CL_T}, $line)"
		return 1
	fi
	echo "$mode $case $impl ${CL_F[max_gap_ms]} ${CL_F[failed]} ${CL_F[requests]} $dests $udp" >>"$RES"
}

# shellcheck disable=SC2317 # called through bench_event
link_down() { ip link set v-dir1 down; }
# shellcheck disable=SC2317
link_up() { ip link set v-dir1 up; }
# shellcheck disable=SC2317
stop_dir1() { cl_signal dir1 TERM; }

# bench_trial MODE IMPL: the four events; the cluster ends as it started.
bench_trial() {
	local mode=$1 impl=$2 C=$CL_W/$1
	bench_event "$mode" node-loss "$impl" dir2 link_down
	[ -z "$BENCH_CHECKERS" ] || bench_checkers_empty
	bench_event "$mode" failback-link "$impl" dir1 link_up
	lab_wait_for 10 "dir1's table" cl_table_ready dir1
	bench_event "$mode" graceful-stop "$impl" dir2 stop_dir1
	cl_reap dir1
	bench_event "$mode" failback-restart "$impl" dir1 cl_start dir1 "$impl" "$C/dir1.conf"
	lab_wait_for 10 "dir1's table" cl_table_ready dir1
}

# bench_checkers_empty: with checkers, wait (up to 30 s) until dir1's
# cut-off checkers have taken every real server out of its table; log
# what ipvsadm sees there before the link is restored.
bench_checkers_empty() {
	local n
	cl_time_until 30 cl_dests_are dir1 0
	n=$(lab_in dir1 "$IPVSADM" -L -n | grep -c '^  -> [0-9]')
	lab_log "  link cut: dir1's table empty after ${CL_T} ms more; ipvsadm -L -n there lists $n real servers"
	echo "$n" >>"$CL_LOG/failover-cut-dests"
}

# bench_mode MODE: "vN:ADVERT", every implementation, BENCH_TRIALS trials.
bench_mode() {
	local mode=$1 ver=${1%%:*} adv=${1#*:} C=$CL_W/$1 impl i
	ver=${ver#v}
	mkdir -p "$C"
	cl_conf "$C/dir1.conf" dir1 "$ver" "$adv" rr "1 1 1" "" "$BENCH_CHECKERS"
	cl_conf "$C/dir2.conf" dir2 "$ver" "$adv" rr "1 1 1" "" "$BENCH_CHECKERS"
	for impl in $BENCH_IMPLS; do
		lab_step "VRRPv$ver advert_int $adv: $impl pair"
		local before
		before=$(bench_masters "$impl")
		cl_pair_up "$impl" "$C/dir1.conf" "$C/dir2.conf"
		sleep 1
		for i in $(seq 1 "$BENCH_TRIALS"); do
			lab_log " trial $i"
			bench_trial "$mode" "$impl"
		done
		cl_stop_all
		# expected: dir1 at start (dir2 may come first), 4 per trial
		FLAPS[$mode/$impl]="$(($(bench_masters "$impl") - before)) (expected $((4 * BENCH_TRIALS + 1))-$((4 * BENCH_TRIALS + 2)))"
	done
}

# bench_sync IMPL: long-lived connections across a node loss of dir1,
# with lvs_sync_daemon (VRRPv3, the last mode's advert_int).
bench_sync() {
	local impl=$1 adv C=$CL_W/sync line daemons
	adv=${BENCH_MODES##*:}
	[ "$BENCH_MODES" != none ] || adv=0.05
	mkdir -p "$C"
	cl_conf "$C/dir1.conf" dir1 3 "$adv" rr "1 1 1" sync
	cl_conf "$C/dir2.conf" dir2 3 "$adv" rr "1 1 1" sync
	lab_step "lvs_sync_daemon: $impl pair, $BENCH_HOLD connections held, node loss of dir1"
	cl_pair_up "$impl" "$C/dir1.conf" "$C/dir2.conf"
	# keepalived runs the master sync daemon on the master, the backup one
	# on the backup; give the pair time to get there
	if ! bench_wait 10 sync_daemons_up; then
		lab_log "  (no master/backup sync daemon pair after 10 s)"
	fi
	daemons=$(lab_in dir1 "$IPVSADM" -L --daemon; lab_in dir2 "$IPVSADM" -L --daemon)
	lab_log "  sync daemons: $(tr '\n' ';' <<<"$daemons")"
	# -w 20000: retransmissions back off (0.2, 0.6, 1.4, 3, 6.2, 12.6 s...)
	nsenter --net=/run/netns/client "$CL_PROBER" hold -k "$BENCH_HOLD" -i 100 -w 20000 \
		"$LAB_VIP:7" >"$CL_LOG/hold-$impl.out" 2>&1 &
	local hold=$!
	# the master's sync thread sends its buffer at least every 2 s
	sleep 4
	lab_log "  dir2 knows $(lab_in dir2 "$IPVSADM" -L -n -c | grep -c ':7 ') connections to :7"
	link_down
	cl_time_until 20 cl_is_at dir2 ||
		lab_check_failed "sync $impl: VIP did not move to dir2"
	lab_log "  VIP at dir2 after ${CL_T}ms; client's neighbour entry then: $(ip -n client neigh show "$LAB_VIP")"
	sleep 1
	lab_log "  1 s later: $(ip -n client neigh show "$LAB_VIP"); one client socket:"
	lab_in client ss -tni dst "$LAB_VIP:7" | sed -n '2,3p' | sed 's/^/    /'
	sleep 1
	kill -TERM "$hold"
	wait "$hold"
	line=$(cat "$CL_LOG/hold-$impl.out")
	lab_log "  $impl: $line"
	lab_log "  after the failover: dir2's ipvsadm -L -n --stats, -L -n -c (port 7);"
	lab_log "  the client's neighbour entry for the VIP, the directors' MACs, one socket:"
	{
		lab_in dir2 "$IPVSADM" -L -n --stats -t "$LAB_VIP:7"
		lab_in dir2 "$IPVSADM" -L -n -c | grep -E 'pro|:7 ' | head -n 4
		ip -n client neigh show "$LAB_VIP"
		ip -n dir1 -br link show eth0
		ip -n dir2 -br link show eth0
		lab_in client ss -tni dst "$LAB_VIP:7" | head -n 3
	} 2>&1 | sed 's/^/    /'
	cl_fields "$line"
	link_up
	cl_stop_all
	SYNC_RES[$impl]="${CL_F[survived]:-?}/$BENCH_HOLD (${CL_F[lost]:-?} reset, ${CL_F[stalled]:-?} stalled)"
	grep -q 'sync daemon' <<<"$daemons" ||
		SYNC_RES[$impl]+=" - no IPVS sync daemon was running"
}

# shellcheck disable=SC2317 # called through bench_wait
sync_daemons_up() {
	lab_in dir1 "$IPVSADM" -L --daemon | grep -q '^master sync' &&
		lab_in dir2 "$IPVSADM" -L --daemon | grep -q '^backup sync'
}

# bench_wait SECONDS CMD...: poll CMD every 0.2 s; status 1 on timeout.
bench_wait() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# bench_masters IMPL: transitions to MASTER logged so far by IMPL on
# both directors (a backup starved of adverts by a loaded machine takes
# over spuriously: the same log line for keepalived and ipvsd's engine).
bench_masters() {
	cat "$CL_LOG/dir1-$1.log" "$CL_LOG/dir2-$1.log" 2>/dev/null | grep -c 'Entering MASTER STATE'
}

# bench_median: the median of the numbers on stdin.
bench_median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_table: one row per mode and case: medians, ratio, failed requests.
bench_table() {
	local mode case ka ip ratio fka fip
	printf '\n%-8s %-17s %13s %9s %7s  %s\n' mode case "keepalived ms" "ipvsd ms" \
		ratio "failed requests (keepalived/ipvsd, all trials)"
	for mode in $BENCH_MODES; do
		for case in "${CASES[@]}"; do
			ka=$(awk -v m="$mode" -v c="$case" '$1 == m && $2 == c && $3 == "keepalived" { print $4 }' "$RES" | bench_median)
			ip=$(awk -v m="$mode" -v c="$case" '$1 == m && $2 == c && $3 == "ipvsd" { print $4 }' "$RES" | bench_median)
			fka=$(awk -v m="$mode" -v c="$case" '$1 == m && $2 == c && $3 == "keepalived" { n += $5; r += $6 } END { printf "%d/%d", n, r }' "$RES")
			fip=$(awk -v m="$mode" -v c="$case" '$1 == m && $2 == c && $3 == "ipvsd" { n += $5; r += $6 } END { printf "%d/%d", n, r }' "$RES")
			ratio=$(awk -v a="$ka" -v b="$ip" 'BEGIN { if (a == "-" || b == "-") print "-"; else if (b > 0) printf "%.2f", a / b; else print "inf" }')
			printf '%-8s %-17s %13s %9s %7s  %s | %s\n' "$mode" "$case" "$ka" "$ip" \
				"$ratio" "$fka" "$fip"
		done
	done
	echo "(ms: median over trials of the longest gap between two successful answers;"
	echo " probe every ${BENCH_PROBE_MS} ms, so no outage reads about ${BENCH_PROBE_MS} ms;"
	echo " ratio: keepalived / ipvsd, above 1 means ipvsd's clients saw less downtime;"
	echo " failed: failed/sent requests over all trials of the case)"
	[ "$BENCH_UDP_PROBE_US" = 0 ] || bench_udp_table
	echo
	echo "checkers: ${BENCH_CHECKERS:-none}$([ -z "$BENCH_CHECKERS" ] || echo ", delay_loop $CL_CHECK_DELAY connect_timeout $CL_CHECK_TIMEOUT retry $CL_CHECK_RETRY; dir1's real servers (ipvsadm) before each link restore: $(tr '\n' ' ' <"$CL_LOG/failover-cut-dests" 2>/dev/null)")"
	local svcs=2
	[ -z "$CL_UDP_PORT" ] || svcs=3
	echo "real servers in dir1's table when it took the VIP (of $((svcs * 3))), per trial:"
	for mode in $BENCH_MODES; do
		for case in failback-link failback-restart; do
			for impl in $BENCH_IMPLS; do
				printf '  %-8s %-17s %-10s %s\n' "$mode" "$case" "$impl" \
					"$(awk -v m="$mode" -v c="$case" -v i="$impl" '$1 == m && $2 == c && $3 == i { printf "%s ", $7 }' "$RES")"
			done
		done
	done
	echo
	echo "VRRP transitions to MASTER (both directors) per mode, observed (expected):"
	for mode in $BENCH_MODES; do
		for impl in $BENCH_IMPLS; do
			printf '  %-8s %-10s %s\n' "$mode" "$impl" "${FLAPS[$mode/$impl]:-?}"
		done
	done
}

# bench_udp_table: the UDP prober's figures, one row per mode and case.
bench_udp_table() {
	local mode case impl ka ip ratio l lost=()
	printf '\n%-8s %-17s %13s %9s %7s  %s\n' mode case "keepalived ms" "ipvsd ms" \
		ratio "lost datagrams (keepalived/ipvsd, all trials)"
	for mode in $BENCH_MODES; do
		for case in "${CASES[@]}"; do
			for impl in keepalived ipvsd; do
				l=$(awk -v m="$mode" -v c="$case" -v i="$impl" '$1 == m && $2 == c && $3 == i && $8 != "-" { print $8 }' "$RES" | bench_median)
				[ "$impl" = keepalived ] && ka=$l || ip=$l
				lost+=("$(awk -v m="$mode" -v c="$case" -v i="$impl" '$1 == m && $2 == c && $3 == i && $8 != "-" { n += $9; r += $10 } END { printf "%d/%d", n, r }' "$RES")")
			done
			ratio=$(awk -v a="$ka" -v b="$ip" 'BEGIN { if (a == "-" || b == "-") print "-"; else if (b > 0) printf "%.2f", a / b; else if (a > 0) print "inf"; else print "=" }')
			printf '%-8s %-17s %13s %9s %7s  %s | %s\n' "$mode" "$case" \
				"$(bench_ms "$ka")" "$(bench_ms "$ip")" "$ratio" "${lost[0]}" "${lost[1]}"
			lost=()
		done
	done
	echo "(UDP prober, a datagram every ${BENCH_UDP_PROBE_US} us: median over trials of"
	echo " the downtime, the longest interval between two answered datagrams with"
	echo " only lost ones between them minus the interval, 0 if none was lost;"
	echo " ratio keepalived / ipvsd, \"=\": both 0; per-event resolution: \"udp:\" lines)"
}

# bench_ms US: microseconds as milliseconds with one decimal ("-" as is).
bench_ms() {
	[ "$1" = - ] && { echo -; return; }
	awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'
}

lab_step "cluster: client, rs1-rs3, directors dir1 (150) and dir2 (100)"
lab_log "keepalived: $("$KEEPALIVED" --version 2>&1 | head -n 1)"
lab_log "ipvsd: $IPVSD, mode $(cl_ipvsd_mode)$([ "$(cl_ipvsd_mode)" = probe ] &&
	echo ' (VRRP by tests/lab/progs/vrrp_probe beside ipvsd -C: the daemon does not run VRRP yet)')"
lab_log "modes: $BENCH_MODES; trials: $BENCH_TRIALS; probe every ${BENCH_PROBE_MS} ms, UDP probe every ${BENCH_UDP_PROBE_US} us; checkers: ${BENCH_CHECKERS:-none}; guest load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cl_topology 3

for m in $BENCH_MODES; do
	[ "$m" = none ] || bench_mode "$m"
done
if [ "$BENCH_SYNC" = 1 ]; then
	for impl in $BENCH_IMPLS; do
		bench_sync "$impl"
	done
fi

lab_step "results"
bench_table
if [ "$BENCH_SYNC" = 1 ]; then
	echo
	for impl in $BENCH_IMPLS; do
		printf 'lvs_sync_daemon, node loss: %-10s %s long-lived connections survived\n' \
			"$impl" "${SYNC_RES[$impl]:-not measured}"
	done
fi
lab_finish
