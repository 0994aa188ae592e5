#!/bin/bash
# Save/restore round trip: rules restored with $IPVSCTL -R carry traffic,
# $IPVSCTL -S -n saves them in ipvsadm's format, and that save restored by
# the reference ipvsadm into a clean table gives the identical table
# (and the other way round).
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
lab_init
lab_need_bin "$IPVSCTL"
lab_dr_topology 3
V=$LAB_VIP
RULES="-A -t $V:80 -s wrr
-a -t $V:80 -r 10.0.0.11:80 -g -w 1
-a -t $V:80 -r 10.0.0.12:80 -g -w 1
-a -t $V:80 -r 10.0.0.13:80 -g -w 2
-A -u $V:53 -s rr -p 120
-a -u $V:53 -r 10.0.0.12:53 -g -w 1
-A -f 9 -s sh
-a -f 9 -r 10.0.0.13:0 -g -w 4"

lab_step "restore with $IPVSCTL -R"
lab_in director "$IPVSCTL" -R <<<"$RULES" || lab_fail "ipvsctl -R"
lab_in director "$IPVSADM" -L -n
lab_assert_eq "table" "TCP 10.0.0.100:80 wrr
-> 10.0.0.11:80 Route 1
-> 10.0.0.12:80 Route 1
-> 10.0.0.13:80 Route 2
UDP 10.0.0.100:53 rr persistent 120
-> 10.0.0.12:53 Route 1
FWM 9 sh
-> 10.0.0.13:0 Route 4" "$(lab_ipvs_table "$IPVSADM")"
lab_assert_eq "traffic follows the restored weights 1:1:2" "rs1 4
rs2 4
rs3 8" "$(lab_requests 16 | lab_tally)"

lab_step "save with both tools"
saved_ctl=$(lab_in director "$IPVSCTL" -S -n) || lab_fail "ipvsctl -S -n"
saved_adm=$(lab_in director "$IPVSADM" -S -n)
lab_assert_eq "ipvsctl -S -n equals ipvsadm -S -n" "$saved_adm" "$saved_ctl"
table=$(lab_ipvs_table "$IPVSADM")

lab_step "ipvsctl's save restored by ipvsadm, ipvsadm's save restored by ipvsctl"
lab_in director "$IPVSCTL" -C || lab_fail "ipvsctl -C"
lab_assert_eq "ipvsctl -C empties the table" "" "$(lab_ipvs_table "$IPVSADM")"
lab_in director "$IPVSADM" -R <<<"$saved_ctl" || lab_fail "ipvsadm -R"
lab_assert_eq "same table after ipvsadm -R" "$table" "$(lab_ipvs_table "$IPVSADM")"
lab_in director "$IPVSADM" -C
lab_in director "$IPVSCTL" -R <<<"$saved_adm" || lab_fail "ipvsctl -R"
lab_assert_eq "same table after ipvsctl -R" "$table" "$(lab_ipvs_table "$IPVSADM")"
lab_finish
