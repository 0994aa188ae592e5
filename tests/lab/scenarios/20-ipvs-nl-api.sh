#!/bin/bash
# lib/ IPVS netlink client against the real kernel, cross-checked with
# Debian's ipvsadm: every API call through tests/lab/progs/ipvs_probe,
# rules written by us and read by ipvsadm, rules written by ipvsadm and read
# by us, error numbers and texts, and a batch with failing requests in the
# middle.  Standalone: needs only root in a kernel with IPVS (loads the
# modules itself if needed) and a build tree ($BUILDDIR, default
# $SRCDIR/build; or IPVS_PROBE pointing at the probe, which must be built
# without sanitizers: ASan does not run under user-mode-linux).
set -u
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
PROBE=${IPVS_PROBE:-$BUILDDIR/tests/lab/progs/ipvs_probe}
IPVSADM=${IPVSADM:-/usr/sbin/ipvsadm}
NS=ipvsnl$$
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"	# lab_step, lab_log, lab_check_failed, lab_assert_eq, lab_finish

in_ns() { ip netns exec "$NS" "$@"; }

modules() { lab_modules ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_sh ip_vs_mh ip_vs_pe_sip veth; }

setup() {
	modules
	mkdir -p /run/netns
	ip netns add "$NS" || exit 1
	in_ns ip link set lo up
	# real-server addresses must be routable (unicast): 10/8 and fd00::/64
	in_ns ip link add v0 type veth peer name v1
	in_ns ip link set v0 up
	in_ns ip link set v1 up
	in_ns ip addr add 10.255.255.1/8 dev v0
	in_ns ip -6 addr add fd00::ffff/64 dev v0 nodad
}

cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT

[ -x "$PROBE" ] || { echo "FAIL probe not built: $PROBE"; exit 1; }
setup

lab_step "rules added through lib/ipvs_nl, read back by ipvsadm -S -n"
lab_assert_cmd "probe populate" in_ns "$PROBE" populate
saved=$(in_ns "$IPVSADM" -S -n)
lab_assert_eq "ipvsadm -S -n" "$(cat <<'EOF'
-A -t 10.0.0.1:80 -s wrr -p 300 -M 255.255.255.0
-a -t 10.0.0.1:80 -r [fd00::5]:80 -i -w 1 --tun-type ipip
-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 3
-a -t 10.0.0.1:80 -r 10.1.0.2:80 -g -w 1
-a -t 10.0.0.1:80 -r 10.1.0.3:80 -i -w 2 --tun-type gue --tun-port 6080 --tun-remcsum
-a -t 10.0.0.1:80 -r 10.1.0.4:80 -i -w 1 --tun-type gre --tun-csum
-a -t 10.0.0.1:80 -r 10.1.0.5:80 -i -w 1 --tun-type ipip
-A -u 10.0.0.2:53 -s sh -o -b sh-fallback,sh-port
-a -u 10.0.0.2:53 -r 10.1.0.6:53 -m -w 1
-A -u 10.0.0.4:5060 -s rr -p 60 --pe sip
-A --sctp-service 10.0.0.3:3868 -s mh -b mh-fallback,mh-port
-A -t [fd00::1]:443 -s lc -p 120 -M 64
-a -t [fd00::1]:443 -r [fd00::10]:443 -m -w 5
-A -f 7 -s rr
-a -f 7 -r 10.1.0.7:0 -g -w 1
-A -f 8 -6 -s rr
EOF
)" "$saved"
got=$(in_ns "$IPVSADM" -L -n --thresholds -t 10.0.0.1:80 | awk '$2 == "10.1.0.1:8080" { print $3, $4 }')
lab_assert_eq "ipvsadm --thresholds sees u/l thresholds" "100 10" "$got"

