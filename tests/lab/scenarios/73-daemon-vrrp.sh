#!/bin/bash
# lab-timeout: 420
# ipvsd running VRRP in its child process (keepalived's process model),
# against Debian's keepalived (-P) on the same VRID, each in its own
# director namespace ("ka" 10.0.0.11, "ours" 10.0.0.12; 80-vrrp-common.inc):
#  - full ipvsd (VRRP + LVS + a TCP_CHECK'd real server) wins the election
#    with the higher priority and loses it with the lower one; the VIP moves;
#    `ipvsctl status` lists the instance with its state; pid files;
#  - SIGHUP on the master: no VRRP transition, no address removed (ip
#    monitor); a reload adding/removing a VIP touches only that address; a
#    broken file is refused by the parent and never reaches the child;
#  - kill -9 of the VRRP child: respawned, consistent, the VIP is never held
#    by both nodes for more than ~2 advert intervals;
#  - SIGTERM: the VRRP child stops first (priority 0: keepalived takes over
#    within about one advert interval), then the health child, then the
#    IPVS table is removed;
#  - -P: VRRP only, the IPVS table is left alone, no health child;
#  - -C: vrrp_instance ignored, LVS side only.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
W=$LAB_TMP/daemon-vrrp
LOG=$VRRP_LOGDIR/ipvsd.log
VIP=10.0.0.100
VIP2=10.0.0.101
VIP3=10.0.0.102
RS=10.0.0.21
IPD=
MON=
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl
trap 'ipd_stop; mon_stop; vrrp_stop_all; lab_cleanup' EXIT
mkdir -p "$W"
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM"
vrrp_topology
lab_ns rs1
lab_join rs1 "$RS/24"
lab_httpd rs1 rs1

# conf FILE PRIO [EXTRA-VIP [SECOND-INSTANCE-VIP]]: ipvsd's full
# configuration; the second instance is VI_2, VRID 52, alone on it.
conf() {
	cat >"$1" <<EOF
global_defs {
  router_id ours
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority $2
  advert_int 1
  virtual_ipaddress {
    $VIP/24
${3:+    $3/24}
  }
}
${4:+vrrp_instance VI_2 {
  interface eth0
  virtual_router_id 52
  priority 100
  advert_int 1
  virtual_ipaddress {
    $4/24
  \}
\}}
virtual_server $VIP 80 {
  protocol TCP
  lb_algo rr
  lb_kind DR
  delay_loop 1
  real_server $RS 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 1
    }
  }
}
EOF
}

ipd_start() {	# ipd_start CONF [OPTION...]
	local c=$1
	shift
	echo "== ipvsd $* $c at $(date +%T.%N)" >>"$LOG"
	nsenter --net=/run/netns/ours setsid "$IPVSD" -n -l "$@" -f "$c" \
		-p "$W/ipvsd.pid" -c "$W/checkers.pid" -r "$W/vrrp.pid" \
		--control-socket "$W/ipvsd.ctl" >>"$LOG" 2>&1 </dev/null &
	IPD=$!
	LAB_PIDS+=("$IPD")
	lab_wait_for 10 "ipvsd control socket" "$IPVSCTL" status
}

# ipd_stop: SIGTERM to the parent only (it stops its children), then
# ipd_wait.  ipd_wait: the exit status goes to IPD_RC.
ipd_stop() {
	[ -n "$IPD" ] || return 0
	VRRP_T0=$(date +%s%N)
	kill -TERM "$IPD" 2>/dev/null
	ipd_wait
}
ipd_wait() {
	timeout 20 tail --pid="$IPD" -f /dev/null || kill -9 -- "-$IPD"
	wait "$IPD"
	IPD_RC=$?
	IPD=
}

mon_start() {
	nsenter --net=/run/netns/ours stdbuf -oL ip monitor address >"$W/mon.log" 2>&1 &
	MON=$!
	sleep 0.3
}
mon_stop() { [ -z "$MON" ] || kill "$MON" 2>/dev/null; MON=; }

st() { "$IPVSCTL" status; }
vrrp_pid() { st | sed -n 's/^VRRP child pid \([0-9]*\),.*/\1/p'; }
inst_state() { st | sed -n 's/^VRRP instance VI_1 state \([A-Z]*\) .*/\1/p'; }
inst_trans() { st | sed -n 's/^VRRP instance VI_1 .* transitions \([0-9]*\).*/\1/p'; }
state_is() { [ "$(inst_state)" = "$1" ]; }
ours_table() { lab_in ours "$IPVSADM" -S -n; }
has_rs() { ours_table | grep -q -- "-r $RS:80"; }
entering() { grep -c "(VI_1) Entering" "$LOG"; }

