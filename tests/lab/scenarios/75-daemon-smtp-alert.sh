#!/bin/bash
# lab-timeout: 420
# Mail alerts (global_defs notification_email, smtp_server, smtp_alert...),
# against Debian's keepalived in the same run.  Each daemon runs in its own
# namespace ("director": ipvsd, "ka": keepalived) with an SMTP sink on its
# own loopback (a small Python responder writing each message it accepts to
# a file), under the same configuration: a virtual server with two real
# servers checked by TCP_CHECK (quorum 2, smtp_alert) and a VRRP instance
# VI_1 with smtp_alert (a VRID of its own per daemon, so that both become
# MASTER) in a sync group G1 with smtp_alert, a second service on 10.0.0.101 whose rs2 is checked by HTTP_GET,
# and a third on 10.0.0.102 whose rs2 says "smtp_alert no" (keepalived's
# precedence: no mail about it); neither has quorum mails.
#  - VI_1 and G1 becoming MASTER send their mails; rs2 stopping and starting again
#    sends the real server DOWN/UP and quorum DOWN/UP mails, with the
#    configured From, To, HELO and recipients;
#  - ipvsd's mails are keepalived's: same envelope, same headers and
#    bodies, same Subject lines (Date excluded);
#  - a real server with three checkers ($VIP4): each checker transition
#    is mailed (subject: the real server's state, body: the checker's),
#    as keepalived does, and a reload while one of them fails mails
#    nothing (keepalived carries each checker's state over; ipvsd restarts
#    them down and does not mail their first success); after a reload
#    (both daemons) with no_checker_emails, only the real server's own
#    transitions are; that reload drops rs1 from $VIP2 while it is up:
#    keepalived's "=> Removing <=" mail, from both;
#  - with the SMTP server down, ipvsd logs why each mail was not sent, and
#    the IPVS table still follows the checks; the server back, mails flow
#    again;
#  - SIGHUP takes new mail settings (From, recipients).
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/daemon-smtp
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl
SINK_PORT=2525
RS1=$(lab_rs_ip 1)
RS2=$(lab_rs_ip 2)
VIP2=10.0.0.101		# no quorum mails, rs2 checked by HTTP_GET
VIP3=10.0.0.102		# no quorum mails, rs2 "smtp_alert no"
VIP4=10.0.0.103		# rs1 with three TCP_CHECKs (ports 80, 8081, 8082)
RID=LAB_SMTP

lab_init
trap 'cp "$W"/*.log "$LAB_OUT"/ 2>/dev/null; cp -r "$W"/mail-* "$LAB_OUT"/ 2>/dev/null; lab_cleanup' EXIT
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM" "$KEEPALIVED"
command -v python3 >/dev/null || lab_fail "python3 missing"
rm -rf "$W"
mkdir -p "$W"

# The SMTP sink: python3 sink.py PORT DIR.  Writes every accepted message
# to DIR/PID-NNNN.eml, envelope first (X-Helo, X-Env-From, X-Env-To), then the
# message as received (dot-unstuffed).
cat >"$W/sink.py" <<'EOF'
import os, socketserver, sys, threading

port, outdir = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
count = [0]

class Handler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def line(self):
        raw = self.rfile.readline(4096)
        return None if not raw else raw.decode("latin-1").rstrip("\r\n")

    def handle(self):
        helo, env_from, rcpts = "", "", []
        self.reply("220 sink.lab ESMTP")
        while True:
            cmd = self.line()
            if cmd is None:
                return
            up = cmd.upper()
            if up.startswith(("HELO ", "EHLO ")):
                helo = cmd[5:]
                self.reply("250 sink.lab")
            elif up.startswith("MAIL FROM:"):
                env_from, rcpts = cmd[10:], []
                self.reply("250 sender ok")
            elif up.startswith("RCPT TO:"):
                rcpts.append(cmd[8:])
                self.reply("250 recipient ok")
            elif up == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = []
                while True:
                    l = self.line()
                    if l is None:
                        return
                    if l == ".":
                        break
                    data.append(l[1:] if l.startswith("..") else l)
                with lock:
                    count[0] += 1
                    n = count[0]
                path = os.path.join(outdir, "%d-%04d.eml" % (os.getpid(), n))
                with open(path + ".tmp", "w") as f:
                    f.write("X-Helo: %s\nX-Env-From: %s\nX-Env-To: %s\n" %
                            (helo, env_from, " ".join(rcpts)))
                    f.write("\n".join(data) + "\n")
                os.rename(path + ".tmp", path)
                self.reply("250 queued as %d" % n)
            elif up == "QUIT":
                self.reply("221 bye")
                return
            elif up in ("RSET", "NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 unknown command")

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

