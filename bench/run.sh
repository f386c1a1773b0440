#!/usr/bin/env bash
# Side-by-side benchmark: camsink, Unbound and dnsmasq against the same generated data and query files.
# Installs nothing; says which Debian package is missing. Everything runs on 127.0.0.1, on free high
# ports, bounded in time, with every file under one mktemp folder and every process stopped by PID.
# See bench/README.md for how to read the output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="$ROOT/bench/benchtool.py"

SECS=10                 # dnsperf -l for each measured run (at most 10)
BLOCKED=1000000         # domains in the block list
CACHED=10000            # names served by the upstream and cached by every server
SERVERS="camsink unbound dnsmasq"
SCENARIOS="cached blocked miss mixed latency"
TELEMETRY=1
STARTUP=1
JFR=0
KEEP=0

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [options]
  -l SECONDS        length of each measured dnsperf run (1..10, default 10)
  --blocked N       domains in the generated block list (default 1000000)
  --servers LIST    which servers, space separated (default "camsink unbound dnsmasq")
  --scenarios LIST  which scenarios (default "cached blocked miss mixed latency"), e.g. for a profile of one
  --no-telemetry    skip the telemetry on/off comparison
  --no-startup      skip the start-up measurement
  --jfr             record a JFR profile of the camsink run (camsink.jfr in the output folder)
  --keep            keep the generated data files (about 150 MB) after the run
Environment: CAMSINK_JAVA_OPTS overrides the launcher's JVM flags; JAVA_HOME picks the JDK.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -l) SECS="$2"; shift 2 ;;
    --blocked) BLOCKED="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --no-telemetry) TELEMETRY=0; shift ;;
    --no-startup) STARTUP=0; shift ;;
    --jfr) JFR=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$SECS" =~ ^[0-9]+$ && "$SECS" -ge 1 && "$SECS" -le 10 ]] || { echo "bench: -l must be 1..10" >&2; exit 2; }

# ------------------------------------------------------------------ prerequisites (installs nothing)
missing=()
need() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]] || missing+=("$2 (for $1)"); }
need dnsperf dnsperf
need python3 python3
need unbound unbound
need dnsmasq dnsmasq

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
JAVA=""
for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [[ -n "$c" && -x "$c" && -x "$(dirname "$c")/javac" ]] || continue
  v="$(java_major "$c")"
  if [[ -n "$v" && "$v" -ge 21 ]]; then JAVA="$c"; break; fi
done
[[ "$SERVERS" != *camsink* || -n "$JAVA" ]] || missing+=("openjdk-21-jdk-headless (a JDK 21 or newer, or set JAVA_HOME)")
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "bench: missing prerequisites; install these Debian packages:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 3
fi
UNBOUND="$(command -v unbound || echo /usr/sbin/unbound)"
DNSMASQ="$(command -v dnsmasq || echo /usr/sbin/dnsmasq)"

# ------------------------------------------------------------------ workspace and process bookkeeping
OUT="$(mktemp -d -t camsink-bench.XXXXXX)"
DATA="$OUT/data"
mkdir -p "$DATA" "$OUT/logs"
CSV="$OUT/results.csv"
EXTRAS="$OUT/extras.txt"
: >"$EXTRAS"
PIDS=()
KEEPLOG=()
[[ "$KEEP" -eq 0 ]] || KEEPLOG=(--keep-log)

stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  wait 2>/dev/null || true
  [[ "$KEEP" -eq 1 ]] || rm -rf "$DATA"
  echo "bench: results and logs in $OUT" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD in the background, sets PID and T0 (epoch seconds just before launch).
start() {
  local name="$1"; shift
  T0="$(date +%s.%N)"
  "$@" >"$OUT/logs/$name.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
}
stop() { stop_pid "$1"; }

extra() { echo "$1=$2" >>"$EXTRAS"; }

read -r P_UP P_CAM P_CAM_ADMIN P_UNB P_DNSM P_TEL P_TEL_ADMIN P_START P_START_ADMIN <<<"$(python3 "$TOOL" ports 9)"

# ------------------------------------------------------------------ data
echo "bench: generating data in $DATA ($BLOCKED blocked domains, $CACHED cached names)" >&2
python3 "$TOOL" gen "$DATA" --cached "$CACHED" --blocked "$BLOCKED" \
  --miss-queries $((60000 * SECS)) --mixed-queries $((150000 * SECS))
PROBE_BLOCKED="$(cat "$DATA/probe-blocked.txt")"

