#!/usr/bin/env bash
# The whole test suite, in order, stopping at the first failure, with the time
# each stage took. `make test` runs all stages; name stages to run only those:
#
#   scripts/test.sh                      # everything (what CI runs)
#   scripts/test.sh fmt clippy clippy-wasm   # = make check
#   scripts/test.sh build e2e            # rebuild the page, run the browser tests
#   scripts/test.sh build engines        # rebuild the page, run it in Firefox and WebKit
#
# Stages: tools fmt clippy clippy-wasm test-native build test-wasm e2e engines
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tests/node_modules/.bin:$PATH"

ALL_STAGES=(tools fmt clippy clippy-wasm test-native build test-wasm e2e engines)
WASM_TARGET="wasm32-unknown-unknown"
# The tests that run as wasm32 in headless Chromium, each its own test binary: in
# crate/web/tests/ (package vgp-web) the web boundary and the panic banner; in crate/tests/
# (package vgp) the data tests (whose pinned fingerprints show the data is
# bit-identical natively and in the browser) and the compute kernels (the wasm32 SIMD
# kernels against their plain forms, bit for bit).
WEB_TESTS=(web_boundary web_panic)
CORE_WASM_TESTS=(data kernels)

stage_tools() { bash scripts/install-tools.sh; }
stage_fmt() { cargo fmt --all --check; }
stage_clippy() { cargo clippy --workspace --all-targets -- -D warnings; }
# `--test` options for a list of test names.
test_args() { for t in "$@"; do printf -- '--test\n%s\n' "$t"; done; }
stage_clippy-wasm() {
    local core=() web=()
    mapfile -t core < <(test_args "${CORE_WASM_TESTS[@]}")
    mapfile -t web < <(test_args "${WEB_TESTS[@]}")
    # vgp-core's own wasm32 code (the f32x4 activations) is linted only when named.
    cargo clippy -p vgp-core --target "$WASM_TARGET" --lib -- -D warnings
    cargo clippy -p vgp --target "$WASM_TARGET" --lib "${core[@]}" -- -D warnings
    cargo clippy -p vgp-web --target "$WASM_TARGET" --lib "${web[@]}" -- -D warnings
    # The page's module as Trunk builds it: without the embedded digits set.
    cargo clippy -p vgp-page --target "$WASM_TARGET" --lib -- -D warnings
    # The standalone module of the WebKit fault's reproduction (`make repro`).
    cargo clippy -p vgp-engine-repro --target "$WASM_TARGET" --lib -- -D warnings
}
stage_test-native() {
    cargo test --workspace
    # The numerics as the page's module has them: the digits set given at run time.
    cargo test -p vgp-core --no-default-features --lib
}
stage_build() {
    trunk build --release --offline
    # The crash guard's test build (tests/e2e/crash.test.mjs): the page with `forceTrap`
    # (Trunk takes the cargo features from the page's <link>, so a copy names it).
    local page=www/.crash-test.html
    sed 's/data-cargo-no-default-features>/data-cargo-no-default-features data-cargo-features="crash-test">/' \
        www/index.html >"$page"
    grep -q 'data-cargo-features="crash-test"' "$page" || { echo "build: no rust <link> in www/index.html" >&2; return 1; }
    trunk build --release --offline --dist target/dist-crash "$page"
    rm -f "$page"
}
stage_test-wasm() {
    # wasm-bindgen-test-runner (the cargo runner for wasm32 in
    # .cargo/config.toml) drives headless Chromium through ChromeDriver. It
    # adds --headless --no-sandbox --disable-dev-shm-usage itself (so it works
    # as root); scripts/webdriver.json adds the flags without which Chromium
    # stalls on this machine's closed network.
    local core=() web=()
    mapfile -t core < <(test_args "${CORE_WASM_TESTS[@]}")
    mapfile -t web < <(test_args "${WEB_TESTS[@]}")
    export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
        WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$ROOT/scripts/webdriver.json}" \
        WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
    cargo test -p vgp --target "$WASM_TARGET" "${core[@]}"
    cargo test -p vgp-web --target "$WASM_TARGET" --features bench "${web[@]}"
}
stage_e2e() {
    shopt -s nullglob
    local files=(tests/e2e/*.test.mjs)
    ((${#files[@]})) || { echo "no tests/e2e/*.test.mjs files" >&2; return 1; }
    node --test --test-concurrency=1 "${files[@]}"
}
stage_engines() {
    # The built page in Firefox ESR and WebKitGTK over WebDriver (tests/engines/),
    # against the same dist/ as e2e. VGP_SKIP_BROWSER=1 (no browsers installed) is the
    # only reason to skip it.
    if [[ "${VGP_SKIP_BROWSER:-0}" == 1 ]]; then
        echo "engines: SKIPPED (VGP_SKIP_BROWSER=1): the page was not tested in Firefox or WebKit"
        return 0
    fi
    shopt -s nullglob
    local files=(tests/engines/*.test.mjs)
    ((${#files[@]})) || { echo "no tests/engines/*.test.mjs files" >&2; return 1; }
    # WebKit runs with JavaScriptCore's compilation on the thread that runs the code
    # (tests/engines/webdriver.mjs; docs/testing.md, "The WebKit trap"): no retry.
    node --test --test-concurrency=1 "${files[@]}"
}

stages=("$@")
((${#stages[@]})) || stages=("${ALL_STAGES[@]}")
for s in "${stages[@]}"; do
    declare -F "stage_$s" >/dev/null || {
        echo "unknown stage '$s'; stages: ${ALL_STAGES[*]}" >&2
        exit 2
    }
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }
fmt_s() { printf '%d.%01ds' $(($1 / 1000)) $((($1 % 1000) / 100)); }
summary=()
print_summary() {
    echo
    echo "==================== stage timings ===================="
    local line
    for line in "${summary[@]}"; do echo "  $line"; done
    echo "  total: $(fmt_s $(($(now_ms) - suite_start)))"
    echo "======================================================="
}

suite_start="$(now_ms)"
for s in "${stages[@]}"; do
    echo
    echo "==> [$s] $(date +%T)"
    t0="$(now_ms)"
    # A subshell with errexit, outside any `if`, so every command of a stage
    # counts (errexit is ignored inside an `if` condition).
    set +e
    (
        set -e
        "stage_$s"
    )
    rc=$?
    set -e
    if ((rc == 0)); then
        dt=$(($(now_ms) - t0))
        summary+=("$(printf '%-12s ok    %s' "$s" "$(fmt_s "$dt")")")
        echo "<== [$s] ok in $(fmt_s "$dt")"
    else
        dt=$(($(now_ms) - t0))
        summary+=("$(printf '%-12s FAIL  %s (exit %d)' "$s" "$(fmt_s "$dt")" "$rc")")
        echo "<== [$s] FAILED (exit $rc) after $(fmt_s "$dt")" >&2
        print_summary
        exit "$rc"
    fi
done
print_summary
