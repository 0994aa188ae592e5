#!/bin/bash
# lab-timeout: 1800
# Benchmark: ipvsd against Debian's keepalived -C on one keepalived.conf of
# BENCH_VS (default 1000) virtual servers x 10 real servers, no checkers
# (both put every real server in at start).  Run it with
#   tests/lab/run.sh -v tests/bench/daemon-start.sh
#
# Each daemon runs in its own network namespace, in the same lab run:
#  (a) start: from exec to the complete kernel table: the last real
#      server of the last service is polled every 10 ms with a one-service
#      netlink query by one long-lived process (ipvs_probe waitdest,
#      started with the daemon: the poller costs the daemon almost no
#      CPU, where a fork of ipvsctl per poll took a large share of the
#      guest's one CPU), then one full dump confirms that every destination
#      is there (else polling goes on); the time is that of the first
#      check.  (A full dump takes about a second in the lab, and
#      /proc/net/ip_vs longer: too coarse to poll with.);
#  (b) reload (SIGHUP) with one weight changed: time until the kernel shows
#      the new weight, and the number of netlink messages each daemon
#      sends for it.  ipvsd logs its operation count ("ipvs sync (reload):
#      N operations"); for both daemons the netlink send calls are counted
#      by strace (-f, sendmsg/sendto on AF_NETLINK sockets) in a second
#      reload, so that strace does not slow the timed one;
#  (c) RSS of each daemon's process tree (sum of VmRSS) after start.
# Prints a table with ratios (keepalived / ipvsd).  BENCH_REPEAT (default
# 3) rounds of (a); the best of each is compared.  Noise never fails the
# run; it fails only if a daemon does not build the table, or the tables
# differ.  Target: ipvsd >= 10x sooner than keepalived at (a).
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/../lab}/lib.sh"
lab_init
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
PROBE=${IPVS_PROBE:-$BUILDDIR/tests/lab/progs/ipvs_probe}
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM" "$KEEPALIVED" "$PROBE"

BENCH_VS=${BENCH_VS:-1000}
BENCH_DESTS=10
BENCH_REPEAT=${BENCH_REPEAT:-3}
W=$LAB_TMP/bench-daemon
WANT=$((BENCH_VS * BENCH_DESTS))
rm -rf "$W"
mkdir -p "$W"
# keep the daemons' logs with the results, whatever happens
trap 'cp "$W"/*.log "$W"/*.strace "$LAB_OUT"/ 2>/dev/null; lab_cleanup' EXIT

# bench_conf FILE [CHANGED_WEIGHT]: BENCH_VS services 10.x.y.z:80 (wrr, DR)
# with BENCH_DESTS real servers each in 172.16.0.0/12; the first real
# server of the first service gets CHANGED_WEIGHT (default 1).
bench_conf() {
	awk -v n="$BENCH_VS" -v d="$BENCH_DESTS" -v w1="${2:-1}" '
	function ip(base, i) {
		return sprintf("%d.%d.%d.%d", base, 16 * (base == 172) + int(i / 65536) % 256,
			int(i / 256) % 256, i % 256)
	}
	BEGIN {
		print "global_defs {\n    router_id bench\n}"
		for (s = 1; s <= n; s++) {
			printf "virtual_server %s 80 {\n    protocol TCP\n    lb_algo wrr\n    lb_kind DR\n", ip(10, s)
			for (r = 0; r < d; r++) {
				w = (s == 1 && r == 0) ? w1 : r % 3 + 1
				printf "    real_server %s 80 {\n        weight %d\n    }\n", ip(172, s * d + r), w
			}
			print "}"
		}
	}' >"$1"
}

bench_ns() {
	ip netns del "$1" 2>/dev/null
	ip netns add "$1" || lab_fail "ip netns add $1"
	LAB_NETNS+=("$1")
	ip -n "$1" -batch - <<EOF || lab_fail "namespace $1 setup"
link set lo up
link add dum0 type dummy
addr add 172.16.0.1/12 dev dum0
link set dum0 up
EOF
}

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