# ------------------------------------------------------------------ the local authoritative upstream
unbound_common() {
  cat <<EOF
server:
  interface: 127.0.0.1
  port: $1
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$OUT"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 0
  module-config: "iterator"
  access-control: 127.0.0.0/8 allow
  num-threads: $2
  so-reuseport: yes
EOF
}
{
  unbound_common "$P_UP" 1
  cat <<EOF
  # nothing leaves the machine: everything outside bench. is refused
  local-zone: "." refuse
  local-zone: "bench." static
  include: "$DATA/upstream-local-data.conf"
  local-zone: "miss.bench." redirect
  local-data: "miss.bench. 300 IN A 192.0.2.200"
EOF
} >"$OUT/upstream.conf"
start upstream "$UNBOUND" -d -c "$OUT/upstream.conf"
UP_PID=$PID
python3 "$TOOL" probe --port "$P_UP" --name c1.bench --rcode NOERROR --timeout 30 --since "$T0" >/dev/null \
  || { echo "bench: the upstream did not start, see $OUT/logs/upstream.log" >&2; exit 1; }

# await_load NAME PORT: prints seconds from launch ($T0) to the first NXDOMAIN for a listed name, or "n/a"
# (with a warning) when the server answers but never blocks it; fails when the server never answers at all.
await_load() {
  local name="$1" port="$2" t
  if t="$(python3 "$TOOL" probe --port "$port" --name "$PROBE_BLOCKED" --fresh --rcode NXDOMAIN --timeout 60 --since "$T0")"; then
    echo "$t"
  elif python3 "$TOOL" probe --port "$port" --name c1.bench --rcode NOERROR --timeout 5 >/dev/null; then
    echo "bench: WARNING: $name answers but does not block $PROBE_BLOCKED; blocked figures are not blocking" >&2
    echo "n/a"
  else
    echo "bench: $name does not answer, see $OUT/logs/$name.log" >&2
    return 1
  fi
}

# measure SERVER SCENARIO PID PORT QUERYFILE [extra benchtool args]
measure() {
  local server="$1" scen="$2" pid="$3" port="$4" q="$5"; shift 5
  python3 "$TOOL" measure --server "$server" --scenario "$scen" --pid "$pid" --port "$port" \
    --queries "$DATA/$q" --seconds "$SECS" --csv "$CSV" --log "$OUT/logs/dnsperf-$server-$scen.txt" "${KEEPLOG[@]}" "$@"
}
# warm-up: fill the cache (two passes), then exercise every path so JIT compilers and caches settle
warm() {
  local pid="$1" port="$2" w=$(( SECS < 3 ? SECS : 3 ))
  dnsperf -s 127.0.0.1 -p "$port" -d "$DATA/q-warm-miss.txt" -n 1 -l "$w" -c 10 -q 100 >/dev/null
  dnsperf -s 127.0.0.1 -p "$port" -d "$DATA/q-blocked.txt" -l "$w" -c 10 -q 100 >/dev/null
  fill "$port"
  dnsperf -s 127.0.0.1 -p "$port" -d "$DATA/q-cached.txt" -l "$w" -c 10 -q 100 >/dev/null
}
# (re)load the 10k cached names: misses evict them from small caches (dnsmasq's, Unbound's 4 MB msg cache)
fill() {
  dnsperf -s 127.0.0.1 -p "$1" -d "$DATA/q-warm-cached.txt" -n 2 -l 10 -c 10 -q 100 >/dev/null
}
# latency added on misses: a light fixed rate, so the figure is processing time, not queueing
latency() {
  local server="$1" pid="$2" port="$3" file="$4"
  python3 "$TOOL" measure --server "$server" --scenario latency-miss --pid "$pid" --port "$port" \
    --queries "$DATA/$file" --seconds $(( SECS < 4 ? SECS : 4 )) --qps 2000 --once --csv "$CSV" \
    --log "$OUT/logs/dnsperf-$server-latency.txt" "${KEEPLOG[@]}"
}
want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
scenarios() {
  local server="$1" pid="$2" port="$3" load="$4" missfile="$5" mixedfile="$6" latfile="${7:-}"
  warm "$pid" "$port"
  want cached && measure "$server" cached "$pid" "$port" q-cached.txt
  want blocked && measure "$server" blocked "$pid" "$port" q-blocked.txt --load "$load"
  want miss && measure "$server" miss "$pid" "$port" "$missfile" --once
  if want mixed; then
    fill "$port"
    measure "$server" mixed "$pid" "$port" "$mixedfile" --once
  fi
  if want latency && [[ -n "$latfile" ]]; then latency "$server" "$pid" "$port" "$latfile"; fi
  return 0
}

