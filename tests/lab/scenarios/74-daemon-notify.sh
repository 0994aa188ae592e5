#!/bin/bash
# lab-timeout: 300
# Notify FIFOs and script security, against Debian's keepalived in the same
# run.  ipvsd (namespace "director") and keepalived -C (namespace "ka")
# check the same two real servers with TCP_CHECK under the same
# configuration: global_defs notify_fifo (read by a reader started here)
# and lvs_notify_fifo with lvs_notify_fifo_script (started by the daemon
# with the FIFO path as last argument).  A real server is stopped, then
# started again, then a reload drops rs1 (RS DOWN, quorum lost); each
# daemon's FIFO lines must be the same as the other's
# (modulo order) and the expected RS/VS lines.  Then script security:
# with enable_script_security a quorum script in a world-writable
# directory is refused (and logged), a safe one runs as script_user.
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/daemon-notify
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl

lab_init
# keep the daemons' logs with the results, whatever happens
trap 'cp "$W"/*.log "$LAB_OUT"/ 2>/dev/null; lab_cleanup' EXIT
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM" "$KEEPALIVED"
rm -rf "$W"
mkdir -p "$W"
chmod 755 "$W"

# The script the daemons start on their lvs_notify_fifo: append what it
# reads to a file named after the FIFO.
cat >"$W/fifo-reader.sh" <<'EOF'
#!/bin/sh
fifo=$(eval echo \${$#})
exec cat "$fifo" >>"$fifo.log"
EOF
chmod 755 "$W/fifo-reader.sh"

write_conf() {	# write_conf TAG [without-rs1]
	cat >"$W/$1.conf" <<CONF
global_defs {
    notify_fifo $W/$1-notify.fifo
    lvs_notify_fifo $W/$1-lvs.fifo
    lvs_notify_fifo_script $W/fifo-reader.sh
}
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    quorum 2
    omega
$([ -n "${2:-}" ] || echo "    real_server $(lab_rs_ip 1) 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }")
    real_server $(lab_rs_ip 2) 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
}

# Both daemons' namespaces see the real servers on the lab bridge.
lab_dr_topology 2
lab_ns ka
lab_join ka "$LAB_NET.20/24"

table() { lab_in "$1" "$IPVSADM" -S -n | sort; }
no_rs1() { ! table "$1" | grep -q -- "-r $(lab_rs_ip 1):80"; }
has_rs2() { table "$1" | grep -q -- "-r $(lab_rs_ip 2):80"; }
no_rs2() { ! has_rs2 "$1"; }

lab_step "start ipvsd and keepalived -C on the same configuration"
for t in ipd ka; do
	write_conf $t
	mkfifo -m 644 "$W/$t-notify.fifo"
	# opened read-write: the reader never sees end of file, also when a
	# daemon closes the FIFO for a while (keepalived does at a reload)
	cat <>"$W/$t-notify.fifo" >"$W/$t-notify.log" &
	LAB_PIDS+=($!)
done
nsenter --net=/run/netns/director setsid "$IPVSD" -n -l -f "$W/ipd.conf" -p "$W/ipd.pid" \
	-c "$W/ipd-check.pid" --control-socket "$W/ipvsd.ctl" >"$W/ipvsd.log" 2>&1 &
IPD=$!
nsenter --net=/run/netns/ka setsid "$KEEPALIVED" -n -l -C -f "$W/ka.conf" -p "$W/ka.pid" \
	-c "$W/ka-check.pid" >"$W/ka.log" 2>&1 &
KA=$!
LAB_PIDS+=("$IPD" "$KA")
lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$W/ipvsd.log"
lab_wait_for 15 "keepalived table" has_rs2 ka
lab_wait_for 10 "ipvsd table" has_rs2 director
lab_wait_for 10 "ipvsd started the lvs_notify_fifo script" grep -q "notify FIFO script" \
	"$W/ipvsd.log"
test -p "$W/ipd-lvs.fifo" || lab_check_failed "ipvsd did not create $W/ipd-lvs.fifo"
test -p "$W/ka-lvs.fifo" || lab_check_failed "keepalived did not create $W/ka-lvs.fifo"
sleep 3		# a few check rounds: no transition, so no RS line yet

lab_step "rs2 stops: RS DOWN and quorum lost (VS DOWN) on both"
ip netns pids rs2 | xargs -r kill
lab_wait_for 20 "ipvsd removed rs2" no_rs2 director
lab_wait_for 20 "keepalived removed rs2" no_rs2 ka

lab_step "rs2 comes back: RS UP and quorum gained (VS UP) on both"
lab_httpd rs2 rs2
lab_wait_for 20 "ipvsd re-added rs2" has_rs2 director
lab_wait_for 20 "keepalived re-added rs2" has_rs2 ka
sleep 2

lab_step "reload without rs1: RS DOWN for it, and the quorum (2) lost: VS DOWN"
# keepalived at a reload takes a live real server the file drops out with
# its notify_down and RS line; the weight left (1) is below quorum 2.
for t in ipd ka; do write_conf $t without-rs1; done
kill -HUP "$IPD"
kill -HUP "$KA"
lab_wait_for 20 "ipvsd removed rs1" no_rs1 director
lab_wait_for 20 "keepalived removed rs1" no_rs1 ka
sleep 2

lab_step "stop both (omega: each live RS DOWN, then VS DOWN)"
kill -TERM "$IPD"
kill -TERM -- -"$KA"
wait "$IPD"
lab_assert_eq "ipvsd exit status" 0 "$?"
wait "$KA"
sleep 1
test -e "$W/ipd-lvs.fifo" && lab_check_failed "ipvsd left the FIFO it created"

# keepalived starts a virtual server with its quorum down: reaching it at
# start is a "VS ... UP" line.  At stop, omega takes every live real server
# out with a line of its own, then the virtual server.
want_run="VS [$LAB_VIP]:tcp:80 UP
RS [$(lab_rs_ip 2)]:tcp:80 [$LAB_VIP]:tcp:80 DOWN
VS [$LAB_VIP]:tcp:80 DOWN
RS [$(lab_rs_ip 2)]:tcp:80 [$LAB_VIP]:tcp:80 UP
VS [$LAB_VIP]:tcp:80 UP
RS [$(lab_rs_ip 1)]:tcp:80 [$LAB_VIP]:tcp:80 DOWN
VS [$LAB_VIP]:tcp:80 DOWN"
want_stop="RS [$(lab_rs_ip 2)]:tcp:80 [$LAB_VIP]:tcp:80 DOWN
VS [$LAB_VIP]:tcp:80 DOWN"
for f in notify lvs; do
	lab_log "keepalived $f FIFO:"; sed 's/^/    /' "$W/ka-$f.fifo.log" "$W/ka-$f.log" 2>/dev/null
	lab_log "ipvsd $f FIFO:"; sed 's/^/    /' "$W/ipd-$f.fifo.log" "$W/ipd-$f.log" 2>/dev/null
done
lab_assert_eq "notify_fifo: ipvsd's lines = keepalived's (sorted)" \
	"$(sort "$W/ka-notify.log")" "$(sort "$W/ipd-notify.log")"
# The lvs_notify_fifo readers are the daemons' own scripts; keepalived
# kills its script when it exits, maybe before it read the stop lines:
# compare the lines up to the stop.
lab_assert_eq "lvs_notify_fifo (script): ipvsd's lines = keepalived's (sorted, until stop)" \
	"$(head -7 "$W/ka-lvs.fifo.log" | sort)" "$(head -7 "$W/ipd-lvs.fifo.log" | sort)"
lab_assert_eq "notify_fifo: the expected lines, in order (stop lines in any order)" \
	"$want_run
$want_stop" "$(head -7 "$W/ipd-notify.log"; tail -n +8 "$W/ipd-notify.log" | sort)"
lab_assert_eq "lvs_notify_fifo: the expected lines, in order" "$want_run" \
	"$(head -7 "$W/ipd-lvs.fifo.log")"

lab_step "enable_script_security: an unsafe quorum script is refused, a safe one runs"
mkdir -m 755 "$W/safe"
mkdir -m 777 "$W/open"
cat >"$W/safe/q.sh" <<EOF
#!/bin/sh
echo "safe \$1 \$(id -u)" >>$W/out/q.log
EOF
cp "$W/safe/q.sh" "$W/open/q.sh"
sed -i 's/safe /open /' "$W/open/q.sh"
chmod 755 "$W/safe/q.sh" "$W/open/q.sh"
mkdir -m 777 "$W/out"
# (the directories above $W, /tmp/lab in the guest, are root's and not
# writable by others, or sticky: the check walks all of them)
cat >"$W/sec.conf" <<CONF
global_defs {
    enable_script_security
}
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    quorum 2
    quorum_up "$W/safe/q.sh up"
    quorum_down "$W/open/q.sh down"
    real_server $(lab_rs_ip 1) 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $(lab_rs_ip 2) 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
nsenter --net=/run/netns/director setsid "$IPVSD" -n -l -f "$W/sec.conf" -p "$W/ipd.pid" \
	-c "$W/ipd-check.pid" --control-socket "$W/ipvsd.ctl" >"$W/sec.log" 2>&1 &
IPD=$!
LAB_PIDS+=("$IPD")
lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$W/sec.log"
lab_wait_for 10 "rs2 in" has_rs2 director
lab_wait_for 10 "quorum_up at start (as root)" grep -qx "safe up 0" "$W/out/q.log"
ip netns pids rs2 | xargs -r kill
lab_wait_for 20 "quorum_down refused" grep -q "quorum_down of VS .*open/q.sh' refused: unsafe permissions on $W/open " "$W/sec.log"
lab_httpd rs2 rs2
ups() { [ "$(grep -cx "safe up 0" "$W/out/q.log")" = "$1" ]; }
lab_wait_for 20 "quorum_up ran at start and again" ups 2
grep -q "^open" "$W/out/q.log" && lab_check_failed "the unsafe script ran"
kill -TERM "$IPD"
wait "$IPD"

lab_finish
