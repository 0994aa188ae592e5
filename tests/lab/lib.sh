# shellcheck shell=bash
# Helpers for lab scenarios.  Source it from a scenario:
#   . "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
#
# Scenarios run as root inside a lab guest (tests/lab/run.sh), or on any
# disposable Linux host with IPVS.  All addresses live inside the guest:
#
#   netns "client"    10.0.0.2/24
#   netns "director"  10.0.0.10/24, VIP 10.0.0.100/32 on eth0
#   netns "rsN"       10.0.0.(10+N)/24, VIP 10.0.0.100/32 on lo (direct routing)
#   all joined by the bridge "labbr0" in the guest's initial namespace.
#
# Every function returns non-zero or calls lab_fail on error; lab_fail exits.

LAB_DIR=${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
SRCDIR=${SRCDIR:-$(cd "$LAB_DIR/../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
IPVSCTL=${IPVSCTL:-$BUILDDIR/ipvsctl/ipvsctl}
IPVSD=${IPVSD:-$BUILDDIR/daemon/ipvsd}
IPVSADM=${IPVSADM:-/usr/sbin/ipvsadm}
LAB_TMP=${LAB_TMP:-/tmp/lab}
LAB_NET=10.0.0
LAB_VIP=10.0.0.100
LAB_CLIENT_IP=10.0.0.2
LAB_DIRECTOR_IP=10.0.0.10
LAB_BRIDGE=labbr0
LAB_NETNS=()
LAB_PIDS=()
LAB_FAILS=0

lab_log() { printf '%s\n' "$*"; }
lab_step() { printf '\n== [%3ss] %s\n' "$SECONDS" "$*"; }

lab_fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# Record a failed check without stopping; lab_finish turns it into the status.
lab_check_failed() {
	printf 'FAIL: %s\n' "$*" >&2
	LAB_FAILS=$((LAB_FAILS + 1))
}

# lab_ok LABEL: report a check that passed.
lab_ok() { lab_log "ok: $*"; }

lab_finish() {
	if [ "$LAB_FAILS" -ne 0 ]; then
		lab_log "$LAB_FAILS check(s) failed"
		exit 1
	fi
	lab_log "all checks passed"
	exit 0
}

# lab_need_bin PATH...: each must be an executable file.
lab_need_bin() {
	local b
	for b in "$@"; do
		[ -x "$b" ] || lab_fail "binary under test missing: $b (build first, or set IPVSCTL/IPVSD)"
	done
}

# lab_assert_eq LABEL EXPECTED ACTUAL: compares text, prints a unified diff.
lab_assert_eq() {
	local label=$1 want=$2 got=$3
	if [ "$want" == "$got" ]; then
		lab_log "ok: $label"
		return 0
	fi
	lab_check_failed "$label"
	diff -u --label expected --label actual <(printf '%s\n' "$want") \
		<(printf '%s\n' "$got") | sed 's/^/    /' >&2
	return 1
}

# lab_assert_cmd LABEL CMD...: the command must succeed.
lab_assert_cmd() {
	local label=$1 out
	shift
	if out=$("$@" 2>&1); then
		lab_log "ok: $label"
		return 0
	fi
	lab_check_failed "$label: '$*' failed"
	printf '%s\n' "$out" | sed 's/^/    /' >&2
	return 1
}

# lab_wait_for SECONDS DESCRIPTION CMD...: poll CMD every 0.1 s.
lab_wait_for() {
	local secs=$1 what=$2 deadline
	shift 2
	deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			lab_fail "timed out after ${secs}s waiting for $what"
		fi
		sleep 0.1
	done
}

lab_cleanup() {
	local p ns
	for p in "${LAB_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for ns in "${LAB_NETNS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	ip link del "$LAB_BRIDGE" 2>/dev/null
	LAB_PIDS=()
	LAB_NETNS=()
	return 0
}

# lab_init: root check, scratch directory, cleanup on exit.
lab_init() {
	[ "$(id -u)" = 0 ] || lab_fail "scenarios run as root (inside the lab: tests/lab/run.sh)"
	[ -e /proc/net/ip_vs ] || modprobe ip_vs 2>/dev/null
	[ -e /proc/net/ip_vs ] || lab_fail "kernel has no IPVS (run inside the lab: tests/lab/run.sh)"
	mkdir -p "$LAB_TMP"
	trap lab_cleanup EXIT
}

# lab_ns NAME: a fresh network namespace with lo up.
lab_ns() {
	ip netns add "$1" || lab_fail "ip netns add $1"
	LAB_NETNS+=("$1")
	ip -n "$1" link set lo up
}

# lab_in NS CMD...: run a command inside a namespace's network stack.
# nsenter rather than "ip netns exec": the latter also sets up a mount
# namespace and remounts /sys, which costs ~0.2 s per call in the guest.
lab_in() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

lab_bridge() {
	ip link show "$LAB_BRIDGE" >/dev/null 2>&1 && return 0
	ip link add "$LAB_BRIDGE" type bridge || lab_fail "cannot create bridge"
	ip link set "$LAB_BRIDGE" up
}

# lab_join NS ADDR/PREFIX: veth from the bridge into NS as eth0.
lab_join() {
	local ns=$1 addr=$2 host=v-$1
	lab_bridge
	ip link add "$host" type veth peer name eth0 netns "$ns" ||
		lab_fail "veth for $ns"
	ip link set "$host" master "$LAB_BRIDGE" up
	ip -n "$ns" addr add "$addr" dev eth0
	ip -n "$ns" link set eth0 up
}

# lab_rs_ip N: address of real server N.
lab_rs_ip() { echo "$LAB_NET.$((10 + $1))"; }

# lab_dr_topology N: client, director and N direct-routing real servers
# rs1..rsN, each running an HTTP server that answers with its own name.
lab_dr_topology() {
	local n=$1 i ns
	lab_ns client
	lab_join client "$LAB_CLIENT_IP/24"
	lab_ns director
	lab_join director "$LAB_DIRECTOR_IP/24"
	ip -n director addr add "$LAB_VIP/32" dev eth0
	for i in $(seq 1 "$n"); do
		ns=rs$i
		lab_ns "$ns"
		lab_join "$ns" "$(lab_rs_ip "$i")/24"
		lab_dr_realserver "$ns"
		lab_httpd "$ns" "$ns"
	done
	for i in $(seq 1 "$n"); do
		lab_wait_for 10 "HTTP server rs$i" lab_in client \
			curl -sf -m 2 -o /dev/null "http://$(lab_rs_ip "$i")/"
	done
}

# lab_dr_realserver NS: accept VIP traffic locally without answering ARP
# for the VIP (arp_ignore=1, arp_announce=2), as LVS-DR requires.
lab_dr_realserver() {
	local ns=$1 k
	for k in all.arp_ignore=1 all.arp_announce=2 eth0.arp_ignore=1 \
		eth0.arp_announce=2; do
		lab_in "$ns" sysctl -qw "net.ipv4.conf.$k" ||
			lab_fail "sysctl $k in $ns"
	done
	ip -n "$ns" addr add "$LAB_VIP/32" dev lo
}

# lab_httpd NS NAME: busybox httpd on port 80 in NS; GET / answers "NAME".
lab_httpd() {
	local ns=$1 name=$2 root=$LAB_TMP/www/$2
	mkdir -p "$root"
	printf '%s\n' "$name" >"$root/index.html"
	lab_in "$ns" busybox httpd -f -p 80 -h "$root" &
	LAB_PIDS+=($!)
}

# lab_requests N [URL]: N sequential HTTP requests from the client, one
# new connection each; prints each response body (one line each).
lab_requests() {
	local n=$1 url=${2:-http://$LAB_VIP/}
	# shellcheck disable=SC2016
	lab_in client bash -c 'for ((i = 0; i < $1; i++)); do
		curl -s -m 5 "$2" || echo "request-failed"
	done' requests "$n" "$url"
}

# lab_tally: reads response bodies on stdin, prints "name count" lines
# sorted by name.
lab_tally() {
	sort | uniq -c | awk '{ print $2, $1 }'
}

# lab_ipvs_table TOOL: "TOOL -L -n" in the director, normalised to one line
# per service ("TCP 10.0.0.100:80 rr") and per destination
# ("-> 10.0.0.11:80 Route 1"), dropping the header and connection counters.
lab_ipvs_table() {
	lab_in director "$1" -L -n | awk '
		/^(TCP|UDP|SCTP|FWM) / { $1 = $1; print; next }
		/^  -> [0-9[]/ { print $1, $2, $3, $4 }'
}

# lab_active_conns ADDR:PORT: ActiveConn of that destination (ipvsadm).
lab_active_conns() {
	lab_in director "$IPVSADM" -L -n |
		awk -v d="$1" '$1 == "->" && $2 == d { print $5; found = 1 }
			END { if (!found) print -1 }'
}

# lab_hold_conns N: open N TCP connections to the VIP from the client and
# keep them open (no request sent) until lab_cleanup.
lab_hold_conns() {
	local n=$1
	# shellcheck disable=SC2016
	lab_in client bash -c 'fds=()
		for ((i = 0; i < $1; i++)); do
			exec {fd}<>"/dev/tcp/$2/80" || exit 1
			fds+=("$fd")
		done
		sleep 600' hold "$n" "$LAB_VIP" &
	LAB_PIDS+=($!)
}

# lab_modules MODULE...: load kernel modules not loaded yet, for a scenario
# run on its own (the lab guest already loads IPVS and every scheduler).
# Under user-mode-linux the modules live in /usr/lib/uml/modules/<version>:
# a lib/modules tree is built in /tmp for modprobe -d.
lab_modules() {
	local kver m dir=()
	kver=$(uname -r)
	if [ ! -d "/lib/modules/$kver" ] && [ -d "/usr/lib/uml/modules/$kver" ]; then
		mkdir -p /tmp/lib/modules
		ln -sfn "/usr/lib/uml/modules/$kver" "/tmp/lib/modules/$kver"
		dir=(-d /tmp)
	fi
	for m in "$@"; do
		grep -qw "^$m" /proc/modules 2>/dev/null && continue
		modprobe "${dir[@]}" "$m" || echo "modprobe $m failed"
	done
}
