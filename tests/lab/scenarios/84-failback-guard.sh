#!/bin/bash
# lab-timeout: 420
# Failback guard (doc/failback.md): two ipvsd directors, VRRPv3 at 1 s
# (faster adverts are lost to scheduling delays on a loaded lab host),
# in front of two direct-routing real servers checked by TCP_CHECK.
#   dirA 10.0.0.5 priority 150 (preferred), dirB 10.0.0.6 priority 100.
# 1. warm backup: the BACKUP director's table is programmed and checked;
# 2. link cut and restore: dirA's checkers fail while cut off (its table
#    empties); back on the link it stays BACKUP until its table has live
#    real servers, then preempts;
# 3. daemon restart of dirA (alpha: the table starts empty): no takeover
#    before the table is ready;
# 4. cold start alone with no reachable real server: master after
#    Master_Down_Interval even with an empty table;
# 5. control: with "vrrp_lvs_ready_guard off" the same link cut and restore
#    gives keepalived's behaviour (VIP taken with an empty table), which
#    shows the checks of step 2 can fail.
# The outage measurement is the failover benchmark's (not here).
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=${LAB_OUT:-$LAB_TMP}/failback	# kept with the results
mkdir -p "$W"
DELAY_LOOP=3

lab_init
lab_need_bin "$IPVSD" "$IPVSADM"

# conf NS PRIO [GLOBAL_LINE]
write_conf() {
	cat >"$W/$1.conf" <<CONF
global_defs {
    router_id $1
    ${3:-}
}
vrrp_instance VI_1 {
    interface eth0
    state BACKUP
    virtual_router_id 61
    version 3
    advert_int 1
    priority $2
    virtual_ipaddress {
        $LAB_VIP/24
    }
}
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop $DELAY_LOOP
    alpha
    real_server $(lab_rs_ip 1) 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server $(lab_rs_ip 2) 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
CONF
}

declare -A PID
start_dir() {	# start_dir NS
	local ns=$1
	echo "== start $(date +%T.%N)" >>"$W/$ns.log"
	nsenter --net="/run/netns/$ns" setsid "$IPVSD" -n -l -D -f "$W/$ns.conf" \
		-p "$W/$ns.pid" -c "$W/$ns.checkers.pid" -r "$W/$ns.vrrp.pid" \
		--control-socket "$W/$ns.ctl" >>"$W/$ns.log" 2>&1 </dev/null &
	PID[$ns]=$!
	LAB_PIDS+=("$!")
}

stop_dir() {	# stop_dir NS: SIGTERM the whole process group, wait
	local ns=$1 p=${PID[$1]:-} i
	[ -n "$p" ] || return 0
	kill -TERM -- "-$p" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$p" 2>/dev/null && { lab_check_failed "$ns did not stop"; kill -KILL -- "-$p"; }
	wait "$p" 2>/dev/null
	PID[$ns]=
}

has_vip() { ip -n "$1" addr show dev eth0 | grep -q " $LAB_VIP/"; }
no_vip() { ! has_vip "$1"; }
n_rs() { lab_in "$1" "$IPVSADM" -L -n 2>/dev/null | grep -c "^  -> 10\.0\.0\.1[12]:80"; }
rs_count_is() { [ "$(n_rs "$1")" = "$2" ]; }

# sampler NS OUT: every ~20 ms "vip rs_count" read from the namespace's
# /proc/net (fib_trie, ip_vs) with bash builtins only (forks are slow in
# the lab).  The VIP is read first, so a line "1 0" means the VIP was
# there while the table had no real server.
sampler() {
	rm -f "$LAB_TMP/sampler.fifo"
	mkdir -p "$LAB_TMP"; mkfifo "$LAB_TMP/sampler.fifo"
	# shellcheck disable=SC2016
	nsenter --net="/run/netns/$1" bash -c '
		vip=$1
		exec 3<>"$2"	# never written: read -t on it is a sleep
		while :; do
			v=0 n=0 prev=
			while read -r a b c _; do
				[ "$prev" = "|-- $vip" ] && [ "$b $c" = "host LOCAL" ] && v=1
				prev="$a $b"
			done </proc/net/fib_trie
			while read -r a b _; do
				[ "$a" = "->" ] && [ "$b" != RemoteAddress:Port ] && n=$((n + 1))
			done </proc/net/ip_vs
			echo "$v $n"
			read -r -t 0.02 -u 3 _ || :
		done' sampler "$LAB_VIP" "$LAB_TMP/sampler.fifo" >"$2" 2>/dev/null &
	SAMPLER=$!
	LAB_PIDS+=("$SAMPLER")
}
sampler_stop() { kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; }

