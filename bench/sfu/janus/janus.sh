# The SFU benchmark's Janus (docs/benchmarks.md, benchmark 3), sourced by bench/sfu/run.sh:
#   janus_install            installs Debian's janus with apt when it is missing, without starting its packaged service
#   janus_start <work-dir>   writes a fresh configuration into <work-dir>, starts Janus on 127.0.0.1 and free ports;
#                            sets JANUS_PID, JANUS_URL (HTTP API), JANUS_EVENT_LOOPS, JANUS_VERSION
#   janus_stop               stops the Janus it started (by PID)
# Janus runs as its janus.jcfg documents for a server: event_loops = cores (one loop per core shared by all handles
# instead of one thread per handle), only the VideoRoom plugin and the HTTP transport, everything bound to 127.0.0.1.
JANUS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JANUS_PID=""

janus_install() {
  command -v janus >/dev/null && return 0
  local sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  echo "# sfu: installing janus (apt-get)" >&2
  # The package's janus.service would start with the stock configuration (all interfaces, ports 8088/8188); a
  # policy-rc.d answering 101 tells invoke-rc.d not to start it. Ours is removed again; an existing one is left alone.
  local ours=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null && $sudo_cmd chmod +x /usr/sbin/policy-rc.d && ours=1
  fi
  local rc=0
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends janus >/dev/null || rc=$?
  [[ -n "$ours" ]] && $sudo_cmd rm -f /usr/sbin/policy-rc.d
  return $rc
}

janus_free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

janus_start() {
  local work=$1
  rm -rf "$work"; mkdir -p "$work/etc"
  command -v gcc >/dev/null || { echo "sfu: gcc is needed to build the loopback shim (apt-get install gcc libc6-dev)" >&2; return 1; }
  gcc -O2 -shared -fPIC -o "$work/loopback_ifaddrs.so" "$JANUS_DIR/loopback_ifaddrs.c" -ldl || return 1
  local lib; lib=$(dirname "$(dirname "$(dpkg -L janus | grep -m1 '/plugins/libjanus_videoroom.so$')")")
  local http; http=$(janus_free_port)
  # A port range of its own, away from the ephemeral range the other processes' free ports come from.
  local rtp_low=$((20000 + RANDOM % 20000))
  JANUS_EVENT_LOOPS=${JANUS_EVENT_LOOPS:-$(nproc)}
  cat > "$work/etc/janus.jcfg" <<CFG
general: {
	configs_folder = "$work/etc"
	plugins_folder = "$lib/plugins"
	transports_folder = "$lib/transports"
	events_folder = "$lib/events"
	loggers_folder = "$lib/loggers"
	log_to_stdout = true
	debug_level = 3
	session_timeout = 0
	event_loops = $JANUS_EVENT_LOOPS
	interface = "127.0.0.1"
}
media: {
	rtp_port_range = "$rtp_low-$((rtp_low + 4999))"
}
nat: {
	ice_enforce_list = "lo"
	ignore_mdns = true
}
plugins: {
	disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
	disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
}
loggers: {
	disable = "libjanus_jsonlog.so"
}
events: {
	broadcast = false
}
CFG
  cat > "$work/etc/janus.transport.http.jcfg" <<CFG
general: {
	json = "compact"
	base_path = "/janus"
	http = true
	port = $http
	ip = "127.0.0.1"
	https = false
}
admin: {
	admin_http = false
}
CFG
  # No static rooms: the load client creates its room through the API.
  printf 'general: {\n\tevents = false\n}\n' > "$work/etc/janus.plugin.videoroom.jcfg"

  LD_PRELOAD="$work/loopback_ifaddrs.so" janus -F "$work/etc" -C "$work/etc/janus.jcfg" > "$work/janus.log" 2>&1 &
  JANUS_PID=$!
  JANUS_URL="http://127.0.0.1:$http/janus"
  local info=""
  for _ in $(seq 1 100); do
    info=$(curl -sf -m 1 -X POST "$JANUS_URL" -d '{"janus":"info","transaction":"i"}' 2>/dev/null) && break
    kill -0 "$JANUS_PID" 2>/dev/null || { echo "sfu: janus exited, see $work/janus.log" >&2; JANUS_PID=""; return 1; }
    sleep 0.1
  done
  [[ -n "$info" ]] || { echo "sfu: janus did not answer, see $work/janus.log" >&2; janus_stop; return 1; }
  JANUS_VERSION=$(python3 -c 'import sys,json;print(json.loads(sys.argv[1])["version_string"])' "$info")
}

janus_stop() {
  [[ -n "$JANUS_PID" ]] || return 0
  kill -TERM "$JANUS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$JANUS_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$JANUS_PID" 2>/dev/null || true
  wait "$JANUS_PID" 2>/dev/null || true
  JANUS_PID=""
}
