#!/bin/bash
# lab-timeout: 2400
# Benchmark: health checking at scale, ipvsd against Debian's keepalived -C,
# one after the other in the same lab guest, on the same real servers:
#   BENCH_VS virtual servers (default 1000) x BENCH_RS real servers (10),
#   each real server its own address:port, served by tests/lab/progs/rs_farm
#   (one epoll process in namespace b-rs); for each check type in
#   BENCH_CHECKS ("TCP_CHECK HTTP_GET"): delay_loop 1, connect_timeout 1,
#   retry 0.
# Per daemon and check type it measures, once every real server is in the
# kernel table and the checks have run for a few seconds:
#   - CPU of the checker process (ipvsd's health child, keepalived's checker
#     child) and of the whole process group: utime+stime from /proc/PID/stat
#     over BENCH_WINDOW seconds (default 10);
#   - checks actually done per second (connections rs_farm accepted over the
#     same window; the target is VS x RS per second);
#   - VmRSS of the checker process, per real server, and marginal per real
#     server (minus the same daemon's checker with a 1 x 1 configuration);
#   - detection time over BENCH_KILLS (default 20) kills: a real server's
#     listener is closed (connections refused) and `ipvsctl -L -n -t VIP`
#     is polled until it is gone from the kernel table; median, p99, max.
#   - false downs: real servers the daemon took out during the CPU window
#     although none was killed (a checker that cannot keep up);
#   - with BENCH_STRACE=SECONDS (default 0: off), after the kills: system
#     calls of the checker per check (strace -c for that long; checks =
#     its connect() calls) and the most frequent ones, per daemon;
# Prints one table with ratios (ipvsd / keepalived).  Reports, never fails
# on the numbers (a kill not detected in 10 s is counted as a miss at
# 10000 ms); fails only when a daemon does not come up.  Targets (issue): checker CPU at most half of
# keepalived's; detection p99 <= delay_loop + connect_timeout + 100 ms;
# at most 2 KB per real server.
#   tests/lab/run.sh -v tests/bench/health-scale.sh
#   BENCH_VS=200 BENCH_RS=10 tests/lab/run.sh -v tests/bench/health-scale.sh
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/../lab}/lib.sh"
lab_init
FARM=${RS_FARM:-$BUILDDIR/tests/lab/progs/rs_farm}
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
lab_need_bin "$IPVSD" "$IPVSCTL" "$KEEPALIVED" "$FARM"

BENCH_VS=${BENCH_VS:-1000}
BENCH_RS=${BENCH_RS:-10}
BENCH_KILLS=${BENCH_KILLS:-20}
BENCH_WINDOW=${BENCH_WINDOW:-10}
BENCH_CHECKS=${BENCH_CHECKS:-TCP_CHECK HTTP_GET}
BENCH_STRACE=${BENCH_STRACE:-0}
N=$((BENCH_VS * BENCH_RS))
W=$LAB_TMP/health-scale
FIFO=$W/farm.fifo
HZ=$(getconf CLK_TCK)
rm -rf "$W"
mkdir -p "$W"
ulimit -n 1048576 2>/dev/null || ulimit -n 65536

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }
vip() { echo "10.2.$(($1 / 200)).$(($1 % 200 + 1))"; }
rsip() { echo "10.1.0.$(($1 + 1))"; }

# bench_conf FILE CHECK NVS NRS
bench_conf() {
	awk -v nvs="$3" -v nrs="$4" -v ck="$2" 'BEGIN {
		for (i = 0; i < nvs; i++) {
			printf "virtual_server 10.2.%d.%d 80 {\n", int(i / 200), i % 200 + 1
			printf "    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n    delay_loop 1\n"
			for (j = 0; j < nrs; j++) {
				printf "    real_server 10.1.0.%d %d {\n        %s {\n", j + 1, 10000 + i, ck
				printf "            connect_timeout 1\n            retry 0\n"
				if (ck == "HTTP_GET")
					printf "            url {\n                path /\n                status_code 200\n            }\n"
				printf "        }\n    }\n"
			}
			printf "}\n"
		}
	}' >"$1"
}

lab_step "topology: real servers ($N listeners) and two director namespaces"
lab_ns b-rs
lab_join b-rs 10.1.255.254/16
for j in $(seq 0 $((BENCH_RS - 1))); do
	ip -n b-rs addr add "$(rsip "$j")/16" dev eth0
done
for who in ipd ka; do
	lab_ns "b-$who"
