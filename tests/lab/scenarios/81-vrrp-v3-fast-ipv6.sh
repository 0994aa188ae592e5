#!/bin/bash
# lab-timeout: 200
# VRRPv3 interop with Debian's keepalived: advert_int 0.1 over IPv4 (fast
# failover), then over IPv6 (link-local sources, ff02::12).  Election both
# ways, SIGKILL failover, preemption and priority-0 takeover, no split brain.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
trap 'vrrp_stop_all; lab_cleanup' EXIT
vrrp_topology ipv6

vrrp_confs "$LAB_TMP" 10.0.0.100/24 "version 3" "advert_int 0.1"
vrrp_suite 10.0.0.100 24 2

vrrp_confs "$LAB_TMP" fc00::100/64 "version 3" "advert_int 0.1"
vrrp_suite fc00::100 64 2

vrrp_check_counters
[ "$LAB_FAILS" -eq 0 ] || vrrp_dump_logs
lab_finish
