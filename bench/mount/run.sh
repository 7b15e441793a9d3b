#!/usr/bin/env bash
# Mounts a demo volume (six embedded zdb-servers, k=4 m=2) and runs the same workloads on it
# and on the local disk in the same run, then prints the ratios. Needs root (or FUSE access),
# fuse3 (fusermount3; libfuse2 too for the "fuse" service); fio for the IOPS part.
# Usage: [QSFS_MOUNT=fuse-direct|fuse] [PARTS="dd tree fio"] [FIO_SIZE=128M] [WARMUP_MIB=256] [BLOCK_KIB=4096] [CACHE_MIB=2048]
#        [WARMUP_FILES=all] [JAVA_OPTS=...] bench/mount/run.sh [WORKDIR] [SEQ_MIB]
#   QSFS_MOUNT  the mount service (default: the best one here, fuse-direct on Linux)
#   BLOCK_KIB   the volume's block size (default 4096: a drive's default `block_size`)
#   CACHE_MIB   the volume's cache size (default 2048: a drive's default `[cache] size`)
#   PARTS       which workloads run: dd (sequential write and read), tree (unzip, ls -lR,
#               sha256sum, rm -rf of the JDK's src.zip), fio (4 KiB random reads and writes)
#   FIO_SIZE    fio's file size per job (4 jobs; 128M = 512 MiB, a working set that fits the
#               cache, as a drive's hot set does; 1G = 4 GiB, twice the default cache: half the
#               reads then fetch and decode a whole block from the backends)
#   WARMUP_MIB  written, read and deleted through the mount before measuring (0: none), and
#   WARMUP_FILES the first this many files of src.zip (default: all of them, into another
#               directory) unpacked, listed, read and deleted (0: none); then the mounting JVM
#               is left to go idle: a fresh JVM spends the first seconds of I/O compiling (C2
#               took 0.3-0.6 s of the two CPUs during a first 512 MiB dd, 4 s of a first unzip,
#               and after a 2,000-file warm-up C2 still took ~30% of the JVM's CPU during the
#               measured tree workloads), as bench/engine warms the engine up; a long-running
#               daemon has done this long ago. The deleted warm-up files stay in the volume as
#               old versions (retention keeps everything), as on a drive in use
#   JAVA_OPTS   options for the mounting JVM (e.g. -XX:StartFlightRecording=filename=m.jfr,
#               -Dorg.slf4j.simpleLogger.log.org.qsfs.mount.fusekernel=debug for the requests
#               and the time spent per opcode, in WORKDIR/mount.err at unmount)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
WORK=${1:-/tmp/qsfs-mount-bench}
SEQ_MIB=${2:-2048}
export QSFS_MOUNT=${QSFS_MOUNT:-auto}
PARTS=${PARTS:-dd tree fio}
FIO_SIZE=${FIO_SIZE:-128M}
WARMUP_MIB=${WARMUP_MIB:-256}
WARMUP_FILES=${WARMUP_FILES:-all}
BLOCK_KIB=${BLOCK_KIB:-4096}
CACHE_MIB=${CACHE_MIB:-2048}
part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
rm -rf "$WORK" && mkdir -p "$WORK/local" "$WORK/mnt"

mvn -B -q -pl platform-mount -am install -DskipTests
mvn -B -q -pl platform-mount test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
# this tree's own classes first: ~/.m2 is shared, and another checkout's install may have
# replaced the engine's jar there since the build above
CP="platform-mount/target/test-classes:platform-mount/target/classes:engine/target/classes:zdb-server/target/classes"
CP="$CP:$(cat platform-mount/target/cp.txt)"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -Dqsfs.demo.blockKiB="$BLOCK_KIB" -Dqsfs.demo.cacheMiB="$CACHE_MIB" -cp "$CP" org.qsfs.mount.testing.DemoMountMain "$WORK/volume" "$WORK/mnt" >"$WORK/mount.out" 2>"$WORK/mount.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q MOUNTED "$WORK/mount.out" 2>/dev/null && break; sleep 1; done
grep -q MOUNTED "$WORK/mount.out" || { echo "mount failed:"; tail -30 "$WORK/mount.err"; exit 1; }
SERVICE=$(awk '/^MOUNTED/ {print $3}' "$WORK/mount.out")

