#!/bin/bash
# lab-timeout: 420
# ipvsd's SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK and
# FILE_CHECK against real peers: dnsmasq, an SMTP responder, UDP echo
# responders, namespaces that answer pings or do not, scripts with exit
# codes 0/1/2+N and track files.  Each checker brings its server up when
# healthy and takes it out with the right reason when not, and back; the
# kernel table (read with Debian's ipvsadm) follows, weights included.
# Also: a DNS responder answering with the wrong id is a clean failure
# with "wrong dns id", and PING_CHECK works both over datagram ping
# sockets and, when ping_group_range forbids them, over a raw socket.
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/health-checkers
CONF=$W/keepalived.conf
LOG=$W/ipvsd.log
PEER=$SRCDIR/tests/lab/progs/hc_peer.py
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl

lab_init
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM" /usr/sbin/dnsmasq /usr/bin/python3
rm -rf "$W"
mkdir -p "$W"
chmod 755 "$W"	# the health child (nobody) reads the track files

RS1=$(lab_rs_ip 1)
RS2=$(lab_rs_ip 2)
RS3=$(lab_rs_ip 3)

# MISC_CHECK scripts: exit with the code in a file; one that hangs.
cat >"$W/misc.sh" <<EOF
#!/bin/sh
exit \$(cat $W/misc-\$1.code)
EOF
cat >"$W/slow.sh" <<EOF
#!/bin/sh
sleep 30
EOF
# The check runs every delay_loop: write the name atomically, so that the
# test never reads the file truncated between two runs.
cat >"$W/whoami.sh" <<EOF
#!/bin/sh
id -un >$W/out/whoami.\$\$ && mv -f $W/out/whoami.\$\$ $W/out/whoami
EOF
chmod 755 "$W/misc.sh" "$W/slow.sh" "$W/whoami.sh"
mkdir -p "$W/out"
chmod 777 "$W/out"
echo 0 >"$W/misc-rs1.code"
echo 0 >"$W/tf_w"
echo 0 >"$W/tf_flag"
chmod 644 "$W/tf_w" "$W/tf_flag"

COMMON="connect_timeout 1
            retry 0
            delay_before_retry 1"
cat >"$CONF" <<CONF
track_file tf_w {
    file $W/tf_w
    weight 2
}
track_file tf_flag {
    file $W/tf_flag
    weight 0
}
virtual_server $LAB_VIP 53 {
    protocol UDP
    lb_kind DR
    delay_loop 1
    real_server $RS1 53 {
        DNS_CHECK {
            type A
            name example.test
            $COMMON
        }
    }
    real_server $RS2 53 {
        DNS_CHECK {
            type A
            name example.test
            $COMMON
        }
    }
}
virtual_server $LAB_VIP 25 {
    protocol TCP
    lb_kind DR
    delay_loop 1
    real_server $RS1 25 {
        SMTP_CHECK {
            helo_name director.lab.test
            $COMMON
        }
    }
    real_server $RS2 25 {
        SMTP_CHECK {
            $COMMON
        }
    }
}
virtual_server $LAB_VIP 5000 {
    protocol UDP
    lb_kind DR
    delay_loop 1
    real_server $RS1 5000 {
        UDP_CHECK {
            payload 68656c6c6f
            require_reply 4f4b
            $COMMON
        }
    }
    real_server $RS2 5000 {
        UDP_CHECK {
            payload 01
            $COMMON
        }
    }
}
virtual_server $LAB_VIP 7 {
    protocol TCP
    lb_kind DR
    delay_loop 1
    real_server $RS1 7 {
        PING_CHECK {
            $COMMON
        }
        PING_CHECK {
            connect_ip fd00::11
            $COMMON
        }
    }
    real_server $RS2 7 {
        PING_CHECK {
            $COMMON
        }
    }
    real_server $RS3 7 {
        PING_CHECK {
            connect_ip 10.0.0.99
            $COMMON
        }
    }
}
virtual_server $LAB_VIP 8080 {
    protocol TCP
    lb_kind DR
    delay_loop 1
    real_server $RS1 8080 {
        weight 5
        MISC_CHECK {
            misc_path "$W/misc.sh rs1"
            misc_dynamic
            misc_timeout 5
        }
    }
    real_server $RS2 8080 {
        MISC_CHECK {
            misc_path $W/slow.sh
            misc_timeout 1
        }
    }
    real_server $RS3 8080 {
        MISC_CHECK {
            misc_path $W/whoami.sh
            misc_timeout 5
            user nobody
        }
    }
}
virtual_server $LAB_VIP 8081 {
    protocol TCP
    lb_kind DR
    delay_loop 1
    real_server $RS1 8081 {
        weight 3
        FILE_CHECK {
            track_file tf_w
        }
    }
    real_server $RS2 8081 {
        FILE_CHECK {
            track_file tf_flag
        }
    }
}
CONF