Server(("127.0.0.1", port), Handler).serve_forever()
EOF

# sink_start TAG NS: the sink of one daemon, in its namespace.
declare -A SINK
sink_start() {
	mkdir -p "$W/mail-$1"
	# nsenter execs python3: $! is the sink itself
	nsenter --net="/run/netns/$2" python3 "$W/sink.py" "$SINK_PORT" "$W/mail-$1" \
		>>"$W/sink-$1.log" 2>&1 &
	SINK[$1]=$!
	LAB_PIDS+=($!)
	lab_wait_for 10 "SMTP sink of $1" lab_in "$2" bash -c "echo >/dev/tcp/127.0.0.1/$SINK_PORT"
}
sink_stop() {
	kill "${SINK[$1]}"
	wait "${SINK[$1]}" 2>/dev/null
}

# write_conf TAG VRID VIP [FROM [EXTRA-RCPT [VRID2]]]: VRID2 adds an
# instance VI_2 (VIP 10.0.0.202); NO_CHECKER_EMAILS=1 sets that global
# keyword, DROP_VIP2_RS1=1 leaves rs1 out of the service on $VIP2
write_conf() {
	local vi2= vip2_rs1="real_server $RS1 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }"
	[ -z "$DROP_VIP2_RS1" ] || vip2_rs1=
	[ -z "$6" ] || vi2="vrrp_instance VI_2 {
    interface eth0
    virtual_router_id $6
    priority 100
    advert_int 1
    smtp_alert
    virtual_ipaddress {
        10.0.0.202/32
    }
}"
	cat >"$W/$1.conf" <<CONF
