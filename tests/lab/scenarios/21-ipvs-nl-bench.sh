#!/bin/bash
# Speed of the lib/ IPVS client against Debian's ipvsadm, in one boot:
#  - restore 1,000 services x 10 destinations: ipvsadm -R of a rules file
#    vs the pipelined batch API (ipvs_probe restore); both must produce the
#    same table; the target is a batch 5 times faster, wall clock of the
#    whole process each;
#  - list 5,000 services x 10 destinations: ipvsadm -L -n vs one handle
#    dumping the services and then each one's destinations (ipvs_probe
#    list); the target is not slower.
# Like every benchmark it reports the speed and fails only on wrong results:
# set LAB_IPVS_NL_MIN_SPEEDUP=N to make the targets (N times, not slower)
# hard checks on a quiet machine.
# Standalone like 20-ipvs-nl-api.sh (same variables).
set -u
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
PROBE=${IPVS_PROBE:-$BUILDDIR/tests/lab/progs/ipvs_probe}
IPVSADM=${IPVSADM:-/usr/sbin/ipvsadm}
MIN_SPEEDUP=${LAB_IPVS_NL_MIN_SPEEDUP:-5}
STRICT=${LAB_IPVS_NL_MIN_SPEEDUP:+1}
NS=ipvsbench$$
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"	# lab_step, lab_log, lab_check_failed, lab_assert_eq, lab_finish

# target OK TEXT: a speed target; reported, and a failure only if STRICT.
target() {
	if [ "$1" = 0 ]; then lab_ok "target: $2"
	elif [ -n "$STRICT" ]; then lab_check_failed "target: $2"
	else printf 'MISSED (reported only) target: %s\n' "$2"; fi
}
in_ns() { ip netns exec "$NS" "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The rules ipvs_probe restore N M builds, in ipvsadm -R syntax.
rules() {
	awk -v n="$1" -v m="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			b = int(i / 256) % 256; c = i % 256
			vip = sprintf("10.%d.%d.%d:80", 100 + int(i / 65536), b, c)
			printf "-A -t %s -s wrr\n", vip
			for (j = 0; j < m; j++)
				printf "-a -t %s -r 10.%d.%d.%d:8080 -m -w 1\n", vip, 200 + j, b, c
		}
	}'
}

[ -x "$PROBE" ] || { echo "FAIL probe not built: $PROBE"; exit 1; }
if [ ! -e /proc/net/ip_vs ]; then
	kver=$(uname -r)
	if [ -d "/usr/lib/uml/modules/$kver" ] && [ ! -d "/lib/modules/$kver" ]; then
		mkdir -p /tmp/lib/modules
		ln -sfn "/usr/lib/uml/modules/$kver" "/tmp/lib/modules/$kver"
		modprobe -d /tmp ip_vs_wrr; modprobe -d /tmp veth
	else
		modprobe ip_vs_wrr; modprobe veth
	fi
fi
mkdir -p /run/netns
ip netns add "$NS" || exit 1
trap 'ip netns del "$NS" 2>/dev/null' EXIT
in_ns ip link set lo up
in_ns ip link add v0 type veth peer name v1
in_ns ip link set v0 up
in_ns ip addr add 10.255.255.1/8 dev v0
tmp=$(mktemp -d)

printf '\n== restore 1000 x 10\n'
rules 1000 10 >"$tmp/rules"
t0=$(now_ms)
in_ns "$IPVSADM" -R <"$tmp/rules" || lab_check_failed "ipvsadm -R"
t1=$(now_ms)
in_ns "$IPVSADM" -S -n >"$tmp/by-ipvsadm"
in_ns "$IPVSADM" -C
t2=$(now_ms)
in_ns "$PROBE" restore 1000 10 || lab_check_failed "ipvs_probe restore"
t3=$(now_ms)
in_ns "$IPVSADM" -S -n >"$tmp/by-batch"
ms_adm=$((t1 - t0))
ms_batch=$((t3 - t2))
echo "BENCH restore 1000x10: ipvsadm -R ${ms_adm} ms, batch ${ms_batch} ms"
[ "$(wc -l <"$tmp/by-ipvsadm")" -eq 11000 ] && lab_ok "ipvsadm -R made 11000 rules" || lab_check_failed "ipvsadm -R made $(wc -l <"$tmp/by-ipvsadm") rules"
if cmp -s "$tmp/by-ipvsadm" "$tmp/by-batch"; then
	lab_ok "batch restore gives the same table as ipvsadm -R"
else
	lab_check_failed "batch restore gives the same table as ipvsadm -R"
	diff "$tmp/by-ipvsadm" "$tmp/by-batch" | head -5
fi
[ $((ms_batch * MIN_SPEEDUP)) -le "$ms_adm" ]
target $? "batch at least ${MIN_SPEEDUP}x faster ($((ms_adm * 10 / (ms_batch > 0 ? ms_batch : 1)))/10)"

printf '\n== list 5000 x 10\n'
in_ns "$IPVSADM" -C
in_ns "$PROBE" restore 5000 10 >/dev/null || lab_check_failed "ipvs_probe restore 5000 10"
t0=$(now_ms)
in_ns "$IPVSADM" -L -n >"$tmp/list" || lab_check_failed "ipvsadm -L -n"
t1=$(now_ms)
out=$(in_ns "$PROBE" list) || lab_check_failed "ipvs_probe list"
t2=$(now_ms)
echo "$out"
ms_adm=$((t1 - t0))
ms_ours=$((t2 - t1))
echo "BENCH list 5000x10: ipvsadm -L -n ${ms_adm} ms, ours ${ms_ours} ms"
case $out in
"list svcs=5000 dests=50000 "*) lab_ok "listed 5000 services, 50000 destinations" ;;
*) lab_check_failed "listed 5000 services, 50000 destinations" ;;
esac
[ "$(grep -c '^  -> [0-9]' "$tmp/list")" -eq 50000 ] && lab_ok "ipvsadm lists 50000 too" || lab_check_failed "ipvsadm lists 50000 too"
[ "$ms_ours" -le "$ms_adm" ]
target $? "listing not slower than ipvsadm -L -n"
in_ns "$IPVSADM" -C
rm -rf "$tmp"

lab_finish
