#!/bin/bash
# lab-timeout: 480
# VRRP tracking, sync groups and notifications against Debian's keepalived
# (see 80-vrrp-common.inc; "ours" is tests/lab/progs/vrrp_probe, the VRRP
# engine of ipvsd):
#  - track_interface (weight 0): the tracked link goes down -> ours FAULT,
#    keepalived takes the VIP; link up -> ours preempts again;
#  - track_script with a negative weight: the script fails -> priority
#    150 - 60 = 90 < 100 -> keepalived preempts; the script succeeds again
#    -> ours preempts back;
#  - track_file: the value times the weight lowers the priority;
#  - vrrp_sync_group of two instances: a tracked link of one member goes
#    down -> both go FAULT and keepalived holds both VIPs; a member that
#    could win alone waits for the other ("prefer backup");
#  - notify / notify_* scripts and vrrp_notify_fifo lines: same words as
#    keepalived's own for the same transitions.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
trap 'vrrp_stop_all; lab_cleanup' EXIT
V1=10.0.0.100
V2=10.0.0.101
C=$LAB_TMP
OUT=$VRRP_LOGDIR
vrrp_topology
# a second link in "ours" to track (a veth pair: trk0 <-> trk1)
ip -n ours link add trk0 type veth peer name trk1 || lab_fail "veth trk0"
ip -n ours link set trk1 up
ip -n ours link set trk0 up

# notify script: one line per call with all its arguments
cat >"$C/notify.sh" <<EOS
#!/bin/sh
echo "\$*" >>"$OUT/notify-\$1.log"
EOS
chmod 755 "$C/notify.sh"
rm -f "$OUT"/notify-*.log "$OUT"/fifo-*.log

# fifo_reader NAME: a FIFO and a reader appending its lines to a log; a
# idle writer keeps it open so that the reader sees no end of file when a
# daemon stops.
fifo_reader() {
	mkfifo "$C/$1.fifo" || lab_fail "mkfifo"
	cat "$C/$1.fifo" >>"$OUT/fifo-$1.log" &
	LAB_PIDS+=("$!")
	sleep 100000 >"$C/$1.fifo" &
	LAB_PIDS+=("$!")
}
fifo_reader ours
fifo_reader ka

# conf2 FILE WHO PRIO1 PRIO2 [GLOBAL_LINE [I1_LINE [I2_LINE [SYNC]]]]:
# two instances (VRIDs 51 and 52) with notify scripts, vrrp_notify_fifo,
# optionally in a sync group G1.
conf2() {
	local f=$1 who=$2 p1=$3 p2=$4 gl=${5:-} l1=${6:-} l2=${7:-} sync=${8:-}
	{
		printf 'global_defs {\n  router_id %s\n  vrrp_notify_fifo %s\n%s\n}\n' \
			"$who" "$C/$who.fifo" "$gl"
		printf '%s\n' "$EXTRA_TOP"
		if [ -n "$sync" ]; then
			printf 'vrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_2\n  }\n'
			printf '  notify "%s %s-group"\n' "$C/notify.sh" "$who"
			printf '  notify_fault "%s %s-gfault"\n}\n' "$C/notify.sh" "$who"
		fi
		for n in 1 2; do
			printf 'vrrp_instance VI_%s {\n  interface eth0\n  state BACKUP\n' $n
			printf '  virtual_router_id 5%s\n' $n
			[ $n = 1 ] && printf '  priority %s\n%s\n' "$p1" "$l1"
			[ $n = 2 ] && printf '  priority %s\n%s\n' "$p2" "$l2"
			printf '  notify "%s %s"\n' "$C/notify.sh" "$who"
			printf '  notify_master "%s %s-master"\n' "$C/notify.sh" "$who"
			printf '  virtual_ipaddress {\n    10.0.0.10%s/24\n  }\n}\n' $((n - 1))
		done
	} >"$f"
}

both_at() { vrrp_is_at "$1" $V1 && vrrp_is_at "$1" $V2; }