table() { lab_ipvs_table "$IPVSADM"; }
# svc PROTO PORT: the destinations of one service, "addr:port weight" each
svc() {
	table | awk -v s="$1 $LAB_VIP:$2" '
		/^(TCP|UDP) / { on = ($1 " " $2) == s; next }
		on { print $2, $4 }' | sort | tr '\n' ' ' | sed 's/ $//'
}
# poll SECS CMD...: run CMD every 0.2 s until it succeeds; 1 on timeout
poll() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$deadline" ] && return 1
		sleep 0.2
	done
}
svc_is() { [ "$(svc "$1" "$2")" = "$3" ]; }
# expect WHAT PROTO PORT "addr:port weight ..." [seconds]
expect() {
	local what=$1 proto=$2 port=$3 want=$4 t=${5:-20} got
	if ! poll "$t" svc_is "$proto" "$port" "$want"; then
		got=$(svc "$proto" "$port")
		lab_check_failed "$what: want [$want], kernel has [$got]"
		return 1
	fi
	lab_ok "$what: $proto $port -> $want"
}
# reason RS PROTO PORT ERE: the log says RS went down with a reason
# matching ERE (the hc_result text comes first)
reason() {
	local rs=$1 proto=$2 port=$3 text=$4 pat
	pat="health: RS \\[$rs\\]:$port of VS \\[$LAB_VIP\\]:$proto:$port is down \\(($text)"
	if poll 10 grep -qE "$pat" "$LOG"; then
		lab_ok "down with reason: $(grep -E "$pat" "$LOG" | tail -1 | sed 's/.*is down //')"
	else
		lab_check_failed "no log line matching: $pat"
	fi
}
# in_rs NS CMD...: a peer in NS; $! is its pid (nsenter execs it)
in_rs() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@" >>"$W/peers.log" 2>&1 &
	LAB_PIDS+=($!)
}
start_dnsmasq() {
	in_rs rs1 /usr/sbin/dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts \
		--bind-interfaces --listen-address="$RS1" --port=53 --user=root \
		--pid-file="$W/dnsmasq.pid" --address=/example.test/192.0.2.7
	DNSMASQ=${LAB_PIDS[-1]}
}
start_smtp() { in_rs rs1 python3 "$PEER" smtp "$RS1" 25; SMTP=${LAB_PIDS[-1]}; }

lab_step "topology and peers"
lab_dr_topology 3
ip -n director route add unreachable 10.0.0.99/32
ip -n director addr add fd00::10/64 dev eth0 nodad
ip -n rs1 addr add fd00::11/64 dev eth0 nodad
lab_in director sysctl -qw net.ipv4.ping_group_range="0 2147483647"
start_dnsmasq
in_rs rs2 python3 "$PEER" dns-wrong-id "$RS2" 53
start_smtp
in_rs rs2 python3 "$PEER" smtp "$RS2" 25 554
in_rs rs1 python3 "$PEER" udp-echo "$RS1" 5000
# listening NS t|u PORT: something listens there
listening() { [ -n "$(lab_in "$1" ss -Hln"$2" "sport = :$3")" ]; }
lab_wait_for 20 "wrong-id DNS responder" listening rs2 u 53
lab_wait_for 20 "SMTP responder rs1" listening rs1 t 25
lab_wait_for 20 "SMTP responder rs2" listening rs2 t 25
lab_wait_for 20 "UDP echo rs1" listening rs1 u 5000
lab_wait_for 10 "dnsmasq answers" lab_in director python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
q = bytes.fromhex('abcd01000001000000000000') + b'\x07example\x04test\x00\x00\x01\x00\x01'
s.sendto(q, ('$RS1', 53)); r = s.recv(512); sys.exit(0 if r[:2] == q[:2] else 1)"

lab_step "start ipvsd: healthy servers in, unhealthy ones out"
nsenter --net=/run/netns/director "$IPVSD" -n -l -f "$CONF" -p "$W/ipvsd.pid" \
	-c "$W/checkers.pid" --control-socket "$W/ipvsd.ctl" >"$LOG" 2>&1 &
