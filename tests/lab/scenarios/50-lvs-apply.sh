#!/bin/bash
# The reconciler core (daemon/liblvs.a) against the kernel, through
# tests/lab/progs/lvs_probe (stateless: every run starts from config +
# kernel, as ipvsd does after kill -9): first sync from an empty table,
# adoption (a second sync sends nothing), one weight change = one edit,
# a failed server removed or inhibited, a foreign service left alone, a
# reload dropping a virtual server = one service delete, stop removing
# exactly the owned services, lvs_flush.  Standalone: needs root in a
# kernel with IPVS and a build tree ($BUILDDIR; or LVS_PROBE, built without
# sanitizers: ASan does not run under user-mode-linux).
set -u
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
PROBE=${LVS_PROBE:-$BUILDDIR/tests/lab/progs/lvs_probe}
IPVSADM=${IPVSADM:-/usr/sbin/ipvsadm}
NS=lvs$$
WORK=$(mktemp -d /tmp/lvs-apply.XXXXXX)
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"	# lab_step, lab_log, lab_check_failed, lab_assert_eq, lab_finish

in_ns() { ip netns exec "$NS" "$@"; }

modules() { lab_modules ip_vs ip_vs_rr ip_vs_wrr ip_vs_wlc ip_vs_lc veth; }

setup() {
	modules
	mkdir -p /run/netns
	ip netns add "$NS" || exit 1
	in_ns ip link set lo up
	in_ns ip link add v0 type veth peer name v1
	in_ns ip link set v0 up
	in_ns ip link set v1 up
	in_ns ip addr add 10.255.255.1/8 dev v0
}

cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# conf NAME WEIGHT2 [EXTRA_VS] [GLOBAL]: write $WORK/NAME.conf
conf() {
	cat >"$WORK/$1.conf" <<EOC
global_defs {
$4
}
virtual_server 10.0.0.1 80 {
	protocol TCP
	lb_algo wrr
	lb_kind NAT
	real_server 10.1.0.1 80 {
		weight 1
	}
	real_server 10.1.0.2 80 {
		weight $2
		inhibit_on_failure
	}
}
virtual_server_group G {
	10.0.1.1-2 8080
}
virtual_server group G {
	protocol TCP
	lb_algo rr
	lb_kind DR
	real_server 10.1.0.4 8080 {
		weight 2
	}
}
$3
EOC
}

FWM='virtual_server fwmark 5 {
	lb_algo rr
	lb_kind DR
	real_server 10.1.0.3 80 {
		weight 1
	}
}'

sync_probe() { in_ns "$PROBE" sync "$@"; }

[ -x "$PROBE" ] || { echo "FAIL probe not built: $PROBE"; exit 1; }
setup
conf a 2 "$FWM" ""
conf b 5 "$FWM" ""
conf c 5 "" ""
conf flush 5 "" "	lvs_flush"

lab_step "first sync from an empty table"
out=$(sync_probe "$WORK/a.conf")
lab_assert_eq "ops" "SVC_ADD TCP 10.0.0.1:80
SVC_ADD TCP 10.0.1.1:8080
SVC_ADD TCP 10.0.1.2:8080
SVC_ADD FWM 5
DEST_ADD TCP 10.0.0.1:80 -> 10.1.0.1:80 w=1
DEST_ADD TCP 10.0.0.1:80 -> 10.1.0.2:80 w=2
DEST_ADD TCP 10.0.1.1:8080 -> 10.1.0.4:8080 w=2
DEST_ADD TCP 10.0.1.2:8080 -> 10.1.0.4:8080 w=2
DEST_ADD FWM 5 -> 10.1.0.3:80 w=1
sent 9 failed 0" "$out"
table_a='-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1
-a -t 10.0.0.1:80 -r 10.1.0.2:80 -m -w 2
-A -t 10.0.1.1:8080 -s rr
-a -t 10.0.1.1:8080 -r 10.1.0.4:8080 -g -w 2
-A -t 10.0.1.2:8080 -s rr
-a -t 10.0.1.2:8080 -r 10.1.0.4:8080 -g -w 2
-A -f 5 -s rr
-a -f 5 -r 10.1.0.3:80 -g -w 1'
lab_assert_eq "ipvsadm -S -n (sorted)" "$(printf '%s\n' "$table_a" | sort)" "$(in_ns "$IPVSADM" -S -n | sort)"

