#!/usr/bin/env bash
# Load script (not a test): posts N reports concurrently through the local runner (with its own dynalite),
# then prints ingest throughput and the time of one aggregation run over all of them.
# Usage: lambda/bench/load.sh [N=100000] [CONCURRENCY=32]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[[ -n "${CAMSINK_DYNALITE:-}" || ! -x "$ROOT/.tools/node_modules/.bin/dynalite" ]] || export CAMSINK_DYNALITE="$ROOT/.tools/node_modules/.bin/dynalite"
# One reactor run, so the report and blocklists modules resolve to their freshly built classes.
./mvnw -q -B -pl lambda -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx1g -cp "lambda/target/test-classes:lambda/target/classes:$(cat lambda/target/bench.classpath)" \
  org.camsink.lambda.bench.LoadBench "${1:-100000}" "${2:-32}"