IPD=$!
LAB_PIDS+=($IPD)
lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$LOG"
expect "DNS: dnsmasq up, wrong-id responder out" UDP 53 "$RS1:53 1"
reason "$RS2" udp 53 "wrong dns id"
expect "SMTP: 220 up, 554 out" TCP 25 "$RS1:25 1"
reason "$RS2" tcp 25 "unexpected smtp reply code"
expect "UDP: echo matches, closed port out" UDP 5000 "$RS1:5000 1"
reason "$RS2" udp 5000 "connection refused"
expect "PING: two answer, unreachable out" TCP 7 "$RS1:7 1 $RS2:7 1"
reason "$RS3" tcp 7 "destination unreachable"
expect "MISC: exit 0 up with its weight, hanging script out" TCP 8080 "$RS1:8080 5 $RS3:8080 1"
reason "$RS2" tcp 8080 "script timeout"
if [ "$(cat "$W/out/whoami" 2>/dev/null)" = nobody ]; then
	lab_ok "MISC_CHECK user nobody: the script ran as nobody"
else
	lab_check_failed "MISC_CHECK user nobody: script ran as '$(cat "$W/out/whoami" 2>&1)'"
fi
expect "FILE: value 0 keeps weight 3, flag 0 up" TCP 8081 "$RS1:8081 3 $RS2:8081 1"
if "$IPVSCTL" status >"$W/status.txt" 2>&1 && grep -q "wrong dns id" "$W/status.txt"; then
	lab_ok "ipvsctl status gives the reason: $(grep -m1 "wrong dns id" "$W/status.txt")"
else
	lab_check_failed "ipvsctl status without the DNS reason: $(cat "$W/status.txt")"
fi
grep -q "ipvsd-health\|nobody" "$LOG" && lab_log "health child: $(grep -m1 'checker runs as' "$LOG")"

lab_step "DNS: dnsmasq stops (port unreachable) and comes back"
kill "$DNSMASQ"
expect "DNS rs1 out" UDP 53 ""
# (a query in flight when dnsmasq dies times out instead)
reason "$RS1" udp 53 "connection refused|timeout"
start_dnsmasq
lab_wait_for 20 "dnsmasq again" listening rs1 u 53
expect "DNS rs1 back" UDP 53 "$RS1:53 1"

lab_step "SMTP: responder stops and comes back"
kill "$SMTP"
expect "SMTP rs1 out" TCP 25 ""
reason "$RS1" tcp 25 "connection refused|no reply|read error|timeout"
start_smtp
lab_wait_for 20 "SMTP responder again" listening rs1 t 25
expect "SMTP rs1 back" TCP 25 "$RS1:25 1"
grep -q "HELO director.lab.test" "$W/peers.log" && lab_ok "helo_name sent" ||
	lab_check_failed "no HELO director.lab.test seen by the responder"

lab_step "UDP: a responder appears on the closed port"
in_rs rs2 python3 "$PEER" udp-echo "$RS2" 5000
expect "UDP rs2 in" UDP 5000 "$RS1:5000 1 $RS2:5000 1"

lab_step "PING over datagram sockets: rs2 stops answering, then answers"
lab_in rs2 sysctl -qw net.ipv4.icmp_echo_ignore_all=1
expect "PING rs2 out" TCP 7 "$RS1:7 1"
reason "$RS2" tcp 7 "timeout: PING_CHECK $RS2: no echo reply"

lab_in rs2 sysctl -qw net.ipv4.icmp_echo_ignore_all=0
expect "PING rs2 back" TCP 7 "$RS1:7 1 $RS2:7 1"
grep "RS \[$RS2\]:7 .* is up" "$LOG" | tail -1 | grep -q "raw socket" &&
	lab_check_failed "datagram ping socket expected"

lab_step "PING over ICMPv6: rs1 loses its IPv6 address, then gets it back"
ip -n rs1 addr del fd00::11/64 dev eth0
expect "PING rs1 out (v6)" TCP 7 "$RS2:7 1"
if grep -F "RS [$RS1]:7 of VS [$LAB_VIP]:tcp:7 is down" "$LOG" | tail -1 |
	grep -qF "PING_CHECK [fd00::11]"; then
	lab_ok "the ICMPv6 checker took rs1 out: $(grep -F "RS [$RS1]:7 of" "$LOG" | tail -1 | sed 's/.*is down //')"
else
	lab_check_failed "rs1 out, but not by the ICMPv6 checker"
fi
ip -n rs1 addr add fd00::11/64 dev eth0 nodad
expect "PING rs1 back (v6)" TCP 7 "$RS1:7 1 $RS2:7 1"

lab_step "PING with ping_group_range closed: raw socket fallback"
lab_in director sysctl -qw net.ipv4.ping_group_range="1 0"
lab_in rs2 sysctl -qw net.ipv4.icmp_echo_ignore_all=1
expect "PING rs2 out (raw)" TCP 7 "$RS1:7 1"
lab_in rs2 sysctl -qw net.ipv4.icmp_echo_ignore_all=0
expect "PING rs2 back (raw)" TCP 7 "$RS1:7 1 $RS2:7 1"
if grep "RS \[$RS2\]:7 .* is up" "$LOG" | tail -1 | grep -q "raw socket"; then
	lab_ok "rs1 still up and rs2 back through a raw ICMP socket"
