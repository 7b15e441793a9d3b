#!/usr/bin/env bash
# Benchmark of the filesystem API (no mount) with the local disk as the baseline, in one run:
# sequential write and cached read of a 2 GiB file, create/stat/delete of 100,000 files, random
# 4 KiB reads and writes (50/50, 4 threads, 1 GiB in 4 files, 20 s) into uploaded files, the
# same paced at 500 IOPS in 256 MiB (uploads and CPU counted: blocks rewritten after they settle), and
# cold reads from six local zdb-servers (k=4, m=2). Prints a table with ratios.
#
#   bench/fs/run.sh                                   # full sizes
#   SEQ_MIB=256 FILES=10000 COLD_MIB=128 RAND_MIB=256 RAND_SECS=10 bench/fs/run.sh   # a quick run
#   REPS=3 bench/fs/run.sh                            # best of 3 for the 2 GiB write/read (default 2)
#   JAVA_OPTS=-XX:StartFlightRecording=filename=fs.jfr bench/fs/run.sh   # options for the JVM (a profile)
#
# Each timed phase starts after `sync`; the 2 GiB write and read alternate which side goes
# first and count the best of each side (the machine may be shared).
#
# Needs: Java 17, Maven.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -f "$here/pom.xml" -pl engine -am -DskipTests install >/dev/null
mvn -B -q -f "$here/pom.xml" -pl engine test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
# this tree's own classes first: ~/.m2 is shared, and another checkout's install may have
# replaced the jars there since the build above
cp="$here/engine/target/test-classes:$here/engine/target/classes:$here/zdb-server/target/classes:$(cat "$cp_file")"
exec java -Xmx2g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  ${BLOCK_KIB:+-Dbench.blockKiB=$BLOCK_KIB} -Dbench.seqMiB="${SEQ_MIB:-2048}" -Dbench.files="${FILES:-100000}" -Dbench.coldMiB="${COLD_MIB:-512}" -Dbench.reps="${REPS:-2}" \
  -Dbench.randMiB="${RAND_MIB:-1024}" -Dbench.randSecs="${RAND_SECS:-20}" \
  -Dbench.pacedMiB="${PACED_MIB:-256}" -Dbench.pacedIops="${PACED_IOPS:-500}" \
  -cp "$cp" org.qsfs.engine.fs.FsBench