# split_watch SECONDS WANT: sample the VIP's holder; the longest period
# during which both nodes held it must stay under 2.5 s (2 advert
# intervals plus sampling slack); the VIP must end at WANT.  Sets
# SPLIT_LEFT_OURS to the number of samples where ours did not hold it.
split_watch() {
	local end=$((SECONDS + $1)) want=$2 now t0= worst=0 got
	SPLIT_LEFT_OURS=0
	while [ "$SECONDS" -lt "$end" ]; do
		got=$(vrrp_where $VIP)
		now=$(date +%s%N)
		case $got in ka|none) SPLIT_LEFT_OURS=$((SPLIT_LEFT_OURS + 1)) ;; esac
		if [ "$got" = both ]; then
			[ -n "$t0" ] || t0=$now
			[ $(((now - t0) / 1000000)) -le "$worst" ] ||
				worst=$(((now - t0) / 1000000))
		else
			t0=
		fi
		sleep 0.1
	done
	lab_log "measured: longest time both held the VIP: ${worst} ms"
	echo "split brain after kill -9 of the VRRP child: ${worst} ms" >>"$VRRP_LOGDIR/measurements"
	[ "$worst" -le 2500 ] || lab_check_failed "both nodes held the VIP for ${worst} ms"
	lab_assert_eq "VIP at $want at the end" "$want" "$(vrrp_where $VIP)"
}

conf "$W/ours-high.conf" 150
conf "$W/ours-low.conf" 100
conf "$W/ours-high2.conf" 150 $VIP2
conf "$W/ours-p50.conf" 50
conf "$W/ours-two.conf" 150 "" $VIP3
vrrp_conf "$W/ka-low.conf" ka 100 "state BACKUP" "advert_int 1" \
	"virtual_ipaddress {" "$VIP/24" "}"
vrrp_conf "$W/ka-high.conf" ka 200 "state BACKUP" "advert_int 1" \
	"virtual_ipaddress {" "$VIP/24" "}"

lab_step "full ipvsd (priority 150) and keepalived (100): ipvsd becomes master"
ka_start "$W/ka-low.conf"
sleep 0.5
cp "$W/ours-high.conf" "$W/cur.conf"
ipd_start "$W/cur.conf"
lab_wait_for 15 "VIP at ours" vrrp_is_at ours $VIP
vrrp_steady 3 $VIP ours
lab_wait_for 10 "real server checked into the table" has_rs
lab_assert_eq "status: VI_1 is MASTER" MASTER "$(inst_state)"
st | grep -q "^health-check child pid [0-9]" || lab_check_failed "no health child in status"
lab_assert_eq "vrrp.pid holds the VRRP child's pid" "$(vrrp_pid)" "$(cat "$W/vrrp.pid" 2>/dev/null)"
lab_assert_eq "checkers.pid holds the parent's pid" "$IPD" "$(cat "$W/checkers.pid" 2>/dev/null)"
lab_assert_cmd "dump --json lists VI_1 as MASTER" \
	bash -c "'$IPVSCTL' dump --json | grep -q '\"name\":\"VI_1\",\"state\":\"MASTER\"'"
lab_wait_for 10 "readiness sent once the real server was checked" \
	grep -q "vrrp: (VI_1) LVS side ready" "$LOG"
rm -f /tmp/ipvsd_vrrp.json
kill -USR1 "$IPD"
lab_wait_for 10 "SIGUSR1: the VRRP child's state in /tmp/ipvsd_vrrp.json" \
	grep -q '"name":"VI_1","interface":"eth0","vrid":51,"family":"inet","version":2,"state":"MASTER"' \
	/tmp/ipvsd_vrrp.json
grep -q '"address":"10.0.0.100","prefix":24,"ifindex":[0-9]*,"advertised":true,"installed":true' \
	/tmp/ipvsd_vrrp.json || lab_check_failed "the dump does not show the VIP installed"

lab_step "SIGHUP on the master: no transition, no address removed"
mon_start
n_enter=$(entering)
trans=$(inst_trans)
kill -HUP "$IPD"
lab_wait_for 10 "reload applied by the child" grep -q "vrrp: reload applied" "$LOG"
vrrp_steady 3 $VIP ours
lab_assert_eq "no VRRP transition logged" "$n_enter" "$(entering)"
lab_assert_eq "status: transitions unchanged" "$trans" "$(inst_trans)"
lab_assert_eq "no address deleted in ours" "" "$(grep Deleted "$W/mon.log")"

