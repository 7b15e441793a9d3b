#!/usr/bin/env bash
# Benchmark zdb-server with redis-benchmark: SET and GET, 4 KiB and 1 MiB values, 50 clients,
# pipelining 1 and 16. When ZDB_UPSTREAM points at an upstream 0-db binary (built by you from
# the public source; this repository does not build it), the same workloads run against it in
# the same run and the ratio ours/upstream is printed.
#
#   bench/zdb/run.sh                      # ours only
#   ZDB_UPSTREAM=/path/to/zdb bench/zdb/run.sh
#
# Keys are drawn from as many as there are requests, so GETs mostly hit.
# Needs: redis-tools (redis-benchmark), Java 17, Maven (to build the jar once).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$here/zdb-server/target/zdb-server.jar"
[ -f "$jar" ] || mvn -B -q -f "$here/pom.xml" -pl zdb-server -am -DskipTests package
requests_small=${REQUESTS_SMALL:-200000}
requests_large=${REQUESTS_LARGE:-2000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

wait_port() {
  for _ in $(seq 1 100); do
    redis-cli -p "$1" PING >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2; exit 1
}

# prints "SET GET" requests per second for one configuration
measure() { # port size pipeline requests
  redis-benchmark -p "$1" -t set,get -d "$2" -P "$3" -c 50 -n "$4" -r "$4" --csv 2>/dev/null \
    | awk -F'","' '/"SET"/{gsub(/"/,"",$2); s=$2} /"GET"/{gsub(/"/,"",$2); g=$2} END{print s, g}'
}

java -Xmx1g -jar "$jar" --listen 127.0.0.1 --port 19901 --data "$work/ours-data" --index "$work/ours-index" >"$work/ours.log" 2>&1 &
wait_port 19901
if [ -n "${ZDB_UPSTREAM:-}" ]; then
  "$ZDB_UPSTREAM" --listen 127.0.0.1 --port 19902 --data "$work/up-data" --index "$work/up-index" >"$work/up.log" 2>&1 &
  wait_port 19902
fi

# Warm-up, the same for both servers: the JVM compiles its hot paths in the first seconds
# (a long-running server is measured, not its start-up); then the data is flushed away.
warm() { # port
  redis-benchmark -p "$1" -t set,get -d 4096 -P 1 -c 50 -n 100000 -r 100000 -q >/dev/null 2>&1
  redis-benchmark -p "$1" -t set,get -d 4096 -P 16 -c 50 -n 100000 -r 100000 -q >/dev/null 2>&1
  redis-benchmark -p "$1" -t set,get -d 1048576 -P 1 -c 50 -n 500 -r 500 -q >/dev/null 2>&1
}
warm 19901
[ -n "${ZDB_UPSTREAM:-}" ] && warm 19902

printf "%-26s %14s %14s %8s\n" "workload" "ours ops/s" "upstream ops/s" "ratio"
for size in 4096 1048576; do
  for pipe in 1 16; do
    n=$requests_small; [ "$size" -gt 65536 ] && n=$requests_large
    read -r os og < <(measure 19901 "$size" "$pipe" "$n")
    if [ -n "${ZDB_UPSTREAM:-}" ]; then
      read -r us ug < <(measure 19902 "$size" "$pipe" "$n")
    else
      us=""; ug=""
    fi
    for op in SET GET; do
      o=$os; u=$us; [ "$op" = GET ] && { o=$og; u=$ug; }
      if [ -n "$u" ]; then r=$(awk -v a="$o" -v b="$u" 'BEGIN{printf "%.2f", a/b}'); else r="-"; u="-"; fi
      printf "%-26s %14s %14s %8s\n" "$op ${size}B P=$pipe" "$o" "$u" "$r"
    done
  done
done
echo "server RSS after run: $(ps -o rss= -p "$(pgrep -f "port 19901" | head -1)" | awk '{printf "%.0f MiB", $1/1024}')"
