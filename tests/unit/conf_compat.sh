#!/bin/sh
# conf_compat.sh: every keepalived sample configuration that Debian's
# keepalived accepts with `keepalived -t` must be accepted by `ipvsd -t`.
# The samples are read in place from ../shared/compat (never copied).
# Verdicts are compared per file; a file keepalived rejects (it checks that
# interfaces exist on this host, we do not) is reported, not failed.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
samples="$top_srcdir/../shared/compat/keepalived-samples"
ipvsd=${IPVSD:-./daemon/ipvsd}

if [ ! -d "$samples" ]; then
	echo "SKIP: $samples not found (shared/ is not beside the source tree)"
	exit 77
fi
if ! command -v keepalived >/dev/null 2>&1 && [ ! -x /usr/sbin/keepalived ]; then
	echo "SKIP: keepalived is not installed"
	exit 77
fi
KA=$(command -v keepalived || echo /usr/sbin/keepalived)
tmp=${TMPDIR:-/tmp}/conf_compat.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 info=0
for f in "$samples"/keepalived.conf.*; do
	name=$(basename "$f")
	timeout 30 "$KA" -t -f "$f" >"$tmp/ka.out" 2>&1
	ka=$?
	"$ipvsd" -t -f "$f" >"$tmp/ip.out" 2>&1
	ip=$?
	if [ "$ka" -eq 0 ] && [ "$ip" -ne 0 ]; then
		echo "FAIL: $name: keepalived accepts it, ipvsd -t exits $ip:"
		sed 's/^/    /' "$tmp/ip.out"
		fail=$((fail + 1))
	elif [ "$ka" -ne 0 ] && [ "$ip" -eq 0 ]; then
		echo "INFO: $name: keepalived -t exits $ka (host-specific checks), ipvsd accepts it"
		info=$((info + 1))
		pass=$((pass + 1))
	else
		echo "ok: $name (keepalived $ka, ipvsd $ip)"
		pass=$((pass + 1))
	fi
done
echo "conf_compat: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
