#!/usr/bin/env python3
"""Inclusive and self sample counts per method from a JFR recording's execution samples.
Usage: bench/jfrtop.py FILE.jfr [N]   (needs the jfr tool of a JDK on PATH or in JAVA_HOME)"""
import collections
import json
import os
import subprocess
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    incl, self_ = collections.Counter(), collections.Counter()
    for e in events:
        frames = e["values"]["stackTrace"]["frames"]
        seen = set()
        for i, f in enumerate(frames):
            m = f["method"]
            name = m["type"]["name"].rsplit(".", 1)[-1] + "." + m["name"]
            if i == 0:
                self_[name] += 1
            if name not in seen:
                incl[name] += 1
                seen.add(name)
    n = len(events)
    print("%d samples" % n)
    print("%-70s %7s %7s" % ("method", "incl%", "self%"))
    for name, c in incl.most_common(top):
        print("%-70s %6.1f%% %6.1f%%" % (name[:70], 100.0 * c / n, 100.0 * self_[name] / n))


if __name__ == "__main__":
    main()
