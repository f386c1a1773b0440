#!/usr/bin/env bash
# Two camsink configurations side by side, measured alternately (A, B, A, B, ...) with dnsperf, so that the
# load of a shared machine falls on both alike. Uses the data of an earlier `bench/run.sh --keep` run.
# Everything on 127.0.0.1 free ports; every process it starts is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="$ROOT/bench/benchtool.py"
SECS=3
ROUNDS=6
SCENARIO=cached

usage() {
  cat <<'USAGE'
Usage: bench/ab.sh [options] KEPT_DIR YAML_A YAML_B
  KEPT_DIR          the output folder of `bench/run.sh --keep` (its data/ and upstream.conf are used)
  YAML_A, YAML_B    lines added to each configuration, e.g. 'server: { udpReaders: 1 }'; the word
                    RECEIVER becomes the port of a local telemetry receiver (started only when used)
  -l SECONDS        length of each measured run (default 3)
  -r ROUNDS         A/B pairs (default 6)
  --scenario S      cached (default) or blocked (loads the 1M list in both)
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -l) SECS="$2"; shift 2 ;;
    -r) ROUNDS="$2"; shift 2 ;;
    --scenario) SCENARIO="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ $# -eq 3 ]] || { usage >&2; exit 2; }
KEPT="$(cd "$1" && pwd)"; YA="$2"; YB="$3"; DATA="$KEPT/data"
case "$SCENARIO" in
  cached) QUERIES=q-cached.txt ;;
  blocked) QUERIES=q-blocked.txt ;;
  *) echo "ab: unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
for f in "$KEPT/upstream.conf" "$DATA/$QUERIES" "$DATA/q-warm-cached.txt"; do
  [[ -f "$f" ]] || { echo "ab: $f is missing (run bench/run.sh --keep first)" >&2; exit 1; }
done

OUT="$(mktemp -d "${TMPDIR:-/tmp}/camsink-ab.XXXXXX")"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

read -r P_UP P_A P_AA P_B P_BA <<<"$(python3 "$TOOL" ports 5)"
sed -e "s/^  port: [0-9]*/  port: $P_UP/" -e "s#^  directory: .*#  directory: \"$OUT\"#" "$KEPT/upstream.conf" >"$OUT/upstream.conf"
/usr/sbin/unbound -d -c "$OUT/upstream.conf" >"$OUT/upstream.log" 2>&1 & PIDS+=($!)

RECEIVER=""
if [[ "$YA$YB" == *RECEIVER* ]]; then
  python3 "$TOOL" receiver --port-file "$OUT/receiver.port" --count-file "$OUT/receiver.count" --lifetime 1800 & PIDS+=($!)
  for _ in $(seq 1 100); do [[ -s "$OUT/receiver.port" ]] && break; sleep 0.05; done
  RECEIVER="$(cat "$OUT/receiver.port")"
fi

"$ROOT/camsink" --version >/dev/null   # build once, before two launches
# the launcher's flags, without the class-data archive (two processes must not write one file)
OPTS="${CAMSINK_JAVA_OPTS:-$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/resolver/src/main/dist/jvm.options" | tr '\n' ' ')}"
start() { # NAME PORT ADMINPORT YAML
  {
    echo "listen: [\"127.0.0.1:$2\"]"
    echo "upstreams: [\"127.0.0.1:$P_UP\"]"
    if [[ "$SCENARIO" != cached ]]; then
      printf 'lists:\n  - source: %s\n    format: domains\n    id: bench\n' "$DATA/blocked-domains.txt"
    fi
    echo "admin: { listen: \"127.0.0.1:$3\" }"
    echo "${4//RECEIVER/$RECEIVER}"
  } >"$OUT/$1.yaml"
  CAMSINK_JAVA_OPTS="$OPTS" "$ROOT/camsink" run --config "$OUT/$1.yaml" >"$OUT/$1.log" 2>&1 & PIDS+=($!)
}
start a "$P_A" "$P_AA" "$YA"
start b "$P_B" "$P_BA" "$YB"
PID_A="${PIDS[-2]}"; PID_B="${PIDS[-1]}"   # the launcher execs java, so these are the JVMs
for p in "$P_A" "$P_B"; do
  python3 "$TOOL" probe --port "$p" --name c1.bench --rcode NOERROR --timeout 120 >/dev/null
  if [[ "$SCENARIO" != cached ]]; then
    python3 "$TOOL" probe --port "$p" --name "$(head -1 "$DATA/blocked-domains.txt")" --fresh --rcode NXDOMAIN --timeout 120 >/dev/null
  fi
  dnsperf -s 127.0.0.1 -p "$p" -d "$DATA/q-warm-cached.txt" -n 2 -l 10 -c 10 -q 100 >/dev/null
  dnsperf -s 127.0.0.1 -p "$p" -d "$DATA/$QUERIES" -l "$SECS" -c 10 -q 100 >/dev/null
done
for _ in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    if [[ "$side" == A ]]; then pid="$PID_A"; port="$P_A"; else pid="$PID_B"; port="$P_B"; fi
    python3 "$TOOL" measure --server "$side" --scenario "$SCENARIO" --pid "$pid" --port "$port" \
      --queries "$DATA/$QUERIES" --seconds "$SECS" --csv "$OUT/results.csv" --log "$OUT/dnsperf.txt"
  done
done
python3 - "$OUT/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
med = {s: {k: statistics.median(float(r[k]) for r in rows if r["server"] == s) for k in ("cpu_us_per_query", "p50_us", "p99_us", "qps")} for s in "AB"}
for s in "AB":
    print("%s median of %d: cpu/q %.2f us, p50 %.0f us, p99 %.0f us, qps %.0f" % (s, sum(r["server"] == s for r in rows),
          med[s]["cpu_us_per_query"], med[s]["p50_us"], med[s]["p99_us"], med[s]["qps"]))
print("B / A: cpu/q %.3f, p50 %.2f, p99 %.2f" % tuple(med["B"][k] / med["A"][k] for k in ("cpu_us_per_query", "p50_us", "p99_us")))
PY
echo "ab: results in $OUT"