# dests NS: destinations in the namespace's table, through one netlink
# dump ($IPVSCTL -S -n).  Not /proc/net/ip_vs: the kernel walks its table
# from the start for every page of that file, and one read of 10,000
# destinations takes about a second in the lab.
dests() { nsenter --net="/run/netns/$1" "$IPVSCTL" -S -n | grep -c '^-a'; }
# weight_of NS: weight of 172.16.0.10:80, the first real server of the
# first service (one service is listed, not the table).
weight_of() {
	nsenter --net="/run/netns/$1" "$IPVSCTL" -L -n -t 10.0.0.1:80 |
		awk '$2 == "172.16.0.10:80" { print $4; exit }'
}

# wait_until SECONDS CMD...: poll every 20 ms; 0 when CMD succeeded.
# (Runs in this shell, so CMD may set variables.)
wait_until() {
	local end=$((SECONDS + $1))
	shift
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.02
	done
	return 1
}
weight_is() { [ "$(weight_of "$1")" = "$2" ]; }

# start_daemon ipd|ka CONF: start in namespace b-NAME under setsid; sets PID.
start_daemon() {
	local who=$1 conf=$2
	if [ "$who" = ipd ]; then
		nsenter --net=/run/netns/b-ipd setsid "$IPVSD" -n -l -f "$conf" -p "$W/ipd.pid" \
			-c "$W/ipd-check.pid" --control-socket "$W/ipd.ctl" >"$W/ipd.log" 2>&1 &
	else
		# -l -G: log to the file only, as ipvsd does (the guest's syslog
		# goes to its slow console)
		nsenter --net=/run/netns/b-ka setsid "$KEEPALIVED" -n -l -G -C -f "$conf" \
			-p "$W/ka.pid" -c "$W/ka-check.pid" >"$W/ka.log" 2>&1 &
	fi
	PID=$!
}

# stop_daemon PID: SIGTERM to its process group, wait.
stop_daemon() {
	kill -TERM -- "-$1" 2>/dev/null
	wait "$1" 2>/dev/null
	sleep 0.5
}

# tree_rss PGID: sum of VmRSS (kB) of the processes of the group.
tree_rss() {
	ps -o rss= -g "$1" | awk '{ s += $1 } END { print s + 0 }'
}

# netlink_sends FILE: AF_NETLINK sendmsg/sendto calls in an strace log.
netlink_sends() {
	grep -E 'send(msg|to)\(' "$1" | grep -c 'AF_NETLINK\|nlmsg_'
}