# ---------------------------------------------------------------- track_interface
EXTRA_TOP=
conf2 "$C/ka.conf" ka 100 100
conf2 "$C/ours-if.conf" ours 150 150 "" "  track_interface {
    trk0
  }"

lab_step "track_interface: ours 150 (tracking trk0), keepalived 100: ours master"
ka_start "$C/ka.conf"
sleep 1
ours_start "$C/ours-if.conf"
lab_wait_for 12 "VIPs at ours" both_at ours
vrrp_steady 2 $V1 ours

lab_step "trk0 down: VI_1 goes FAULT, keepalived takes its VIP (VI_2 stays)"
VRRP_T0=$(date +%s%N)
ip -n ours link set trk0 down
vrrp_measure "VI_1 VIP at keepalived after the tracked link went down" 8 \
	vrrp_is_at ka $V1
vrrp_steady 2 $V1 ka
lab_assert_cmd "VI_2 (untracked) still at ours" vrrp_is_at ours $V2
lab_assert_cmd "ours logged VI_1 entering FAULT" \
	grep -q '(VI_1) Entering FAULT STATE' "$OUT/vrrp_probe.log"

lab_step "trk0 up: ours leaves FAULT and preempts (150 > 100)"
VRRP_T0=$(date +%s%N)
ip -n ours link set trk0 up
vrrp_measure "VI_1 VIP back at ours after the link came up" 20 vrrp_is_at ours $V1
vrrp_steady 2 $V1 ours
vrrp_stop_all

# ---------------------------------------------------------------- track_script
touch "$C/script-ok"
EXTRA_TOP="vrrp_script chk {
  script \"/usr/bin/test -e $C/script-ok\"
  interval 1
  weight -60
  fall 2
  rise 1
}"
conf2 "$C/ours-sc.conf" ours 150 150 "" "  track_script {
    chk
  }"
EXTRA_TOP=

lab_step "track_script weight -60: ours 150 master while the script succeeds"
ka_start "$C/ka.conf"
sleep 1
ours_start "$C/ours-sc.conf"
lab_wait_for 12 "VIPs at ours" both_at ours
vrrp_steady 3 $V1 ours

lab_step "script fails (fall 2): priority 90 < 100, keepalived preempts VI_1"
VRRP_T0=$(date +%s%N)
rm -f "$C/script-ok"
vrrp_measure "keepalived preempts after the track script failed" 20 vrrp_is_at ka $V1
vrrp_steady 2 $V1 ka
lab_assert_cmd "ours lowered VI_1 to 90" \
	grep -q '(VI_1) Changing effective priority from 150 to 90' "$OUT/vrrp_probe.log"
lab_assert_cmd "VI_2 (not tracking) still at ours" vrrp_is_at ours $V2

lab_step "script succeeds again (rise 1): ours back to 150 and preempts"
VRRP_T0=$(date +%s%N)
touch "$C/script-ok"
vrrp_measure "ours preempts after the track script recovered" 20 vrrp_is_at ours $V1
vrrp_steady 2 $V1 ours
vrrp_stop_all

# ---------------------------------------------------------------- track_file
echo 0 >"$C/track.val"
EXTRA_TOP="track_file tf {
  file $C/track.val
  weight 1
}"
conf2 "$C/ours-tf.conf" ours 150 150 "" "" "  track_file {
    tf weight 2
  }"
EXTRA_TOP=

lab_step "track_file: ours VI_2 master while the file holds 0"
ka_start "$C/ka.conf"
sleep 1
ours_start "$C/ours-tf.conf"
lab_wait_for 12 "VIPs at ours" both_at ours

lab_step "file value -40 (x weight 2 = -80): VI_2 priority 70, keepalived preempts"
VRRP_T0=$(date +%s%N)
echo -40 >"$C/track.val"
vrrp_measure "keepalived preempts VI_2 after the file changed" 20 vrrp_is_at ka $V2
lab_assert_cmd "ours set VI_2 to 70" \
	grep -q '(VI_2) Changing effective priority from 150 to 70' "$OUT/vrrp_probe.log"