lab_step "reload adding a VIP: only that address is added, then removed"
cp "$W/ours-high2.conf" "$W/cur.conf"
: >"$W/mon.log"
"$IPVSCTL" reload >/dev/null || lab_check_failed "ipvsctl reload failed"
lab_wait_for 10 "second VIP added" vrrp_has ours $VIP2
# the monitor lags under load: wait until it has seen the addition
lab_wait_for 5 "ip monitor saw $VIP2 added" grep -q " $VIP2/" "$W/mon.log"
lab_assert_eq "nothing deleted while adding" "" "$(grep Deleted "$W/mon.log")"
mon_stop
mon_start
cp "$W/ours-high.conf" "$W/cur.conf"
kill -HUP "$IPD"
lab_wait_for 10 "second VIP removed" bash -c "! ip -n ours addr show dev eth0 | grep -q ' $VIP2/'"
lab_wait_for 5 "ip monitor saw $VIP2 deleted" grep -q "Deleted.* $VIP2/" "$W/mon.log"
sleep 1
lab_assert_eq "only the second VIP deleted" "1" "$(grep -c Deleted "$W/mon.log")"
grep Deleted "$W/mon.log" | grep -q " $VIP2/" || lab_check_failed "the deleted address is not $VIP2"
lab_assert_eq "still no transition" "$n_enter" "$(entering)"
mon_stop

lab_step "reload adding an instance starts it; removing it stops it, VI_1 untouched"
mon_start
cp "$W/ours-two.conf" "$W/cur.conf"
kill -HUP "$IPD"
lab_wait_for 15 "VI_2 master alone on VRID 52" vrrp_has ours $VIP3
lab_assert_eq "status lists VI_2 as MASTER" 1 \
	"$("$IPVSCTL" status | grep -c '^VRRP instance VI_2 state MASTER ')"
cp "$W/ours-high.conf" "$W/cur.conf"
kill -HUP "$IPD"
lab_wait_for 10 "VI_2's address removed" bash -c "! ip -n ours addr show dev eth0 | grep -q ' $VIP3/'"
lab_wait_for 5 "ip monitor saw $VIP3 deleted" grep -q "Deleted.* $VIP3/" "$W/mon.log"
sleep 1
lab_assert_eq "only VI_2's address deleted" "1" "$(grep -c Deleted "$W/mon.log")"
lab_assert_eq "VI_1: still no transition" "$n_enter" "$(entering)"
grep -q "(VI_2) reload: removed from the configuration" "$LOG" ||
	lab_check_failed "no log line for the removed instance"
"$IPVSCTL" status | grep -q "^VRRP instance VI_2" && lab_check_failed "status still lists VI_2"
mon_stop
vrrp_steady 1 $VIP ours

lab_step "a broken configuration is refused by the parent, never reaches the child"
echo "vrrp_instance BROKEN {" >>"$W/cur.conf"
applied=$(grep -c "vrrp: reload applied" "$LOG")
"$IPVSCTL" reload >/dev/null 2>&1 && lab_check_failed "broken reload reported success"
sleep 1
lab_assert_eq "child got no reload" "$applied" "$(grep -c "vrrp: reload applied" "$LOG")"
cp "$W/ours-high.conf" "$W/cur.conf"
vrrp_steady 2 $VIP ours

lab_step "reload to priority 50: the kept instance advertises it, keepalived preempts"
cp "$W/ours-p50.conf" "$W/cur.conf"
kill -HUP "$IPD"
lab_wait_for 10 "VIP at keepalived" vrrp_is_at ka $VIP
lab_wait_for 5 "status BACKUP priority 50" bash -c "'$IPVSCTL' status | grep -q '^VRRP instance VI_1 state BACKUP priority 50 '"
vrrp_steady 2 $VIP ka
lab_step "reload back to priority 150: ipvsd preempts again"
cp "$W/ours-high.conf" "$W/cur.conf"
kill -HUP "$IPD"
lab_wait_for 10 "VIP back at ours" vrrp_is_at ours $VIP
vrrp_steady 2 $VIP ours
lab_wait_for 5 "status MASTER priority 150" bash -c "'$IPVSCTL' status | grep -q '^VRRP instance VI_1 state MASTER priority 150 '"

lab_step "kill -9 of the VRRP child: respawned, no lasting split brain"
old=$(vrrp_pid)
kill -9 "$old"
split_watch 12 ours
# keepalived's startup rule: the new child first removes what the killed
# one left (else it would sit as backup holding the VIP until it wins)
[ "$SPLIT_LEFT_OURS" -gt 0 ] && lab_ok "the respawned child removed the leftover VIP" ||
	lab_check_failed "the VIP never left ours after the kill"
lab_wait_for 10 "VRRP child respawned" bash -c "p=\$('$IPVSCTL' status | sed -n 's/^VRRP child pid \([0-9]*\),.*/\1/p'); [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
lab_wait_for 5 "status MASTER again" state_is MASTER
lab_assert_eq "vrrp.pid rewritten" "$(vrrp_pid)" "$(cat "$W/vrrp.pid" 2>/dev/null)"
lab_assert_cmd "table untouched (real server still in)" has_rs

