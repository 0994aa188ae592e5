#!/bin/bash
# lab-timeout: 420
# Graceful stop of an ipvsd master, make before break (daemon/vrrp_handover.h):
# on SIGTERM the master sends priority 0 but keeps the VIP (and its IPVS
# table) until the new master advertises, plus a grace time; with no peer
# it lets go after a bounded wait.  Cluster of tests/lab/cluster.inc
# (client probing the VIP every 10 ms, three DR real servers, dir1 ipvsd
# priority 150, dir2 priority 100), VRRPv3 advert_int 0.05:
#  1. dir2 ipvsd: (a) the VIP is added on dir2 (ip monitor, both
#     namespaces) before it is deleted on dir1, the VIP is never on
#     neither director (10 ms polling), dir1 still serves (6 real
#     servers) while both hold it; (d) no request of the client fails;
#  2. dir2 Debian keepalived 2.2.7 (interop): the same;
#  3. a vrrp_sync_group of two instances (two VIPs), ipvsd pair: both
#     VIPs are added on dir2 before dir1 deletes them;
#  4. no peer: the VIP stays about one wait time (4 advert intervals,
#     at least 100 ms), then goes; ipvsd exits well within its bound;
#     meanwhile `ipvsctl status` shows "vips_held stopping" (not before;
#     before, both JSON dumps say vips_held false);
#  5. control, "vrrp_graceful_handover off" (keepalived's way): dir1
#     deletes the VIP before dir2 adds it - the check of 1-3 sees
#     the old behaviour, so it can fail;
#  6. failback, ipvsd pair (vrrp_fsm.h, yield_grace_us): dir1's bridge
#     port down (dir2 master), then up: dir1 preempts; dir2, BACKUP at
#     once, deletes the VIP only >= 30 ms (grace 50 ms) after dir1 added
#     it (ip monitor, both namespaces), never on no director, no request
#     fails;
#  7. the same with "vrrp_graceful_handover off" on dir2: the order of
#     the add and the delete is logged (a race there, so not checked).
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/cluster.inc
. "$LAB_DIR/cluster.inc"
lab_init
W=$CL_W/handover
declare -A MON=()
trap 'cl_probe_stop 2>/dev/null; mon_stop_all; cl_stop_all; lab_cleanup' EXIT
cl_need
ADV=0.05
VIP2=${LAB_NET}.101

mon_start() {	# mon_start DIR: ip monitor address with timestamps
	ip -n "$1" -ts monitor address >"$W/mon-$1.log" 2>&1 &
	MON[$1]=$!
}
mon_stop_all() {
	local d
	for d in "${!MON[@]}"; do
		[ -z "${MON[$d]}" ] || kill "${MON[$d]}" 2>/dev/null
		MON[$d]=
	done
	return 0
}

# mon_us DIR add|del [ADDR]: microseconds (epoch) of DIR's first add /
# delete of ADDR (the VIP) seen by its monitor; empty if none.
mon_us() {
	local l ts a=${3:-$LAB_VIP}
	if [ "$2" = del ]; then
		l=$(grep -m1 "Deleted.* inet $a/" "$W/mon-$1.log")
	else
		l=$(grep -v Deleted "$W/mon-$1.log" | grep -m1 " inet $a/")
	fi
	ts=$(sed -n 's/^\[\([0-9-]*\)T\([0-9:.]*\)\].*/\1 \2/p' <<<"$l")
	[ -n "$ts" ] && date -u -d "$ts" +%s%6N
}

# watch_to WANT SECONDS: poll the VIP's holders every 10 ms until it is
# at WANT only.  WHERE_SEQ: the distinct holders seen in order; BOTH_DESTS:
# dir1's real servers the first time both held it (- if never seen).
watch_to() {
	local want=$1 end=$((SECONDS + $2)) last=
	WHERE_SEQ=
	BOTH_DESTS=-
	while [ "$SECONDS" -lt "$end" ]; do
		cl_where_set
		if [ "$CL_WHERE" != "$last" ]; then
			WHERE_SEQ+="${WHERE_SEQ:+ }$CL_WHERE"
			last=$CL_WHERE
			if [ "$CL_WHERE" = both ] && [ "$BOTH_DESTS" = - ] && cl_dests dir1; then
				BOTH_DESTS=$CL_N
			fi
		fi
		[ "$CL_WHERE" = "$want" ] && return 0
		cl_sleep_ms 10
	done
	return 1
}