lab_step "file value -200 (<= -254 after weight): VI_2 FAULT"
echo -200 >"$C/track.val"
lab_wait_for 5 "VI_2 in FAULT" grep -q '(VI_2) Entering FAULT STATE' "$OUT/vrrp_probe.log"
echo 0 >"$C/track.val"
lab_wait_for 12 "VI_2 back at ours" vrrp_is_at ours $V2
vrrp_stop_all

# ---------------------------------------------------------------- sync group
lab_step "sync group G1 {VI_1, VI_2}, VI_2 tracks trk0: both master at ours"
conf2 "$C/ours-sync.conf" ours 150 150 "" "" "  track_interface {
    trk0
  }" sync
conf2 "$C/ka-sync.conf" ka 100 100 "" "" "" sync
ka_start "$C/ka-sync.conf"
sleep 1
ours_start "$C/ours-sync.conf"
lab_wait_for 12 "VIPs at ours" both_at ours
vrrp_steady 2 $V1 ours

lab_step "trk0 down: VI_2 FAULT and the whole group with it: keepalived holds both"
VRRP_T0=$(date +%s%N)
ip -n ours link set trk0 down
vrrp_measure "both VIPs at keepalived after one member's link went down" 8 both_at ka
vrrp_steady 3 $V1 ka
lab_assert_cmd "VI_1 (untracked member) went FAULT with its group" \
	grep -q '(VI_1) Entering FAULT STATE' "$OUT/vrrp_probe.log"

lab_step "trk0 up: the group leaves FAULT and both preempt back"
VRRP_T0=$(date +%s%N)
ip -n ours link set trk0 up
vrrp_measure "both VIPs back at ours" 20 both_at ours
vrrp_steady 2 $V2 ours
vrrp_stop_all

lab_step "sync group prefers backup: keepalived VI_1 200, VI_2 100; ours 150/150"
conf2 "$C/ka-split.conf" ka 200 100
ka_start "$C/ka-split.conf"
lab_wait_for 12 "keepalived master of both" both_at ka
ours_start "$C/ours-sync.conf"
sleep 8
lab_assert_eq "VI_1 at keepalived (200 > 150)" ka "$(vrrp_where $V1)"
lab_assert_eq "VI_2 stays at keepalived: ours' VI_2 waits for its group" ka \
	"$(vrrp_where $V2)"
lab_step "keepalived stops: the group takes both"
ka_signal TERM
vrrp_measure "both VIPs at ours after keepalived stopped" 10 both_at ours
vrrp_stop_all

# ---------------------------------------------------------------- rx lower priority
lab_step "master hears a lower priority: keepalived cut off from ours' adverts"
lab_modules sch_netem
conf2 "$C/ours-rx.conf" ours 150 150 "" "  notify_master_rx_lower_pri \"$C/notify.sh ours-rxlower\""
ours_start "$C/ours-rx.conf"
lab_wait_for 12 "VIPs at ours" both_at ours
ka_start "$C/ka.conf"
sleep 1
# everything towards keepalived is dropped: it becomes master (100) too
tc qdisc add dev v-ka root netem loss 100% || lab_fail "tc netem"
lab_wait_for 15 "notify_master_rx_lower_pri ran" test -s "$OUT/notify-ours-rxlower.log"
lab_assert_cmd "FIFO: INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150" \
	grep -q '^INSTANCE "VI_1" MASTER_RX_LOWER_PRI 150$' "$OUT/fifo-ours.log"
lab_assert_eq "notify_master_rx_lower_pri has no extra arguments" ours-rxlower \
	"$(sort -u "$OUT/notify-ours-rxlower.log")"
tc qdisc del dev v-ka root
lab_wait_for 10 "keepalived steps down again" both_at ours
vrrp_steady 2 $V1 ours
vrrp_stop_all

