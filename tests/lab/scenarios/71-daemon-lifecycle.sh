#!/bin/bash
# lab-timeout: 300
# ipvsd's life cycle on a direct-routing director with client traffic:
#  (b) SIGHUP reload with one changed weight under continuous HTTP traffic:
#      exactly one netlink operation (the apply step's log line), no failed
#      client request, unchanged entries keep their counters;
#  (c) reload of a broken configuration keeps the running table and reports
#      the error (log with file:line, and the control socket's reply);
#  drain/undrain through ipvsctl: weight 0 without removal, kept across a
#      reload, restored by undrain (one operation each);
#  (d) kill -9 leaves the table; a restart adopts it with zero operations
#      and the counters survive;
#  (e) SIGTERM removes exactly what ipvsd created (a service added by hand
#      stays), exits 0 and removes its pid files;
#  sd_notify: READY=1, RELOADING=1 + READY=1, STATUS= of a failed reload,
#      STOPPING=1 (a python3 listener on $NOTIFY_SOCKET).
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/daemon-life
CONF=$W/keepalived.conf
CTL=$W/ipvsd.ctl
LOG=$W/ipvsd.log
IPD_PID=""

lab_init
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM"
mkdir -p "$W"
export IPVSD_CONTROL_SOCKET=$CTL

write_conf() {	# write_conf WEIGHT2
	cat >"$CONF" <<CONF
global_defs {
    router_id lab_director
}
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo wrr
    lb_kind DR
    real_server $(lab_rs_ip 1) 80 {
        weight 1
    }
    real_server $(lab_rs_ip 2) 80 {
        weight $1
    }
}
virtual_server $LAB_VIP 8080 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    real_server $(lab_rs_ip 1) 8080 {
        weight 1
    }
}
CONF
}

start_ipvsd() {
	: >"$LOG"
	nsenter --net=/run/netns/director "$IPVSD" -n -l -f "$CONF" -p "$W/ipvsd.pid" \
		-c "$W/checkers.pid" --control-socket "$CTL" >>"$LOG" 2>&1 &
	IPD_PID=$!
	lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$LOG"
}

# ops_line WHY: the last apply log line of that kind.
ops_line() { grep "ipvs sync ($1)" "$LOG" | tail -1 | sed 's/^.*: \([0-9]* operations\? applied, [0-9]* failed\)$/\1/'; }

# dest_field ADDR:PORT COLUMN: from "ipvsadm -L -n --stats" (5: Conns).
stats() { lab_in director "$IPVSADM" -L -n --stats; }
svc_conns() { stats | awk -v s="$1" '$1 == "TCP" && $2 == s { print $3 }'; }
dest_conns() {
	stats | awk -v s="$1" -v d="$2" '$1 == "TCP" { cur = $2 } $1 == "->" && cur == s && $2 == d { print $3 }'
}

# notify_listen: record every sd_notify datagram, one line each.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode().replace("\n", " ") + "\n")
        f.flush()
' "$W/notify.sock" "$W/notify.log" &
LAB_PIDS+=($!)
lab_wait_for 5 "notify listener" test -S "$W/notify.sock"
export NOTIFY_SOCKET=$W/notify.sock
notified() { grep -q "$1" "$W/notify.log"; }

lab_step "topology and first start"
lab_dr_topology 2
write_conf 1
lab_in director "$IPVSADM" -A -t 10.0.0.200:80 -s rr	# not ours
start_ipvsd
lab_assert_eq "first start: 5 operations (2 services, 3 destinations)" \
	"5 operations applied, 0 failed" "$(ops_line start)"
lab_assert_eq "pid file holds the daemon's pid" "$IPD_PID" "$(tr -d '\n' <"$W/ipvsd.pid")"
lab_assert_eq "table" "TCP 10.0.0.100:80 wrr
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 1
TCP 10.0.0.100:8080 rr
-> 10.0.0.11:8080 Route 1
TCP 10.0.0.200:80 rr" "$(lab_ipvs_table "$IPVSADM")"
lab_assert_cmd "ipvsctl status answers" "$IPVSCTL" status
lab_wait_for 5 "READY=1" notified "^READY=1"

lab_step "(b) reload with one changed weight under traffic"
# The client requests without pause, one line per request, until told to
# stop; the reload happens with requests before and after it.
rm -f "$W/traffic.stop" "$W/traffic.out"
lab_in client bash -c 'until [ -e "$1" ]; do
		if curl -s -m 3 -o /dev/null http://'"$LAB_VIP"'/; then echo ok; else echo failed; fi
	done >>"$2"' traffic "$W/traffic.stop" "$W/traffic.out" &