# last_log [DIR]: DIR's (dir1's) ipvsd log since its last start
last_log() {
	awk '/^== ipvsd /{ b = "" } { b = b $0 "\n" } END { printf "%s", b }' \
		"$CL_LOG/${1:-dir1}-ipvsd.log"
}
# shellcheck disable=SC2317 # called through lab_wait_for
vip2_at_dir1() {
	ip -n dir1 addr show dev eth0 | grep -q " $VIP2/" &&
		! ip -n dir2 addr show dev eth0 | grep -q " $VIP2/"
}
# shellcheck disable=SC2317 # called through cl_time_until
dir1_gone() { ! cl_group_alive "${CL_PID[dir1]}"; }

# pair_up IMPL2 CONF1 [CONF2]: dir2 runs IMPL2 on CONF2 (dir2.conf),
# dir1 ipvsd on CONF1.
pair_up() {
	cl_start dir2 "$1" "${3:-$W/dir2.conf}"
	sleep 0.3
	cl_start dir1 ipvsd "$2"
	lab_wait_for 20 "VIP at dir1" cl_is_at dir1
	lab_wait_for 10 "dir1's table" cl_table_ready dir1
	lab_wait_for 10 "dir2's table" cl_table_ready dir2
	cl_client_arp
	sleep 1
	lab_wait_for 10 "VIP at dir1 only" cl_is_at dir1
}

# stop_dir1 NAME: SIGTERM dir1's daemon with the client probing; the VIP
# must end at dir2.  Sets ADD_US/DEL_US (dir2's add, dir1's delete).
stop_dir1() {
	local name=$1
	mon_start dir1
	mon_start dir2
	sleep 0.3
	cl_probe_start "$name" -i 10 -t 300
	cl_sleep_ms 300
	cl_probe_mark
	cl_signal dir1 TERM
	watch_to dir2 20 || lab_check_failed "$name: VIP not at dir2 only (seen: $WHERE_SEQ)"
	cl_sleep_ms 500
	cl_probe_stop
	cl_fields "$CL_LINE"
	cl_reap dir1
	sleep 0.2
	mon_stop_all
	ADD_US=$(mon_us dir2 add)
	DEL_US=$(mon_us dir1 del)
	lab_log "  $name: VIP holders: $WHERE_SEQ; dir1's real servers while both held it: $BOTH_DESTS; probe: $CL_LINE"
	if [ -z "$ADD_US" ] || [ -z "$DEL_US" ]; then
		lab_check_failed "$name: ip monitor missed the add on dir2 ($ADD_US) or the delete on dir1 ($DEL_US)"
	fi
}

# check_failed NAME: requests that failed while the VIP moved.  At most one
# may: a connection the client opened through the old director and whose
# next packet reaches the new one after the client's ARP entry switched is
# reset there (without lvs_sync_daemon the new director has no state for
# it; keepalived's way has the same case).  Requests sent while no director
# held the VIP (keepalived's way: the gap) are what the checks above catch.
check_failed() {
	local f=${CL_F[failed]:-?}
	if [ "$f" = 0 ] || [ "$f" = 1 ]; then
		lab_ok "$1: failed requests: $f (<= 1)"
	else
		lab_check_failed "$1: $f failed requests (at most 1: the connection in flight at the ARP switch)"
	fi
}