# judge FILE LABEL NEED_HOLD: no sample with the VIP and an empty table;
# with NEED_HOLD, some sample shows the hold (no VIP, empty table).
judge() {
	local f=$1 label=$2 bad held total
	total=$(wc -l <"$f")
	bad=$(grep -c '^1 0$' "$f")
	held=$(grep -c '^0 0$' "$f")
	lab_log "$label: $total samples, $held held (no VIP, empty table), $bad VIP with empty table"
	lab_log "$label: sequence (count vip rs): $(uniq -c "$f" | awk '{ printf "%s:%s/%s ", $1, $2, $3 }')"
	if [ "$bad" -ne 0 ]; then
		lab_check_failed "$label: took the VIP before its table had a live real server"
	else
		lab_ok "$label: never held the VIP with an empty table"
	fi
	if [ "$3" = 1 ] && [ "$held" -eq 0 ]; then
		lab_check_failed "$label: the table was never empty after the restore: nothing was tested"
	fi
	grep -q '^1 [12]$' "$f" || lab_check_failed "$label: never master with a live real server"
}

# the "ready" log line precedes the last takeover in the VRRP child's log
ready_before_master() {
	awk '/LVS side ready/ { r = NR } /Entering MASTER STATE/ { m = NR }
	     END { exit !(r && m && r < m) }' "$W/$1.log"
}

lab_step "topology: client, rs1, rs2 (DR), directors dirA and dirB"
lab_ns client
lab_join client "$LAB_CLIENT_IP/24"
for i in 1 2; do
	lab_ns "rs$i"
	lab_join "rs$i" "$(lab_rs_ip "$i")/24"
	lab_dr_realserver "rs$i"
	lab_httpd "rs$i" "rs$i"
done
lab_ns dirA
lab_join dirA 10.0.0.5/24
lab_ns dirB
lab_join dirB 10.0.0.6/24
for i in 1 2; do
	lab_wait_for 10 "HTTP server rs$i" lab_in client \
		curl -sf -m 2 -o /dev/null "http://$(lab_rs_ip "$i")/"
done
write_conf dirA 150
write_conf dirB 100

lab_step "1. dirB alone, then dirA: the preferred master takes over once ready"
start_dir dirB
lab_wait_for 15 "dirB master" has_vip dirB
lab_wait_for 15 "dirB table ready" rs_count_is dirB 2
start_dir dirA
lab_wait_for 20 "dirA master" has_vip dirA
lab_wait_for 5 "dirB gives up the VIP" no_vip dirB
lab_assert_eq "warm backup: dirB (BACKUP) keeps both real servers" 2 "$(n_rs dirB)"
# the backup keeps checking: rs2 stops, both tables drop it; it comes
# back, both take it again, dirB still BACKUP
ip netns pids rs2 | xargs -r kill
lab_wait_for $((DELAY_LOOP * 3 + 5)) "warm backup: dirB drops the stopped rs2" rs_count_is dirB 1
lab_wait_for 5 "dirA drops it too" rs_count_is dirA 1
lab_httpd rs2 rs2
lab_wait_for $((DELAY_LOOP * 3 + 5)) "warm backup: dirB takes rs2 back" rs_count_is dirB 2
no_vip dirB || lab_check_failed "dirB holds the VIP"
lab_ok "warm backup: the BACKUP director's table follows its checks"
body=$(lab_in client curl -s -m 3 "http://$LAB_VIP/")
case $body in rs1 | rs2) lab_ok "client reaches the VIP through dirA ($body)" ;;
*) lab_check_failed "no answer through the VIP: '$body'" ;; esac

# blackhole ROUTE|none: dirA cannot reach the real servers (its checks
# fail) while VRRP works: the window in which the hold must be visible,
# made as long as the test needs instead of depending on check phases.
blackhole() {
	local i
	for i in 1 2; do
		ip -n dirA route "$1" blackhole "$(lab_rs_ip "$i")/32" ||
			lab_fail "route $1 blackhole in dirA"
	done
}
HOLD=6	# seconds held on purpose (Master_Down_Interval is ~3.4 s)