lab_step "the same rules read back through lib/ipvs_nl"
dump_expected=$(cat <<'EOF'
svc tcp 10.0.0.1:80 sched=wrr flags=0x1 timeout=300 mask=255.255.255.0 pe=-
  dest 10.1.0.1:8080 fwd=0 w=3 u=100 l=10 tun=0/0/0 conns=0/0/0
  dest 10.1.0.2:80 fwd=3 w=1 u=0 l=0 tun=0/0/0 conns=0/0/0
  dest 10.1.0.3:80 fwd=2 w=2 u=0 l=0 tun=1/6080/2 conns=0/0/0
  dest 10.1.0.4:80 fwd=2 w=1 u=0 l=0 tun=2/0/1 conns=0/0/0
  dest 10.1.0.5:80 fwd=2 w=1 u=0 l=0 tun=0/0/0 conns=0/0/0
  dest [fd00::5]:80 fwd=2 w=1 u=0 l=0 tun=0/0/0 conns=0/0/0
svc udp 10.0.0.2:53 sched=sh flags=0x1c timeout=0 mask=255.255.255.255 pe=-
  dest 10.1.0.6:53 fwd=0 w=1 u=0 l=0 tun=0/0/0 conns=0/0/0
svc udp 10.0.0.4:5060 sched=rr flags=0x1 timeout=60 mask=255.255.255.255 pe=sip
svc sctp 10.0.0.3:3868 sched=mh flags=0x18 timeout=0 mask=255.255.255.255 pe=-
svc tcp [fd00::1]:443 sched=lc flags=0x1 timeout=120 mask=64 pe=-
  dest [fd00::10]:443 fwd=0 w=5 u=0 l=0 tun=0/0/0 conns=0/0/0
svc fwm 7 v4 sched=rr flags=0x0 timeout=0 mask=255.255.255.255 pe=-
  dest 10.1.0.7:0 fwd=3 w=1 u=0 l=0 tun=0/0/0 conns=0/0/0
svc fwm 8 v6 sched=rr flags=0x0 timeout=0 mask=128 pe=-
EOF
)
lab_assert_eq "probe dump (ours -> ours)" "$dump_expected
timeouts 900 120 300" "$(in_ns "$PROBE" dump)"

lab_step "rules added by ipvsadm -R, read through lib/ipvs_nl"
in_ns "$IPVSADM" -C
printf '%s\n' "$saved" | in_ns "$IPVSADM" -R || lab_check_failed "ipvsadm -R"
in_ns "$IPVSADM" -e -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 3 -x 100 -y 10 || lab_check_failed "ipvsadm -e -x -y"
lab_assert_eq "probe dump (ipvsadm -> ours)" "$dump_expected
timeouts 900 120 300" "$(in_ns "$PROBE" dump)"
in_ns "$IPVSADM" --set 0 0 0

lab_step "every other call, with the kernel's errors and ipvsadm's texts"
out=$(in_ns "$PROBE" exercise v0) || lab_check_failed "probe exercise reported failures"
lab_assert_eq "exercise output" "$(cat <<'EOF'
info version=1.2.1 size=4096
get missing: -3 No such service
add dup: -17 Service already exists
add bad sched: -2 Scheduler or persistence engine not found
edit missing: -3 No such service
del missing: -3 No such service
zero missing: -3 No such service
dest add dup: -17 Destination already exists
dest add no svc: -3 Service not defined
dest edit missing: -2 No such destination
dest del missing: -2 No such destination
daemon start again: -17 Daemon has already run
EOF
)" "$out"
lab_assert_eq "ipvsadm --timeout after timeout_set" "Timeout (tcp tcpfin udp): 900 100 200" \
	"$(in_ns "$IPVSADM" -L --timeout)"