# check_make_before_break NAME
check_make_before_break() {
	local name=$1 overlap
	[ -n "$ADD_US" ] && [ -n "$DEL_US" ] || return 0
	overlap=$(((DEL_US - ADD_US) / 1000))
	lab_log "  measured: $name: dir1 deleted the VIP ${overlap} ms after dir2 added it"
	echo "$name: overlap ${overlap} ms, probe: $CL_LINE" >>"$CL_LOG/measurements"
	if [ "$DEL_US" -gt "$ADD_US" ]; then
		lab_ok "$name: VIP added on dir2 before dir1 deleted it"
	else
		lab_check_failed "$name: dir1 deleted the VIP $(((ADD_US - DEL_US) / 1000)) ms before dir2 added it"
	fi
	case " $WHERE_SEQ " in
	*" none "*) lab_check_failed "$name: the VIP was on no director for a while ($WHERE_SEQ)" ;;
	*) lab_ok "$name: the VIP was never on no director ($WHERE_SEQ)" ;;
	esac
	[ "$BOTH_DESTS" = - ] || lab_assert_eq "$name: dir1's table while both held the VIP" 6 "$BOTH_DESTS"
	check_failed "$name"
	grep -q "(VI_1) handover: $(cl_dir_ip dir2) is master" <(last_log) ||
		lab_check_failed "$name: dir1's log does not name dir2 as the new master"
}

lab_step "cluster: client, rs1-rs3, dir1 (ipvsd 150), dir2 (100); VRRPv3 advert_int $ADV"
mkdir -p "$W"
cl_topology 3
cl_conf "$W/dir1.conf" dir1 3 "$ADV" rr
cl_conf "$W/dir2.conf" dir2 3 "$ADV" rr
cp "$W/dir1.conf" "$W/dir1-off.conf"
cp "$W/dir2.conf" "$W/dir2-off.conf"
sed -i '/^global_defs {/a\  vrrp_graceful_handover off' "$W/dir2-off.conf"
sed -i '/^global_defs {/a\  vrrp_graceful_handover off' "$W/dir1-off.conf"
grep -q 'vrrp_graceful_handover off' "$W/dir1-off.conf" || lab_fail "cannot write dir1-off.conf"
for d in dir1 dir2; do	# the same plus VI_2 (VRID 52) and a sync group
	cp "$W/$d.conf" "$W/$d-sync.conf"
	prio=$(sed -n 's/^  priority //p' "$W/$d.conf")
	printf '\nvrrp_instance VI_2 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 52\n  priority %s\n  advert_int %s\n  virtual_ipaddress {\n    %s/32\n  }\n}\n\nvrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_2\n  }\n}\n' \
		"$prio" "$ADV" "$VIP2" >>"$W/$d-sync.conf"
done

lab_step "1. dir2 ipvsd: SIGTERM of dir1, make before break"
pair_up ipvsd "$W/dir1.conf"
stop_dir1 ipvsd-peer
check_make_before_break ipvsd-peer
grep -q "(VI_1) graceful stop: priority 0 sent" <(last_log) ||
	lab_check_failed "dir1's log: no graceful stop line"
cl_stop_all

lab_step "2. dir2 keepalived $("$KEEPALIVED" --version 2>&1 | head -n 1 | awk '{ print $2 }'): interop"
pair_up keepalived "$W/dir1.conf"
stop_dir1 keepalived-peer
check_make_before_break keepalived-peer
cl_stop_all

lab_step "3. vrrp_sync_group of VI_1 and VI_2 (VIP2 $VIP2), ipvsd pair: each member hands over"
pair_up ipvsd "$W/dir1-sync.conf" "$W/dir2-sync.conf"
lab_wait_for 10 "VIP2 at dir1 only" vip2_at_dir1
stop_dir1 sync-group
check_make_before_break sync-group
a2=$(mon_us dir2 add "$VIP2")
d2=$(mon_us dir1 del "$VIP2")
if [ -n "$a2" ] && [ -n "$d2" ] && [ "$d2" -gt "$a2" ]; then
	lab_ok "sync-group: VIP2 added on dir2 $(((d2 - a2) / 1000)) ms before dir1 deleted it"
else
	lab_check_failed "sync-group: VIP2 add on dir2 ($a2) not before the delete on dir1 ($d2)"
fi
grep -q "(VI_2) handover: $(cl_dir_ip dir2) is master" <(last_log) ||
	lab_check_failed "sync-group: dir1's log does not show VI_2's handover"
cl_stop_all

