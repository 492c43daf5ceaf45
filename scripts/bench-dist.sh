#!/usr/bin/env bash
# The page with the peer benchmark's `WasmRun` class (cargo feature `bench`, never in
# the page that is served), in target/bench/dist: the peer benchmark takes a checkout
# whose dist/ it drives, so give it target/bench:
#
#   make bench-dist && cand/run.sh "$PWD/target/bench"     # from the benchmark's copy
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tests/node_modules/.bin:$PATH"
# Trunk takes the cargo features from the page's <link>, so a copy names it.
page=www/.bench.html
sed 's/data-cargo-no-default-features>/data-cargo-no-default-features data-cargo-features="bench">/' \
    www/index.html >"$page"
trap 'rm -f "$page"' EXIT
grep -q 'data-cargo-features="bench"' "$page" || { echo "bench-dist: no rust <link> in www/index.html" >&2; exit 1; }
trunk build --release --offline --dist target/bench/dist "$page"
# The benchmark's adapter loads the module's JavaScript by its name in dist/.
grep -q "WasmRun" target/bench/dist/*.js || { echo "bench-dist: the build has no WasmRun" >&2; exit 1; }
echo "bench-dist: target/bench/dist (give the benchmark $ROOT/target/bench)"