else
	lab_check_failed "no raw socket use logged: $(grep "RS \[$RS2\]:7" "$LOG" | tail -1)"
fi

lab_step "MISC: exit 12 with misc_dynamic sets weight 10, exit 1 is down"
echo 12 >"$W/misc-rs1.code"
expect "MISC weight 10" TCP 8080 "$RS1:8080 10 $RS3:8080 1"
echo 1 >"$W/misc-rs1.code"
expect "MISC rs1 out" TCP 8080 "$RS3:8080 1"
reason "$RS1" tcp 8080 "script reported failure"
echo 0 >"$W/misc-rs1.code"
expect "MISC rs1 back, exit 0 keeps the dynamic weight (keepalived)" TCP 8080 \
	"$RS1:8080 10 $RS3:8080 1"

n=$(grep -cF "RS [$RS3]:8080 of VS [$LAB_VIP]:tcp:8080 is down" "$LOG")
[ "$n" = 0 ] && lab_ok "the healthy MISC_CHECK (user nobody) never went down" ||
	lab_check_failed "rs3 MISC_CHECK went down $n time(s)"

lab_step "FILE: value 5 x weight 2 adds 10, a very low value is down, flag file"
echo 5 >"$W/tf_w"
expect "FILE weight 13" TCP 8081 "$RS1:8081 13 $RS2:8081 1"
printf "%s\n" -40000 >"$W/tf_w"
expect "FILE rs1 out" TCP 8081 "$RS2:8081 1"
reason "$RS1" tcp 8081 "file value says down"
echo 1 >"$W/tf_w"
expect "FILE rs1 back with weight 5" TCP 8081 "$RS1:8081 5 $RS2:8081 1"
echo 1 >"$W/tf_flag"
expect "FILE flag 1: rs2 out" TCP 8081 "$RS1:8081 5"
echo 0 >"$W/tf_flag"
expect "FILE flag 0: rs2 back" TCP 8081 "$RS1:8081 5 $RS2:8081 1"

lab_step "reload: a new health child, the dynamic weights carry over"
echo 12 >"$W/misc-rs1.code"
echo 5 >"$W/tf_w"
expect "MISC weight 10 again" TCP 8080 "$RS1:8080 10 $RS3:8080 1"
expect "FILE weight 13 again" TCP 8081 "$RS1:8081 13 $RS2:8081 1"
sleep 2
OURS=$(table)
OLD_CHILD=$(grep -c "checker runs as" "$LOG")
"$IPVSCTL" reload >/dev/null 2>&1 || lab_check_failed "ipvsctl reload failed"
poll 20 sh -c "[ \$(grep -c 'checker runs as' '$LOG') -gt $OLD_CHILD ]" ||
	lab_check_failed "no new health child after the reload"
sleep 3
lab_assert_eq "table unchanged across the reload" "$OURS" "$(table)"
if grep -q "ipvs sync (reload): [1-9]" "$LOG"; then
	lab_check_failed "the reload changed the kernel: $(grep "ipvs sync (reload)" "$LOG" | tail -1)"
else
	lab_ok "the reload sent no IPVS operation"
fi

lab_step "the same configuration and peers under Debian's keepalived"
kill "$IPD"
lab_wait_for 10 "ipvsd exits" sh -c "! kill -0 $IPD 2>/dev/null"
lab_assert_eq "ipvsd removed its services" "" "$(table)"
setsid nsenter --net=/run/netns/director /usr/sbin/keepalived -C -n -l -D -f "$CONF" \
	-p "$W/ka.pid" -c "$W/ka-checkers.pid" >"$W/keepalived.log" 2>&1 &
KA=$!
LAB_PIDS+=($KA)
same_as_ours() { [ "$(table)" = "$OURS" ]; }
if poll 40 same_as_ours; then
	lab_ok "keepalived reaches the same kernel table"
else
	lab_assert_eq "keepalived's table (want ipvsd's)" "$OURS" "$(table)"
	grep -v "send ICMP packet fail" "$W/keepalived.log" | tail -40
	tail -20 "$W/peers.log"
fi
kill -TERM -- -"$KA" 2>/dev/null
lab_wait_for 10 "keepalived exits" sh -c "! kill -0 $KA 2>/dev/null"

lab_step "stop"
lab_log "---- ipvsd log (health lines) ----"
grep "health" "$LOG" | tail -60
lab_finish