done
lab_join b-ipd 10.1.255.1/16
lab_join b-ka 10.1.255.2/16
mkfifo "$FIFO"
farm_args=()
for j in $(seq 0 $((BENCH_RS - 1))); do
	farm_args+=(-a "$(rsip "$j")")
done
lab_in b-rs "$FARM" "${farm_args[@]}" -p 10000 -n "$BENCH_VS" -c "$FIFO" >"$W/farm.out" 2>"$W/farm.err" &
LAB_PIDS+=($!)
lab_wait_for 120 "rs_farm ready" grep -q "^ready $N" "$W/farm.out"
FARM_PID=$(pgrep -n -x rs_farm)
lab_log "rs_farm: $(grep ^ready "$W/farm.out")"

farm_accepts() {
	local before
	before=$(grep -c '^accepts' "$W/farm.out")
	echo stats >"$FIFO"
	lab_wait_for 5 "rs_farm stats" test "$(grep -c '^accepts' "$W/farm.out")" -gt "$before"
	grep '^accepts' "$W/farm.out" | tail -1 | cut -d' ' -f2
}

# start_daemon ipd|ka CONF: in namespace b-NAME under setsid; sets PID.
start_daemon() {
	local who=$1 conf=$2
	lab_in "b-$who" "$IPVSADM" -C
	if [ "$who" = ipd ]; then
		nsenter --net=/run/netns/b-ipd setsid "$IPVSD" -n -l -f "$conf" -p "$W/ipd.pid" \
			-c "$W/ipd-check.pid" --control-socket "$W/ipd.ctl" >"$W/ipd.log" 2>&1 &
	else
		nsenter --net=/run/netns/b-ka setsid "$KEEPALIVED" -n -l -C -f "$conf" \
			-p "$W/ka.pid" -c "$W/ka-check.pid" >"$W/ka.log" 2>&1 &
	fi
	PID=$!
}
stop_daemon() {
	kill -TERM -- "-$1" 2>/dev/null
	wait "$1" 2>/dev/null
	sleep 1
	kill -KILL -- "-$1" 2>/dev/null
	return 0
}
checker_pid() {
	if [ "$1" = ipd ]; then
		IPVSD_CONTROL_SOCKET=$W/ipd.ctl "$IPVSCTL" status 2>/dev/null |
			sed -n 's/^health-check child pid \([0-9]*\)$/\1/p'
	else
		cat "$W/ka-check.pid" 2>/dev/null
	fi
}
dests() { lab_in "b-$1" "$IPVSCTL" -L -n 2>/dev/null | grep -c -- '->'; }
full() { [ "$(dests "$1")" -ge "$2" ]; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
group_ticks() {
	local p s=0
	for p in $(ps -o pid= -g "$1"); do
		s=$((s + $(ticks "$p")))
	done
	echo "$s"
}
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6; exit }' /proc/stat; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b > 0 ? 100 * a / b : 0 }'; }

# baseline WHO CHECK: checker VmRSS with a 1 x 1 configuration.
baseline() {
	local who=$1 ck=$2 cp i
	bench_conf "$W/one.conf" "$ck" 1 1
	start_daemon "$who" "$W/one.conf"
	for i in $(seq 1 100); do
		cp=$(checker_pid "$who")
		[ -n "$cp" ] && [ -e "/proc/$cp" ] && break
		sleep 0.1
	done
	sleep 3
	BASE_RSS=$(rss_kb "$cp")
	stop_daemon "$PID"
}

# detect WHO: BENCH_KILLS kills, detection times (ms) into $W/detect-WHO-CK.
detect() {
	local who=$1 out=$2 k i j a p t0 t1 gone
	: >"$out"
	for k in $(seq 1 "$BENCH_KILLS"); do
		i=$(((k * 7919) % BENCH_VS))
		j=$((k % BENCH_RS))
		a=$(rsip "$j")
		p=$((10000 + i))
		t0=$(now_ms)
		echo "down $a $p" >"$FIFO"
		gone=0
		while [ $(($(now_ms) - t0)) -lt 10000 ]; do
			if ! lab_in "b-$who" "$IPVSCTL" -L -n -t "$(vip "$i"):80" | grep -q " $a:$p "; then
				gone=1
				break
			fi
		done
		t1=$(now_ms)
		echo "up $a $p" >"$FIFO"
		if [ "$gone" = 1 ]; then
			echo $((t1 - t0)) >>"$out"
		else
			lab_log "$who: kill of $a:$p not detected in 10 s (counted as a miss)"
			echo 10000 >>"$out"
			MISSES=$((MISSES + 1))
		fi
		sleep 0.3
	done
}
stat_of() {	# FILE: "median p99 max" (nearest rank)
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		p99 = int(0.99 * NR + 0.999); if (p99 < 1) p99 = 1
		printf "%d %d %d", v[int((NR + 1) / 2)], v[p99], v[NR] }'
}