TRAFFIC=$!
requests() { cat "$W/traffic.out" 2>/dev/null | wc -l; }
have_requests() { [ "$(requests)" -ge "$1" ]; }
lab_wait_for 30 "5 requests" have_requests 5
sleep 2.1	# IPVS refreshes --stats every 2 s
before_svc=$(svc_conns "$LAB_VIP:80")
before_rs1=$(dest_conns "$LAB_VIP:80" "$(lab_rs_ip 1):80")
write_conf 3
kill -HUP "$IPD_PID"
lab_wait_for 10 "reload done" grep -q "reload done" "$LOG"
n=$(requests)
lab_wait_for 30 "5 more requests after the reload" have_requests $((n + 5))
touch "$W/traffic.stop"
wait "$TRAFFIC"
lab_assert_eq "reload: exactly one netlink operation" "1 operation applied, 0 failed" \
	"$(ops_line reload)"
lab_wait_for 5 "RELOADING=1 then READY=1" bash -c "grep -A20 '^RELOADING=1' $W/notify.log | grep -q '^READY=1'"
total=$(requests)
failed=$(grep -c failed "$W/traffic.out")
lab_log "client requests during the reload test: $total, failed: $failed"
lab_assert_eq "no failed client request" 0 "$failed"
sleep 2.5	# IPVS refreshes --stats every 2 s
after_svc=$(svc_conns "$LAB_VIP:80")
after_rs1=$(dest_conns "$LAB_VIP:80" "$(lab_rs_ip 1):80")
lab_log "service conns $before_svc -> $after_svc, rs1 conns $before_rs1 -> $after_rs1"
[ "${after_svc:-0}" -ge "${before_svc:-1}" ] && [ "${before_svc:-0}" -gt 0 ] ||
	lab_check_failed "service counters were reset by the reload"
[ "${after_rs1:-0}" -ge "${before_rs1:-1}" ] && [ "${before_rs1:-0}" -gt 0 ] ||
	lab_check_failed "rs1 counters were reset by the reload"
lab_assert_eq "weight 3 in the kernel" "-> 10.0.0.12:80 Route 3" \
	"$(lab_ipvs_table "$IPVSADM" | grep 10.0.0.12:80)"

lab_step "(c) reload of a broken configuration"
table_before=$(lab_in director "$IPVSADM" -S -n)
cp "$CONF" "$W/good.conf"
sed -i 's/weight 3/weight three/' "$CONF"
out=$("$IPVSCTL" reload 2>&1)
rc=$?
lab_assert_eq "ipvsctl reload fails (status 1)" 1 "$rc"
printf '%s\n' "$out" | sed 's/^/    /'
printf '%s\n' "$out" | grep -q "^$CONF:[0-9]*: " ||
	lab_check_failed "the reply has no file:line error"
grep -q "reload: $CONF:[0-9]*: " "$LOG" || lab_check_failed "the log has no file:line error"
kill -HUP "$IPD_PID"
sleep 1
lab_assert_eq "running table kept" "$table_before" "$(lab_in director "$IPVSADM" -S -n)"
"$IPVSCTL" status | grep -q "failed 2, last error: $CONF:" ||
	lab_check_failed "status does not report the failed reloads"
notified "STATUS=reload failed: $CONF:12: weight: invalid number 'three'" ||
	lab_check_failed "no STATUS= for the failed reload"
cp "$W/good.conf" "$CONF"

lab_step "drain / undrain"
out=$("$IPVSCTL" drain "$LAB_VIP:80" "$(lab_rs_ip 2)")
lab_log "$out"
lab_assert_eq "drain: weight 0, still present" "-> 10.0.0.12:80 Route 0" \
	"$(lab_ipvs_table "$IPVSADM" | grep 10.0.0.12:80)"
lab_assert_eq "drain: one operation" "1 operation applied, 0 failed" "$(ops_line drain)"
"$IPVSCTL" status | grep -q "RS \[10.0.0.12\]:80 weight 0 (configured 3) health up drained" ||
	lab_check_failed "status does not show the drain"
"$IPVSCTL" reload >/dev/null || lab_check_failed "reload of the good configuration"
lab_assert_eq "drain survives a reload (0 operations)" "0 operations applied, 0 failed" \
	"$(ops_line reload)"
