#!/usr/bin/env bash
# Builds the JMH uber-jar and runs benchmarks, writing JSON results to benchmarks/results/.
#
#   benchmarks/run.sh                     # every benchmark, with the GC profiler (B/op)
#   benchmarks/run.sh 'rtp\..*'           # a regex of benchmarks (JMH include pattern)
#   benchmarks/run.sh 'rtp\..*' -f 1 -wi 2 -i 3   # any further JMH options
#
# Compare two runs (ratios b/a per benchmark+params): benchmarks/compare.py A.json B.json
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
mkdir -p benchmarks/results
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ).json"
java -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff "$out" "$@"
echo "results: $out"
