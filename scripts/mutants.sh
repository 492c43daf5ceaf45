#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants (not part of `make test`): every
# mutant is a small deliberate bug; a good suite fails on each one. Settings are in
# .cargo/mutants.toml; what the results mean, and the survivors we accept, are in
# docs/testing.md.
#
#   make mutants                      # the whole core (~1,100 mutants, about 70-90 min on 2 cores)
#   make mutants SHARD=1/4            # a quarter of them (run 1/4 .. 4/4 in turn or on 4 machines)
#   make mutants IN_DIFF=main         # only the mutants in lines changed since main (a change's check)
#   make mutants FILE=crate/core/src/optim.rs   # one file
#   make mutants FILE='crate/src/presets.rs crate/src/remote/**'   # several (globs)
#   make mutants FILE='crate/web/src/state/*.rs' TESTS=vgp-web      # the page's state, its own tests
#
# Results land in target/mutants/mutants.out (caught.txt, missed.txt, ...); the script
# ends with a table per module.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

MUTANTS_VERSION="27.1.0"
have="$(cargo mutants --version 2>/dev/null || true)"
if [[ "$have" == "cargo-mutants $MUTANTS_VERSION" ]]; then
    echo "mutants: cargo-mutants $MUTANTS_VERSION already installed"
else
    echo "mutants: installing cargo-mutants $MUTANTS_VERSION (found: '${have:-none}'), takes ~3 min..."
    cargo install --locked cargo-mutants --version "$MUTANTS_VERSION" >/dev/null
fi

args=(--no-shuffle --output target/mutants)
[[ -n "${SHARD:-}" ]] && args+=(--shard "$SHARD")
if [[ -n "${FILE:-}" ]]; then
    # `--file` adds to the examine_globs of .cargo/mutants.toml instead of narrowing
    # them, so with FILE the config is not read and its other settings are given here
    # (keep them in step with .cargo/mutants.toml). FILE may hold several globs.
    # TESTS=package runs only that package's tests (the page's state: TESTS=vgp-web).
    if [[ -n "${TESTS:-}" ]]; then
        args+=(--no-config --profile mutants --test-package "$TESTS" --minimum-test-timeout 60)
    else
        args+=(--no-config --profile mutants --test-workspace true --minimum-test-timeout 20)
    fi
    set -f  # the globs go to cargo-mutants as they are
    for glob in $FILE; do args+=(--file "$glob"); done
    set +f
fi
if [[ -n "${IN_DIFF:-}" ]]; then
    diff_file="$(mktemp)"
    git diff "$IN_DIFF" -- crate/core/src crate/src >"$diff_file"
    args+=(--in-diff "$diff_file")
fi

mkdir -p target  # cargo-mutants writes target/mutants, and a fresh clone has no target yet
start="$(date +%s)"
status=0
cargo mutants "${args[@]}" "$@" || status=$?
echo "mutants: finished in $(( ($(date +%s) - start) / 60 )) min (cargo-mutants exit status $status)"
python3 scripts/mutants_table.py target/mutants/mutants.out/outcomes.json ${FILE:+--files}
# cargo-mutants exits 2 when mutants were missed, 3 on timeouts: report, do not hide.
exit "$status"
