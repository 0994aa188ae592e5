#!/bin/bash
# lab-timeout: 240
# VRRPv2 interop with Debian's keepalived: unicast peers with PASS
# authentication (IPv4), then VRRPv3 unicast over IPv6.  Election both
# ways, SIGKILL failover, preemption, priority-0 takeover, no split brain.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
trap 'vrrp_stop_all; lab_cleanup' EXIT
vrrp_topology ipv6

vrrp_confs "$LAB_TMP" 10.0.0.100/24 "version 2" \
	"unicast_src_ip @SELF@" "unicast_peer {" "@PEER@" "}" \
	"authentication {" "auth_type PASS" "auth_pass s3cret99" "}"
vrrp_suite 10.0.0.100 24 6

vrrp_confs "$LAB_TMP" fc00::100/64 "version 3" "advert_int 0.5" \
	"unicast_src_ip @SELF@" "unicast_peer {" "@PEER@" "}"
vrrp_suite fc00::100 64 4

vrrp_check_counters
[ "$LAB_FAILS" -eq 0 ] || vrrp_dump_logs
lab_finish
