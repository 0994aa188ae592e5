#!/bin/sh
# systemd_units.sh: the shipped systemd files parse and mean what we
# think: `systemd-analyze verify` on the unit (ExecStart pointed at a real
# executable), systemd-sysusers and systemd-tmpfiles run into a scratch root.
# Skips (exit 77) when the systemd tools are missing.
set -u
src=${srcdir:-.}/systemd
for tool in systemd-analyze systemd-sysusers systemd-tmpfiles; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found (Debian package: systemd)"
		exit 77
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipvsd-units.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. the unit, with @sbindir@ at a directory holding an executable ipvsd
mkdir -p "$tmp/sbin" "$tmp/unit"
for t in /bin/true /usr/bin/true; do
	[ -x "$t" ] && { ln -s "$t" "$tmp/sbin/ipvsd"; break; }
done
sed -e "s|@sbindir@|$tmp/sbin|g" -e "s|@sysconfdir@|/etc|g" \
	"$src/ipvsd.service.in" > "$tmp/unit/ipvsd.service"
if grep -n '@[a-z_]*@' "$tmp/unit/ipvsd.service"; then
	echo "FAIL: unsubstituted placeholder in ipvsd.service.in"
	fail=1
fi
out=$(systemd-analyze verify --man=no "$tmp/unit/ipvsd.service" 2>&1)
rc=$?
[ -n "$out" ] && echo "$out"
# verify returns 0 for settings it ignores: any remark on our file fails
if [ $rc -ne 0 ] || echo "$out" | grep -q 'ipvsd\.service'; then
	echo "FAIL: systemd-analyze verify ipvsd.service"
	fail=1
fi
for want in 'Type=notify' 'ExecReload=/bin/kill -HUP $MAINPID' \
	    'KillMode=mixed' 'Restart=on-failure' 'ProtectSystem=strict'; do
	grep -qxF "$want" "$tmp/unit/ipvsd.service" ||
		{ echo "FAIL: ipvsd.service lacks '$want'"; fail=1; }
done
grep -qx "ExecStart=$tmp/sbin/ipvsd --dont-fork \$DAEMON_ARGS" \
	"$tmp/unit/ipvsd.service" || { echo "FAIL: ExecStart"; fail=1; }

# 2. sysusers: creates the health user and the control group
mkdir -p "$tmp/root/etc"
# (config from stdin: with --root, file arguments are looked up in the root)
if ! systemd-sysusers --root="$tmp/root" - < "$src/ipvsd.sysusers.conf"; then
	echo "FAIL: systemd-sysusers ipvsd.sysusers.conf"
	fail=1
fi
grep -q '^ipvsd-health:' "$tmp/root/etc/passwd" 2>/dev/null ||
	{ echo "FAIL: no ipvsd-health user"; fail=1; }
grep -q '^ipvsd:' "$tmp/root/etc/group" 2>/dev/null ||
	{ echo "FAIL: no ipvsd group"; fail=1; }

# 3. tmpfiles: /run/ipvsd with mode 0755
if ! systemd-tmpfiles --root="$tmp/root" --create - < "$src/ipvsd.tmpfiles.conf"; then
	echo "FAIL: systemd-tmpfiles ipvsd.tmpfiles.conf"
	fail=1
fi
mode=$(stat -c %a "$tmp/root/run/ipvsd" 2>/dev/null)
[ "$mode" = 755 ] || { echo "FAIL: /run/ipvsd mode '$mode', want 755"; fail=1; }

[ $fail -eq 0 ] && echo "PASS: systemd units"
exit $fail
