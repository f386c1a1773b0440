#!/usr/bin/env bash
# Telemetry durability soak: kills a resolver JVM with telemetry on (SIGKILL) at random moments, ITERATIONS
# times (default 50), restarts it on the same data folder, and checks that every spooled report reaches the
# receiver exactly once. It runs TelemetryDurabilityTest with more iterations; the last line is the summary.
#   resolver/src/test/sh/telemetry-soak.sh [ITERATIONS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
iterations="${1:-50}"
seed_arg=()
if [[ $# -ge 2 ]]; then seed_arg=("-Dcamsink.soak.seed=$2"); fi
status=0
./mvnw -B -q -pl resolver -am verify -Dtest=TelemetryDurabilityTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcamsink.soak.iterations="$iterations" "${seed_arg[@]}" || status=$?
grep -h '^DURABILITY' resolver/target/surefire-reports/*TelemetryDurabilityTest-output.txt || true
if [[ $status -ne 0 ]]; then
    echo "telemetry soak FAILED (see resolver/target/surefire-reports)" >&2
fi
exit $status
