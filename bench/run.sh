#!/usr/bin/env bash
# Runs the measurement harness: ratios against baselines measured in the same run.
# Run it on an otherwise idle machine; it takes about a minute, two more where the docker backend runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl client,emulator-core,junit-extension -am
mvn -B -q -pl bench package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.sandboxemulator.bench.Bench
# Clone speed on the container backends against a bare CRIU dump of the same memory (a few minutes).
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.sandboxemulator.bench.CloneSpeed