# CPU ticks (1/100 s) of the mounting JVM; idle = under 5 ticks in a second, for 3 seconds in a row (at most
# 300 s: the warm-up's uploads must be done, or the 2 GiB that dd writes next finds a cache still full of
# them, evicts its own first blocks and reads them back from the backends; at 60 s that happened under load)
jcpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
idle() {
  local quiet=0 a b
  for _ in $(seq 1 300); do
    a=$(jcpu); sleep 1; b=$(jcpu)
    if [ $((b - a)) -lt 5 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    if [ $quiet -ge 3 ]; then return 0; fi
  done
  return 0
}
SRCZIP=""
for z in /usr/lib/jvm/*/lib/src.zip; do [ -s "$z" ] && unzip -tq "$z" >/dev/null 2>&1 && SRCZIP=$z && break; done
[ -n "$SRCZIP" ] || echo "no JDK src.zip under /usr/lib/jvm (install openjdk-17-source): tree workloads skipped" >&2

if [ "$WARMUP_MIB" -gt 0 ]; then
  dd if=/dev/urandom of="$WORK/mnt/warmup.bin" bs=1M count="$WARMUP_MIB" conv=fsync status=none
  dd if="$WORK/mnt/warmup.bin" of=/dev/null bs=1M status=none
  rm -f "$WORK/mnt/warmup.bin"
fi
if [ "$WARMUP_FILES" != 0 ] && [ -n "$SRCZIP" ] && part tree; then
  # the same kinds of requests as the measured tree workloads, in another directory
  mkdir -p "$WORK/mnt/warmup"
  if [ "$WARMUP_FILES" = all ]; then
    unzip -q "$SRCZIP" -d "$WORK/mnt/warmup" >/dev/null
  else
    unzip -Z1 "$SRCZIP" > "$WORK/warmup.all" # (not piped into head: pipefail would stop the script)
    grep -v '/$' "$WORK/warmup.all" | sed -n "1,${WARMUP_FILES}p" > "$WORK/warmup.list"
    unzip -q "$SRCZIP" -d "$WORK/mnt/warmup" $(cat "$WORK/warmup.list") >/dev/null
  fi
  ls -lR "$WORK/mnt/warmup" >/dev/null
  find "$WORK/mnt/warmup" -type f -print0 | xargs -0 sha256sum >/dev/null
  rm -rf "$WORK/mnt/warmup"
fi
[ "$WARMUP_MIB" -gt 0 ] || [ "$WARMUP_FILES" != 0 ] && idle
declare -A T L C
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$WORK/last.err" || { echo "failed: $*" >&2; cat "$WORK/last.err" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
run() { # $1 = label, $2 = directory
  local d=$2 c0 c1 c2
  L[$1]=$(cut -d' ' -f1 /proc/loadavg)
  if part dd; then
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    L[$1]=$(cut -d' ' -f1 /proc/loadavg)
    c0=$(jcpu)
    T[$1.write]=$(t dd if=/dev/zero of="$d/seq.bin" bs=1M count="$SEQ_MIB" conv=fsync)
    c1=$(jcpu)
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    T[$1.read]=$(t dd if="$d/seq.bin" of=/dev/null bs=1M)
    c2=$(jcpu)
    C[$1]="write $(((c1 - c0) * 10)) ms, read $(((c2 - c1) * 10)) ms"
    rm -f "$d/seq.bin"
  fi
  if [ -n "$SRCZIP" ] && part tree; then
    c0=$(jcpu)
    mkdir -p "$d/src"
    T[$1.unzip]=$(t unzip -q "$SRCZIP" -d "$d/src")
    T[$1.lsR]=$(t ls -lR "$d/src")
    T[$1.sum]=$(t bash -c "find '$d/src' -type f -print0 | xargs -0 sha256sum")
    T[$1.rm]=$(t rm -rf "$d/src")
    C[$1]="${C[$1]:+${C[$1]}, }tree $((($(jcpu) - c0) * 10)) ms"
  fi
  if command -v fio >/dev/null && part fio; then
    fio --name=rw --directory="$d" --size="$FIO_SIZE" --bs=4k --rw=randrw --rwmixread=50 --ioengine=psync \
        --numjobs=4 --time_based --runtime=20 --group_reporting --output-format=terse > "$WORK/fio.$1" 2>&1 || true
    # terse v3: field 8 = read IOPS, field 49 = write IOPS
    T[$1.iops]=$(awk -F';' '{print $8 + $49}' "$WORK/fio.$1" | tail -1)
    rm -f "$d"/rw.*
  fi
}
run local "$WORK/local"
run qsfs "$WORK/mnt"

mb() { echo "scale=1; $SEQ_MIB / $1" | bc; }
echo "mount service: $SERVICE; fio: 4 x $FIO_SIZE; warm-up: $WARMUP_MIB MiB and $WARMUP_FILES files; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load (1 min) at the start of each side: local ${L[local]}, qsfs ${L[qsfs]}; mounting JVM's CPU: local run ${C[local]:-}, qsfs run ${C[qsfs]:-}"
printf '%-28s %12s %12s %8s\n' workload local qsfs ratio
if [ -n "${T[local.write]:-}" ]; then
  printf '%-28s %10s/s %10s/s %8s\n' "dd write ${SEQ_MIB} MiB (MiB/s)" "$(mb "${T[local.write]}")" "$(mb "${T[qsfs.write]}")" \
    "$(echo "scale=2; ${T[local.write]} / ${T[qsfs.write]}" | bc)"
  printf '%-28s %10s/s %10s/s %8s\n' "dd read ${SEQ_MIB} MiB (MiB/s)" "$(mb "${T[local.read]}")" "$(mb "${T[qsfs.read]}")" \
    "$(echo "scale=2; ${T[local.read]} / ${T[qsfs.read]}" | bc)"
fi
for w in unzip lsR sum rm; do
  [ -n "${T[local.$w]:-}" ] || continue
  printf '%-28s %11ss %11ss %7sx\n' "$w src.zip (seconds)" "${T[local.$w]}" "${T[qsfs.$w]}" \
    "$(echo "scale=2; ${T[qsfs.$w]} / ${T[local.$w]}" | bc)"
done
if [ -n "${T[local.iops]:-}" ]; then
  printf '%-28s %12s %12s %8s\n' "fio 4k randrw IOPS" "${T[local.iops]}" "${T[qsfs.iops]}" \
    "$(echo "scale=2; ${T[qsfs.iops]} / ${T[local.iops]}" | bc)"
fi
echo "(ratio: qsfs speed / local speed for dd and fio; qsfs time / local time for the tree workloads)"
