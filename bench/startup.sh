#!/usr/bin/env bash
# Start-up time of `./camsink run`: from process launch until the resolver answers a DNS query for a name on a
# bundled list. Installs nothing; needs python3 and a built resolver (./camsink builds it when missing).
# Usage: bench/startup.sh [RUNS]   (default 5). Extra JVM flags: CAMSINK_JAVA_OPTS as for ./camsink.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
NAME="x.cloud.trassir.com"
command -v python3 >/dev/null 2>&1 || { echo "startup.sh: python3 is missing (Debian: python3)" >&2; exit 1; }

WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Build once up front so the runs measure start-up, not Maven.
"$ROOT/camsink" check-config /dev/null >/dev/null 2>&1 || true

# Sends a query every 20 ms for up to 15 s; prints the seconds from $1 (epoch ns at launch) to the first answer.
cat >"$WORK/probe.py" <<'PY'
import socket, struct, sys, time
start_ns, port, name, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
import os
def cpu():  # user+system seconds of the server process (the launcher execs java, so it is the same PID)
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.02)
deadline = time.time() + 15
while time.time() < deadline:
    try:
        s.sendto(q, ("127.0.0.1", port))
        data = s.recv(4096)
    except OSError:  # timeout, or ICMP port unreachable before the listener binds
        continue
    if len(data) >= 12 and data[:2] == q[:2]:
        flags = struct.unpack(">H", data[2:4])[0]
        ready = (time.time_ns() - start_ns) / 1e9
        print("%.3f s, cpu %.2f s, rcode=%d answers=%d" % (ready, cpu(), flags & 0xF, struct.unpack(">H", data[6:8])[0]))
        sys.exit(0)
print("timeout")
sys.exit(1)
PY

times=(); cpus=()
for i in $(seq 1 "$RUNS"); do
  DNS="$(free_port)"; ADMIN="$(free_port)"; DEAD="$(free_port)"
  cat >"$WORK/camsink.yaml" <<YAML
listen: ["127.0.0.1:$DNS"]
upstreams: ["127.0.0.1:$DEAD"]
admin:
  listen: "127.0.0.1:$ADMIN"
YAML
  start_ns="$(date +%s%N)"
  "$ROOT/camsink" run --config "$WORK/camsink.yaml" >"$WORK/run.log" 2>&1 &
  PID=$!
  result="$(python3 "$WORK/probe.py" "$start_ns" "$DNS" "$NAME" "$PID" || true)"
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""
  [[ "$result" != timeout && -n "$result" ]] || { echo "run $i: no answer within 15 s; log:" >&2; cat "$WORK/run.log" >&2; exit 1; }
  echo "run $i: ready after ${result}"
  times+=("${result%% *}"); cpus+=("$(echo "$result" | sed 's/.*cpu \([0-9.]*\) s.*/\1/')")
done
summary() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%s: min %.3f median %.3f max %.3f over %d runs\n", what, a[1], a[int((NR+1)/2)], a[NR], NR}'; }
printf '%s\n' "${times[@]}" | summary "ready, wall s"
printf '%s\n' "${cpus[@]}" | summary "CPU until ready, s"
echo "load: $(uptime | sed 's/.*load average/load average/')"
