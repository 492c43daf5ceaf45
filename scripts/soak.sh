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
#
# SOAK_FAST_MEMORY=0 runs JavaScriptCore without fast wasm memory (the WebKit trap's
# reproduction, docs/testing.md); SOAK_HOG=0 runs without the CPU hog. Everything runs
# under `nice -n 10` so that other work on the machine goes first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tests/node_modules/.bin:$PATH"

what="${1:-soak}"
[[ -f dist/index.html ]] || { echo "no dist/: run make build first" >&2; exit 2; }

hog=""
stop_hog() { [[ -n "$hog" ]] && kill "$hog" 2>/dev/null || true; }
trap stop_hog EXIT
if [[ "${SOAK_HOG:-1}" == 1 ]]; then
    # One core kept busy at the lowest priority: the page competes for the other.
    nice -n 19 sh -c 'while :; do :; done' &
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
*)
    echo "scripts/soak.sh: soak or watch, not '$what'" >&2
    exit 2
    ;;
esac
exit "$failed"