want latency && echo "bench: the upstream alone (direct miss latency)" >&2
want latency && python3 "$TOOL" measure --server upstream --scenario latency-direct --pid "$UP_PID" --port "$P_UP" \
  --queries "$DATA/q-lat-d.txt" --seconds $(( SECS < 4 ? SECS : 4 )) --qps 2000 --once --csv "$CSV" \
  --log "$OUT/logs/dnsperf-upstream-latency.txt"

# ------------------------------------------------------------------ camsink
# the flags of the launcher and the systemd unit, from their one file (comments dropped)
LAUNCHER_OPTS="$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/resolver/src/main/dist/jvm.options" | tr '\n' ' ')"
JOPTS="${CAMSINK_JAVA_OPTS:-$LAUNCHER_OPTS}"
camsink_config() { # FILE PORT ADMINPORT [lists yes|no] [telemetry port]
  local file="$1" port="$2" admin="$3" lists="${4:-yes}" tel="${5:-}"
  {
    echo "listen: [\"127.0.0.1:$port\"]"
    echo "upstreams: [\"127.0.0.1:$P_UP\"]"
    if [[ "$lists" == yes ]]; then
      echo "lists:"
      echo "  - source: $DATA/blocked-domains.txt"
      echo "    format: domains"
      echo "    id: bench"
    fi
    echo "admin: { listen: \"127.0.0.1:$admin\" }"
    if [[ -n "$tel" ]]; then
      echo "telemetry:"
      echo "  enabled: true"
      echo "  endpoint: http://127.0.0.1:$tel/v1/reports"
      echo "  region: UA-30"
      echo "  interval: 5s"
      echo "  dataDir: $OUT/telemetry-data"
    fi
  } >"$file"
}
# The launcher's own flags are used unless CAMSINK_JAVA_OPTS is set; extra ones (JFR) go on top.
start_camsink() { # NAME CONFIG [jfr]
  local name="$1" cfg="$2" extra="" opts=()
  # JFR is off while the JVM writes a class-data archive, so a profiled run uses the flags without one
  if [[ "${3:-}" == jfr ]]; then
    extra="-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile,dumponexit=true"
    opts=(CAMSINK_JAVA_OPTS="$JOPTS")
  fi
  start "$name" env JAVA_HOME="$(dirname "$(dirname "$JAVA")")" CAMSINK_EXTRA_JAVA_OPTS="$extra" "${opts[@]}" \
    "$ROOT/camsink" run --config "$cfg"
}

if [[ "$SERVERS" == *camsink* || "$TELEMETRY" -eq 1 || "$STARTUP" -eq 1 ]]; then
  echo "bench: building camsink if needed" >&2
  JAVA_HOME="$(dirname "$(dirname "$JAVA")")" "$ROOT/camsink" --version >/dev/null
  extra jvm_flags "\"$JOPTS${CAMSINK_JAVA_OPTS:+ (from CAMSINK_JAVA_OPTS)}${CAMSINK_JAVA_OPTS:- plus, for run, the class-data archive}\""
  extra java "\"$("$JAVA" -version 2>&1 | head -1)\""
fi

if [[ "$SERVERS" == *camsink* ]]; then
  echo "bench: camsink" >&2
  camsink_config "$OUT/camsink.yaml" "$P_CAM" "$P_CAM_ADMIN"
  start_camsink camsink "$OUT/camsink.yaml" "$([[ $JFR -eq 1 ]] && echo jfr)"
  CAM_PID=$PID
  LOAD="$(await_load camsink "$P_CAM")"
  scenarios camsink "$CAM_PID" "$P_CAM" "$LOAD" q-miss.txt q-mixed.txt q-lat-l.txt
  stop "$CAM_PID"
fi

# ------------------------------------------------------------------ Unbound: forwards to the same upstream
if [[ "$SERVERS" == *unbound* ]]; then
  echo "bench: unbound" >&2
  {
    unbound_common "$P_UNB" 2
    echo "  do-not-query-localhost: no"
    echo "  include: \"$DATA/unbound-blocked.conf\""
    echo "forward-zone:"
    echo "  name: \".\""
    echo "  forward-addr: 127.0.0.1@$P_UP"
  } >"$OUT/unbound.conf"
  start unbound "$UNBOUND" -d -c "$OUT/unbound.conf"
  UNB_PID=$PID
  LOAD="$(await_load unbound "$P_UNB")"
  scenarios unbound "$UNB_PID" "$P_UNB" "$LOAD" q-miss.txt q-mixed.txt q-lat-k.txt
  stop "$UNB_PID"
