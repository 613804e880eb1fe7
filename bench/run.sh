#!/bin/sh
# The harness benchmark in one command: builds the bench profile (release) and prints Markdown
# figures (start-up, the catalogue against its floor, scale). See BENCHMARKS.md "## Harness".
#
#   bench/run.sh                                  # everything (about a minute and a half, 2 cores)
#   ISYM_BENCH_SCALES=100,1000 ISYM_BENCH_REPEAT=1 bench/run.sh
#   OUT=bench.md bench/run.sh                     # also keep the figures in a file
set -eu
cd "$(dirname "$0")/.."
if [ -n "${OUT:-}" ]; then
    cargo bench -p isym-conform --bench conformance | tee "$OUT"
else
    cargo bench -p isym-conform --bench conformance
fi