lab_step "4. no peer: bounded wait, then the VIP goes"
cl_start dir1 ipvsd "$W/dir1.conf"
lab_wait_for 20 "VIP at dir1" cl_is_at dir1
lab_wait_for 10 "dir1's table" cl_table_ready dir1
sleep 0.5
st_line() { "$IPVSCTL" status --socket "$CL_W/dir1/ipvsd.ctl" 2>&1 | grep '^VRRP instance VI_1 '; }
before=$(st_line)
# the same in the JSON views: the parent's (ipvsctl dump --json) and the
# VRRP child's (SIGUSR1: /tmp/ipvsd_vrrp.json)
rm -f /tmp/ipvsd_vrrp.json
cl_signal dir1 USR1
"$IPVSCTL" dump --json --socket "$CL_W/dir1/ipvsd.ctl" >"$W/dump-master.json" 2>&1
lab_wait_for 5 "/tmp/ipvsd_vrrp.json" test -s /tmp/ipvsd_vrrp.json
# shellcheck disable=SC2016
json_held=$(python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))["vrrp_instances"][0]
c = json.load(open(sys.argv[2]))["instances"][0]
print(p["vips_held"], p["vips_held_reason"], c["vips_held"], c["vips_held_reason"], c["handover"])' \
	"$W/dump-master.json" /tmp/ipvsd_vrrp.json 2>&1)
lab_assert_eq "no peer: vips_held in dump --json and ipvsd_vrrp.json of a master" \
	"False None False None idle" "$json_held"
# ipvsctl status polled through the stop (vips_held, daemon/dump.c)
(while :; do st_line; done) >"$W/status-stop.log" 2>&1 &
spoll=$!
# the poller's first answer before the stop: each ipvsctl run costs tens
# of ms in the guest, and the VIP is held for a few hundred
lab_wait_for 10 "ipvsctl status poller running" test -s "$W/status-stop.log"
cl_signal dir1 TERM
t0=${EPOCHREALTIME/./}
cl_time_until 10 cl_is_at none
held=$CL_T
kill "$spoll" 2>/dev/null
wait "$spoll" 2>/dev/null
lab_log "  status before the stop: $before; during it: $(sort -u "$W/status-stop.log" | tr '\n' ';')"
case $before in
*vips_held*) lab_check_failed "no peer: status showed vips_held before the stop ($before)" ;;
esac
if grep -q 'state MASTER .*vips_held stopping' "$W/status-stop.log"; then
	lab_ok "no peer: ipvsctl status showed 'vips_held stopping' while the VIP was held"
else
	lab_check_failed "no peer: ipvsctl status never showed 'vips_held stopping'"
fi
cl_time_until 10 dir1_gone
now=${EPOCHREALTIME/./}
exit_ms=$(((now - t0) / 1000))
cl_dests dir1
left=$CL_N
cl_reap dir1
lab_log "  measured: no peer: VIP held ${held} ms after SIGTERM, ipvsd gone after ${exit_ms} ms"
echo "no peer: VIP held ${held} ms, exit after ${exit_ms} ms" >>"$CL_LOG/measurements"
if [ "$held" != timeout ] && [ "$held" -ge 150 ] && [ "$held" -le 3500 ]; then
	lab_ok "no peer: the VIP stayed for the bounded wait (200 ms at advert 0.05), then went"
else
	lab_check_failed "no peer: VIP held ${held} ms (want 150..3500)"
fi
[ "$exit_ms" -le 4500 ] || lab_check_failed "no peer: ipvsd took ${exit_ms} ms to stop"
grep -q "(VI_1) handover: no new master within" <(last_log) ||
	lab_check_failed "dir1's log: no 'no new master' line"
lab_assert_eq "no peer: real servers left in dir1's table after the stop" 0 "$left"

lab_step "5. control: vrrp_graceful_handover off (keepalived's way) breaks before make"
pair_up ipvsd "$W/dir1-off.conf"
stop_dir1 control-off
if [ -n "$ADD_US" ] && [ -n "$DEL_US" ]; then
	lab_log "  measured: control: dir1 deleted the VIP $(((ADD_US - DEL_US) / 1000)) ms before dir2 added it; probe: $CL_LINE"
	echo "control (off): delete before add by $(((ADD_US - DEL_US) / 1000)) ms, probe: $CL_LINE" >>"$CL_LOG/measurements"
	if [ "$DEL_US" -lt "$ADD_US" ]; then
		lab_ok "control: the old behaviour is what the check above rejects"
	else
		lab_check_failed "control: with the switch off dir1 still held the VIP until dir2 had it"
	fi
