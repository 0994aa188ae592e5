#!/bin/bash
# Run lab scenarios, each in its own freshly booted user-mode-linux kernel.
#
#   tests/lab/run.sh [-v] [-t SECONDS] [scenario.sh ...]
#
# A scenario is a path, or a name in tests/lab/scenarios/ (".sh" optional).
# Without arguments every tests/lab/scenarios/*.sh runs, in name order.
# Each guest uses this machine's filesystem as its root, loads IPVS and
# runs one scenario as root (see guest-init.sh).  Results land in
# $LAB_RESULTS/<scenario>/{log,status,console.log} on the shared filesystem.
#
# Environment (all optional):
#   BUILDDIR     build tree holding the binaries under test ($SRCDIR/build)
#   IPVSCTL      ipvsadm-compatible CLI under test ($BUILDDIR/ipvsctl/ipvsctl)
#   IPVSD        daemon under test ($BUILDDIR/daemon/ipvsd)
#   IPVSADM      reference ipvsadm (/usr/sbin/ipvsadm)
#   LAB_RESULTS  results directory ($BUILDDIR/lab-results)
#   LAB_TIMEOUT  per-scenario timeout inside the guest, seconds (300, or
#                the scenario's "# lab-timeout: N" line)
#   LAB_MEM      guest memory (768M)
# Variables named LAB_*, BENCH_*, COMPAT_*, ASAN_OPTIONS and UBSAN_OPTIONS
# are passed into the guest as well.
set -u

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$LAB_DIR/../.." && pwd)
BUILDDIR=$(realpath -m "${BUILDDIR:-$SRCDIR/build}")
IPVSCTL=${IPVSCTL:-$BUILDDIR/ipvsctl/ipvsctl}
IPVSD=${IPVSD:-$BUILDDIR/daemon/ipvsd}
IPVSADM=${IPVSADM:-/usr/sbin/ipvsadm}
LAB_RESULTS=$(realpath -m "${LAB_RESULTS:-$BUILDDIR/lab-results}")
LAB_TIMEOUT_SET=${LAB_TIMEOUT:-}
LAB_TIMEOUT_DEFAULT=300
LAB_MEM=${LAB_MEM:-768M}
LAB_SHOW=0
UML=${UML:-linux.uml}