# downs WHO: real servers taken out by the daemon so far (log lines).
downs() {
	if [ "$1" = ipd ]; then
		grep -c "health: RS .* is down" "$W/ipd.log"
	else
		grep -c "Removing service" "$W/ka.log"
	fi
}

# syscalls CP OUT: strace -c the checker CP for BENCH_STRACE seconds; sets
# R_SYS (system calls per check, checks = connect() calls) and logs the
# most frequent calls per check.
syscalls() {
	local cp=$1 out=$2
	R_SYS=-
	[ "$BENCH_STRACE" -gt 0 ] 2>/dev/null || return 0
	command -v strace >/dev/null || { lab_log "strace not installed"; return 0; }
	timeout -s INT "$BENCH_STRACE" strace -c -f -p "$cp" -o "$out" >/dev/null 2>&1
	R_SYS=$(awk '$NF == "connect" { c = $4 } $NF == "total" { t = $4 }
		END { if (c > 0) printf "%.1f", t / c; else print "-" }' "$out")
	lab_log "syscalls per check: $R_SYS ($(awk '$NF == "connect" { c = $4 }
		NF >= 5 && $1 ~ /^[0-9.]+$/ && $NF != "total" { n[$NF] = $4 }
		END { for (s in n) if (c > 0) printf "%s %.2f\n", s, n[s] / c }' "$out" |
		sort -k2 -rn | head -8 | tr '\n' ',' | sed 's/,$//'))"
}

# measure WHO CHECK: one daemon, one check type; sets R_* variables.
measure() {
	local who=$1 ck=$2 t0 c0 g0 a0 t1 c1 g1 a1 cp secs d0 b0 i0 b1 i1 f0 f1
	baseline "$who" "$ck"
	R_BASE=$BASE_RSS
	lab_step "$who $ck: start, wait for $N destinations"
	t0=$(now_ms)
	start_daemon "$who" "$W/$ck.conf"
	lab_wait_for 600 "$who: $N destinations" full "$who" "$N"
	R_START=$(($(now_ms) - t0))
	cp=$(checker_pid "$who")
	[ -n "$cp" ] || lab_fail "$who: no checker process"
	sleep 5
	lab_step "$who $ck: CPU over ${BENCH_WINDOW}s (checker $cp)"
	d0=$(downs "$who")
	read -r b0 i0 < <(cpu_busy)
	f0=$(ticks "$FARM_PID")
	t0=$(now_ms) c0=$(ticks "$cp") g0=$(group_ticks "$PID") a0=$(farm_accepts)
	sleep "$BENCH_WINDOW"
	t1=$(now_ms) c1=$(ticks "$cp") g1=$(group_ticks "$PID") a1=$(farm_accepts)
	f1=$(ticks "$FARM_PID")
	read -r b1 i1 < <(cpu_busy)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
	R_CPU=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v s="$secs" 'BEGIN { printf "%.1f", 100 * t / hz / s }')
	R_GCPU=$(awk -v t=$((g1 - g0)) -v hz="$HZ" -v s="$secs" 'BEGIN { printf "%.1f", 100 * t / hz / s }')
	R_FARM=$(awk -v t=$((f1 - f0)) -v hz="$HZ" -v s="$secs" 'BEGIN { printf "%.1f", 100 * t / hz / s }')
	R_BUSY=$(awk -v b=$((b1 - b0)) -v i=$((i1 - i0)) 'BEGIN { printf "%.0f", (b + i > 0 ? 100 * b / (b + i) : 0) }')
	R_RATE=$(awk -v n=$((a1 - a0)) -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
	R_PERCK=$(awk -v c="$R_CPU" -v r="$R_RATE" 'BEGIN { printf "%.3f", (r > 0 ? 10 * c / r : 0) }')
	R_FLAPS=$(($(downs "$who") - d0))
	R_RSS=$(rss_kb "$cp")
	R_GRSS=$(ps -o rss= -g "$PID" | awk '{ s += $1 } END { print s + 0 }')
	lab_log "$who $ck: checker CPU $R_CPU %, group CPU $R_GCPU %, $R_RATE checks/s, checker RSS $R_RSS kB (1x1: $R_BASE kB), group RSS $R_GRSS kB, rs_farm CPU $R_FARM %, guest CPU busy $R_BUSY %"
	lab_step "$who $ck: $BENCH_KILLS kills"
	MISSES=0
	detect "$who" "$W/detect-$who-$ck"
	R_MISS=$MISSES
	read -r R_MED R_P99 R_MAX < <(stat_of "$W/detect-$who-$ck")
	lab_log "$who $ck: detection median $R_MED ms, p99 $R_P99 ms, max $R_MAX ms ($(tr '\n' ' ' <"$W/detect-$who-$ck"))"
	[ "$(dests "$who")" -ge $((N - BENCH_KILLS)) ] || lab_log "note: $who table not back to full yet"
	[ "$BENCH_STRACE" != 0 ] && lab_step "$who $ck: system calls over ${BENCH_STRACE}s"
	syscalls "$cp" "$W/strace-$who-$ck"
	stop_daemon "$PID"
	[ -n "$LAB_OUT" ] && tail -c 200000 "$W/$who.log" >"$LAB_OUT/$who-$ck.log"
}

