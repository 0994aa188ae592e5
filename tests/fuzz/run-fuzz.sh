#!/bin/bash
# run-fuzz.sh [SECONDS] [TARGET ...]: open-ended fuzzing with libFuzzer.
#
# Configures a clang build with --enable-fuzzing --enable-sanitizers in
# build-fuzz/, builds every fuzz target, and runs each for SECONDS (default
# 60) on a scratch copy of its seed corpus.  New crashes are left in
# build-fuzz/crashes/<target>/; the script exits non-zero if any target
# crashed.  `make check` only replays the seeds; this is the deeper run.
set -u -o pipefail
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${FUZZ_BUILDDIR:-$SRCDIR/build-fuzz}
SECS=${1:-60}
shift || true

[ -x "$SRCDIR/configure" ] || (cd "$SRCDIR" && autoreconf -fi) || exit 1
mkdir -p "$BUILD" && cd "$BUILD" || exit 1
if [ ! -f Makefile ]; then
	CC=clang "$SRCDIR/configure" -q --enable-fuzzing --enable-sanitizers || exit 1
fi
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
	mapfile -t targets < <(sed -n 's/^FUZZ_TARGETS += tests\/fuzz\/\([A-Za-z0-9_]*\).*/\1/p' \
		"$SRCDIR"/tests/fuzz/*.am | sort -u)
fi
make -j"$(nproc)" $(printf 'tests/fuzz/%s ' "${targets[@]}") >/dev/null || exit 1

failed=0
for t in "${targets[@]}"; do
	corpus="$BUILD/corpus/$t" crashes="$BUILD/crashes/$t"
	mkdir -p "$corpus" "$crashes"
	[ -d "$SRCDIR/tests/fuzz/corpus/$t" ] && cp -n "$SRCDIR/tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null
	echo "== $t: ${SECS}s"
	if ! "tests/fuzz/$t" -max_total_time="$SECS" -artifact_prefix="$crashes/" \
		-print_final_stats=1 "$corpus" >"$BUILD/$t.log" 2>&1; then
		echo "FAIL $t: see $BUILD/$t.log and $crashes/"
		failed=1
	else
		grep -E 'stat::number_of_executed_units' "$BUILD/$t.log" | sed "s/^/   /"
	fi
done
exit "$failed"
