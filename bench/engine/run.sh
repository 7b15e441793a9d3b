#!/usr/bin/env bash
# Issue 3's engine benchmark: store/retrieve over six local zdb-servers (k=4, m=2) beside each
# codec stage alone, heap high-water (run with -Xmx512m: the target), placement timing.
#   bench/engine/run.sh [size-MiB]     (default 1024)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mvn -B -q -f "$here/pom.xml" -pl bench -am install -DskipTests
cp_file=$(mktemp)
mvn -B -q -f "$here/bench/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="$here/bench/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.qsfs.bench.engine.EngineBench "$@"