fi
grep -q "graceful stop: priority 0 sent" <(last_log) &&
	lab_check_failed "control: the switch off still handed over"
cl_stop_all

# failback_run NAME [DIR2_CONF]: dir1's link down, then up with the client
# probing; sets ADD_US (dir1's add) and DEL_US (dir2's delete).
failback_run() {
	pair_up ipvsd "$W/dir1.conf" "${2:-$W/dir2.conf}"
	ip link set v-dir1 down
	lab_wait_for 20 "VIP at dir2 only (dir1's link down)" cl_is_at dir2
	lab_wait_for 10 "dir2's table" cl_table_ready dir2
	mon_start dir1
	mon_start dir2
	sleep 0.5
	cl_probe_start "$1" -i 10 -t 300
	cl_sleep_ms 300
	cl_probe_mark
	ip link set v-dir1 up
	watch_to dir1 20 || lab_check_failed "$1: VIP not at dir1 only (seen: $WHERE_SEQ)"
	cl_sleep_ms 500
	cl_probe_stop
	cl_fields "$CL_LINE"
	sleep 0.2
	mon_stop_all
	ADD_US=$(mon_us dir1 add)
	DEL_US=$(mon_us dir2 del)
	lab_log "  $1: VIP holders: $WHERE_SEQ; probe: $CL_LINE"
}

lab_step "6. failback, ipvsd pair: the preempted dir2 keeps the VIP until dir1 has it"
failback_run failback
if [ -z "$ADD_US" ] || [ -z "$DEL_US" ]; then
	lab_check_failed "failback: ip monitor missed the add on dir1 ($ADD_US) or the delete on dir2 ($DEL_US)"
else
	lab_log "  measured: failback: dir2 deleted the VIP $(((DEL_US - ADD_US) / 1000)) ms after dir1 added it"
	echo "failback: overlap $(((DEL_US - ADD_US) / 1000)) ms, probe: $CL_LINE" >>"$CL_LOG/measurements"
	# grace 50 ms at advert 0.05; keepalived's way gives about 0 here
	# (step 7), so ask for most of the grace
	if [ "$((DEL_US - ADD_US))" -ge 30000 ]; then
		lab_ok "failback: dir2 deleted the VIP at least 30 ms after dir1 added it"
	elif [ "$DEL_US" -gt "$ADD_US" ]; then
		lab_check_failed "failback: dir2 deleted the VIP only $(((DEL_US - ADD_US) / 1000)) ms after dir1 added it (grace 50 ms)"
	else
		lab_check_failed "failback: dir2 deleted the VIP $(((ADD_US - DEL_US) / 1000)) ms before dir1 added it"
	fi
fi
case " $WHERE_SEQ " in
*" none "*) lab_check_failed "failback: the VIP was on no director for a while ($WHERE_SEQ)" ;;
*) lab_ok "failback: the VIP was never on no director ($WHERE_SEQ)" ;;
esac
check_failed failback
grep -q "(VI_1) preempted: keeping the addresses" <(last_log dir2) ||
	lab_check_failed "failback: dir2's log has no 'preempted: keeping the addresses' line"
cl_stop_all

lab_step "7. failback with vrrp_graceful_handover off on dir2 (keepalived's way): measured only"
failback_run failback-off "$W/dir2-off.conf"
if [ -n "$ADD_US" ] && [ -n "$DEL_US" ]; then
	lab_log "  measured: failback-off: dir2 deleted the VIP $(((DEL_US - ADD_US) / 1000)) ms after dir1 added it (negative: before)"
	echo "failback (off): delete - add $(((DEL_US - ADD_US) / 1000)) ms, probe: $CL_LINE" >>"$CL_LOG/measurements"
fi
grep -q "preempted: keeping the addresses" <(last_log dir2) &&
	lab_check_failed "failback-off: dir2 held the VIP with the switch off"
cl_stop_all
lab_finish