fi

# ------------------------------------------------------------------ dnsmasq: forwards to the same upstream
if [[ "$SERVERS" == *dnsmasq* ]]; then
  echo "bench: dnsmasq" >&2
  {
    echo "port=$P_DNSM"
    echo "listen-address=127.0.0.1"
    echo "bind-interfaces"
    echo "no-resolv"
    echo "no-hosts"
    echo "no-poll"
    echo "cache-size=20000"
    echo "dns-forward-max=1000"
    echo "pid-file="
    echo "server=127.0.0.1#$P_UP"
    echo "conf-file=$DATA/dnsmasq-blocked.conf"
  } >"$OUT/dnsmasq.conf"
  start dnsmasq "$DNSMASQ" -k -C "$OUT/dnsmasq.conf"
  DNSM_PID=$PID
  LOAD="$(await_load dnsmasq "$P_DNSM")"
  scenarios dnsmasq "$DNSM_PID" "$P_DNSM" "$LOAD" q-miss.txt q-mixed.txt q-lat-n.txt
  stop "$DNSM_PID"
fi

# ------------------------------------------------------------------ camsink with telemetry on
if [[ "$TELEMETRY" -eq 1 ]]; then
  echo "bench: camsink with telemetry on (receiver on loopback)" >&2
  start receiver python3 "$TOOL" receiver --port-file "$OUT/receiver.port" --count-file "$OUT/receiver.count" --lifetime 600
  REC_PID=$PID
  for _ in $(seq 1 100); do [[ -s "$OUT/receiver.port" ]] && break; sleep 0.05; done
  camsink_config "$OUT/camsink-tel.yaml" "$P_TEL" "$P_TEL_ADMIN" yes "$(cat "$OUT/receiver.port")"
  start_camsink camsink-tel "$OUT/camsink-tel.yaml"
  TEL_PID=$PID
  LOAD="$(await_load camsink-tel "$P_TEL")"
  warm "$TEL_PID" "$P_TEL"
  measure camsink-tel blocked "$TEL_PID" "$P_TEL" q-blocked.txt --load "$LOAD"
  fill "$P_TEL"
  measure camsink-tel mixed "$TEL_PID" "$P_TEL" q-mixed-tel.txt --once
  stop "$TEL_PID"
  stop "$REC_PID"
  extra telemetry_posts "\"$(cat "$OUT/receiver.count" 2>/dev/null || echo '0 0') (requests bytes)\""
fi

# ------------------------------------------------------------------ start-up with the bundled lists
if [[ "$STARTUP" -eq 1 ]]; then
  echo "bench: start-up (launch to first blocked answer, bundled lists, 3 runs)" >&2
  camsink_config "$OUT/camsink-startup.yaml" "$P_START" "$P_START_ADMIN" no
  times=()
  cpus=()
  for i in 1 2 3; do
    start "camsink-startup-$i" env JAVA_HOME="$(dirname "$(dirname "$JAVA")")" \
      "$ROOT/camsink" run --config "$OUT/camsink-startup.yaml"
    # camsink opens its listeners only once the bundled and file lists are loaded, so its first answer is
    # already a filtered one: one probe, polling for the first blocked answer from launch. (A second probe
    # after a first "any answer" one would add its own start-up to the figure.)
    tc="$(python3 "$TOOL" probe --port "$P_START" --name cloud.trassir.com --fresh --rcode NXDOMAIN --timeout 20 \
      --since "$T0" --pid "$PID")" || tc="nan nan"
    read -r t c <<<"$tc"
    times+=("$t")
    cpus+=("$c")
    stop "$PID"
  done
  extra startup_runs_s "\"${times[*]}\""
  extra startup_s "$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)"
  extra startup_cpu_runs_s "\"${cpus[*]}\""
fi

# ------------------------------------------------------------------ report
echo
echo "camsink benchmark, $(date -u +%FT%TZ), $(nproc) cores, dnsperf -l $SECS -c 10 -q 100, $BLOCKED blocked domains"
python3 "$TOOL" report --csv "$CSV" --extras "$EXTRAS" --markdown "$OUT/results.md"