lab_step "SIGTERM: VRRP child first (priority 0: keepalived takes over), then the table"
prio0=$(grep -c "received priority 0" "$VRRP_LOGDIR/keepalived.log")
VRRP_T0=$(date +%s%N)
kill -TERM "$IPD"
# keepalived (priority 100) waits its Skew_Time, 0.61 s, after priority 0
# (without it: Master_Down_Interval, 3.6 s); the limit leaves room for a
# loaded lab, the measurement is logged
vrrp_measure "takeover by keepalived after ipvsd's SIGTERM" 3 vrrp_is_at ka $VIP
ipd_wait
lab_assert_eq "keepalived received ipvsd's priority 0 advert" $((prio0 + 1)) \
	"$(grep -c "received priority 0" "$VRRP_LOGDIR/keepalived.log")"
lab_assert_eq "ipvsd exit status" 0 "$IPD_RC"
lab_assert_eq "IPVS table removed" "" "$(ours_table)"
lab_assert_cmd "vrrp.pid removed" test ! -e "$W/vrrp.pid"
v=$(grep -n "ipvsd-vrrp: pid [0-9]* stopped" "$LOG" | tail -1 | cut -d: -f1)
h=$(grep -n "ipvsd-health: pid [0-9]* stopped" "$LOG" | tail -1 | cut -d: -f1)
t=$(grep -n "ipvs sync (stop)" "$LOG" | tail -1 | cut -d: -f1)
if [ -n "$v" ] && [ -n "$h" ] && [ -n "$t" ] && [ "$v" -lt "$h" ] && [ "$h" -lt "$t" ]; then
	lab_ok "stop order: VRRP child, health child, IPVS table"
else
	lab_check_failed "stop order (lines vrrp=$v health=$h table=$t)"
fi
vrrp_stop_all

lab_step "ipvsd priority 100 against keepalived 200: ipvsd stays BACKUP"
ka_start "$W/ka-high.conf"
lab_wait_for 10 "VIP at keepalived" vrrp_is_at ka $VIP
ipd_start "$W/ours-low.conf"
lab_wait_for 10 "status BACKUP" state_is BACKUP
vrrp_steady 4 $VIP ka
lab_step "keepalived stops (priority 0): ipvsd takes the VIP"
ka_signal TERM
vrrp_measure "takeover by ipvsd after keepalived's stop" 3 vrrp_is_at ours $VIP
lab_wait_for 5 "status MASTER" state_is MASTER
ipd_stop
vrrp_stop_all

lab_step "-P: VRRP only, the IPVS table is left alone"
lab_in ours "$IPVSADM" -A -t 10.9.9.9:80 -s rr
before=$(ours_table)
rm -f "$W/checkers.pid"
ipd_start "$W/ours-high.conf" -P
lab_wait_for 10 "VIP at ours (-P)" vrrp_is_at ours $VIP
sleep 2
lab_assert_eq "-P: table untouched while running" "$before" "$(ours_table)"
st | grep -q "^LVS side: disabled (-P)" || lab_check_failed "status does not say -P"
st | grep -q "^health-check child pid" && lab_check_failed "-P runs a health child"
lab_assert_cmd "-P: no checkers pid file" test ! -e "$W/checkers.pid"
lab_assert_eq "-P: status MASTER" MASTER "$(inst_state)"
ipd_stop
lab_assert_eq "-P: exit status" 0 "$IPD_RC"
lab_assert_eq "-P: table untouched after stop" "$before" "$(ours_table)"
lab_assert_eq "-P: VIP released at stop" none "$(vrrp_where $VIP)"
lab_in ours "$IPVSADM" -C

lab_step "-C: vrrp_instance ignored, LVS side only"
ka_start "$W/ka-low.conf"
lab_wait_for 10 "VIP at keepalived" vrrp_is_at ka $VIP
rm -f "$W/vrrp.pid"
ipd_start "$W/ours-high.conf" -C
lab_wait_for 10 "real server in the table (-C)" has_rs
vrrp_steady 4 $VIP ka
st | grep -q "^VRRP: disabled (-C)" || lab_check_failed "status does not say -C"
lab_assert_cmd "-C: no vrrp pid file" test ! -e "$W/vrrp.pid"
grep -q "VRRP block(s) not read (-C" "$LOG" || lab_check_failed "-C: no log line about the unread VRRP blocks"
ipd_stop
lab_assert_eq "-C: exit status" 0 "$IPD_RC"

lab_step "-V (--dont-release-vrrp): the VIP stays at stop"
vrrp_stop_all
ipd_start "$W/ours-high.conf" -V
lab_wait_for 15 "VIP at ours" vrrp_is_at ours $VIP
ipd_stop
lab_assert_cmd "-V: VIP left in place" vrrp_has ours $VIP
ip -n ours addr del $VIP/24 dev eth0

[ "$LAB_FAILS" -eq 0 ] || { tail -n 80 "$LOG"; vrrp_dump_logs; }
lab_finish