declare -A RES
for ck in $BENCH_CHECKS; do
	bench_conf "$W/$ck.conf" "$ck" "$BENCH_VS" "$BENCH_RS"
	for who in ipd ka; do
		measure "$who" "$ck"
		for v in START CPU GCPU RATE PERCK FLAPS FARM BUSY RSS GRSS BASE MED P99 MAX MISS SYS; do
			eval "RES[$who.$ck.$v]=\$R_$v"
		done
	done
done

row() {	# LABEL KEY CHECK [FORMAT]
	local a=${RES[ka.$3.$2]} b=${RES[ipd.$3.$2]}
	printf '%-38s %12s %12s %10s\n' "$1" "$a" "$b" \
		"$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')"
}
perrs() { awk -v k="$1" -v n="$N" 'BEGIN { printf "%.0f", k * 1024 / n }'; }
marg() { awk -v k="$1" -v b="$2" -v n="$N" 'BEGIN { printf "%.0f", (k - b) * 1024 / (n - 1 > 0 ? n - 1 : 1) }'; }
echo
echo "== health checking: $BENCH_VS virtual servers x $BENCH_RS real servers = $N checked real servers, delay_loop 1"
for ck in $BENCH_CHECKS; do
	for who in ipd ka; do
		RES[$who.$ck.PERRS]=$(perrs "${RES[$who.$ck.RSS]}")
		RES[$who.$ck.MARG]=$(marg "${RES[$who.$ck.RSS]}" "${RES[$who.$ck.BASE]}")
	done
	echo
	printf '%-38s %12s %12s %10s\n' "$ck" "keepalived" "ipvsd" "ipvsd/ka"
	row "start to full table (ms)" START "$ck"
	row "checks done per second (want $N)" RATE "$ck"
	row "false downs during the CPU window" FLAPS "$ck"
	row "checker CPU (% of one core)" CPU "$ck"
	row "checker CPU per check (ms)" PERCK "$ck"
	row "whole daemon CPU (%)" GCPU "$ck"
	row "rs_farm CPU (%)" FARM "$ck"
	row "guest CPU busy, all processes (%)" BUSY "$ck"
	row "checker VmRSS (kB)" RSS "$ck"
	row "checker VmRSS, 1x1 config (kB)" BASE "$ck"
	row "checker VmRSS per real server (B)" PERRS "$ck"
	row "marginal per real server (B)" MARG "$ck"
	row "whole daemon RSS (kB)" GRSS "$ck"
	row "detection median (ms)" MED "$ck"
	row "detection p99 (ms)" P99 "$ck"
	row "detection max (ms)" MAX "$ck"
	row "kills not detected in 10 s" MISS "$ck"
	[ "$BENCH_STRACE" != 0 ] && row "checker system calls per check" SYS "$ck"
done
echo
echo "when the guest is saturated (checks done < wanted), compare CPU per check, not CPU %"
echo "targets: ipvsd checker CPU <= 0.5 x keepalived's; detection p99 <= 2100 ms (delay_loop 1 s + connect_timeout 1 s + 100 ms); marginal memory <= 2048 B per real server"
echo "detection is measured by polling ipvsctl -L -n -t VIP from a shell: each poll costs tens of ms in the guest, included in the numbers"
