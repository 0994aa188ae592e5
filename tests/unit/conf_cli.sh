#!/bin/sh
# conf_cli.sh: ipvsd's keepalived-style command line in config-test mode.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
ipvsd=${IPVSD:-./daemon/ipvsd}
golden="$top_srcdir/tests/unit/conf"
tmp=${TMPDIR:-/tmp}/conf_cli.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() {	# check NAME COMMAND...: the command must succeed
	name=$1; shift
	if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fail=$((fail + 1)); fi
}

# a valid LVS-only configuration: exit 0, and -d prints the golden dump
"$ipvsd" -t -d -f "$golden/02-lvs.conf" >"$tmp/dump" 2>"$tmp/err"
check "valid config exits 0" test $? -eq 0
check "-t -d prints the normalized dump" cmp -s "$tmp/dump" "$golden/02-lvs.ok"

# every error is reported as file:line: and the status is 1
printf 'global_defs {\n bogus_one\n}\nvirtual_server 10.0.0.1 80 {\n delay_loop x\n real_server 10.0.0.2 80 {\n }\n}\n' >"$tmp/bad.conf"
"$ipvsd" -t -f "$tmp/bad.conf" 2>"$tmp/err"
check "invalid config exits 1" test $? -eq 1
check "first error has file:line" grep -q "^$tmp/bad.conf:2: unknown keyword 'bogus_one'" "$tmp/err"
check "second error is also reported" grep -q "^$tmp/bad.conf:5: delay_loop: invalid time 'x'" "$tmp/err"

# --config-test=LOG_FILE writes the messages to that file
"$ipvsd" --config-test="$tmp/log" --use-file "$tmp/bad.conf" 2>/dev/null
check "--config-test=FILE exits 1" test $? -eq 1
check "--config-test=FILE writes the log" grep -q 'bogus_one' "$tmp/log"

# -i selects @id lines
printf '@a $W=2\n@^a $W=3\nvirtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  weight $W\n }\n}\n' >"$tmp/cond.conf"
"$ipvsd" -t -d -i a -f "$tmp/cond.conf" | grep -q 'weight 2'
check "-i a selects @a lines" test $? -eq 0
"$ipvsd" -t -d --config-id=b -f "$tmp/cond.conf" | grep -q 'weight 3'
check "--config-id b selects @^a lines" test $? -eq 0

# keepalived options are accepted with -t
"$ipvsd" -P -C -n -l -D -S 0 -p "$tmp/p" -x -t -f "$golden/02-lvs.conf" 2>/dev/null
check "keepalived options accepted with -t" test $? -eq 0
# daemon mode (edited by the daemon owner): a configuration error stops it
# before it forks or touches IPVS, with file:line on stderr
"$ipvsd" -n -p "$tmp/p" -c "$tmp/c" --control-socket "$tmp/ctl" -f "$tmp/bad.conf" 2>"$tmp/err"
check "daemon mode with a bad configuration exits 1" test $? -eq 1
check "daemon mode reports file:line" grep -q "^$tmp/bad.conf:2: unknown keyword 'bogus_one'" "$tmp/err"
check "daemon mode wrote no pid file" test ! -e "$tmp/p"
"$ipvsd" --no-such-option 2>/dev/null
check "unknown option exits 1" test $? -eq 1
"$ipvsd" -v | grep -q '^ipvsd v'
check "-v prints the version" test $? -eq 0

echo "conf_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