bench_conf "$W/a.conf" 1
bench_conf "$W/b.conf" 7
read -r LAST_VS LAST_RS < <(awk -v n="$BENCH_VS" -v d="$BENCH_DESTS" '
	function ip(base, i) {
		return sprintf("%d.%d.%d.%d", base, 16 * (base == 172) + int(i / 65536) % 256,
			int(i / 256) % 256, i % 256)
	}
	BEGIN { print ip(10, n), ip(172, n * d + d - 1) }')
grep -q "real_server $LAST_RS 80" "$W/a.conf" || lab_fail "last real server $LAST_RS not in the file"

T_IPD="" T_KA=""
for round in $(seq 1 "$BENCH_REPEAT"); do
	lab_step "round $round: start to a complete table ($WANT destinations)"
	for who in ipd ka; do
		bench_ns "b-$who"
		[ "$who" = ipd ] && rm -f "$W/ipd.log"
		t0=$(now)
		start_daemon "$who" "$W/a.conf"
		nsenter --net="/run/netns/b-$who" "$PROBE" waitdest "$LAST_VS" 80 "$LAST_RS" \
			"$WANT" 300 >"$W/wait.out"
		read -r _ T_SEEN < <(grep '^seen ' "$W/wait.out")
		if ! grep -q '^complete ' "$W/wait.out"; then
			tail -20 "$W/$who.log"
			lab_fail "$who: table incomplete ($(cat "$W/wait.out"))"
		fi
		t=$(elapsed "$t0" "$T_SEEN")
		if [ "$who" = ipd ]; then
			lab_log "$who: $t s"
			T_IPD=$(min "$t" "$T_IPD")
		else
			lab_log "$who: $t s"
			T_KA=$(min "$t" "$T_KA")
		fi
		if [ "$round" -lt "$BENCH_REPEAT" ]; then
			# not timed: kill, the namespace goes with its table
			kill -KILL -- "-$PID" 2>/dev/null
			wait "$PID" 2>/dev/null
		else
			eval "PID_$who=$PID"
		fi
	done
done
# shellcheck disable=SC2154 # set through eval
{ P_IPD=$PID_ipd; P_KA=$PID_ka; }

lab_step "the harness's own start: nsenter + setsid before the daemon's exec"
# Both daemons are started as "nsenter --net=NS setsid DAEMON": two more
# programs to exec before the daemon's own, which systemd would not run.
# Their cost, the same for both daemons, is the median of 5 runs of
# "nsenter setsid /bin/true" less that of /bin/true alone; (a') subtracts
# it from both start times.
median5() { sort -n | sed -n 3p; }
H_WRAP=$(for i in 1 2 3 4 5; do
	t0=$(now); nsenter --net=/run/netns/b-ipd setsid /bin/true; elapsed "$t0" "$(now)"; echo
done | median5)
H_TRUE=$(for i in 1 2 3 4 5; do
	t0=$(now); /bin/true; elapsed "$t0" "$(now)"; echo
done | median5)
HARN=$(awk -v a="$H_WRAP" -v b="$H_TRUE" 'BEGIN { d = a - b; printf "%.3f", (d > 0) ? d : 0 }')
lab_log "nsenter setsid /bin/true: $H_WRAP s, /bin/true: $H_TRUE s, harness: $HARN s"
T_KA2=$(awk -v a="$T_KA" -v h="$HARN" 'BEGIN { printf "%.3f", a - h }')
T_IPD2=$(awk -v a="$T_IPD" -v h="$HARN" 'BEGIN { printf "%.3f", a - h }')

lab_step "reference: the same table restored by ipvsctl -R (one batch, no daemon)"
awk '/^virtual_server/ { vs = $2 } /^    real_server/ { rs = $2 }
	/^    lb_algo/ { printf "-A -t %s:80 -s %s\n", vs, $2 }
	/^        weight/ { printf "-a -t %s:80 -r %s:80 -g -w %s\n", vs, rs, $2 }' \
	"$W/a.conf" >"$W/rules"
bench_ns b-ref
t0=$(now)
nsenter --net=/run/netns/b-ref "$IPVSCTL" -R <"$W/rules" || lab_fail "ipvsctl -R failed"
T_REF=$(elapsed "$t0" "$(now)")
lab_log "ipvsctl -R: $T_REF s"
[ "$(nsenter --net=/run/netns/b-ref "$IPVSADM" -S -n | sort)" = \
	"$(nsenter --net=/run/netns/b-ka "$IPVSADM" -S -n | sort)" ] ||
	lab_fail "the restored reference table differs from keepalived's"
ip netns del b-ref

lab_step "the two tables are the same"
sleep 1
t0=$(now)
dests b-ipd >/dev/null
POLL=$(elapsed "$t0" "$(now)")
lab_log "one full dump of the table: $POLL s"
a=$(nsenter --net=/run/netns/b-ipd "$IPVSADM" -S -n | sort)
b=$(nsenter --net=/run/netns/b-ka "$IPVSADM" -S -n | sort)
[ "$a" = "$b" ] || lab_fail "ipvsd's and keepalived's tables differ"
lab_ok "identical ($(echo "$a" | wc -l) lines)"

lab_step "RSS of each process tree after start"
R_IPD=$(tree_rss "$P_IPD")
R_KA=$(tree_rss "$P_KA")
lab_log "ipvsd: $R_IPD kB ($(ps -o pid= -g "$P_IPD" | wc -l) processes)," \
	"keepalived: $R_KA kB ($(ps -o pid= -g "$P_KA" | wc -l) processes)"

lab_step "reload with one weight changed (timed, no strace)"
cp "$W/b.conf" "$W/a.conf"
for who in ipd ka; do
	p=P_IPD; [ "$who" = ka ] && p=P_KA
	t0=$(now)
	kill -HUP "${!p}"
	wait_until 300 weight_is "b-$who" 7 || lab_fail "$who: reload not applied"
	t=$(elapsed "$t0" "$(now)")
	eval "RL_$who=$t"
	lab_log "$who: $t s"
done
OPS_IPD=$(grep "ipvs sync (reload)" "$W/ipd.log" | tail -1 | sed 's/.*: \([0-9]*\) operation.*/\1/')

lab_step "reload back (weight 1) under strace: netlink messages sent"
bench_conf "$W/a.conf" 1
for who in ipd ka; do
	p=P_IPD; [ "$who" = ka ] && p=P_KA
	pids=$(ps -o pid= -g "${!p}" | tr -s ' \n' ' ')
	args=()
	for x in $pids; do args+=(-p "$x"); done
	strace -f -qq -e trace=sendmsg,sendto -s 0 -o "$W/$who.strace" "${args[@]}" &
	st=$!
	sleep 1		# strace attached
	kill -HUP "${!p}"
	wait_until 300 weight_is "b-$who" 1 || lab_fail "$who: reload not applied"
	sleep 2		# anything sent after the weight shows
	kill -INT "$st"
	wait "$st" 2>/dev/null
	eval "NL_$who=$(netlink_sends "$W/$who.strace")"
done
OPS_IPD2=$(grep "ipvs sync (reload)" "$W/ipd.log" | tail -1 | sed 's/.*: \([0-9]*\) operation.*/\1/')

stop_daemon "$P_IPD"
stop_daemon "$P_KA"

# shellcheck disable=SC2154 # RL_*, NL_* set through eval
{
	echo
	echo "== ipvsd vs keepalived -C: $BENCH_VS virtual servers x $BENCH_DESTS real servers"
	printf '%-44s %12s %12s %8s\n' "measure" "keepalived" "ipvsd" "ka/ipvsd"
	printf '%-44s %12s %12s %8s\n' "(a) start -> complete table, best of $BENCH_REPEAT (s)" \
		"$T_KA" "$T_IPD" "$(ratio "$T_KA" "$T_IPD")"
	printf '%-44s %12s %12s %8s\n' "(a') the same less the harness ($HARN s)" \
		"$T_KA2" "$T_IPD2" "$(ratio "$T_KA2" "$T_IPD2")"
	printf '%-44s %12s %12s %8s\n' "(a) reference: ipvsctl -R of that table (s)" \
		"-" "$T_REF" "$(ratio "$T_KA" "$T_REF")"
	printf '%-44s %12s %12s %8s\n' "(b) reload, 1 weight: time to applied (s)" \
		"$RL_ka" "$RL_ipd" "$(ratio "$RL_ka" "$RL_ipd")"
	printf '%-44s %12s %12s %8s\n' "(b) reload, 1 weight: netlink sends (strace)" \
		"$NL_ka" "$NL_ipd" "$(ratio "$NL_ka" "$NL_ipd")"
	printf '%-44s %12s %12s %8s\n' "(b) reload: ipvsd logged operations" "-" \
		"$OPS_IPD/$OPS_IPD2" "-"
	printf '%-44s %12s %12s %8s\n' "(c) RSS of the process tree (kB)" \
		"$R_KA" "$R_IPD" "$(ratio "$R_KA" "$R_IPD")"
	echo "(a) polled every 10 ms by one process (one-service query), confirmed by a full dump ($POLL s)"
	echo "(a') harness: nsenter + setsid run before each daemon's exec (median of 5)"
	echo "target (a): ipvsd >= 10x sooner: $(awk -v r="$(ratio "$T_KA" "$T_IPD")" \
		'BEGIN { print (r + 0 >= 10) ? "met" : "NOT met" }')"
} | tee "$LAB_OUT/daemon-start.txt"
lab_finish