lab_step "restart (no memory) adopts the table: nothing sent"
in_ns "$IPVSADM" -A -t 10.9.9.9:80 -s rr
in_ns "$IPVSADM" -a -t 10.9.9.9:80 -r 10.1.0.9:80 -m
lab_assert_eq "ops" "sent 0 failed 0" "$(sync_probe "$WORK/a.conf")"

lab_step "one weight change: one DEST_EDIT"
lab_assert_eq "ops" "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.2:80 w=5
sent 1 failed 0" "$(sync_probe "$WORK/b.conf")"
lab_assert_eq "weight" "5" "$(in_ns "$IPVSADM" -L -n -t 10.0.0.1:80 | awk '$2 == "10.1.0.2:80" { print $4 }')"

lab_step "failed servers: removed, or weight 0 with inhibit_on_failure"
lab_assert_eq "ops" "DEST_DEL TCP 10.0.0.1:80 -> 10.1.0.1:80 w=1
DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.2:80 w=0
sent 2 failed 0" "$(sync_probe "$WORK/b.conf" --down 0:0 --down 0:1)"
lab_assert_eq "back up" "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.2:80 w=5
DEST_ADD TCP 10.0.0.1:80 -> 10.1.0.1:80 w=1
sent 2 failed 0" "$(sync_probe "$WORK/b.conf")"

lab_step "reload dropping a virtual server: one SVC_DEL; foreign service kept"
lab_assert_eq "ops" "SVC_DEL FWM 5
sent 1 failed 0" "$(sync_probe "$WORK/c.conf" --old "$WORK/b.conf")"
lab_assert_eq "foreign" "-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 10.1.0.9:80 -m -w 1" "$(in_ns "$IPVSADM" -S -n | grep 10.9.9.9)"

lab_step "drift (entries deleted behind our back) is repaired"
in_ns "$IPVSADM" -d -t 10.0.0.1:80 -r 10.1.0.1:80
in_ns "$IPVSADM" -D -t 10.0.1.2:8080
out=$(sync_probe "$WORK/c.conf")
lab_assert_eq "ops" "SVC_ADD TCP 10.0.1.2:8080
DEST_ADD TCP 10.0.0.1:80 -> 10.1.0.1:80 w=1
DEST_ADD TCP 10.0.1.2:8080 -> 10.1.0.4:8080 w=2
sent 3 failed 0" "$out"

lab_step "stop removes exactly the owned services"
lab_assert_eq "ops" "SVC_DEL TCP 10.0.0.1:80
SVC_DEL TCP 10.0.1.1:8080
SVC_DEL TCP 10.0.1.2:8080
sent 3 failed 0" "$(in_ns "$PROBE" stop "$WORK/c.conf")"
lab_assert_eq "left" "-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 10.1.0.9:80 -m -w 1" "$(in_ns "$IPVSADM" -S -n)"

lab_step "lvs_flush: services nobody configured are deleted"
out=$(sync_probe "$WORK/flush.conf")
lab_assert_eq "foreign gone" "" "$(in_ns "$IPVSADM" -S -n | grep 10.9.9.9)"
lab_assert_eq "last line" "sent 8 failed 0" "$(printf '%s\n' "$out" | tail -1)"

lab_step "an op the kernel refuses is reported with its index; the rest applies"
# lthreshold above uthreshold: the kernel answers ERANGE to the dest add.
cat >"$WORK/bad.conf" <<'EOC'
virtual_server 10.0.0.7 80 {
	protocol TCP
	real_server 10.1.0.7 80 {
		uthreshold 10
		lthreshold 20
	}
}
EOC
out=$(sync_probe "$WORK/bad.conf")
printf '%s\n' "$out" | sed 's/^/    /'
case $out in
*"sent 2 failed 1"*"error 1 DEST_ADD"*) lab_ok "failure of op 1 reported" ;;
*) lab_check_failed "failure of op 1 reported" ;;
esac
lab_assert_eq "service added anyway" "-A -t 10.0.0.7:80 -s wlc" "$(in_ns "$IPVSADM" -S -n | grep 10.0.0.7)"

lab_finish
