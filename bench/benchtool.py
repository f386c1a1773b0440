#!/usr/bin/env python3
"""Helpers for bench/run.sh: data generation, readiness probes, one measured dnsperf run, the
telemetry receiver and the final report. Standard library only; everything stays on 127.0.0.1."""

import argparse
import csv
import http.server
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time

LOOPBACK = "127.0.0.1"
TLDS = ["com", "net", "org", "ru", "info", "xyz", "io", "biz", "online", "site"]
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Query names by role. The local upstream answers everything under bench. (cached names from
# local-data, miss.bench. through a redirect zone); blocked names live under ordinary TLDs, which the
# upstream refuses, so a blocked name that slips through shows up as REFUSED, not as a wrong success.
CACHED_SUFFIX = ".bench"
MISS_SUFFIX = ".miss.bench"


# ---------------------------------------------------------------- ports

def free_ports(count):
    """Ports free for both UDP and TCP on 127.0.0.1, all distinct."""
    held, ports = [], []
    while len(ports) < count:
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind((LOOPBACK, 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind((LOOPBACK, port))
        except OSError:
            t.close()
            u.close()
            continue
        held += [t, u]
        ports.append(port)
    for s in held:
        s.close()
    return ports


# ---------------------------------------------------------------- data

def rand_label(rng, lo, hi):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def blocked_domains(rng, count):
    seen = set()
    out = []
    while len(out) < count:
        # a quarter are two labels under the registrable part, as real vendor lists have (cloud.vendor.com)
        name = rand_label(rng, 5, 12) + "." + rng.choice(TLDS)
        if rng.random() < 0.25:
            name = rand_label(rng, 2, 6) + "." + name
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def generate(args):
    rng = random.Random(args.seed)
    d = args.dir
    cached = ["c%d%s" % (i, CACHED_SUFFIX) for i in range(args.cached)]
    blocked = blocked_domains(rng, args.blocked)

    def write(name, lines):
        with open(os.path.join(d, name), "w") as f:
            f.writelines(lines)

    write("upstream-local-data.conf", ('local-data: "%s. 3600 IN A 192.0.2.%d"\n' % (n, i % 250 + 1)
                                        for i, n in enumerate(cached)))
    write("blocked-domains.txt", (b + "\n" for b in blocked))
    write("unbound-blocked.conf", ('local-zone: "%s." always_nxdomain\n' % b for b in blocked))
    write("dnsmasq-blocked.conf", ("address=/%s/\n" % b for b in blocked))
    write("probe-blocked.txt", [blocked[len(blocked) // 2] + "\n"])

    def blocked_query():
        return "%s.%s A\n" % (rand_label(rng, 3, 8), rng.choice(blocked))

    shuffled = cached[:]
    rng.shuffle(shuffled)
    write("q-cached.txt", ("%s A\n" % n for n in shuffled))
    write("q-warm-cached.txt", ("%s A\n" % n for n in cached))
    write("q-blocked.txt", (blocked_query() for _ in range(args.blocked_queries)))
    # Fresh names per query: every file has its own prefix, and runs over them use dnsperf -n 1.
    for prefix, name, count in (("m", "q-miss.txt", args.miss_queries),
                                ("w", "q-warm-miss.txt", 20000),
                                ("t", "q-miss-tel.txt", args.miss_queries)):
        write(name, ("%s%d%s A\n" % (prefix, i, MISS_SUFFIX) for i in range(count)))
    for prefix in ("d", "l", "k", "n"):  # latency runs: direct to upstream and through each server
        write("q-lat-%s.txt" % prefix, ("%s%d%s A\n" % (prefix, i, MISS_SUFFIX) for i in range(args.latency_queries)))

    def mixed(prefix):
        miss_i = 0
        for _ in range(args.mixed_queries):
            r = rng.random()
            if r < 0.90:
                yield "%s A\n" % rng.choice(cached)
            elif r < 0.95:
                yield blocked_query()
            else:
                miss_i += 1
                yield "%s%d%s A\n" % (prefix, miss_i, MISS_SUFFIX)

    write("q-mixed.txt", mixed("x"))
    write("q-mixed-tel.txt", mixed("y"))


# ---------------------------------------------------------------- DNS probe

def dns_query(name, qid):
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".")) + b"\0"
    return header + qname + struct.pack(">HH", 1, 1)


RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}


def probe(args):
    """Polls until the server gives the expected rcode for a fresh subdomain of the name; prints seconds
    since --since (an epoch time taken just before the server was launched)."""
    deadline = time.time() + args.timeout
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(args.interval)
    n = 0
    last = "no answer"
    while time.time() < deadline:
        n += 1
        qid = n & 0xFFFF
        name = ("p%d.%s" % (n, args.name)) if args.fresh else args.name
        try:
            s.sendto(dns_query(name, qid), (LOOPBACK, args.port))
            while True:
                data, _ = s.recvfrom(4096)
                if len(data) >= 4 and struct.unpack(">H", data[:2])[0] == qid:
                    break
            rcode = RCODES.get(data[3] & 0x0F, str(data[3] & 0x0F))
            last = rcode
            if rcode == args.rcode or args.rcode == "ANY":
                if args.pid:
                    # CPU seconds the process used until now: start-up cost that a busy machine cannot inflate
                    print("%.3f %.2f" % (time.time() - args.since, proc_cpu_ticks(args.pid) / CLK_TCK))
                else:
                    print("%.3f" % (time.time() - args.since))
                return 0
        except (socket.timeout, ConnectionRefusedError):
            pass
        except OSError as e:
            last = str(e)
        time.sleep(args.interval)
    print("probe: no %s from 127.0.0.1:%d within %ss (last: %s)" % (args.rcode, args.port, args.timeout, last),
          file=sys.stderr)
    return 1


# ---------------------------------------------------------------- one measured run

def proc_cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the whole line)


def proc_status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def expected_rcode(name):
    name = name.rstrip(".").lower()
    return "NOERROR" if name.endswith(CACHED_SUFFIX) else "NXDOMAIN"


def parse_dnsperf(path):
    lat, ok, total = [], 0, 0
    stats = {}
    with open(path) as f:
        for line in f:
            if line.startswith("> "):
                parts = line.split()
                # "> RCODE name type seconds"
                total += 1
                lat.append(float(parts[-1]))
                if parts[1] == expected_rcode(parts[2]):
                    ok += 1
            elif ":" in line:
                key, _, value = line.strip().partition(":")
                stats[key.strip()] = value.strip()
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(len(lat) * p))] if lat else float("nan")

    completed = int(stats.get("Queries completed", "0").split()[0])
    lost = int(stats.get("Queries lost", "0").split()[0])
    qps = float(stats.get("Queries per second", "0").split()[0])
    avg = float(stats.get("Average Latency (s)", "nan").split()[0])
    return {"completed": completed, "lost": lost, "qps": qps, "avg": avg, "p50": pct(0.50), "p99": pct(0.99),
            "ok": (ok / total) if total else 0.0}


