#!/bin/bash
# lab-timeout: 360
# VRRP networking extras of the engine (tests/lab/progs/vrrp_probe) next to
# Debian's keepalived on the same VRID (80-vrrp-common.inc: "ka"
# 10.0.0.11, "ours" 10.0.0.12; a client 10.0.0.2 and a DR real server
# 10.0.0.21 on the same bridge):
#  A. use_vmac + virtual_routes + virtual_rules + no_accept: on the master
#     the VMAC vrrp.51 exists (macvlan private, 00:00:5e:00:01:33, the VIP
#     on it, keepalived's sysctls), the routes and rules are there with
#     protocol keepalived, and they are the same as keepalived installs
#     from the same lines when it is master; the backup has none; with
#     no_accept the VIP does not answer (ping dropped by the ipset rule)
#     while the node's own address does, with accept it answers; after a
#     stop, nothing is left (routes, rules, VMAC, firewall rules, base
#     sysctls restored).  static_ipaddress/static_routes/static_rules are
#     there while the engine runs, whatever its state, as with keepalived;
#     a route or rule deleted behind the engine's back is put back.
#  A6. IPv6 use_vmac (VRRPv3): 00:00:5e:00:02:33, addrgenmode none, the
#     base link-local copied (deprecated), interop with keepalived's VMAC.
#  B. lvs_sync_daemon: `ipvsadm -L --daemon` shows master on the master and
#     backup on the backup, swapped on failover; TCP connections made
#     through the master's IPVS (DR) appear in the backup's connection
#     table; the daemon is stopped at exit.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
# shellcheck source=tests/lab/scenarios/80-vrrp-common.inc
. "$LAB_DIR/scenarios/80-vrrp-common.inc"
lab_init
trap 'vrrp_stop_all; lab_cleanup' EXIT
VIP=10.0.0.100
RS=10.0.0.21
C=$LAB_TMP
lab_need_bin "$IPVSADM" /usr/sbin/iptables
# iptables-nft cannot create its filter table in the lab kernel: the
# engine falls back to iptables-legacy (what keepalived's libiptc uses)
lab_modules macvlan x_tables ip_tables iptable_filter xt_set ip_set ip_set_hash_ip
vrrp_topology ipv6
lab_ns client
lab_join client "$LAB_CLIENT_IP/24"
lab_ns rs1
lab_join rs1 "$RS/24"
lab_dr_realserver rs1
lab_httpd rs1 rs1

# netconf FILE NAME PRIO GLOBAL-LINE LINE...: one instance VI_1 on eth0,
# VRID 51, state BACKUP; GLOBAL-LINE (may be "") goes in global_defs.
netconf() {
	local file=$1 name=$2 prio=$3 glob=$4 l
	shift 4
	{
		printf 'global_defs {\n  router_id %s\n  %s\n}\n' "$name" "$glob"
		printf 'vrrp_instance VI_1 {\n  interface eth0\n  state BACKUP\n'
		printf '  virtual_router_id 51\n  priority %s\n  advert_int 1\n' "$prio"
		for l in "$@"; do
			printf '  %s\n' "$l"
		done
		printf '}\n'
	} >"$file"
}

NET=("use_vmac"
	"virtual_ipaddress {" "$VIP/24" "}"
	"virtual_routes {"
	"10.55.0.0/16 via 10.0.0.1 dev eth0"
	"blackhole 10.66.0.0/16"
	"10.77.0.0/16 dev eth0 table 100 metric 7"
	"}"
	"virtual_rules {"
	"from $VIP table 100 priority 100"
	"to 10.88.0.0/16 table 100 priority 101"
	"}")
netconf "$C/ka-A.conf" ka 100 "" "${NET[@]}"
netconf "$C/ours-A.conf" ours 150 "" "${NET[@]}" no_accept
netconf "$C/ours-A-accept.conf" ours 150 "" "${NET[@]}" accept
# static_*: added at start whatever the state, removed at stop
for f in ka-A ours-A ours-A-accept; do
	cat >>"$C/$f.conf" <<-'EOF'
	static_ipaddress {
	  172.16.5.1/32 dev lo
	}
	static_routes {
	  10.44.0.0/16 via 10.0.0.1 dev eth0
	}
	static_rules {
	  from 172.16.5.1 table 200 priority 200
	}
	EOF
