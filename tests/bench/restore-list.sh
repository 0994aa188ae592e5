#!/bin/bash
# lab-timeout: 1800
# Benchmark: restore (-R) and list (-L -n) large rule sets with $IPVSCTL
# and with the reference ipvsadm, in the lab kernel.  Run it with
#   tests/lab/run.sh -v tests/bench/restore-list.sh     (or ./run.sh bench)
#
# For each size N (BENCH_SIZES, default "1000 5000") it generates ipvsadm
# save-format rules for N TCP services x 10 real servers, restores them
# with each tool into its own fresh network namespace, checks that both
# namespaces hold the same table, and lists each table with both tools;
# BENCH_REPEAT (default 3) rounds, reporting every round and the best time
# of each tool.  Timings are wall-clock, printed with ratios; noise does
# not fail the run.  It fails only if a command fails or the tables differ.
# Targets: ipvsctl restore >= 5x faster than ipvsadm, listing no slower.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/../lab}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL" "$IPVSADM"

BENCH_SIZES=${BENCH_SIZES:-1000 5000}
BENCH_DESTS=10
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_WORK=$LAB_TMP/bench
RESULTS=()

# bench_rules N: save-format rules, N services (10.x.y.z:80, wrr) with
# BENCH_DESTS direct-routing real servers each (172.16.0.0/12).
bench_rules() {
	awk -v n="$1" -v d="$BENCH_DESTS" 'function ip(base, i) {
		return sprintf("%d.%d.%d.%d", base, 16 * (base == 172) + int(i / 65536) % 256,
			int(i / 256) % 256, i % 256)
	}
	BEGIN {
		for (s = 1; s <= n; s++) {
			vip = ip(10, s)
			printf "-A -t %s:80 -s wrr\n", vip
			for (r = 0; r < d; r++)
				printf "-a -t %s:80 -r %s:80 -g -w %d\n", vip, ip(172, s * d + r), r % 3 + 1
		}
	}'
}

# bench_ns NAME: fresh namespace where the real servers are routable.
bench_ns() {
	ip netns del "$1" 2>/dev/null
	ip netns add "$1" || lab_fail "ip netns add $1"
	ip -n "$1" -batch - <<EOF || lab_fail "namespace $1 setup"
link set lo up
link add dum0 type dummy
addr add 172.16.0.1/12 dev dum0
link set dum0 up
EOF
}

# bench_time VAR CMD...: run CMD, store its wall time in seconds in VAR.
bench_time() {
	local var=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$@" || lab_fail "command failed: $*"
	t1=$EPOCHREALTIME
	printf -v "$var" '%s' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
}

# shellcheck disable=SC2317 # called through bench_time
restore() { ip netns exec "$1" "$2" -R <"$3"; }
# shellcheck disable=SC2317 # called through bench_time
list() { ip netns exec "$1" "$2" -L -n >"$3"; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

# bench_round N RULES: one round: restore into two fresh namespaces, list
# both tables with both tools (alternating which goes first), check the
# tables; prints "r_adm r_ctl l_adm l_ctl" (seconds, lists: best of two).
bench_round() {
	local n=$1 rules=$2 r_adm r_ctl l1 l2 l3 l4
	bench_ns b-adm
	bench_ns b-ctl
	bench_time r_adm restore b-adm "$IPVSADM" "$rules"
	bench_time r_ctl restore b-ctl "$IPVSCTL" "$rules"
	bench_time l1 list b-adm "$IPVSADM" "$BENCH_WORK/l1"
	bench_time l2 list b-adm "$IPVSCTL" "$BENCH_WORK/l2"
	bench_time l4 list b-ctl "$IPVSCTL" "$BENCH_WORK/l4"
	bench_time l3 list b-ctl "$IPVSADM" "$BENCH_WORK/l3"
	lab_assert_eq "table restored by ipvsctl has $n services" "$n" \
		"$(grep -c '^TCP ' "$BENCH_WORK/l3")" >&2
	lab_assert_cmd "ipvsctl and ipvsadm restored identical tables" \
		cmp "$BENCH_WORK/l1" "$BENCH_WORK/l3" >&2
	lab_assert_cmd "ipvsctl -L -n prints what ipvsadm -L -n prints" \
		cmp "$BENCH_WORK/l1" "$BENCH_WORK/l2" >&2
	ip netns exec b-adm "$IPVSADM" -C
	ip netns exec b-ctl "$IPVSADM" -C
	ip netns del b-adm
	ip netns del b-ctl
	# This runs in a command substitution: report failed checks by status.
	[ "$LAB_FAILS" -eq 0 ] || return 1
	echo "$r_adm $r_ctl $(min "$l1" "$l3") $(min "$l2" "$l4")"
}

# bench_size N: BENCH_REPEAT rounds; report each and the best of each tool.
bench_size() {
	local n=$1 rules=$BENCH_WORK/rules-$1 lines round i
	local r_adm r_ctl l_adm l_ctl b_radm="" b_rctl="" b_ladm="" b_lctl=""
	bench_rules "$n" >"$rules"
	lines=$(wc -l <"$rules")
	lab_step "$n services x $BENCH_DESTS real servers ($lines rules), $BENCH_REPEAT rounds"
	for ((i = 1; i <= BENCH_REPEAT; i++)); do
		round=$(bench_round "$n" "$rules") || lab_fail "round $i failed"
		read -r r_adm r_ctl l_adm l_ctl <<<"$round"
		printf '  round %d: restore ipvsadm %ss ipvsctl %ss; list ipvsadm %ss ipvsctl %ss\n' \
			"$i" "$r_adm" "$r_ctl" "$l_adm" "$l_ctl"
		b_radm=$(min "${b_radm:-$r_adm}" "$r_adm")
		b_rctl=$(min "${b_rctl:-$r_ctl}" "$r_ctl")
		b_ladm=$(min "${b_ladm:-$l_adm}" "$l_adm")
		b_lctl=$(min "${b_lctl:-$l_ctl}" "$l_ctl")
	done
	printf '  best: restore  ipvsadm %8ss   ipvsctl %8ss   speed-up %5sx (target >= 5)\n' \
		"$b_radm" "$b_rctl" "$(ratio "$b_radm" "$b_rctl")"
	printf '  best: list     ipvsadm %8ss   ipvsctl %8ss   speed-up %5sx (target >= 1)\n' \
		"$b_ladm" "$b_lctl" "$(ratio "$b_ladm" "$b_lctl")"
	RESULTS+=("$(printf '| %d x %d | %s | %s | %sx | %s | %s | %sx |' "$n" "$BENCH_DESTS" \
		"$b_radm" "$b_rctl" "$(ratio "$b_radm" "$b_rctl")" \
		"$b_ladm" "$b_lctl" "$(ratio "$b_ladm" "$b_lctl")")")
}

mkdir -p "$BENCH_WORK"
echo "ipvsadm: $IPVSADM ($("$IPVSADM" --version 2>&1 | head -n 1))"
echo "ipvsctl: $IPVSCTL"
echo "kernel:  $(uname -sr) (user-mode-linux lab), $(nproc) CPU"
for n in $BENCH_SIZES; do
	bench_size "$n"
done
lab_step "summary (seconds, wall clock, best of $BENCH_REPEAT rounds; markdown)"
echo "| rules | ipvsadm -R | ipvsctl -R | speed-up | ipvsadm -L -n | ipvsctl -L -n | speed-up |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${RESULTS[@]}"
lab_finish