FIELDS = ["server", "scenario", "qps", "avg_us", "p50_us", "p99_us", "cpu_us_per_query", "rss_peak_mb", "rss_now_mb",
          "load_s", "completed", "lost", "ok_pct"]


def measure(args):
    log = args.log
    cmd = ["dnsperf", "-s", LOOPBACK, "-p", str(args.port), "-d", args.queries, "-l", str(args.seconds),
           "-c", str(args.clients), "-q", str(args.outstanding), "-t", "2", "-v"]
    if args.once:
        cmd += ["-n", "1"]
    if args.qps:
        cmd += ["-Q", str(args.qps)]
    before = proc_cpu_ticks(args.pid) if args.pid else 0
    with open(log, "w") as out:
        rc = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT)
    after = proc_cpu_ticks(args.pid) if args.pid else 0
    if rc != 0:
        print("measure: dnsperf exited %d, see %s" % (rc, log), file=sys.stderr)
        return 1
    r = parse_dnsperf(log)
    if not args.keep_log:
        os.remove(log)
    cpu_us = ((after - before) * 1e6 / CLK_TCK / r["completed"]) if (args.pid and r["completed"]) else float("nan")
    row = {
        "server": args.server, "scenario": args.scenario, "qps": "%.0f" % r["qps"],
        "avg_us": "%.0f" % (r["avg"] * 1e6), "p50_us": "%.0f" % (r["p50"] * 1e6), "p99_us": "%.0f" % (r["p99"] * 1e6),
        "cpu_us_per_query": "%.2f" % cpu_us,
        "rss_peak_mb": "%.1f" % (proc_status_kb(args.pid, "VmHWM") / 1024) if args.pid else "",
        "rss_now_mb": "%.1f" % (proc_status_kb(args.pid, "VmRSS") / 1024) if args.pid else "",
        "load_s": args.load or "", "completed": r["completed"], "lost": r["lost"], "ok_pct": "%.1f" % (100 * r["ok"]),
    }
    new = not os.path.exists(args.csv)
    with open(args.csv, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        if new:
            w.writeheader()
        w.writerow(row)
    print("  %-10s %-12s qps=%s p50=%sus p99=%sus cpu/q=%sus ok=%s%%" % (
        row["server"], row["scenario"], row["qps"], row["p50_us"], row["p99_us"], row["cpu_us_per_query"],
        row["ok_pct"]))
    return 0


# ---------------------------------------------------------------- telemetry receiver

def receiver(args):
    count = {"n": 0, "bytes": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            count["n"] += 1
            count["bytes"] += len(body)
            reply = b'{"accepted":true}'
            self.send_response(202)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            with open(args.count_file, "w") as f:
                f.write("%d %d\n" % (count["n"], count["bytes"]))

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
    with open(args.port_file, "w") as f:
        f.write(str(server.server_address[1]))
    threading.Thread(target=lambda: (time.sleep(args.lifetime), server.shutdown()), daemon=True).start()
    server.serve_forever()
    return 0


# ---------------------------------------------------------------- report

def fnum(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def ratio(a, b):
    a, b = fnum(a), fnum(b)
    return "%.2f" % (a / b) if b and b == b and a == a else "n/a"


def report(args):
    with open(args.csv) as f:
        rows = list(csv.DictReader(f))
    extras = {}
    if os.path.exists(args.extras):
        with open(args.extras) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k:
                    extras[k] = v
    out = []
    cols = FIELDS
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * len(cols))
    for r in rows:
        out.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")

    by = {(r["server"], r["scenario"]): r for r in rows}
    out.append("")
    out.append("Ratios camsink / peer (below 1.00 means camsink is better for cpu, latency and rss; above 1.00 for qps)")
    out.append("")
    out.append("| scenario | peer | cpu/query | p50 | p99 | qps | rss peak |")
    out.append("|---|---|---|---|---|---|---|")
    for scen in ("cached", "blocked", "miss", "mixed"):
        c = by.get(("camsink", scen))
        if not c:
            continue
        for peer in ("unbound", "dnsmasq"):
            p = by.get((peer, scen))
            if not p:
                continue
            out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                scen, peer, ratio(c["cpu_us_per_query"], p["cpu_us_per_query"]), ratio(c["p50_us"], p["p50_us"]),
                ratio(c["p99_us"], p["p99_us"]), ratio(c["qps"], p["qps"]), ratio(c["rss_peak_mb"], p["rss_peak_mb"])))

    out.append("")
    out.append("Targets (issue 7)")
    out.append("")
    out.append("| target | measured | goal | met |")
    out.append("|---|---|---|---|")

    def target(name, measured, goal, met):
        out.append("| %s | %s | %s | %s |" % (name, measured, goal, "yes" if met else "NO"))

    def cmp_rows(scen, peer, col, label):
        c, p = by.get(("camsink", scen)), by.get((peer, scen))
        if c and p:
            r = ratio(c[col], p[col])
            target("%s %s vs %s" % (scen, label, peer), "%s / %s = %s" % (c[col], p[col], r), "ratio <= 1.00",
                   r != "n/a" and float(r) <= 1.0)

    cmp_rows("cached", "unbound", "cpu_us_per_query", "cpu us/query")
    cmp_rows("cached", "unbound", "p99_us", "p99 us")
    cmp_rows("blocked", "unbound", "cpu_us_per_query", "cpu us/query")
    c = by.get(("camsink", "blocked"))
    if c:
        target("1M list load (s)", c["load_s"], "<= 0.5", fnum(c["load_s"]) <= 0.5)
        p = by.get(("dnsmasq", "blocked"))
        if p:
            r = ratio(c["rss_peak_mb"], p["rss_peak_mb"])
            target("whole-process RSS vs dnsmasq (MB)", "%s / %s = %s" % (c["rss_peak_mb"], p["rss_peak_mb"], r),
                   "ratio <= 1.00", r != "n/a" and float(r) <= 1.0)
    direct = by.get(("upstream", "latency-direct"))
    lat = by.get(("camsink", "latency-miss"))
    if direct and lat:
        added = fnum(lat["p50_us"]) - fnum(direct["p50_us"])
        target("miss: p50 added over upstream (us)", "%s - %s = %.0f" % (lat["p50_us"], direct["p50_us"], added),
               "<= 100", added <= 100)
    if "startup_s" in extras:
        target("start-up with bundled lists (s)", extras["startup_s"], "<= 1.0", fnum(extras["startup_s"]) <= 1.0)
    for scen in ("blocked", "mixed"):
        off, on = by.get(("camsink", scen)), by.get(("camsink-tel", scen))
        if off and on:
            d = fnum(on["cpu_us_per_query"]) / fnum(off["cpu_us_per_query"]) - 1
            target("telemetry on vs off, %s cpu/query" % scen, "%s vs %s = %+.1f%%" % (
                on["cpu_us_per_query"], off["cpu_us_per_query"], 100 * d), "<= +5%", d <= 0.05)
    if extras:
        out.append("")
        out.append("Other facts: " + ", ".join("%s=%s" % kv for kv in sorted(extras.items())))
    text = "\n".join(out) + "\n"
    with open(args.markdown, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("ports")
    s.add_argument("count", type=int)

    s = sub.add_parser("gen")
    s.add_argument("dir")
    s.add_argument("--cached", type=int, default=10000)
    s.add_argument("--blocked", type=int, default=1000000)
    s.add_argument("--blocked-queries", type=int, default=200000)
    s.add_argument("--miss-queries", type=int, default=600000)
    s.add_argument("--mixed-queries", type=int, default=1500000)
    s.add_argument("--latency-queries", type=int, default=20000)
    s.add_argument("--seed", type=int, default=7)

    s = sub.add_parser("probe")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--rcode", default="NXDOMAIN")
    s.add_argument("--fresh", action="store_true", help="ask a fresh subdomain each time")
    s.add_argument("--since", type=float, default=time.time())
    s.add_argument("--timeout", type=float, default=120)
    s.add_argument("--interval", type=float, default=0.005)
    s.add_argument("--pid", type=int, default=0, help="also print the CPU seconds this process used until then")

    s = sub.add_parser("measure")
    s.add_argument("--server", required=True)
    s.add_argument("--scenario", required=True)
    s.add_argument("--pid", type=int, default=0)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--queries", required=True)
    s.add_argument("--seconds", type=int, default=10)
    s.add_argument("--clients", type=int, default=10)
    s.add_argument("--outstanding", type=int, default=100)
    s.add_argument("--qps", type=int, default=0)
    s.add_argument("--once", action="store_true")
    s.add_argument("--load", default="")
    s.add_argument("--csv", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--keep-log", action="store_true")

    s = sub.add_parser("receiver")
    s.add_argument("--port-file", required=True)
    s.add_argument("--count-file", required=True)
    s.add_argument("--lifetime", type=float, default=1800)

    s = sub.add_parser("report")
    s.add_argument("--csv", required=True)
    s.add_argument("--extras", required=True)
    s.add_argument("--markdown", required=True)

    a = p.parse_args()
    if a.cmd == "ports":
        print(" ".join(map(str, free_ports(a.count))))
        return 0
    if a.cmd == "gen":
        generate(a)
        return 0
    return {"probe": probe, "measure": measure, "receiver": receiver, "report": report}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
