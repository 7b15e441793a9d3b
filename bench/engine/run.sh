#!/usr/bin/env bash
# Issue 3's engine benchmark: store/retrieve over six local zdb-servers (k=4, m=2) beside each
# codec stage alone, heap high-water (run with -Xmx512m: the target), placement timing.
# Figures are steady state, as in a long-running daemon: the engine and the stages are both warmed
# up until their speed settles. A one-off `qsfs store` also pays the JIT: -Dwarmup=0 shows that.
#   bench/engine/run.sh [size-MiB]     (default 1024)
# ENGINE_BENCH_OPTS passes JVM options, e.g. "-Dcontent=random -Dthreads=true":
#   -Dcontent=random|text|both   which content (both)
#   -Dthreads=true               CPU seconds per kind of thread for each phase (Linux /proc)
#   -Dwarmup=MiB                 size of an engine warm-up round (64; 0 for none): store+retrieve
#                                rounds are repeated until the CPU per byte settles (at most 20)
#   -Dstages=false               skip the stage baselines (with -Dwarmup=0: a cold JVM, as in a
#                                one-off `qsfs store`)
#   -Dinflight=N                 blocks in flight (3, the engine's default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mvn -B -q -f "$here/pom.xml" -pl bench -am install -DskipTests
cp_file=$(mktemp)
mvn -B -q -f "$here/bench/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
# this tree's own classes first: ~/.m2 is shared, and another checkout's install may have
# replaced the jars there since the build above
cp="$here/bench/target/classes:$here/engine/target/classes:$here/zdb-server/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
# shellcheck disable=SC2086 # options are words
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${ENGINE_BENCH_OPTS:-} -cp "$cp" org.qsfs.bench.engine.EngineBench "$@"
