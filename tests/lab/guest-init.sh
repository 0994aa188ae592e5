#!/bin/bash
# PID 1 of a lab guest (user-mode-linux kernel, host filesystem as root).
#
# tests/lab/run.sh boots the kernel with init=<this file> and LAB_ENV=<file>
# on the command line; the kernel hands LAB_ENV to us as an environment
# variable.  That file exports the scenario path, the log and status paths
# (on the shared filesystem, so they survive the guest) and the binaries
# under test.  We prepare the guest, run the scenario once with a timeout,
# record its exit status and power off.  We never return: PID 1 exiting
# would panic the kernel.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C LC_ALL=C TERM=dumb

# busybox's halt: a minimal Debian has no /sbin/halt (systemd-sysv).
guest_halt() {
	sync
	busybox halt -f || halt -f
	# halt -f should not return; keep PID 1 alive if it does.
	while :; do sleep 60; done
}

guest_mount() {
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t tmpfs -o mode=1777 tmp /tmp
	mount -t tmpfs -o mode=755 run /run
	mount -t devtmpfs dev /dev 2>/dev/null || true
	ln -sfn /proc/self/fd /dev/fd
	ln -sf /proc/self/fd/0 /dev/stdin
	ln -sf /proc/self/fd/1 /dev/stdout
	ln -sf /proc/self/fd/2 /dev/stderr
	mkdir -p /dev/pts /dev/shm /run/netns
	mount -t devpts devpts /dev/pts 2>/dev/null || true
	mount -t tmpfs shm /dev/shm 2>/dev/null || true
	guest_resolver
}

# Name lookups stay inside the guest: the host's resolver address would be
# routed into whatever namespace a scenario builds (and time out there).
# A resolver on 127.0.0.1 with nothing listening fails at once.  The bind
# mount exists only in the guest's mount table.
guest_resolver() {
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >/run/resolv.conf
	mount --bind /run/resolv.conf /etc/resolv.conf 2>/dev/null ||
		echo "lab: cannot bind-mount /etc/resolv.conf" >&2
}

# Load IPVS, every scheduler the kernel ships, and the network pieces the
# scenarios use.  modprobe -d needs a lib/modules tree: build one in /tmp.
guest_modules() {
	local kver moddir m
	kver=$(uname -r)
	moddir=/usr/lib/uml/modules/$kver
	mkdir -p /tmp/lib/modules
	ln -s "$moddir" "/tmp/lib/modules/$kver"
	for m in ip_vs veth bridge dummy nf_conntrack; do
		modprobe -d /tmp "$m" || echo "lab: modprobe $m failed" >&2
	done
	for m in "$moddir"/kernel/net/netfilter/ipvs/ip_vs_*.ko; do
		m=${m##*/}
		modprobe -d /tmp "${m%.ko}" || echo "lab: modprobe ${m%.ko} failed" >&2
	done
}

guest_main() {
	local rc
	guest_mount
	if [ -z "${LAB_ENV:-}" ] || [ ! -r "$LAB_ENV" ]; then
		echo "lab: LAB_ENV not set or unreadable" >&2
		guest_halt
	fi
	# shellcheck source=/dev/null
	. "$LAB_ENV"
	ip link set lo up
	guest_modules >>"$LAB_LOG" 2>&1
	cd /tmp || guest_halt
	echo "lab: running $LAB_SCENARIO (timeout ${LAB_TIMEOUT}s)" >>"$LAB_LOG"
	timeout -k 5 "$LAB_TIMEOUT" bash "$LAB_SCENARIO" </dev/null >>"$LAB_LOG" 2>&1
	rc=$?
	[ "$rc" -eq 124 ] && echo "lab: scenario timed out after ${LAB_TIMEOUT}s" >>"$LAB_LOG"
	echo "$rc" >"$LAB_STATUS"
	guest_halt
}

guest_main