done
STATIC_WANT="10.44.0.0/16 via 10.0.0.1 dev eth0 proto keepalived
200: from 172.16.5.1 lookup 200 proto keepalived"

# vmac_has NS: the VIP is on NS's VMAC.
vmac_has() {
	ip -n "$1" addr show dev vrrp.51 2>/dev/null | grep -q " $VIP/24"
}

# all_state NS: the routes and rules with protocol keepalived, normalised
# (one per line, sorted); net_state: the virtual ones, static_state: the
# static ones (10.44.0.0/16, from 172.16.5.1).
all_state() {
	{
		ip -n "$1" route show table all | grep 'proto keepalived'
		ip -n "$1" rule show | grep 'proto keepalived'
	} | sed 's/[[:space:]]\+/ /g; s/ $//' | sort
}
net_state() { all_state "$1" | grep -v -e '^10\.44\.' -e '172\.16\.5\.1'; }
static_state() { all_state "$1" | grep -e '^10\.44\.' -e '172\.16\.5\.1'; }
has_static_ip() { ip -n "$1" addr show dev lo | grep -q ' 172\.16\.5\.1/32'; }

pings() { lab_in client ping -c 1 -W 1 "$1" >/dev/null 2>&1; }
not() { ! "$@"; }
has_vip_anywhere() { ip -n "$1" addr show | grep -q " $VIP/"; }
ipt_has_set_rule() {
	{
		lab_in "$1" iptables -S ${2:+"$2"}
		lab_in "$1" iptables-legacy -S ${2:+"$2"}
	} 2>/dev/null | grep -q -- "$3"
}
conf_of() { lab_in "$1" cat "/proc/sys/net/ipv4/conf/$2/$3"; }
has_link() { ip -n "$1" link show "$2" >/dev/null 2>&1; }
daemon_line() { lab_in "$1" "$IPVSADM" -L --daemon 2>&1 | grep -q "^$2"; }

lab_step "A: ours (150, use_vmac, routes, rules, no_accept) vs keepalived (100)"
ka_start "$C/ka-A.conf"
sleep 1
ours_start "$C/ours-A.conf"
lab_wait_for 15 "VIP on ours' VMAC" vmac_has ours
sleep 1
lab_assert_cmd "keepalived (backup) does not hold the VIP" \
	not has_vip_anywhere ka
link=$(ip -n ours -d link show vrrp.51)
lab_log "$link"
lab_assert_cmd "VMAC has the VRRP MAC 00:00:5e:00:01:33" \
	grep -q 'link/ether 00:00:5e:00:01:33' <<<"$link"
lab_assert_cmd "VMAC is a private-mode macvlan on eth0" \
	grep -q 'macvlan mode private' <<<"$link"
lab_assert_cmd "VMAC is on top of eth0" grep -q 'vrrp.51@eth0' <<<"$link"
lab_assert_eq "VMAC arp_ignore" 1 \
	"$(conf_of ours vrrp.51 arp_ignore)"
lab_assert_eq "VMAC accept_local" 1 \
	"$(conf_of ours vrrp.51 accept_local)"
lab_assert_eq "VMAC rp_filter" 0 \
	"$(conf_of ours vrrp.51 rp_filter)"
lab_assert_eq "base eth0 arp_ignore" 1 \
	"$(conf_of ours eth0 arp_ignore)"
lab_assert_eq "base eth0 arp_filter" 1 \
	"$(conf_of ours eth0 arp_filter)"
OURS_NET=$(net_state ours)
lab_log "routes/rules on ours (master):"
lab_log "$OURS_NET"
lab_assert_cmd "route via gateway, proto keepalived" \
	grep -q '^10.55.0.0/16 via 10.0.0.1 dev eth0 proto keepalived' <<<"$OURS_NET"
lab_assert_cmd "blackhole route" \
	grep -q '^blackhole 10.66.0.0/16 proto keepalived' <<<"$OURS_NET"
lab_assert_cmd "route in table 100 with metric 7" \
	grep -q '^10.77.0.0/16 dev eth0 table 100 proto keepalived .*metric 7' <<<"$OURS_NET"
lab_assert_cmd "rule from VIP lookup 100, priority 100" \
	grep -q "^100: from $VIP lookup 100 proto keepalived" <<<"$OURS_NET"
lab_assert_cmd "rule to 10.88.0.0/16, priority 101" \
	grep -q '^101: from all to 10.88.0.0/16 lookup 100 proto keepalived' <<<"$OURS_NET"
