#!/bin/bash
# Re-record the kernel replies under tests/unit/nl/*.hex (developer tool,
# not run by make check).  Run as root inside a kernel with IPVS, e.g. as
# the init script of a user-mode-linux guest (see tests/lab/guest-init.sh),
# with IPVS_PROBE pointing at a probe built WITHOUT sanitizers:
#
#   IPVS_PROBE=build-nosan/tests/lab/progs/ipvs_probe tests/unit/nl/record.sh OUTDIR
#
# The rules are tests/lab/progs/ipvs_probe.c `populate`; three TCP
# connection attempts through 10.0.0.1:80 make the counters non-zero.
# Each .hex file holds one API call: "tx" lines are the datagrams we sent,
# "rx" lines what the kernel answered, in order, as hex.  The unit tests
# (tests/unit/test_ipvs_replay.c) assert on the decoded values, so after
# re-recording check their expectations (counters, port ids) still hold.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
OUT=$(realpath -m "${1:?usage: record.sh OUTDIR}")
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
PROBE=${IPVS_PROBE:-$SRCDIR/build/tests/lab/progs/ipvs_probe}
NS=ipvsrec$$
mkdir -p /run/netns "$OUT"
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT
n() { ip netns exec "$NS" "$@"; }
n ip link set lo up
n ip link add v0 type veth peer name v1
n ip link set v0 up
n ip link set v1 up
n ip addr add 10.255.255.1/8 dev v0
n ip -6 addr add fd00::ffff/64 dev v0 nodad
n ip addr add 10.0.0.1/32 dev lo
n "$PROBE" populate
n ipvsadm --set 900 100 200
for _ in 1 2 3; do n timeout 2 bash -c 'exec 3<>/dev/tcp/10.0.0.1/80' 2>/dev/null || true; done
n "$PROBE" record "$OUT" v0
