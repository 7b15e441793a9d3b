#!/usr/bin/env bash
# Mounts a demo volume (six embedded zdb-servers, k=4 m=2) and runs the same workloads on it
# and on the local disk in the same run, then prints the ratios. Needs root (or FUSE access),
# fuse3 (fusermount3; libfuse2 too for the "fuse" service); fio for the IOPS part.
# Usage: [QSFS_MOUNT=fuse-direct|fuse] [FIO_SIZE=512M] bench/mount/run.sh [WORKDIR] [SEQ_MIB]
#   QSFS_MOUNT  the mount service (default: the best one here, fuse-direct on Linux)
#   FIO_SIZE    fio's file size per job (4 jobs; 512M = 2 GiB, twice the demo's 1 GiB cache;
#               128M = a set that fits the cache)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
WORK=${1:-/tmp/qsfs-mount-bench}
SEQ_MIB=${2:-2048}
export QSFS_MOUNT=${QSFS_MOUNT:-auto}
FIO_SIZE=${FIO_SIZE:-512M}
rm -rf "$WORK" && mkdir -p "$WORK/local" "$WORK/mnt"

mvn -B -q -pl platform-mount -am install -DskipTests
mvn -B -q -pl platform-mount test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="platform-mount/target/test-classes:platform-mount/target/classes:$(cat platform-mount/target/cp.txt)"
java -cp "$CP" org.qsfs.mount.testing.DemoMountMain "$WORK/volume" "$WORK/mnt" >"$WORK/mount.out" 2>"$WORK/mount.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q MOUNTED "$WORK/mount.out" 2>/dev/null && break; sleep 1; done
grep -q MOUNTED "$WORK/mount.out" || { echo "mount failed:"; tail -30 "$WORK/mount.err"; exit 1; }
SERVICE=$(awk '/^MOUNTED/ {print $3}' "$WORK/mount.out")

SRCZIP=""
for z in /usr/lib/jvm/*/lib/src.zip; do [ -s "$z" ] && unzip -tq "$z" >/dev/null 2>&1 && SRCZIP=$z && break; done
[ -n "$SRCZIP" ] || echo "no JDK src.zip under /usr/lib/jvm (install openjdk-17-source): tree workloads skipped" >&2
declare -A T
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$WORK/last.err" || { echo "failed: $*" >&2; cat "$WORK/last.err" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
run() { # $1 = label, $2 = directory
  local d=$2
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  T[$1.write]=$(t dd if=/dev/zero of="$d/seq.bin" bs=1M count="$SEQ_MIB" conv=fsync)
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  T[$1.read]=$(t dd if="$d/seq.bin" of=/dev/null bs=1M)
  rm -f "$d/seq.bin"
  if [ -n "$SRCZIP" ]; then
    mkdir -p "$d/src"
    T[$1.unzip]=$(t unzip -q "$SRCZIP" -d "$d/src")
    T[$1.lsR]=$(t ls -lR "$d/src")
    T[$1.sum]=$(t bash -c "find '$d/src' -type f -print0 | xargs -0 sha256sum")
    T[$1.rm]=$(t rm -rf "$d/src")
  fi
  if command -v fio >/dev/null; then
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
echo "mount service: $SERVICE; fio: 4 x $FIO_SIZE; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %12s %12s %8s\n' workload local qsfs ratio
printf '%-28s %10s/s %10s/s %8s\n' "dd write ${SEQ_MIB} MiB (MiB/s)" "$(mb "${T[local.write]}")" "$(mb "${T[qsfs.write]}")" \
  "$(echo "scale=2; ${T[local.write]} / ${T[qsfs.write]}" | bc)"
printf '%-28s %10s/s %10s/s %8s\n' "dd read ${SEQ_MIB} MiB (MiB/s)" "$(mb "${T[local.read]}")" "$(mb "${T[qsfs.read]}")" \
  "$(echo "scale=2; ${T[local.read]} / ${T[qsfs.read]}" | bc)"
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
