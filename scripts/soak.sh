#!/usr/bin/env bash
# `make soak` and `make watch` (not part of `make test` or CI; docs/testing.md has the
# results): the built page under load, with a CPU hog on one core for as long as it runs.
#
#   scripts/soak.sh soak     SOAK_LOADS (1000) fresh page loads with the engines tests'
#                            operations in each of SOAK_ENGINES (webkit firefox chromium):
#                            zero traps, zero freezes, zero errors (tests/soak/soak.mjs)
#   scripts/soak.sh watch    one page playing for WATCH_MINUTES (10) in each of
#                            WATCH_ENGINES (chromium webkit): memory and epoch rate flat
#                            (tests/soak/watch.mjs)
#   scripts/soak.sh suite    the browser stages of `make test` (test-wasm e2e engines)
#                            REPEAT_RUNS (10) times in a row, every run to the end, each
#                            run's output in target/repeat/run-N.log; exits non-zero
#                            unless every run passed. Run it in a clean clone.
#   scripts/soak.sh repro    REPRO_LOADS (1000) loads in each of REPRO_ENGINES (webkit) of
#                            the standalone reproduction of the WebKit fault: crate/repro's
#                            module alone, on a page and in two workers (tests/soak/repro.mjs)
#
# SOAK_FAST_MEMORY=0 runs JavaScriptCore without fast wasm memory (the WebKit trap's
# reproduction, docs/testing.md); SOAK_HOG=0 runs without the CPU hog. The hog and the
# work run at the same priority (`nice -n 10`, so that other work on the machine goes
# first): the hog takes a whole core's share, as a second program would.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tests/node_modules/.bin:$PATH"

what="${1:-soak}"
if [[ "$what" == repro ]]; then
    cargo build -p vgp-engine-repro --release --target wasm32-unknown-unknown
    repro_wasm="$ROOT/target/wasm32-unknown-unknown/release/vgp_engine_repro.wasm"
else
    [[ -f dist/index.html ]] || { echo "no dist/: run make build first" >&2; exit 2; }
fi

hog=""
stop_hog() { [[ -n "$hog" ]] && kill "$hog" 2>/dev/null || true; }
trap stop_hog EXIT
if [[ "${SOAK_HOG:-1}" == 1 ]]; then
    # One core kept busy at the work's own priority: the work competes for the other.
    nice -n 10 sh -c 'while :; do :; done' &
    hog=$!
    echo "CPU hog on one core: pid $hog"
fi

failed=0
case "$what" in
soak)
    for engine in ${SOAK_ENGINES:-webkit firefox chromium}; do
        echo "==> soak: $engine, ${SOAK_LOADS:-1000} loads"
        nice -n 10 node tests/soak/soak.mjs "$engine" "${SOAK_LOADS:-1000}" || failed=1
    done
    ;;
watch)
    for engine in ${WATCH_ENGINES:-chromium webkit}; do
        echo "==> watch: $engine, ${WATCH_MINUTES:-10} minutes"
        nice -n 10 node tests/soak/watch.mjs "$engine" "${WATCH_MINUTES:-10}" || failed=1
    done
    ;;
repro)
    for engine in ${REPRO_ENGINES:-webkit}; do
        echo "==> repro: $engine, ${REPRO_LOADS:-1000} loads"
        nice -n 10 node tests/soak/repro.mjs "$repro_wasm" "$engine" "${REPRO_LOADS:-1000}" || failed=1
    done
    ;;
suite)
    runs="${REPEAT_RUNS:-10}"
    mkdir -p target/repeat
    passed=0
    for ((run = 1; run <= runs; run++)); do
        log="target/repeat/run-$run.log"
        t0=$(date +%s)
        if nice -n 10 bash scripts/test.sh test-wasm e2e engines >"$log" 2>&1; then
            passed=$((passed + 1))
            result=ok
        else
            failed=1
            result="FAILED (see $log)"
        fi
        echo "run $run of $runs: $result in $(($(date +%s) - t0)) s; $(grep -E '^# (pass|fail)' "$log" | tr '\n' ' ')"
    done
    echo "suite: $passed of $runs runs passed"
    ;;
*)
    echo "scripts/soak.sh: soak, watch, suite or repro, not '$what'" >&2
    exit 2
    ;;
esac
exit "$failed"
