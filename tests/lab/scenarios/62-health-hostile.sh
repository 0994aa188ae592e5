#!/bin/bash
# lab-timeout: 300
# ipvsd's health checker against hostile or broken HTTP/TLS peers
# (tests/lab/progs/hostile/hostile_peer.py in namespace "peer", one port per
# behaviour, each a NAT real server with an HTTP_GET or SSL_GET checker):
#   - every broken peer ends in a clean failure with its reason in the log
#     (slow-loris and a stalled TLS handshake at connect_timeout, endless
#     body or header at the size caps, garbage, resets, bad chunking,
#     regex (no_)match), and only the healthy peers stay in the table
#     (keep-alive with Content-Length, chunked, HTTP/1.0 close-delimited,
#     regex matched across many small reads, real TLS);
#   - the health child is unprivileged: non-root uid, CapEff = CAP_NET_RAW;
#   - it survives a minute of this with the same pid (never respawned) and
#     a bounded VmRSS (before/after printed).
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

W=$LAB_TMP/health-hostile
CONF=$W/keepalived.conf
LOG=$W/ipvsd.log
PEER=$SRCDIR/tests/lab/progs/hostile/hostile_peer.py
PEER_IP=$(lab_rs_ip 1)
export IPVSD_CONTROL_SOCKET=$W/ipvsd.ctl

lab_init
lab_need_bin "$IPVSD" "$IPVSCTL" "$IPVSADM"
rm -rf "$W"
mkdir -p "$W"

# port mode checker expected-reason (a regex on the log's reason text;
# "UP" for the healthy peers) [extra url lines]
PEERS=(
	"8001 slowloris HTTP_GET timeout: HTTP_GET [^ ]*: timeout: read"
	"8002 slowbody HTTP_GET timeout: HTTP_GET [^ ]*: timeout: read"
	"8003 endless-body HTTP_GET reply too large: "
	"8004 endless-header HTTP_GET reply header too large: "
	"8005 long-line HTTP_GET reply header too large: "
	"8006 garbage-text HTTP_GET malformed reply: "
	"8007 garbage-bin HTTP_GET malformed reply: "
	"8008 close-early HTTP_GET no reply: "
	"8009 keepalive-len HTTP_GET UP"
	"8010 keepalive-nolen HTTP_GET timeout: HTTP_GET [^ ]*: timeout: read"
	"8011 chunked HTTP_GET UP"
	"8012 chunked-bad HTTP_GET malformed reply: "
	"8013 chunked-endless HTTP_GET reply too large: "
	"8014 http10 HTTP_GET UP"
	"8015 regex HTTP_GET UP"
	"8016 regex HTTP_GET regex mismatch: .*regex did not match"
	"8017 error-page HTTP_GET regex mismatch: .*regex matched at body offset [0-9]+ \(regex_no_match\)"
	"8443 tls-reset SSL_GET tls error: .*handshake"
	"8444 tls-stall SSL_GET timeout: SSL_GET [^ ]*: timeout: handshake"
	"8445 tls-garbage SSL_GET tls error: .*handshake"
	"8446 tls-ok SSL_GET UP"
)
url_extra() {
	case $1 in
	8015) echo 'regex "heal+thy"' ;;
	8016) echo 'regex "sick"' ;;
	8017) printf '%s\n' 'regex "internal ERROR"' 'regex_options caseless' 'regex_no_match' ;;
	esac
}

write_conf() {
	local p port mode ck
	{
		echo "virtual_server $LAB_VIP 80 {"
		echo "    protocol TCP"
		echo "    lb_algo rr"
		echo "    lb_kind NAT"
		echo "    delay_loop 2"
		for p in "${PEERS[@]}"; do
			read -r port mode ck _ <<<"$p"
			cat <<RS
    real_server $PEER_IP $port {
        $ck {
            connect_timeout 2
            retry 0
            http_protocol 1.1
            url {
                path /$mode
                $(url_extra "$port")
            }
        }
    }
RS
		done
		echo "}"
	} >"$CONF"
}

table() { lab_ipvs_table "$IPVSADM"; }
health_pid() { "$IPVSCTL" status | sed -n 's/^health-check child pid \([0-9]*\)$/\1/p'; }
vmrss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
down_line() { grep -E "health: RS \[$PEER_IP\]:$1 of VS .* is down \($2" "$LOG"; }

lab_step "topology: director and a peer with 21 hostile or healthy servers"
lab_ns director
lab_join director "$LAB_DIRECTOR_IP/24"
ip -n director addr add "$LAB_VIP/32" dev eth0
lab_ns peer
lab_join peer "$PEER_IP/24"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" \
	-days 2 -subj /CN=peer >/dev/null 2>&1 || lab_fail "openssl req"
# peer_run NAME NICE MODE:PORT...: one peer process (its own interpreter:
# the streaming peers must not starve the healthy ones of the GIL).
peer_run() {
	local name=$1 prio=$2
	shift 2
	lab_in peer nice -n "$prio" python3 "$PEER" "$PEER_IP" "$@" --cert "$W/cert.pem" \
		--key "$W/key.pem" >"$W/peer-$name.log" 2>&1 &
	LAB_PIDS+=($!)
	PEER_LOGS+=("$W/peer-$name.log")
}
healthy=() hostile=() PEER_LOGS=()
for p in "${PEERS[@]}"; do
	read -r port mode _ reason <<<"$p"
	case $reason:$mode in
	UP:*) healthy+=("$mode:$port") ;;
	*:endless-* | *:chunked-endless) peer_run "$mode" 10 "$mode:$port" ;;
	*) hostile+=("$mode:$port") ;;
	esac