# ---------------------------------------------------------------- startup delay
lab_step "vrrp_startup_delay 4: ours (state MASTER, alone) waits before starting"
conf2 "$C/ours-delay.conf" ours 150 150 "  vrrp_startup_delay 4"
sed -i 's/state BACKUP/state MASTER/' "$C/ours-delay.conf"
ours_start "$C/ours-delay.conf"
sleep 2.5
lab_assert_eq "no VIP 2.5 s after start (delayed)" none "$(vrrp_where $V1)"
lab_wait_for 8 "VIP at ours once the delay is over" both_at ours
lab_assert_cmd "ours logged the delay" grep -q 'Delaying startup for 4.0 seconds' \
	"$OUT/vrrp_probe.log"
vrrp_stop_all

# ---------------------------------------------------------------- reload (ipvsd)
lab_step "ipvsd -P: reload keeps the track script's result (weight -60 -> -20)"
lab_need_bin "$IPVSD"
touch "$C/script-ok"
mkconf_sc() {	# mkconf_sc WEIGHT
	EXTRA_TOP="vrrp_script chk {
  script \"/usr/bin/test -e $C/script-ok\"
  interval 1
  weight $1
  fall 1
  rise 1
}"
	conf2 "$C/ours-reload.conf" ours 150 150 "" "  track_script {
    chk
  }"
	EXTRA_TOP=
}
mkconf_sc -60
ka_start "$C/ka.conf"
sleep 1
echo "== ipvsd -P $(date +%T.%N)" >>"$OUT/ipvsd.log"
nsenter --net=/run/netns/ours setsid "$IPVSD" -P -n -l -D -f "$C/ours-reload.conf" \
	-p "$C/ipvsd.pid" -c "$C/ipvsd.checkers.pid" -r "$C/ipvsd.vrrp.pid" \
	--control-socket "$C/ipvsd.ctl" >>"$OUT/ipvsd.log" 2>&1 </dev/null &
IPVSD_PID=$!
LAB_PIDS+=("$IPVSD_PID")
lab_wait_for 15 "VIPs at ipvsd" both_at ours
rm -f "$C/script-ok"
lab_wait_for 15 "script failed: keepalived takes VI_1" vrrp_is_at ka $V1
mkconf_sc -20
kill -HUP "$IPVSD_PID"
# the carried result (down) with the new weight: 130 > 100, ours preempts
lab_wait_for 20 "VI_1 back at ipvsd after the reload" vrrp_is_at ours $V1
# the script's result is carried over: 130 is set within the reload itself,
# not after the script's next run (a fresh script state counts as nothing)
carried() {
	awk '/SIGHUP/ { h = 1 }
	     h && /\(VI_1\) Changing effective priority from [0-9]+ to 130/ && !c { c = NR }
	     h && /ipvsd-vrrp: reload done/ && !d { d = NR }
	     END { exit !(c && d && c < d) }' "$OUT/ipvsd.log"
}
lab_assert_cmd "reload: VI_1 at 130 from the carried script result" carried
lab_assert_eq "reload: VI_1 never advertised 150 again" "" \
	"$(sed -n '/SIGHUP/,$p' "$OUT/ipvsd.log" | grep 'priority 150$' | grep 'VI_1')"
kill -TERM -- "-$IPVSD_PID" 2>/dev/null
vrrp_reap "$IPVSD_PID" "-$IPVSD_PID"
vrrp_stop_all

# ---------------------------------------------------------------- notifications
lab_step "notify scripts and FIFO lines"
sleep 1
lab_log "---- notify-ours.log"; cat "$OUT/notify-ours.log"
lab_log "---- notify-ka.log"; cat "$OUT/notify-ka.log"
lab_log "---- fifo-ours.log"; cat "$OUT/fifo-ours.log"
lab_log "---- fifo-ka.log"; cat "$OUT/fifo-ka.log"
lab_assert_cmd "notify: INSTANCE VI_1 FAULT 150 (after the configured word)" \
	grep -qx 'ours INSTANCE VI_1 FAULT 150' "$OUT/notify-ours.log"
