#!/bin/bash
# lab-timeout: 1800
# Differential test: every case of tests/lab/compat/*.cases runs once with
# the reference ipvsadm and once with $IPVSCTL, each in a fresh network
# namespace; stdout, stderr and exit status of every command line must be
# identical (see tests/lab/compat/FORMAT.md).
#
# COMPAT_FILES  space-separated .cases files (default: all in compat/)
# COMPAT_MATCH  extended regex; only cases whose id matches run
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"

COMPAT_SELF=$(realpath "$0")
COMPAT_DIR=$LAB_DIR/compat
COMPAT_NS=compat
COMPAT_WORK=$LAB_TMP/compat
COMPAT_CASE_TIMEOUT=${COMPAT_CASE_TIMEOUT:-120}
PASSED=0
FAILED=0
FAILED_IDS=()

# compat_ns_fresh: namespace with lo up and dum0 holding the addresses
# FORMAT.md promises, so that real servers in those ranges are routable.
compat_ns_fresh() {
	ip netns del "$COMPAT_NS" 2>/dev/null
	ip netns add "$COMPAT_NS" || lab_fail "ip netns add $COMPAT_NS"
	ip -n "$COMPAT_NS" -batch - <<EOF || lab_fail "namespace setup"
link set lo up
link add dum0 type dummy
addr add 10.0.0.1/8 dev dum0
addr add 192.168.10.1/24 dev dum0
addr add 2001:db8::1/64 dev dum0 nodad
link set dum0 up
EOF
}

# compat_cat FILE: print a file byte for byte without forking (mapfile
# keeps each line's newline, and a missing final newline stays missing).
compat_cat() {
	local lines
	mapfile lines <"$1"
	[ "${#lines[@]}" -eq 0 ] || printf '%s' "${lines[@]}"
}

# compat_lines BINDIR CASEFILE: run the case's lines in the current network
# namespace; IPVSADM becomes the command "ipvsadm", found first in BINDIR
# (a symlink to the tool), so both tools see the same argv[0] (ipvsadm
# prints it in its usage and hints).  Print "$ line", stdout, stderr and
# exit status of each line.
compat_lines() {
	local line out=$COMPAT_WORK/out err=$COMPAT_WORK/err rc
	while IFS= read -r line; do
		PATH=$1:$PATH sh -c "${line//IPVSADM/ipvsadm}" </dev/null >"$out" 2>"$err"
		rc=$?
		printf '$ %s\n' "$line"
		[ -s "$out" ] && { echo "[stdout]"; compat_cat "$out"; }
		[ -s "$err" ] && { echo "[stderr]"; compat_cat "$err"; }
		echo "[exit $rc]"
	done <"$2"
}

# compat_transcript BINDIR: the transcript of the case in $CASE, run in a
# fresh namespace (this script re-entered there, one nsenter per case),
# under one timeout for the whole case (cheaper than one per line).
compat_transcript() {
	compat_ns_fresh
	timeout -k 5 "$COMPAT_CASE_TIMEOUT" nsenter --net="/run/netns/$COMPAT_NS" \
		bash "$COMPAT_SELF" --lines "$1" "$CASE"
	[ $? -eq 124 ] && echo "[case timed out after ${COMPAT_CASE_TIMEOUT}s]"
	ip netns del "$COMPAT_NS"
}

# compat_run_case ID: compare the two transcripts of the case in $CASE.
compat_run_case() {
	local id=$1 ref=$COMPAT_WORK/ref got=$COMPAT_WORK/got t0=$SECONDS
	compat_transcript "$COMPAT_WORK/ref-bin" >"$ref"
	compat_transcript "$COMPAT_WORK/dut-bin" | sed 's/ipvsctl/ipvsadm/g' >"$got"
	if cmp -s "$ref" "$got"; then
		PASSED=$((PASSED + 1))
		echo "PASS $id ($((SECONDS - t0))s)"
		return 0
	fi
	FAILED=$((FAILED + 1))
	FAILED_IDS+=("$id")
	echo "FAIL $id"
	diff -u --label "ipvsadm" --label "ipvsctl" "$ref" "$got" | sed 's/^/    /'
}

# compat_run_file FILE: split into blank-line separated cases.  A case's id
# is FILE:LINE of its first line, plus its first comment if it has one.
compat_run_file() {
	local file=$1 name lineno=0 start=0 title="" line
	name=$(basename "$file")
	CASE=$COMPAT_WORK/case
	: >"$CASE"
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		if [[ $line =~ ^[[:space:]]*$ ]]; then
			compat_flush "$name:$start${title:+ $title}"
			start=0 title=""
			continue
		fi
		[ "$start" = 0 ] && start=$lineno
		if [[ $line =~ ^[[:space:]]*# ]]; then
			[ -z "$title" ] && title=${line#"${line%%[!#[:space:]]*}"}
			continue
		fi
		printf '%s\n' "$line" >>"$CASE"
	done <"$file"
	compat_flush "$name:$start${title:+ $title}"
}

# compat_flush ID: run the case collected so far (if any), then reset it.
compat_flush() {
	if [ -s "$CASE" ]; then
		if [ -z "${COMPAT_MATCH:-}" ] || [[ $1 =~ $COMPAT_MATCH ]]; then
			compat_run_case "$1"
		fi
	fi
	: >"$CASE"
}

if [ "${1:-}" = --lines ]; then
	compat_lines "$2" "$3"
	exit 0
fi
lab_init
lab_need_bin "$IPVSCTL" "$IPVSADM"
mkdir -p "$COMPAT_WORK/ref-bin" "$COMPAT_WORK/dut-bin"
ln -sf "$(realpath "$IPVSADM")" "$COMPAT_WORK/ref-bin/ipvsadm"
ln -sf "$(realpath "$IPVSCTL")" "$COMPAT_WORK/dut-bin/ipvsadm"
read -r -a files <<<"${COMPAT_FILES:-$(echo "$COMPAT_DIR"/*.cases)}"
lab_log "reference: $IPVSADM"
lab_log "under test: $IPVSCTL"
for f in "${files[@]}"; do
	[ -f "$f" ] || lab_fail "no such cases file: $f"
	lab_step "$f"
	compat_run_file "$f"
done
echo
if [ "$FAILED" -ne 0 ]; then
	echo "failed cases:"
	printf '  %s\n' "${FAILED_IDS[@]}"
fi
echo "compat: $PASSED of $((PASSED + FAILED)) cases passed"
[ $((PASSED + FAILED)) -gt 0 ] || lab_fail "no cases ran"
[ "$FAILED" -eq 0 ]