lab_assert_eq "keepalived (backup) has no routes/rules" "" "$(net_state ka)"
lab_assert_eq "static routes/rules on ours" "$STATIC_WANT" "$(static_state ours)"
lab_assert_eq "the same static routes/rules on keepalived" "$STATIC_WANT" \
	"$(static_state ka)"
lab_assert_cmd "static address on ours" has_static_ip ours
lab_assert_cmd "static address on keepalived" has_static_ip ka

lab_step "A: a virtual route/rule or static route deleted behind our back is put back"
ip -n ours route del 10.55.0.0/16 || lab_check_failed "ip route del"
ip -n ours rule del priority 100 || lab_check_failed "ip rule del"
ip -n ours route del 10.44.0.0/16 || lab_check_failed "ip route del (static)"
restored() { [ "$(net_state ours)" = "$OURS_NET" ] &&
	[ "$(static_state ours)" = "$STATIC_WANT" ]; }
lab_wait_for 5 "routes and rules restored on ours" restored
lab_ok "virtual and static routes/rules restored"

lab_step "A: no_accept: the VIP is blocked on the master, its own address is not"
lab_assert_cmd "iptables INPUT rule matching set keepalived" \
	ipt_has_set_rule ours INPUT '--match-set keepalived dst -j DROP'
lab_assert_cmd "iptables OUTPUT rule matching set keepalived" \
	ipt_has_set_rule ours OUTPUT '--match-set keepalived src -j DROP'
lab_assert_cmd "ping ours' own address works" pings 10.0.0.12
lab_assert_cmd "ping the VIP is dropped (no_accept)" not pings $VIP

lab_step "A: ours stops (priority 0): keepalived takes over and installs the same routes/rules"
ours_signal TERM
lab_wait_for 10 "VIP on keepalived's VMAC" vmac_has ka
sleep 1
lab_assert_eq "keepalived installs the same routes and rules as ours" \
	"$OURS_NET" "$(net_state ka)"
lab_assert_eq "ours left no routes/rules (virtual or static)" "" \
	"$(all_state ours)"
lab_assert_cmd "ours removed its static address" not has_static_ip ours
lab_assert_eq "keepalived keeps its static routes/rules" "$STATIC_WANT" \
	"$(static_state ka)"
lab_assert_cmd "ours deleted its VMAC" not has_link ours vrrp.51
lab_assert_cmd "ours removed its firewall rules" \
	not ipt_has_set_rule ours "" match-set
lab_assert_eq "base eth0 arp_ignore restored" 0 \
	"$(conf_of ours eth0 arp_ignore)"
lab_assert_eq "base eth0 arp_filter restored" 0 \
	"$(conf_of ours eth0 arp_filter)"

lab_step "A: ours returns with accept (150): preempts; the VIP answers"
ours_start "$C/ours-A-accept.conf"
lab_wait_for 15 "VIP back on ours' VMAC" vmac_has ours
sleep 1
lab_assert_eq "keepalived withdrew its routes/rules" "" "$(net_state ka)"
lab_assert_eq "ours has the routes/rules again" "$OURS_NET" "$(net_state ours)"
lab_wait_for 5 "ping the VIP (accept)" pings $VIP
vrrp_stop_all
lab_assert_eq "ours left no routes/rules after stop" "" "$(all_state ours)"

# ---- A6: IPv6 VMAC ----
V6=("version 3" "use_vmac" "virtual_ipaddress {" "fc00::100/64" "}")
netconf "$C/ka-A6.conf" ka 100 "" "${V6[@]}"
netconf "$C/ours-A6.conf" ours 150 "" "${V6[@]}"
vmac6_has() { ip -n "$1" -6 addr show dev vrrp.51 2>/dev/null | grep -q ' fc00::100/64'; }

lab_step "A6: IPv6 use_vmac (VRRPv3): ours (150) vs keepalived (100)"
ka_start "$C/ka-A6.conf"
sleep 1
ours_start "$C/ours-A6.conf"
lab_wait_for 15 "IPv6 VIP on ours' VMAC" vmac6_has ours
sleep 2
lab_assert_cmd "keepalived (backup) does not hold the IPv6 VIP" not vmac6_has ka
link=$(ip -n ours -d link show vrrp.51)
lab_assert_cmd "IPv6 VMAC has the MAC 00:00:5e:00:02:33" \
	grep -q 'link/ether 00:00:5e:00:02:33' <<<"$link"
