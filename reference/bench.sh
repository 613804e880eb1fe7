#!/usr/bin/env bash
# Requests per second of the reference server, measured with wrk (apt-get install -y wrk).
#
#   reference/bench.sh                 # 10 s per run, standard world
#   DURATION=30s SCALE=1000 reference/bench.sh
#
# Runs GET of one extension and GET of the core's call-segment list, each at 1 and at 64
# connections, against a release build on 127.0.0.1 (request log off). Not a test: the figures
# depend on the machine; record them in BENCHMARKS.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="${CARGO_TARGET_DIR:-$root/target}"
port="${PORT:-58391}"
duration="${DURATION:-10s}"
scale="${SCALE:-0}"
threads_many="${THREADS:-2}"
auth="Authorization: Basic $(printf 'manager:manag3rpa55word' | base64)"
base="http://127.0.0.1:$port/communication_manager/rest/live/coreServers/getByName/default"

command -v wrk >/dev/null || { echo "bench.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }

cargo build --release -q -p isym-reference --manifest-path "$root/Cargo.toml"
"$target/release/isym-reference" --port "$port" --quiet --scale "$scale" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf -o /dev/null -H "$auth" "$base" && break
  sleep 0.1
done

run() { # name path connections threads
  local out rps lat
  out="$(wrk -t"$4" -c"$3" -d"$duration" -H "$auth" "$base/$2")"
  if grep -q "Non-2xx" <<<"$out"; then echo "bench.sh: non-2xx responses for $2" >&2; exit 1; fi
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  lat="$(awk '/Latency/ {print $2; exit}' <<<"$out")"
  printf '| %-28s | %11s | %12s | %12s |\n' "$1" "$3" "$rps" "$lat"
}

echo "isym-reference, scale $scale, $duration per run, $(nproc) cores"
printf '| %-28s | %11s | %12s | %12s |\n' "request" "connections" "req/s" "mean latency"
printf '|%s|%s|%s|%s|\n' "------------------------------" "-------------" "--------------" "--------------"
run "GET extension 1001"      "extensions/getByName/1001" 1  1
run "GET extension 1001"      "extensions/getByName/1001" 64 "$threads_many"
run "GET call-segment list"   "callSegments"              1  1
run "GET call-segment list"   "callSegments"              64 "$threads_many"
