#!/usr/bin/env bash
# The benchmark run: measures every section and writes docs/benchmarks.md with its tables and plots.
#   bash bench/run.sh           full run (about 12 minutes on 2 cores with docker and podman), writes docs/
#   bash bench/run.sh --quick   a few minutes, writes bench/target/report/ (what CI runs: it must work, not be fast)
# Other arguments go to BenchmarkRun: --only simulated,http,junit,containers  --out DIR  --report-only
# The container section needs docker and/or podman with CRIU (scripts/setup-docker.sh); without them it notes why.
# Run it on an otherwise idle machine: every figure is compared with a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am
# the official JS SDK's latency is measured with the same packages the conformance suite pins
if [ ! -d conformance/js/node_modules ] && command -v npm > /dev/null; then
  (cd conformance/js && npm ci --no-audit --no-fund --loglevel=error)
fi
exec java -Xmx4g -Djava.awt.headless=true -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.sandboxemulator.bench.BenchmarkRun "$@"
