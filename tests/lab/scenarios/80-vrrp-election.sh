#!/bin/bash
# lab-timeout: 200
# VRRPv2 interop with Debian's keepalived (see 80-vrrp-common.inc):
# election by priority both ways round, the VIP on exactly one node,
# graceful stop (priority 0: fast takeover), SIGKILL failover, preemption.
# Takeover times are logged as "measured:" lines.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
trap 'vrrp_stop_all; lab_cleanup' EXIT
VIP=10.0.0.100
C=$LAB_TMP
vrrp_topology

VIPS=("virtual_ipaddress {" "$VIP/24" "}")
vrrp_conf "$C/ka-low.conf" ka 100 "state BACKUP" "${VIPS[@]}"
vrrp_conf "$C/ka-high.conf" ka 150 "state BACKUP" "${VIPS[@]}"
vrrp_conf "$C/ours-low.conf" ours 100 "state BACKUP" "${VIPS[@]}"
vrrp_conf "$C/ours-high.conf" ours 150 "state BACKUP" "${VIPS[@]}"
vrrp_conf "$C/ours-master.conf" ours 150 "state MASTER" "${VIPS[@]}"

lab_step "ours priority 150, keepalived 100: ours becomes master"
ka_start "$C/ka-low.conf"
sleep 1
ours_start "$C/ours-high.conf"
lab_wait_for 10 "VIP at ours" vrrp_is_at ours $VIP
vrrp_steady 4 $VIP ours

lab_step "graceful stop of ours (priority 0): keepalived takes over fast"
ours_signal TERM
vrrp_measure "takeover by keepalived after ours sent priority 0" 3 vrrp_is_at ka $VIP
vrrp_steady 2 $VIP ka

lab_step "ours restarts with priority 150: preempts keepalived"
ours_start "$C/ours-high.conf"
vrrp_measure "ours preempts keepalived (start to VIP moved)" 8 vrrp_is_at ours $VIP
vrrp_steady 3 $VIP ours

lab_step "SIGKILL ours (dead node): keepalived takes over after master-down"
ours_signal KILL
# a killed node keeps its addresses: simulate the node being gone
ip -n ours addr del $VIP/24 dev eth0
vrrp_measure "takeover by keepalived after ours was killed" 8 vrrp_is_at ka $VIP
vrrp_steady 2 $VIP ka
vrrp_stop_all

lab_step "keepalived priority 150, ours 100: keepalived becomes master"
ours_start "$C/ours-low.conf"
sleep 1
ka_start "$C/ka-high.conf"
lab_wait_for 10 "VIP at keepalived" vrrp_is_at ka $VIP
vrrp_steady 4 $VIP ka

lab_step "graceful stop of keepalived: ours takes over fast"
ka_signal TERM
vrrp_measure "takeover by ours after keepalived sent priority 0" 3 vrrp_is_at ours $VIP
vrrp_steady 2 $VIP ours

lab_step "keepalived restarts with priority 150: preempts ours"
ka_start "$C/ka-high.conf"
vrrp_measure "keepalived preempts ours" 8 vrrp_is_at ka $VIP
vrrp_steady 3 $VIP ka

lab_step "SIGKILL keepalived: ours takes over after master-down"
ka_signal KILL
ip -n ka addr del $VIP/24 dev eth0
vrrp_measure "takeover by ours after keepalived was killed" 8 vrrp_is_at ours $VIP
vrrp_steady 2 $VIP ours
vrrp_stop_all

lab_step "ours 'state MASTER' priority 150 joins a keepalived master of 100"
ka_start "$C/ka-low.conf"
lab_wait_for 10 "keepalived master alone" vrrp_is_at ka $VIP
ours_start "$C/ours-master.conf"
lab_wait_for 8 "VIP at ours" vrrp_is_at ours $VIP
vrrp_steady 3 $VIP ours

lab_step "VIP removed by hand on the master is restored"
ip -n ours addr del $VIP/24 dev eth0
vrrp_measure "VIP restored after manual removal" 3 vrrp_is_at ours $VIP
vrrp_stop_all
lab_assert_eq "stopping ours removed the VIP" none "$(vrrp_where $VIP)"

vrrp_check_counters
[ "$LAB_FAILS" -eq 0 ] || vrrp_dump_logs
lab_finish