lab_assert_cmd "IPv6 VMAC generates no link-local (addrgenmode none)" \
	grep -q 'addrgenmode none' <<<"$link"
ll=$(ip -n ours -6 addr show dev eth0 scope link | awk '/inet6/ { print $2 }')
lab_assert_cmd "the base link-local $ll is on the VMAC, deprecated" \
	bash -c "ip -n ours -6 addr show dev vrrp.51 | grep -q 'inet6 $ll scope link.*deprecated'"
# keepalived's own VMAC, while backup, has the same shape
lab_assert_eq "VMAC link flags/mode as keepalived's" \
	"$(ip -n ka -d link show vrrp.51 | grep -o 'macvlan mode private\|addrgenmode none\|00:00:5e:00:02:33' | sort)" \
	"$(grep -o 'macvlan mode private\|addrgenmode none\|00:00:5e:00:02:33' <<<"$link" | sort)"
ours_signal TERM
lab_wait_for 10 "IPv6 VIP on keepalived's VMAC" vmac6_has ka
lab_assert_cmd "ours deleted its IPv6 VMAC" not has_link ours vrrp.51
vrrp_stop_all

# ---- B: IPVS sync daemon ----
SYNC=("virtual_ipaddress {" "$VIP/24" "}")
netconf "$C/ka-B.conf" ka 150 "lvs_sync_daemon eth0 VI_1" "${SYNC[@]}"
netconf "$C/ours-B.conf" ours 100 "lvs_sync_daemon eth0 VI_1" "${SYNC[@]}"
for ns in ka ours; do
	lab_in "$ns" "$IPVSADM" -A -t $VIP:80 -s rr || lab_fail "ipvsadm -A in $ns"
	lab_in "$ns" "$IPVSADM" -a -t $VIP:80 -r $RS:80 -g || lab_fail "ipvsadm -a in $ns"
done

daemon_of() { lab_in "$1" "$IPVSADM" -L --daemon 2>&1; }
is_daemon() { daemon_of "$1" | grep -q "^$2 sync daemon (mcast=eth0, syncid=51"; }
synced() { lab_in ours "$IPVSADM" -L -n -c | grep -q "$VIP:80 *$RS:80"; }

lab_step "B: keepalived master (150), ours backup (100): sync daemons"
ka_start "$C/ka-B.conf"
sleep 1
ours_start "$C/ours-B.conf"
lab_wait_for 10 "VIP at keepalived" vrrp_is_at ka $VIP
lab_wait_for 5 "ours runs the backup sync daemon" is_daemon ours backup
lab_log "ours: $(daemon_of ours)"
lab_log "ka: $(daemon_of ka)"
lab_assert_cmd "ours runs no master sync daemon" not daemon_line ours master
lab_assert_cmd "keepalived runs the master sync daemon" is_daemon ka master

lab_step "B: connections through keepalived's IPVS are synced to ours"
lab_assert_eq "request through the VIP" rs1 \
	"$(lab_in client curl -s -m 5 http://$VIP/)"
lab_in client curl -s -m 5 -o /dev/null http://$VIP/
lab_wait_for 10 "connection in ours' table (ipvsadm -Lnc)" synced
lab_log "$(lab_in ours "$IPVSADM" -L -n -c)"

lab_step "B: keepalived stops: ours becomes master, its daemon swaps to master"
ka_signal TERM
lab_wait_for 10 "VIP at ours" vrrp_is_at ours $VIP
lab_wait_for 5 "ours runs the master sync daemon" is_daemon ours master
lab_assert_cmd "ours no longer runs the backup sync daemon" \
	not daemon_line ours backup
lab_assert_eq "request through ours" rs1 "$(lab_in client curl -s -m 5 http://$VIP/)"

lab_step "B: ours stops: its sync daemon is stopped"
ours_signal TERM
lab_assert_eq "no sync daemon left in ours" "" "$(daemon_of ours)"
lab_assert_eq "vrrp_probe logged no networking error" "" \
	"$(grep -E 'use_vmac:|no_accept:|lvs_sync_daemon:|(add|delete) (route|rule)' \
		"$VRRP_LOGDIR/vrrp_probe.log")"
lab_finish