run_usage() {
	cat <<EOF
usage: tests/lab/run.sh [-v] [-t SECONDS] [scenario.sh ...]
  -v          print every scenario's log, not only the failures'
  -t SECONDS  per-scenario timeout inside the guest (default
              $LAB_TIMEOUT_DEFAULT, or the scenario's "# lab-timeout: N" line)
Default scenarios: $LAB_DIR/scenarios/*.sh
EOF
}

# Write the file the guest sources: every value %q-quoted for bash.
run_write_env() {
	local file=$1 scenario=$2 out=$3 v
	{
		printf 'export %s=%q\n' \
			LAB_SCENARIO "$scenario" LAB_OUT "$out" \
			LAB_LOG "$out/log" LAB_STATUS "$out/status" \
			LAB_TIMEOUT "$LAB_TIMEOUT" LAB_DIR "$LAB_DIR" \
			SRCDIR "$SRCDIR" BUILDDIR "$BUILDDIR" \
			IPVSCTL "$IPVSCTL" IPVSD "$IPVSD" IPVSADM "$IPVSADM"
		for v in $(compgen -v); do
			case $v in
			LAB_SCENARIO | LAB_OUT | LAB_LOG | LAB_STATUS | LAB_TIMEOUT | LAB_DIR) ;;
			LAB_* | BENCH_* | COMPAT_* | ASAN_OPTIONS | UBSAN_OPTIONS)
				printf 'export %s=%q\n' "$v" "${!v}" ;;
			esac
		done
	} >"$file"
}

# UML keeps guest memory in a file under $TMPDIR, else /dev/shm.  Use the
# results directory when /dev/shm is too small (containers often give 64M).
run_uml_tmpdir() {
	local need_kb avail_kb
	need_kb=$(numfmt --from=iec "${LAB_MEM%B}" 2>/dev/null || echo 805306368)
	need_kb=$((need_kb / 1024 + 65536))
	avail_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
	if [ -n "$avail_kb" ] && [ "$avail_kb" -ge "$need_kb" ]; then
		echo /dev/shm
	else
		echo "$LAB_RESULTS"
	fi
}

# run_timeout SCENARIO: a "# lab-timeout: SECONDS" line in the scenario's
# first lines overrides the default (long differential suites use it);
# LAB_TIMEOUT given by the caller (-t or environment) wins.
run_timeout() {
	local t
	if [ -n "$LAB_TIMEOUT_SET" ]; then
		echo "$LAB_TIMEOUT_SET"
		return
	fi
	t=$(head -n 5 "$1" | sed -n 's/^# lab-timeout: *\([0-9][0-9]*\).*/\1/p')
	echo "${t:-$LAB_TIMEOUT_DEFAULT}"
}

# Boot one guest for one scenario; prints PASS/FAIL and returns 0/1.
run_scenario() {
	local scenario=$1 name out status secs start LAB_TIMEOUT
	LAB_TIMEOUT=$(run_timeout "$scenario")
	name=$(basename "$scenario" .sh)
	out=$LAB_RESULTS/$name
	rm -rf "$out"
	mkdir -p "$out/uml"
	: >"$out/log"
	run_write_env "$out/env" "$scenario" "$out"
	start=$SECONDS
	TMPDIR=$UML_TMPDIR timeout -k 10 $((LAB_TIMEOUT + 60)) "$UML" \
		mem="$LAB_MEM" rootfstype=hostfs rw quiet \
		init="$LAB_DIR/guest-init.sh" LAB_ENV="$out/env" \
		uml_dir="$out/uml/" con=null con0=fd:0,fd:1 \
		</dev/null >"$out/console.log" 2>&1
	secs=$((SECONDS - start))
	rm -rf "$out/uml"
	status=$(cat "$out/status" 2>/dev/null)
	if [ "$status" = 0 ]; then
		printf 'PASS %-28s %4ss  %s\n' "$name" "$secs" "$out/log"
		[ "$LAB_SHOW" = 1 ] && sed 's/^/    /' "$out/log"
		return 0
	fi
	printf 'FAIL %-28s %4ss  %s (status %s)\n' "$name" "$secs" "$out/log" \
		"${status:-none: guest crashed or hung}"
	echo "---- $out/log"
	cat "$out/log"
	if [ -z "$status" ]; then
		echo "---- $out/console.log (last 40 lines)"
		tail -n 40 "$out/console.log"
	fi
	echo "---- end of $name"
	return 1
}

run_main() {
	local opt s fails=0 total=0 failed=() scenarios=()
	while getopts "vt:h" opt; do
		case $opt in
		v) LAB_SHOW=1 ;;
		t) LAB_TIMEOUT_SET=$OPTARG ;;
		h) run_usage; return 0 ;;
		*) run_usage >&2; return 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	if ! command -v "$UML" >/dev/null; then
		echo "lab: $UML not found (apt-get install user-mode-linux)" >&2
		return 2
	fi
	if [ $# -eq 0 ]; then
		set -- "$LAB_DIR"/scenarios/*.sh
	fi
	for s in "$@"; do
		# a bare name (with or without .sh) means tests/lab/scenarios/NAME
		[ -f "$s" ] || [ ! -f "$LAB_DIR/scenarios/$s" ] || s=$LAB_DIR/scenarios/$s
		[ -f "$s" ] || [ ! -f "$LAB_DIR/scenarios/$s.sh" ] || s=$LAB_DIR/scenarios/$s.sh
		if [ ! -f "$s" ]; then
			echo "lab: no such scenario: $s" >&2
			return 2
		fi
		scenarios+=("$(realpath "$s")")
	done
	[ -x "$IPVSCTL" ] || echo "lab: warning: IPVSCTL=$IPVSCTL is not executable" >&2
	mkdir -p "$LAB_RESULTS"
	UML_TMPDIR=$(run_uml_tmpdir)
	for s in "${scenarios[@]}"; do
		total=$((total + 1))
		if ! run_scenario "$s"; then
			fails=$((fails + 1))
			failed+=("$(basename "$s" .sh)")
		fi
	done
	echo "lab: $((total - fails)) of $total scenarios passed${failed[*]:+; failed: ${failed[*]}}"
	[ "$fails" -eq 0 ]
}

run_main "$@"
