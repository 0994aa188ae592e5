#!/bin/bash
# The other direction: configure the kernel with the reference ipvsadm
# (TCP/UDP/fwmark services, all forwarding methods, persistence, several
# schedulers), pass traffic, and check that $IPVSCTL reads back exactly
# what ipvsadm prints: -L -n, -S -n, --stats, --rate, --timeout.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"
lab_dr_topology 3
V=$LAB_VIP

lab_step "configure with $IPVSADM"
while read -r line; do
	# shellcheck disable=SC2086 # split the rule into words
	lab_in director "$IPVSADM" $line || lab_fail "ipvsadm $line"
done <<EOR
-A -t $V:80 -s wrr
-a -t $V:80 -r 10.0.0.11:80 -g -w 1
-a -t $V:80 -r 10.0.0.12:80 -g -w 2
-a -t $V:80 -r 10.0.0.13:80 -g -w 3
-A -u $V:53 -s lc
-a -u $V:53 -r 10.0.0.11:5353 -m -w 5
-a -u $V:53 -r 10.0.0.12:53 -i -w 0
-A -t $V:443 -s sh -p 300 -M 255.255.255.0
-a -t $V:443 -r 10.0.0.12:443 -g -x 100 -y 10
-A -f 7 -s rr -p
-a -f 7 -r 10.0.0.13:0 -g
--set 900 120 300
EOR

# compare LABEL ARGS...: ipvsctl's output must equal ipvsadm's.  Counters
# move every 2 s, so retry until two ipvsadm reads agree around ours.
compare() {
	local label=$1 a1 a2 c _
	shift
	for _ in 1 2 3 4 5; do
		a1=$(lab_in director "$IPVSADM" "$@" 2>&1)
		c=$(lab_in director "$IPVSCTL" "$@" 2>&1)
		a2=$(lab_in director "$IPVSADM" "$@" 2>&1)
		[ "$a1" == "$a2" ] && break
	done
	lab_assert_eq "$label: ipvsctl $* equals ipvsadm" "$a1" "$c"
}

lab_step "read back before traffic"
lab_in director "$IPVSADM" -L -n
compare "table" -L -n
compare "save" -S -n
compare "one service" -L -n -t "$V:443"
compare "fwmark service" -L -n -f 7
compare "timeouts" -L --timeout
compare "persistence" -L -n --persistent-conn

lab_step "30 requests through the VIP, then read back counters"
lab_requests 30 | lab_tally
# shellcheck disable=SC2317 # called through lab_wait_for
counted() {
	lab_in director "$IPVSADM" -L -n --stats -t "$V:80" | awk '$1 == "TCP" && $3 == 30 { ok = 1 } END { exit !ok }'
}
lab_wait_for 10 "connection counters to reach 30" counted
lab_in director "$IPVSADM" -L -n --stats
compare "table with connections" -L -n
compare "stats" -L -n --stats
compare "rates" -L -n --rate
compare "exact stats" -L -n --stats --exact
compare "thresholds" -L -n --thresholds
lab_finish