lab_assert_cmd "notify: INSTANCE VI_1 MASTER 150" \
	grep -qx 'ours INSTANCE VI_1 MASTER 150' "$OUT/notify-ours.log"
lab_assert_cmd "notify: INSTANCE VI_1 BACKUP 90 (tracked priority)" \
	grep -qx 'ours INSTANCE VI_1 BACKUP 90' "$OUT/notify-ours.log"
lab_assert_cmd "notify: INSTANCE VI_1 STOP" \
	grep -qx 'ours INSTANCE VI_1 STOP 150' "$OUT/notify-ours.log"
lab_assert_cmd "notify_master ran without extra arguments" \
	grep -qx 'ours-master' "$OUT/notify-ours-master.log"
lab_assert_cmd "group notify: GROUP G1 FAULT 0" \
	grep -qx 'ours-group GROUP G1 FAULT 0' "$OUT/notify-ours-group.log"
lab_assert_cmd "group notify: GROUP G1 MASTER 0" \
	grep -qx 'ours-group GROUP G1 MASTER 0' "$OUT/notify-ours-group.log"
lab_assert_cmd "group notify_fault ran" \
	grep -qx 'ours-gfault' "$OUT/notify-ours-gfault.log"
lab_assert_cmd "FIFO: INSTANCE \"VI_1\" MASTER 150" \
	grep -qx 'INSTANCE "VI_1" MASTER 150' "$OUT/fifo-ours.log"
lab_assert_cmd "FIFO: GROUP \"G1\" FAULT 0" \
	grep -qx 'GROUP "G1" FAULT 0' "$OUT/fifo-ours.log"
# sync group order, as keepalived: every member's line, then the group's
# (each GROUP "G1" MASTER/FAULT line follows one line per member in that
# state; checked on keepalived's own FIFO too)
group_order() {
	awk -v st="$2" '$1 == "GROUP" && $3 == st {
		n++
		if (!(p1 ~ "^INSTANCE \"VI_[12]\" " st " " && p2 ~ "^INSTANCE \"VI_[12]\" " st " " && p1 != p2))
			bad++
	}
	{ p2 = p1; p1 = $0 }
	END { exit !(n > 0 && bad == 0) }' "$1"
}
lab_assert_cmd "keepalived: members' MASTER lines, then the group's" \
	group_order "$OUT/fifo-ka.log" MASTER
lab_assert_cmd "ours: members' MASTER lines, then the group's" \
	group_order "$OUT/fifo-ours.log" MASTER
lab_assert_cmd "ours: members' FAULT lines, then the group's" \
	group_order "$OUT/fifo-ours.log" FAULT
lab_assert_eq "ours: the member with the fault moves first" 'INSTANCE "VI_2" FAULT 150' \
	"$(grep -m1 -B2 '^GROUP "G1" FAULT' "$OUT/fifo-ours.log" | head -1)"
# the same shapes as keepalived's own lines (words, quoting, priority)
shape() { sed -E 's/^(ours|ka)/WHO/; s/[0-9]+$/N/' "$1" | sort -u; }
lab_assert_eq "notify lines have keepalived's shape" \
	"$(shape "$OUT/notify-ka.log" | grep -Ev 'GROUP|FAULT|STOP')" \
	"$(shape "$OUT/notify-ours.log" | grep -Ev 'GROUP|FAULT|STOP')"
lab_assert_eq "FIFO instance lines have keepalived's shape" \
	"$(shape "$OUT/fifo-ka.log" | grep -E '" (MASTER|BACKUP) ' | grep -v GROUP)" \
	"$(shape "$OUT/fifo-ours.log" | grep -E '" (MASTER|BACKUP) ' | grep -v GROUP)"

vrrp_check_counters
[ "$LAB_FAILS" -eq 0 ] || vrrp_dump_logs
lab_finish