"$IPVSCTL" dump --json | grep -q '"drained":true' || lab_check_failed "dump --json shows no drain"
"$IPVSCTL" undrain "$LAB_VIP:80" "$(lab_rs_ip 2):80" >/dev/null
lab_assert_eq "undrain: weight restored" "-> 10.0.0.12:80 Route 3" \
	"$(lab_ipvs_table "$IPVSADM" | grep 10.0.0.12:80)"
"$IPVSCTL" drain "$LAB_VIP:80" 10.9.9.9 >/dev/null 2>&1
lab_assert_eq "drain of an unknown server: status 1" 1 "$?"

lab_step "SIGUSR1 / SIGUSR2 dumps"
rm -f /tmp/ipvsd.data /tmp/ipvsd.stats
kill -s "$("$IPVSD" --signum=DATA)" "$IPD_PID"
kill -s "$("$IPVSD" --signum=STATS)" "$IPD_PID"
lab_wait_for 5 "/tmp/ipvsd.data" grep -q "RS \[10.0.0.12\]:80 weight 3" /tmp/ipvsd.data
lab_wait_for 5 "/tmp/ipvsd.stats" grep -q "^TCP \[10.0.0.100\]:80 wrr" /tmp/ipvsd.stats
grep -q "^virtual_server 10.0.0.100 80" /tmp/ipvsd.data ||
	lab_check_failed "the data dump has no configuration"

lab_step "(d) kill -9, restart adopts with zero operations"
table_before=$(lab_in director "$IPVSADM" -S -n)
sleep 2.1
conns_before=$(svc_conns "$LAB_VIP:80")
kill -9 "$IPD_PID"
wait "$IPD_PID" 2>/dev/null
lab_assert_eq "table stays after kill -9" "$table_before" "$(lab_in director "$IPVSADM" -S -n)"
start_ipvsd
lab_assert_eq "restart: zero operations" "0 operations applied, 0 failed" "$(ops_line start)"
lab_assert_eq "table unchanged" "$table_before" "$(lab_in director "$IPVSADM" -S -n)"
lab_assert_eq "counters kept" "$conns_before" "$(svc_conns "$LAB_VIP:80")"
lab_requests 4 >/dev/null

lab_step "(e) SIGTERM removes what ipvsd created"
kill -TERM "$IPD_PID"
wait "$IPD_PID"
lab_assert_eq "exit status 0" 0 "$?"
lab_assert_eq "only the foreign service is left" "-A -t 10.0.0.200:80 -s rr" \
	"$(lab_in director "$IPVSADM" -S -n)"
[ ! -e "$W/ipvsd.pid" ] && [ ! -e "$W/checkers.pid" ] || lab_check_failed "pid files left"
[ ! -e "$CTL" ] || lab_check_failed "control socket left"
lab_wait_for 5 "STOPPING=1" notified "^STOPPING=1"

lab_step "(f) background mode (no -n): fork, pid file, stop by the pid file"
unset NOTIFY_SOCKET
# relative paths: the daemon must make them absolute before chdir("/")
(cd "$W" && nsenter --net=/run/netns/director "$IPVSD" -f keepalived.conf -p bg.pid \
	-c bg-check.pid --control-socket ipvsd.ctl)
lab_assert_eq "the launcher exits 0" 0 "$?"
lab_wait_for 10 "pid file" test -s "$W/bg.pid"
bg=$(tr -d '\n' <"$W/bg.pid")
lab_wait_for 10 "status over the socket" "$IPVSCTL" status
"$IPVSCTL" status | grep -q "^ipvsd .* pid $bg," || lab_check_failed "status pid is not the pid file's"
"$IPVSCTL" reload >/dev/null || lab_check_failed "reload with a relative -f path"
nsenter --net=/run/netns/director "$IPVSD" -f "$CONF" -p "$W/bg.pid" -c "$W/bg-check.pid" \
	--control-socket "$CTL" 2>"$W/second.err"
lab_assert_eq "a second instance refuses to start" 1 "$?"
grep -q "already running (pid $bg" "$W/second.err" || lab_check_failed "no 'already running' message"
kill -TERM "$bg"
lab_wait_for 10 "daemon gone" bash -c "! kill -0 $bg 2>/dev/null"
lab_assert_eq "only the foreign service is left" "-A -t 10.0.0.200:80 -s rr" \
	"$(lab_in director "$IPVSADM" -S -n)"

[ "$LAB_FAILS" -eq 0 ] || { echo "ipvsd log:"; sed 's/^/    /' "$LOG"; }
lab_finish