done
peer_run healthy 0 "${healthy[@]}"
peer_run hostile 5 "${hostile[@]}"
for f in "${PEER_LOGS[@]}"; do
	lab_wait_for 30 "peers listening ($f)" grep -q listening "$f"
done
write_conf
"$IPVSD" -t -f "$CONF" >"$W/conftest.log" 2>&1 || {
	cat "$W/conftest.log"
	lab_fail "configuration refused"
}

lab_step "start ipvsd"
# every log line gets its arrival time in ms: detection times come from
# these stamps, not from polling (slow in the guest)
stamp() { python3 -u -c 'import sys, time
for l in iter(sys.stdin.readline, ""):
    sys.stdout.write("%d %s" % (time.time() * 1000, l))'; }
lab_wait_for_quiet() {	# SECONDS CMD...: like lab_wait_for, returns 1
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}
nsenter --net=/run/netns/director "$IPVSD" -n -l -f "$CONF" -p "$W/ipvsd.pid" \
	-c "$W/checkers.pid" --control-socket "$W/ipvsd.ctl" > >(stamp >"$LOG") 2>&1 &
IPD=$!
lab_wait_for 20 "ipvsd started" grep -q "ipvsd started" "$LOG"
lab_wait_for 10 "health child" test -n "$(health_pid)"
HP=$(health_pid)
# the health child is forked right after this line
t0=$(grep -m1 "health: checker runs as" "$LOG" | cut -d' ' -f1)

lab_step "the health child is unprivileged"
uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$HP/status")
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/$HP/status")
capprm=$(awk '/^CapPrm:/ { print $2 }' "/proc/$HP/status")
nnp=$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$HP/status")
lab_log "health child $HP: Uid $uid, CapEff $capeff, CapPrm $capprm, NoNewPrivs $nnp"
want_uid=$(id -u ipvsd-health 2>/dev/null || id -u nobody)
lab_assert_eq "uid (real, effective, saved, fs)" "$want_uid $want_uid $want_uid $want_uid" "$uid"
lab_assert_eq "CapEff is CAP_NET_RAW only" "0000000000002000" "$capeff"
lab_assert_eq "CapPrm is CAP_NET_RAW only" "0000000000002000" "$capprm"
lab_assert_eq "no_new_privs" "1" "$nnp"
[ -n "$t0" ] || lab_fail "no log line naming the checker's user"

lab_step "every broken peer fails with its reason"
declare -A seen=()
for p in "${PEERS[@]}"; do
	read -r port mode ck reason <<<"$p"
	[ "$reason" = UP ] && continue
	if ! lab_wait_for_quiet 40 down_line "$port" "$reason"; then
		lab_check_failed "$mode ($port): no down line matching '$reason'"
		grep -E "\[$PEER_IP\]:$port " "$LOG" | sed 's/^/    /' >&2
		continue
	fi
	line=$(down_line "$port" "$reason" | head -1)
	seen[$port]=$((${line%% *} - t0))
	lab_ok "$mode after ${seen[$port]} ms: $(sed 's/.* is down //' <<<"$line")"
done
# slow-loris and the stalled handshake fail at connect_timeout (2 s) after
# the first attempt, which starts within the warmup (delay_loop, 2 s)
for port in 8001 8444; do
	[ -n "${seen[$port]}" ] && [ "${seen[$port]}" -le 6000 ] ||
		lab_check_failed "port $port: detection after ${seen[$port]:-never} ms (> 4 s + 2 s slack)"
done
sleep 3
rss0=$(vmrss_kb "$HP")
lab_assert_eq "only the healthy peers are in the table" "$(printf '%s\n' \
	"TCP $LAB_VIP:80 rr" "-> $PEER_IP:8009 Masq 1" "-> $PEER_IP:8011 Masq 1" \
	"-> $PEER_IP:8014 Masq 1" "-> $PEER_IP:8015 Masq 1" "-> $PEER_IP:8446 Masq 1" |
	sort)" "$(table | sort)"
for p in "${PEERS[@]}"; do
	read -r port mode _ reason <<<"$p"
	[ "$reason" = UP ] || continue
	grep -qE "health: RS \[$PEER_IP\]:$port of VS .* is down" "$LOG" &&
		lab_check_failed "healthy peer $mode ($port) was reported down"
done

lab_step "a minute of hostile peers: same child, bounded memory"
sleep 60
rss1=$(vmrss_kb "$HP")
lab_log "health child VmRSS: ${rss0} kB after the first round, ${rss1} kB a minute later"
lab_assert_eq "health child not respawned" "$HP" "$(health_pid)"
kill -0 "$HP" 2>/dev/null || lab_check_failed "health child $HP gone"
[ $((rss1 - rss0)) -le 2048 ] || lab_check_failed "VmRSS grew by $((rss1 - rss0)) kB (> 2 MiB)"
[ "$rss1" -le 65536 ] || lab_check_failed "VmRSS ${rss1} kB (> 64 MiB)"
lab_assert_eq "the healthy peers are still in" "5" "$(table | grep -c -- '->')"

lab_step "SIGTERM"
kill -TERM "$IPD"
wait "$IPD"
lab_assert_eq "exit status 0" 0 "$?"

[ "$LAB_FAILS" -eq 0 ] || { echo "ipvsd log:"; sed 's/^/    /' "$LOG"; }
lab_finish