lab_assert_eq "ipvsadm --daemon after daemon_start" "$(cat <<'EOF'
master sync daemon (mcast=v0, syncid=5, maxlen=1400, group=239.1.2.3, port=8850, ttl=3)
backup sync daemon (mcast=v0, syncid=6, maxlen=1400, group=ff02::8, port=8850, ttl=3)
EOF
)" "$(in_ns "$IPVSADM" -L --daemon)"
lab_assert_eq "ipvsadm -S -n after edits" "$(cat <<'EOF'
-A -t 10.0.0.1:80 -s rr -p 600 -M 255.255.255.0
-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 3
-a -t 10.0.0.1:80 -r 10.1.0.3:80 -i -w 2 --tun-type gue --tun-port 6080 --tun-remcsum
-a -t 10.0.0.1:80 -r 10.1.0.4:80 -i -w 1 --tun-type gre --tun-csum
-a -t 10.0.0.1:80 -r 10.1.0.5:80 -i -w 1 --tun-type ipip
EOF
)" "$(in_ns "$IPVSADM" -S -n | head -5)"
out=$(in_ns "$PROBE" daemon-stop) || lab_check_failed "probe daemon-stop reported failures"
lab_assert_eq "stop a stopped daemon" "daemon stop again: -3 No daemon is running" "$out"
lab_assert_eq "ipvsadm --daemon after daemon_stop" "" "$(in_ns "$IPVSADM" -L --daemon)"
in_ns "$IPVSADM" --start-daemon backup --mcast-interface v0 --syncid 9
lab_assert_eq "daemon started by ipvsadm, dumped by us" \
	"daemon state=2 ifn=v0 syncid=9 maxlen=1472 group=224.0.0.81 port=8848 ttl=1" \
	"$(in_ns "$PROBE" dump | grep '^daemon')"
in_ns "$IPVSADM" --stop-daemon backup
lab_assert_cmd "probe flush" in_ns "$PROBE" flush
lab_assert_eq "ipvsadm -S -n after flush" "" "$(in_ns "$IPVSADM" -S -n)"

lab_step "batch: failures in the middle are reported with their index and errno"
out=$(in_ns "$PROBE" batchfail)
lab_assert_eq "small batch report" "$(cat <<'EOF'
batch fail index=2 op=1 err=-17 Service already exists
batch fail index=3 op=6 err=-3 Service not defined
batch fail index=6 op=6 err=-17 Destination already exists
batch fail index=7 op=1 err=-2 Scheduler or persistence engine not found
batch fail index=8 op=8 err=-2 No such destination
batch fail index=9 op=3 err=-3 No such service
batch small: len-after=0 failed=6 reported=6 extack=no
EOF
)" "$(printf '%s\n' "$out" | grep -v 'index=[0-9][0-9][0-9]*' | grep -v '^batch large' | head -7)"
lab_assert_eq "small batch took effect around the failures" "$(cat <<'EOF'
-A -t 10.0.1.1:80 -s rr -p 77
-a -t 10.0.1.1:80 -r 10.1.1.1:80 -m -w 1
-A -t 10.0.1.2:80 -s rr
-a -t 10.0.1.2:80 -r 10.1.1.1:80 -m -w 1
EOF
)" "$(in_ns "$IPVSADM" -S -n | grep ' 10\.0\.1\.')"
got=$(in_ns "$IPVSADM" -L -n -t 10.0.1.1:80 | awk 'NR == 3 { print $2, $3, $4, $5 }')
lab_assert_eq "edit at index 10 (after the failures) applied" "10.0.1.1:80 rr persistent 77" "$got"
large=$(printf '%s\n' "$out" | awk '/^batch fail/ { split($3, a, "="); if (a[2] >= 11) print a[2], $4, $5 }')
want=$(awk 'BEGIN { for (i = 96; i < 3000; i += 97) print i, "op=1", "err=-17" }')
lab_assert_eq "large batch (3000 requests, many windows): every 97th is a duplicate" "$want" "$large"
lab_assert_eq "large batch summary" "batch large: failed=30 reported=30" "$(printf '%s\n' "$out" | grep '^batch large')"
lab_assert_eq "large batch: 2970 distinct services exist" "2972" "$(in_ns "$IPVSADM" -S -n | grep -c '^-A')"

lab_step "batch: answers lost to a full receive buffer are reported, not waited for"
out=$(in_ns timeout 60 "$PROBE" overflow) || lab_check_failed "probe overflow reported failures"
printf '%s\n' "$out"
case $out in
"overflow: failed=1000 "*" enobufs=0 "*) lab_check_failed "answers were lost (ENOBUFS)" ;;
"overflow: failed=1000 "*" other=0 "*) lab_ok "every request reported once (EEXIST or ENOBUFS)" ;;
*) lab_check_failed "every request reported once (EEXIST or ENOBUFS)" ;;
esac

lab_finish
