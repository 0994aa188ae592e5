#!/bin/bash
# lab-timeout: 240
# The health-check engine (health/) against real nginx (Debian nginx-light)
# in real-server namespaces, driven by tests/lab/progs/health_probe from the
# director namespace (the engine as ipvsd forks it, each HC_MSG_RESULT
# printed as a line with its time since start).
#   rs1  TCP_CHECK            nginx killed, later restarted
#   rs2  HTTP_GET /health     status + digest; nginx killed, later restarted
#   rs3  SSL_GET  /health     certificate made here with openssl; interface
#                             taken down (blackhole: connect timeout), then up
#   then rs2 answers 404 (file removed) and rs3 a different body (digest)
# Checks: every server comes up (alpha: reported down first), each failure
# is detected within delay_loop + retries (measured and printed), each
# recovery within delay_loop, no spurious transitions.
# Needs a build without sanitizers (ASan does not run under UML):
# BUILDDIR or HEALTH_PROBE.
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:-$(dirname "$0")/..}/lib.sh"
PROBE=${HEALTH_PROBE:-$BUILDDIR/tests/lab/progs/health_probe}
lab_init
lab_need_bin "$PROBE" /usr/sbin/nginx
W=$LAB_TMP/health
mkdir -p "$W"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# nginx_conf NAME: a foreground, single-process nginx serving /health.
nginx_conf() {
	local n=$1 d=$W/$1
	mkdir -p "$d/www"
	printf 'ok\n' >"$d/www/health"
	cat >"$d/nginx.conf" <<NGX
daemon off;
master_process off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $d/tmp;
	proxy_temp_path $d/tmp;
	fastcgi_temp_path $d/tmp;
	uwsgi_temp_path $d/tmp;
	scgi_temp_path $d/tmp;
	server {
		listen 80;
		listen 443 ssl;
		ssl_certificate $W/cert.pem;
		ssl_certificate_key $W/key.pem;
		root $d/www;
	}
}
NGX
}

declare -A NGINX_PID
# nsenter directly (not the lab_in function) so that $! is nginx itself
nginx_start() {
	nsenter --net="/run/netns/$1" /usr/sbin/nginx -c "$W/$1/nginx.conf" \
		-e "$W/$1/error.log" &
	NGINX_PID[$1]=$!
	LAB_PIDS+=($!)
}
nginx_stop() { kill "${NGINX_PID[$1]}"; wait "${NGINX_PID[$1]}" 2>/dev/null; }

lab_step "topology: director + 3 real servers running nginx"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=rs3.lab -days 1 \
	-keyout "$W/key.pem" -out "$W/cert.pem" >/dev/null 2>&1 || lab_fail "openssl req"
lab_ns director
lab_join director "$LAB_DIRECTOR_IP/24"
for i in 1 2 3; do
	lab_ns "rs$i"
	lab_join "rs$i" "$(lab_rs_ip "$i")/24"
	nginx_conf "rs$i"
	nginx_start "rs$i"
done
for i in 1 2 3; do
	lab_wait_for 10 "nginx rs$i" lab_in director \
		curl -sf -m 2 -o /dev/null "http://$(lab_rs_ip "$i")/health"
done
digest=$(printf 'ok\n' | md5sum | cut -d' ' -f1)

cat >"$W/keepalived.conf" <<EOF2
virtual_server $LAB_VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
	alpha
	warmup 0
	real_server $(lab_rs_ip 1) 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 0.5
		}
	}
	real_server $(lab_rs_ip 2) 80 {
		HTTP_GET {
			url {
				path /health
				digest $digest
				status_code 200
			}
			connect_timeout 1
			retry 1
			delay_before_retry 0.5
		}
	}
	real_server $(lab_rs_ip 3) 443 {
		SSL_GET {
			url {
				path /health
				digest $digest
			}
			enable_sni
			connect_timeout 1
			retry 1
			delay_before_retry 0.5
		}
	}
}
EOF2

lab_step "start the engine"
OUT=$W/results
lab_in director "$PROBE" -t 30 -d "$W/keepalived.conf" >"$OUT" 2>"$W/probe.err" &
PROBE_PID=$!
lab_wait_for 10 "the probe to start" grep -q START "$OUT"
# the probe's time 0 in wall-clock ms: our events go on its time line
t0=$(sed -n 's/^0 START epoch_ms=//p' "$OUT")
# result lines of real server N in state S
count() { awk -v rs="$(($1 - 1))" -v st="state=$2" '$2 == "RESULT" && $4 == "rs=" rs && $0 ~ st' "$OUT" | wc -l; }
# shellcheck disable=SC2317 # called through lab_wait_for
all_up() { [ "$(count 1 up)" -ge 1 ] && [ "$(count 2 up)" -ge 1 ] && [ "$(count 3 up)" -ge 1 ]; }
lab_wait_for 8 "all three real servers up" all_up
cat "$OUT"
for i in 1 2 3; do
	lab_assert_eq "rs$i: alpha start state reported down, then up" "1 1" \
		"$(count "$i" down) $(count "$i" up)"
