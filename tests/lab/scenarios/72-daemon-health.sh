#!/bin/bash
# lab-timeout: 300
# ipvsd with its health-check child on a direct-routing director:
# TCP_CHECK results drive the table (a stopped server leaves, a restarted
# one comes back), quorum_down/quorum_up scripts run on quorum changes and
# a real server's notify_down/notify_up on its transitions, a
# killed health child is respawned without touching the kernel table, and
# a reload carries the health states over (a down server stays out, one
# changed weight is one operation).
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/daemon-health
CONF=$W/keepalived.conf
LOG=$W/ipvsd.log
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl

lab_init
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM"
mkdir -p "$W"
cat >"$W/quorum.sh" <<EOF2
#!/bin/sh
echo "\$1" >>$W/quorum.log
EOF2
chmod +x "$W/quorum.sh"

write_conf() {	# write_conf WEIGHT1
	cat >"$CONF" <<CONF
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    quorum 2
    quorum_up "$W/quorum.sh up"
    quorum_down "$W/quorum.sh down"
    real_server $(lab_rs_ip 1) 80 {
        weight $1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $(lab_rs_ip 2) 80 {
        weight 1
        notify_down "$W/quorum.sh rs2-down"
        notify_up "$W/quorum.sh rs2-up"
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
}

table() { lab_ipvs_table "$IPVSADM"; }
has_rs2() { table | grep -q "10.0.0.12:80"; }
no_rs2() { ! has_rs2; }
health_pid() { "$IPVSCTL" status | sed -n 's/^health-check child pid \([0-9]*\)$/\1/p'; }
stop_rs2() { ip netns pids rs2 | xargs -r kill; }

lab_step "start with two checked servers"
lab_dr_topology 2
write_conf 1
nsenter --net=/run/netns/director "$IPVSD" -n -l -f "$CONF" -p "$W/ipvsd.pid" \
	-c "$W/checkers.pid" --control-socket "$W/ipvsd.ctl" >"$LOG" 2>&1 &
IPD=$!
lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$LOG"
lab_wait_for 10 "health child" test -n "$(health_pid)"
lab_assert_eq "both servers in" "TCP 10.0.0.100:80 rr
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 1" "$(table)"

lab_step "a stopped server leaves, quorum_down runs"
stop_rs2
lab_wait_for 20 "rs2 removed" no_rs2
grep -q "health: RS \[10.0.0.12\]:80 of VS \[10.0.0.100\]:tcp:80 is down" "$LOG" ||
	lab_check_failed "no health log line for rs2"
lab_wait_for 10 "quorum_down script" grep -qx down "$W/quorum.log"
lab_wait_for 10 "notify_down script" grep -qx rs2-down "$W/quorum.log"
"$IPVSCTL" status | grep "10.0.0.12" | grep -q "health down.*reason" ||
	lab_check_failed "status shows no down state with a reason"

lab_step "the server comes back, quorum_up runs"
lab_httpd rs2 rs2
lab_wait_for 20 "rs2 back" has_rs2
lab_wait_for 10 "quorum_up script" grep -qx up "$W/quorum.log"
lab_wait_for 10 "notify_up script" grep -qx rs2-up "$W/quorum.log"

lab_step "a killed health child is respawned, the table does not move"
before=$(table)
syncs=$(grep -c "ipvs sync (health)" "$LOG")
old=$(health_pid)
kill -9 "$old"
lab_wait_for 10 "new health child" bash -c "p=\$(IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl $IPVSCTL status | sed -n 's/^health-check child pid //p'); [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
sleep 3
lab_assert_eq "table unchanged" "$before" "$(table)"
lab_assert_eq "no health-driven sync" "$syncs" "$(grep -c "ipvs sync (health)" "$LOG")"

lab_step "reload carries health over"
stop_rs2
lab_wait_for 20 "rs2 removed" no_rs2
write_conf 2
"$IPVSCTL" reload
lab_assert_eq "reload: one operation" "1" \
	"$(grep "ipvs sync (reload)" "$LOG" | tail -1 | sed 's/.*: \([0-9]*\) operation.*/\1/')"
sleep 3
lab_assert_eq "rs2 still out, rs1 weight 2" "TCP 10.0.0.100:80 rr
-> 10.0.0.11:80 Route 2" "$(table)"

lab_step "SIGTERM"
hp=$(health_pid)
kill -TERM "$IPD"
wait "$IPD"
lab_assert_eq "exit status 0" 0 "$?"
lab_assert_eq "table removed" "" "$(lab_in director "$IPVSADM" -S -n)"
sleep 0.5
kill -0 "$hp" 2>/dev/null && lab_check_failed "health child still running"

[ "$LAB_FAILS" -eq 0 ] || { echo "ipvsd log:"; sed 's/^/    /' "$LOG"; }
lab_finish