lab_step "2. cut dirA's link: dirB takes over, dirA's table empties"
ip link set v-dirA down
lab_wait_for 15 "dirB master" has_vip dirB
lab_wait_for $((DELAY_LOOP * 3 + 5)) "dirA's checkers fail, table empty" rs_count_is dirA 0
lab_step "2. restore the link (real servers still unreachable from dirA for ${HOLD}s)"
blackhole add
sampler dirA "$W/linkcut.samples"
ip link set v-dirA up
sleep "$HOLD"
if no_vip dirA && has_vip dirB; then
	lab_ok "dirA held: BACKUP with an empty table, dirB serves"
else
	lab_check_failed "dirA took over with an empty table (or dirB lost the VIP)"
fi
blackhole del
lab_wait_for $((DELAY_LOOP * 3 + 15)) "dirA master once its table is back" has_vip dirA
sleep 0.3
sampler_stop
judge "$W/linkcut.samples" "link restore" 1
ready_before_master dirA || lab_check_failed "no 'LVS side ready' before dirA's takeover"
grep -q "LVS side not ready: holding preemption" "$W/dirA.log" ||
	lab_check_failed "dirA never logged the hold"
lab_wait_for 5 "dirB backup" no_vip dirB

lab_step "3. restart dirA (alpha: empty table at start, servers unreachable ${HOLD}s)"
stop_dir dirA
lab_wait_for 15 "dirB master" has_vip dirB
blackhole add
sampler dirA "$W/restart.samples"
start_dir dirA
sleep "$HOLD"
if no_vip dirA && has_vip dirB; then
	lab_ok "restarted dirA held while its table is empty"
else
	lab_check_failed "restarted dirA took over with an empty table (or dirB lost the VIP)"
fi
blackhole del
lab_wait_for $((DELAY_LOOP * 3 + 15)) "dirA master again" has_vip dirA
sleep 0.3
sampler_stop
judge "$W/restart.samples" "restart" 1
ready_before_master dirA || lab_check_failed "no 'LVS side ready' before dirA's takeover"

lab_step "4. cold start alone, real servers unreachable: master anyway"
stop_dir dirA
stop_dir dirB
blackhole add
t0=$SECONDS
start_dir dirA
lab_wait_for 20 "dirA master with no peer" has_vip dirA
lab_log "dirA master after ~$((SECONDS - t0)) s"
lab_assert_eq "its table is empty" 0 "$(n_rs dirA)"
tail -n 40 "$W/dirA.log" | grep -q "LVS side not ready: holding preemption" ||
	lab_check_failed "dirA was not held at the cold start (nothing tested)"
stop_dir dirA
blackhole del

lab_step "5. control: guard off, same link cut and restore (keepalived's behaviour)"
write_conf dirA 150 "vrrp_lvs_ready_guard off"
write_conf dirB 100 "vrrp_lvs_ready_guard off"
from=$(($(wc -l <"$W/dirA.log") + 1))
start_dir dirB
lab_wait_for 15 "dirB master" has_vip dirB
lab_wait_for 15 "dirB table ready" rs_count_is dirB 2
start_dir dirA
lab_wait_for 20 "dirA master" has_vip dirA
lab_wait_for 15 "dirA table ready" rs_count_is dirA 2
ip link set v-dirA down
lab_wait_for 15 "dirB master" has_vip dirB
lab_wait_for $((DELAY_LOOP * 3 + 5)) "dirA table empty" rs_count_is dirA 0
blackhole add
sampler dirA "$W/control.samples"
ip link set v-dirA up
sleep "$HOLD"
blackhole del
lab_wait_for $((DELAY_LOOP * 3 + 5)) "dirA table back" rs_count_is dirA 2
sampler_stop
bad=$(grep -c '^1 0$' "$W/control.samples")
lab_log "guard off: $bad sample(s) with the VIP and an empty table"
if [ "$bad" -gt 0 ]; then
	lab_ok "guard off reproduces keepalived's outage window (the checks above can fail)"
else
	lab_check_failed "guard off: dirA did not take the VIP with an empty table"
fi
if tail -n "+$from" "$W/dirA.log" | grep -q "LVS side not ready"; then
	lab_check_failed "guard off: dirA still held"
fi
stop_dir dirA
stop_dir dirB
lab_finish