global_defs {
    router_id $RID
    notification_email {
        ops@example.com
        noc@example.com
${5:+        $5}
    }
    notification_email_from ${4:-lvs@example.com}
    smtp_server 127.0.0.1 $SINK_PORT
    smtp_helo_name lvs-lab
    smtp_connect_timeout 5
${NO_CHECKER_EMAILS:+    no_checker_emails}
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id $2
    priority 100
    advert_int 1
    smtp_alert
    virtual_ipaddress {
        $3/32
    }
}
vrrp_instance VI_3 {
    interface eth0
    virtual_router_id $(($2 + 10))
    priority 100
    advert_int 1
    virtual_ipaddress {
        ${3%.*}.$((${3##*.} + 10))/32
    }
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_3
    }
    smtp_alert
}
$vi2
virtual_server $LAB_VIP 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    quorum 2
    smtp_alert
    real_server $RS1 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $RS2 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server $VIP2 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    $vip2_rs1
    real_server $RS2 80 {
        weight 1
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server $VIP3 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    real_server $RS1 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $RS2 80 {
        weight 1
        smtp_alert no
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server $VIP4 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    delay_loop 1
    real_server $RS1 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
        TCP_CHECK {
            connect_port 8081
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
        TCP_CHECK {
            connect_port 8082
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
}

lab_dr_topology 2
lab_ns ka
lab_join ka "$LAB_NET.20/24"

table() { lab_in "$1" "$IPVSADM" -S -n | sort; }
has_rs() { table "$1" | grep -q -- "-r $2:80"; }
no_rs2() { ! has_rs "$1" "$RS2"; }
# subjects TAG: the Subject lines received so far, sorted
subjects() { cat "$W/mail-$1"/*.eml 2>/dev/null | sed -n 's/^Subject: //p' | sort; }
has_mail() { subjects "$1" | grep -qxF -- "$2"; }
count_mail() { subjects "$1" | grep -cxF -- "$2"; }
# normalized TAG: every message minus its Date header, one block each,
# blocks sorted (the order of two processes' mails is not defined)
normalized() {
	local f
	for f in "$W/mail-$1"/*.eml; do
		[ -e "$f" ] || continue
		grep -v '^Date: ' "$f" | tr '\n' '|'
		echo
	done | sort
}

S_MASTER="[$RID] VRRP Instance VI_1 - Entering MASTER state"
S_BACKUP="[$RID] VRRP Instance VI_1 - Entering BACKUP state"
S_G_MASTER="[$RID] VRRP Group G1 - Entering MASTER state"
S_RS_DOWN="[$RID] Realserver [$RS2]:tcp:80 of virtual server [$LAB_VIP]:tcp:80 - DOWN"
S_RS_UP="[$RID] Realserver [$RS2]:tcp:80 of virtual server [$LAB_VIP]:tcp:80 - UP"
S_VS_DOWN="[$RID] Virtualserver [$LAB_VIP]:tcp:80 - DOWN"
S_VS_UP="[$RID] Virtualserver [$LAB_VIP]:tcp:80 - UP"

# rs1's extra listeners, checked by the second and third TCP_CHECK of $VIP4
declare -A PORTD
mkdir -p "$W/www"
port_up() {
	# nsenter execs busybox: $! is the listener itself
	nsenter --net=/run/netns/rs1 busybox httpd -f -p "$1" -h "$W/www" &
	PORTD[$1]=$!
	LAB_PIDS+=($!)
	lab_wait_for 5 "rs1:$1 listening" lab_in director bash -c "echo >/dev/tcp/$RS1/$1"
}
port_down() {
	kill "${PORTD[$1]}"
	wait "${PORTD[$1]}" 2>/dev/null
}
# snap TAG: remember the mails received so far; new_mails TAG: the others
snap() { ls "$W/mail-$1" >"$W/snap-$1"; }
new_mails() {
	local f
	for f in "$W/mail-$1"/*.eml; do
		[ -e "$f" ] && ! grep -qxF "${f##*/}" "$W/snap-$1" && echo "$f"
	done
}
count_new() { new_mails "$1" | xargs -r grep -lxF "Subject: $2" | wc -l; }
# new_rs_mails TAG: the new real server mails minus Date, one block each, sorted
new_rs_mails() {
	local f
	for f in $(new_mails "$1" | xargs -r grep -l '^Subject: .* Realserver '); do
		grep -v '^Date: ' "$f" | tr '\n' '|'
		echo
	done | sort
}
# checker_downs PORT: how many times ipvsd's health child saw it fail
checker_downs() { grep -c "checker down: TCP_CHECK $RS1:$1:" "$W/ipvsd.log"; }
S4_DOWN="[$RID] Realserver [$RS1]:tcp:80 of virtual server [$VIP4]:tcp:80 - DOWN"
S4_UP="[$RID] Realserver [$RS1]:tcp:80 of virtual server [$VIP4]:tcp:80 - UP"
S2_GONE="[$RID] Realserver [$RS1]:tcp:80 of virtual server [$VIP2]:tcp:80 - DOWN"

lab_step "start ipvsd and keepalived, each with its SMTP sink"
port_up 8081
port_up 8082
sink_start ipd director
sink_start ka ka
write_conf ipd 51 10.0.0.200
write_conf ka 52 10.0.0.201
nsenter --net=/run/netns/director setsid "$IPVSD" -n -l -D -f "$W/ipd.conf" -p "$W/ipd.pid" \
	-c "$W/ipd-check.pid" -r "$W/ipd-vrrp.pid" --control-socket "$W/ipvsd.ctl" \
	>"$W/ipvsd.log" 2>&1 &
IPD=$!
nsenter --net=/run/netns/ka setsid "$KEEPALIVED" -n -l -D -f "$W/ka.conf" -p "$W/ka.pid" \
	-c "$W/ka-check.pid" -r "$W/ka-vrrp.pid" >"$W/ka.log" 2>&1 &
KA=$!
LAB_PIDS+=("$IPD" "$KA")
lab_wait_for 10 "ipvsd started" grep -q "ipvsd started" "$W/ipvsd.log"
lab_wait_for 15 "keepalived table" has_rs ka "$RS2"
lab_wait_for 10 "ipvsd table" has_rs director "$RS2"

lab_step "VI_1 and its sync group G1 become MASTER: their mails"
for s in "$S_MASTER" "$S_G_MASTER"; do
	lab_wait_for 20 "ipvsd's mail: $s" has_mail ipd "$s"
	lab_ok "ipvsd mailed: $s"
	lab_wait_for 20 "keepalived's mail: $s" has_mail ka "$s"
done
sleep 3		# a few check rounds without transitions: no more mail

lab_step "rs2 stops: real server DOWN and quorum DOWN mails"
ip netns pids rs2 | xargs -r kill
lab_wait_for 20 "ipvsd removed rs2" no_rs2 director
lab_wait_for 20 "keepalived removed rs2" no_rs2 ka
for s in "$S_RS_DOWN" "$S_VS_DOWN"; do
	lab_wait_for 15 "ipvsd's mail: $s" has_mail ipd "$s"
	lab_ok "ipvsd mailed: $s"
	lab_wait_for 15 "keepalived's mail: $s" has_mail ka "$s"
done

lab_step "rs2 comes back: real server UP and quorum UP mails"
lab_httpd rs2 rs2
lab_wait_for 20 "ipvsd re-added rs2" has_rs director "$RS2"
lab_wait_for 20 "keepalived re-added rs2" has_rs ka "$RS2"
for s in "$S_RS_UP" "$S_VS_UP"; do
	lab_wait_for 15 "ipvsd's mail: $s" has_mail ipd "$s"
	lab_ok "ipvsd mailed: $s"
	lab_wait_for 15 "keepalived's mail: $s" has_mail ka "$s"
done
sleep 3

lab_step "ipvsd's mails are keepalived's"
lab_log "keepalived's subjects:"; subjects ka | sed 's/^/    /'
lab_log "ipvsd's subjects:"; subjects ipd | sed 's/^/    /'
lab_assert_eq "Subject lines: ipvsd's = keepalived's" "$(subjects ka)" "$(subjects ipd)"
lab_assert_eq "whole messages (envelope, headers but Date, body): ipvsd's = keepalived's" \
	"$(normalized ka)" "$(normalized ipd)"
# one mail per transition; as keepalived: VI_1 starts in BACKUP (mailed),
# and the virtual server's quorum is mailed at start ("=> Starting with
# quorum up 2+0=2 <= 2 <=") and when gained again
lab_assert_eq "mails per subject (BACKUP MASTER RS-DOWN RS-UP VS-DOWN VS-UP)" "1 1 1 1 1 2" \
	"$(for s in "$S_BACKUP" "$S_MASTER" "$S_RS_DOWN" "$S_RS_UP" "$S_VS_DOWN" "$S_VS_UP"; do
		count_mail ipd "$s"; done | xargs)"
grep -qxF "=> Starting with quorum up 2+0=2 <= 2 <=" "$W"/mail-ipd/*.eml ||
	lab_check_failed "no quorum mail at start"
subjects ipd | grep -F "$VIP3" &&
	lab_check_failed "mail about $VIP3 (real server smtp_alert no, no smtp_alert on the service)"
subjects ipd | grep -F "Virtualserver [$VIP2]" &&
	lab_check_failed "quorum mail about $VIP2 (no smtp_alert on the service)"
f=$(grep -lxF "Subject: [$RID] Realserver [$RS2]:tcp:80 of virtual server [$VIP2]:tcp:80 - DOWN" "$W"/mail-ipd/*.eml | head -1)
lab_assert_eq "HTTP_GET real server DOWN mail body" "=> CHECK failed on service : HTTP request failed <=" \
	"$([ -n "$f" ] && sed -n '/^$/,$p' "$f" | grep -v '^$')"
f=$(grep -lxF "Subject: $S_RS_DOWN" "$W"/mail-ipd/*.eml | head -1)
lab_assert_eq "real server DOWN mail as sent by ipvsd" \
"X-Helo: lvs-lab
X-Env-From: <lvs@example.com>
X-Env-To: <ops@example.com> <noc@example.com>
From: lvs@example.com
Subject: $S_RS_DOWN
X-Mailer: Keepalived
To: ops@example.com, noc@example.com

=> TCP CHECK failed on service <=" "$(grep -v '^Date: ' "$f")"
grep -q '^Date: [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] [0-9:]\{8\} [-+][0-9]\{4\}$' "$f" ||
	lab_check_failed "Date header of $f: $(grep '^Date' "$f")"
grep -qF "SMTP alert sent through [127.0.0.1]:$SINK_PORT: $S_RS_DOWN" "$W/ipvsd.log" ||
	lab_check_failed "ipvsd did not log the mail it sent"

lab_step "several checkers: a mail per checker transition (real server DOWN, DOWN, DOWN, UP)"
snap ipd
snap ka
n4() { [ "$(count_new "$1" "$2")" -ge "$3" ]; }
port_down 8081
for t in ipd ka; do lab_wait_for 15 "$t: 1st DOWN mail" n4 $t "$S4_DOWN" 1; done
port_down 8082
for t in ipd ka; do lab_wait_for 15 "$t: 2nd DOWN mail (8082's checker)" n4 $t "$S4_DOWN" 2; done
port_up 8081
for t in ipd ka; do lab_wait_for 15 "$t: 3rd DOWN mail (8081's checker up)" n4 $t "$S4_DOWN" 3; done
# a reload (same file) while only 8082's checker fails: keepalived carries
# each checker's state, ipvsd restarts them all down; neither mails
more_than() { [ "$(grep -c "$2" "$1")" -gt "$3" ]; }
rd_i=$(grep -c "ipvsd: reload done:" "$W/ipvsd.log")
rd_k=$(grep -c "Reload complete" "$W/ka.log")
kill -HUP "$IPD"
kill -HUP "$KA"
lab_wait_for 10 "ipvsd reloaded" more_than "$W/ipvsd.log" "ipvsd: reload done:" "$rd_i"
lab_wait_for 10 "keepalived reloaded" more_than "$W/ka.log" "Reload complete" "$rd_k"
sleep 4		# every checker has run again
for t in ipd ka; do
	lab_assert_eq "$t: no $VIP4 mail across a reload (DOWN UP)" "3 0" \
		"$(count_new $t "$S4_DOWN") $(count_new $t "$S4_UP")"
done
port_up 8082
for t in ipd ka; do lab_wait_for 15 "$t: UP mail" n4 $t "$S4_UP" 1; done
sleep 2
lab_log "keepalived's new real server mails:"; new_rs_mails ka | sed 's/^/    /'
lab_assert_eq "$VIP4 mails (DOWN UP)" "3 1" "$(count_new ipd "$S4_DOWN") $(count_new ipd "$S4_UP")"
lab_assert_eq "$VIP4 bodies, sorted" \
"=> TCP CHECK failed on service <=
=> TCP CHECK failed on service <=
=> TCP CHECK succeed on service <=
=> TCP CHECK succeed on service <=" \
	"$(new_mails ipd | xargs -r grep -lF "$VIP4" | xargs -r -n1 sed -n '/^$/,$p' | grep -v '^$' | sort)"
lab_assert_eq "per-checker mails: ipvsd's = keepalived's (envelope, headers but Date, body)" \
	"$(new_rs_mails ka)" "$(new_rs_mails ipd)"

lab_step "reload with no_checker_emails, rs1 dropped from $VIP2 while up"
snap ipd
snap ka
NO_CHECKER_EMAILS=1 DROP_VIP2_RS1=1 write_conf ipd 51 10.0.0.200
NO_CHECKER_EMAILS=1 DROP_VIP2_RS1=1 write_conf ka 52 10.0.0.201
kill -HUP "$IPD"
kill -HUP "$KA"
for t in ipd ka; do lab_wait_for 15 "$t: the Removing mail" n4 $t "$S2_GONE" 1; done
f=$(new_mails ipd | xargs -r grep -lxF "Subject: $S2_GONE" | head -1)
lab_assert_eq "removed real server mail body" "=> Removing <=" "$(sed -n '/^$/,$p' "$f" | grep -v '^$')"
vip2_rs1_gone() { ! table director | grep -q -- "-t $VIP2:80 -r $RS1:80"; }
lab_wait_for 10 "ipvsd dropped rs1 from $VIP2" vip2_rs1_gone
sleep 3
lab_step "no_checker_emails: only the real server's own transitions are mailed"
port_down 8081
for t in ipd ka; do lab_wait_for 15 "$t: DOWN mail" n4 $t "$S4_DOWN" 1; done
d=$(checker_downs 8082)
port_down 8082
downs_gt() { [ "$(checker_downs "$1")" -gt "$2" ]; }
lab_wait_for 15 "ipvsd saw 8082's checker fail" downs_gt 8082 "$d"
sleep 2
port_up 8081
sleep 5		# 8081's checker up again, the real server still down: no mail
port_up 8082
for t in ipd ka; do lab_wait_for 15 "$t: UP mail" n4 $t "$S4_UP" 1; done
sleep 2
lab_log "keepalived's new real server mails:"; new_rs_mails ka | sed 's/^/    /'
lab_assert_eq "$VIP4 mails with no_checker_emails (DOWN UP)" "1 1" \
	"$(count_new ipd "$S4_DOWN") $(count_new ipd "$S4_UP")"
lab_assert_eq "reload and no_checker_emails mails: ipvsd's = keepalived's" \
	"$(new_rs_mails ka)" "$(new_rs_mails ipd)"

lab_step "SMTP server down: each failure logged, the IPVS table still follows the checks"
sink_stop ipd
n_before=$(ls "$W/mail-ipd" | wc -l)
ip netns pids rs2 | xargs -r kill
lab_wait_for 20 "ipvsd removed rs2 (mail server down)" no_rs2 director
has_rs director "$RS1" || lab_check_failed "rs1 left the table"
refused() { [ "$(grep -c "SMTP alert not sent through \[127.0.0.1\]:$SINK_PORT: connect: Connection refused" "$W/ipvsd.log")" -ge 2 ]; }
lab_wait_for 15 "ipvsd logged both mails as refused" refused
grep "SMTP alert not sent" "$W/ipvsd.log" | sed 's/^/    /'
kill -0 "$IPD" || lab_check_failed "ipvsd died"
lab_assert_cmd "ipvsctl status answers" "$IPVSCTL" status
lab_httpd rs2 rs2
lab_wait_for 20 "ipvsd re-added rs2 (mail server down)" has_rs director "$RS2"
sleep 2
lab_assert_eq "no mail arrived while the server was down" "$n_before" "$(ls "$W/mail-ipd" | wc -l)"

lab_step "SIGHUP takes new mail settings (parent and VRRP child)"
sink_start ipd director
write_conf ipd 51 10.0.0.200 lvs-reloaded@example.com oncall@example.com 53
kill -HUP "$IPD"
lab_wait_for 10 "reload done" grep -q "SMTP alerts to 3 addresses" "$W/ipvsd.log"
ip netns pids rs2 | xargs -r kill
lab_wait_for 20 "ipvsd removed rs2 (after reload)" no_rs2 director
new_mail() { grep -l "^X-Env-From: <lvs-reloaded@example.com>" "$W"/mail-ipd/*.eml 2>/dev/null | xargs -r grep -lxF "Subject: $S_RS_DOWN"; }
lab_wait_for 15 "a DOWN mail with the new settings" new_mail
f=$(new_mail | head -1)
lab_assert_eq "envelope and headers after reload" \
"X-Env-To: <ops@example.com> <noc@example.com> <oncall@example.com>
From: lvs-reloaded@example.com
To: ops@example.com, noc@example.com, oncall@example.com" \
	"$(grep -E '^(X-Env-To|From|To): ' "$f")"
lab_httpd rs2 rs2
lab_wait_for 20 "ipvsd re-added rs2 (after reload)" has_rs director "$RS2"
vi2_mail() { grep -l "^X-Env-From: <lvs-reloaded@example.com>" "$W"/mail-ipd/*.eml 2>/dev/null | xargs -r grep -lxF "Subject: [$RID] VRRP Instance VI_2 - Entering MASTER state"; }
lab_wait_for 20 "the new instance VI_2's MASTER mail, new settings" vi2_mail
lab_ok "VRRP child: VI_2's MASTER mail from lvs-reloaded@example.com"
has_mail ipd "[$RID] VRRP Instance VI_1 - Entering MASTER state" &&
	[ "$(count_mail ipd "[$RID] VRRP Instance VI_1 - Entering MASTER state")" = 1 ] ||
	lab_check_failed "VI_1 mailed again across the reload"

lab_step "stop both"
kill -TERM "$IPD"
kill -TERM -- -"$KA"
wait "$IPD"
lab_assert_eq "ipvsd exit status" 0 "$?"
wait "$KA"

lab_finish