done

# first_after N STATE T: probe-relative ms of the first such line after T
first_after() {
	awk -v rs="$(($1 - 1))" -v st="state=$2" -v t="$3" \
		'$2 == "RESULT" && $4 == "rs=" rs && $0 ~ st && $1 >= t { print $1; exit }' "$OUT"
}
has_after() { [ -n "$(first_after "$@")" ]; }
# detect N STATE SINCE MAX_MS LABEL [MIN_MS]: wait for the transition,
# check its delay
detect() {
	local n=$1 st=$2 since=$3 max=$4 label=$5 min=${6:-0} at
	local deadline=$((SECONDS + 10))
	until has_after "$n" "$st" "$since"; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			lab_check_failed "$label: no transition within 10 s"
			sed 's/^/    /' "$OUT" >&2
			return 1
		fi
		sleep 0.1
	done
	at=$(first_after "$n" "$st" "$since")
	lab_log "measured: $label after $((at - since)) ms (bounds $min..$max ms)"
	lab_assert_cmd "$label within $min..$max ms" \
		test "$((at - since))" -le "$max" -a "$((at - since))" -ge "$min"
}
# bounds: down within delay_loop 1 s + 1 retry after 0.5 s (+ connect_timeout
# 1 s per attempt when the peer does not answer) + slack, and not before the
# retry (0.5 s; 2 timeouts + 0.5 s for the blackhole); up within delay_loop
# + slack once the server answers again

lab_step "kill nginx on rs1 (TCP_CHECK) and rs2 (HTTP_GET)"
t=$(($(now_ms) - t0))
nginx_stop rs1
nginx_stop rs2
detect 1 down "$t" 2200 "rs1 down (refused)" 450
detect 2 down "$t" 2200 "rs2 down (refused)" 450

lab_step "rs3 (SSL_GET) interface down: blackhole, connect times out"
t=$(($(now_ms) - t0))
ip -n rs3 link set eth0 down
detect 3 down "$t" 4500 "rs3 down (timeout)" 2400

lab_step "bring them back"
t3=$(($(now_ms) - t0))
ip -n rs3 link set eth0 up
t=$(($(now_ms) - t0))
nginx_start rs1
nginx_start rs2
# nginx's own start-up is slow in the lab: the bound counts from when it
# answers (the transition may come before our curl sees it: at >= start)
declare -A READY
for i in 1 2; do
	lab_wait_for 10 "nginx rs$i" lab_in director \
		curl -sf -m 2 -o /dev/null "http://$(lab_rs_ip "$i")/health"
	READY[$i]=$(($(now_ms) - t0))
done
for i in 1 2; do
	detect "$i" up "$t" $((READY[$i] - t + 1500)) "rs$i up again (nginx answered after $((READY[$i] - t)) ms)"
done
detect 3 up "$t3" 3000 "rs3 up again (link up)"

lab_step "HTTP semantics with real nginx: 404 on rs2, changed body on rs3"
t=$(($(now_ms) - t0))
mv "$W/rs2/www/health" "$W/rs2/www/health.off"
printf 'changed\n' >"$W/rs3/www/health"
detect 2 down "$t" 2200 "rs2 down (404)" 450
detect 3 down "$t" 2200 "rs3 down (digest)" 450
lab_assert_cmd "rs2 reason: wrong status 404" grep -q 'rs=1 .*state=down reason=unexpected status code.*status 404' "$OUT"
lab_assert_cmd "rs3 reason: digest mismatch" grep -q 'rs=2 .*state=down reason=digest mismatch' "$OUT"
t=$(($(now_ms) - t0))
mv "$W/rs2/www/health.off" "$W/rs2/www/health"
printf 'ok\n' >"$W/rs3/www/health"
detect 2 up "$t" 1500 "rs2 up again (200)"
detect 3 up "$t" 1500 "rs3 up again (digest)"

lab_step "wait for the probe to finish (child stopped with SIGTERM, exit 0)"
wait "$PROBE_PID"
rc=$?
cat "$OUT"
[ -n "${LAB_OUT:-}" ] && cp "$OUT" "$LAB_OUT/health-results"
lab_assert_eq "health_probe exit status" 0 "$rc"
lab_assert_eq "rs1: exactly down, up, down, up" "2 2" "$(count 1 down) $(count 1 up)"
for i in 2 3; do
	lab_assert_eq "rs$i: exactly 3 times down and 3 times up" "3 3" \
		"$(count "$i" down) $(count "$i" up)"
done
grep -q '^[0-9]* DUMP {"started":true' "$OUT" || lab_check_failed "state dump missing"
lab_assert_cmd "dump shows SSL_GET up" grep -q '"type":"SSL_GET"[^}]*"up":true' "$OUT"
sed 's/^/probe: /' "$W/probe.err"
lab_finish
