#!/bin/bash
# ipvsd: one script to set up, build, demonstrate and test the project.
#
#   ./run.sh demo    install what is missing, build, run the cluster demo in the lab
#   ./run.sh test    install what is missing, build, run every test:
#                    make check (sanitizers), make distcheck, all lab scenarios
#   ./run.sh bench [name ...]   build, then benchmarks in the lab (default:
#                    all of tests/bench/*.sh; names like failover)
#   ./run.sh lab [scenario.sh ...]   build, then lab scenarios (default: all)
#
# Meant for Debian 12, as root (apt-get).  Builds land in ./build (plain:
# the binaries the lab runs; AddressSanitizer does not work inside the
# user-mode-linux guest) and ./build-sanitizers (ASan+UBSan, for make check).
set -u -o pipefail

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${BUILDDIR:-$SRCDIR/build}
SANBUILD=${SANBUILDDIR:-$SRCDIR/build-sanitizers}
JOBS=$(nproc 2>/dev/null || echo 2)
PACKAGES=(build-essential autoconf automake libtool pkg-config
	libnl-3-dev libnl-genl-3-dev libmnl-dev libipset-dev libssl-dev check
	user-mode-linux ipvsadm keepalived kmod iproute2 procps psmisc
	nginx-light busybox curl python3 clang libpcre2-dev strace
	dnsmasq-base iptables)
STAGES=()
FAILED=0

top_say() { printf '\n### %s\n' "$*"; }

top_usage() {
	sed -n '4,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# top_stage NAME CMD...: run one stage, remember its result and wall time.
top_stage() {
	local name=$1 start rc
	shift
	top_say "$name"
	start=$SECONDS
	"$@"
	rc=$?
	STAGES+=("$(printf '%-4s %-44s %5ss' "$([ "$rc" = 0 ] && echo ok || echo FAIL)" "$name" $((SECONDS - start)))")
	[ "$rc" = 0 ] || FAILED=1
	return "$rc"
}

top_summary() {
	top_say "summary"
	printf '%s\n' "${STAGES[@]}"
	if [ "$FAILED" = 0 ]; then
		echo "ALL PASSED (${SECONDS}s)"
	else
		echo "FAILED (${SECONDS}s)"
	fi
}

# Install missing Debian packages (apt-get update first), only if needed.
top_deps() {
	local p missing=()
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
			missing+=("$p")
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		echo "all ${#PACKAGES[@]} packages present"
		return 0
	fi
	echo "missing: ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "run as root to install them (apt-get)" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update &&
		apt-get install -y --no-install-recommends "${missing[@]}"
}

# top_build DIR CONFIGURE-ARGS...: configure and build out of tree.
top_build() {
	local dir=$1
	shift
	mkdir -p "$dir" &&
		(cd "$dir" && "$SRCDIR/configure" -q "$@" && make -j"$JOBS")
}

top_prepare() {
	top_stage "install missing packages" top_deps || return 1
	top_stage "autoreconf -fi" sh -c "cd '$SRCDIR' && autoreconf -fi" || return 1
	top_stage "configure and build ($BUILD)" top_build "$BUILD" || return 1
}

top_lab() {
	BUILDDIR=$BUILD "$SRCDIR/tests/lab/run.sh" "$@"
}

top_check_sanitizers() {
	top_build "$SANBUILD" --enable-sanitizers &&
		make -C "$SANBUILD" -j"$JOBS" check VERBOSE=1
}

# Lab probe programs are check_PROGRAMS: build them without running tests
# (quietly: an empty test-suite summary would only confuse).
top_lab_progs() {
	local log=$BUILD/lab-progs.log
	make -C "$BUILD" -j"$JOBS" check TESTS= >"$log" 2>&1 && return 0
	cat "$log"
	return 1
}

top_test() {
	top_prepare || return 1
	top_stage "make check (--enable-sanitizers)" top_check_sanitizers
	top_stage "make distcheck" make -C "$BUILD" -j"$JOBS" distcheck
	# Run the lab even if a lab program failed to build: the scenarios that
	# need it fail on their own, the others still tell what works.
	top_stage "build lab programs" top_lab_progs
	top_stage "lab scenarios" top_lab
	return "$FAILED"
}

top_main() {
	local mode=${1:-}
	[ $# -gt 0 ] && shift
	case $mode in
	demo)
		top_prepare && top_stage "build lab programs" top_lab_progs &&
			top_stage "demo in the lab" top_lab -v "$SRCDIR/tests/lab/demo.sh" ;;
	test) top_test ;;
	bench)
		local b benches=()
		for b in "${@:-}"; do
			if [ -z "$b" ]; then
				benches=("$SRCDIR"/tests/bench/*.sh)
			else
				benches+=("$SRCDIR/tests/bench/${b%.sh}.sh")
			fi
		done
		top_prepare && top_stage "build lab programs" top_lab_progs &&
			top_stage "benchmarks in the lab" top_lab -v "${benches[@]}" ;;
	lab)
		if top_prepare; then
			top_stage "build lab programs" top_lab_progs
			top_stage "lab scenarios" top_lab "$@"
		fi ;;
	-h | --help | help) top_usage; return 0 ;;
	*) top_usage >&2; return 2 ;;
	esac
	top_summary
	return "$FAILED"
}

top_main "$@"
