#!/usr/bin/env bash
# Install every tool the build and the tests need, idempotently: each step is
# skipped when its tool is already there at the right version, and prints one
# line saying what it did. Safe to run again and again (`make test` runs it
# first, and CI runs on a fresh machine where none of this may be installed).
#
# Cold cost on this project's machines (2 cores): Trunk ~8.5 min,
# wasm-bindgen-cli ~4 min, geckodriver ~2.5 min, Chromium via apt ~1 min, Firefox ESR,
# WebKitGTK and Xvfb via apt ~30 s, the rest seconds.
#
# The tools land in ~/.cargo/bin and tests/node_modules/.bin: both must be on
# PATH (the Makefile puts them there).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14" # 0.22.x needs rustc >= 1.96
WASM_TARGET="wasm32-unknown-unknown"
CHROMIUM=/usr/bin/chromium # Debian packages chromium and chromium-driver
CHROMEDRIVER=/usr/bin/chromedriver
GECKODRIVER_VERSION="0.37.1" # Firefox's WebDriver (crates.io); drives Debian's firefox-esr 140
FIREFOX=/usr/bin/firefox-esr # Debian packages firefox-esr, webkit2gtk-driver, xvfb
WEBKIT_WEBDRIVER=/usr/bin/WebKitWebDriver
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
XVFB_RUN=/usr/bin/xvfb-run
XAUTH=/usr/bin/xauth # xvfb-run needs it; only a recommendation of the xvfb package
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
NODE_BIN="$ROOT/tests/node_modules/.bin"
export PATH="$CARGO_BIN:$NODE_BIN:$PATH"

say() { printf 'install-tools: %-17s %s\n' "$1:" "$2"; }
die() {
    printf 'install-tools: ERROR: %s\n' "$*" >&2
    exit 1
}
# Run a long install quietly into a log; show the log only if it fails.
run_logged() {
    local log
    log="$(mktemp)"
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "failed: $*"
    fi
    rm -f "$log"
}

# --- Rust: wasm target, rustfmt, clippy -------------------------------------
command -v rustup >/dev/null || die "rustup not found (expected in $CARGO_BIN)"
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
    say "wasm target" "skipped ($WASM_TARGET already installed)"
else
    run_logged rustup target add "$WASM_TARGET"
    say "wasm target" "installed $WASM_TARGET (rustup target add)"
fi

installed_components="$(rustup component list --installed)"
for comp in rustfmt clippy; do
    if grep -q "^$comp" <<<"$installed_components"; then
        say "$comp" "skipped (component already installed)"
    else
        run_logged rustup component add "$comp"
        say "$comp" "installed (rustup component add $comp)"
    fi
done

# --- Trunk ------------------------------------------------------------------
# Trunk (~9 min) builds in the background while wasm-bindgen-cli (~4 min) builds
# in the foreground: on two cores both finish in about the time of Trunk alone.
have_trunk="$(trunk --version 2>/dev/null || true)"
trunk_pid=""
if [[ "$have_trunk" == "trunk $TRUNK_VERSION" ]]; then
    say "trunk" "skipped (trunk $TRUNK_VERSION already installed)"
else
    echo "install-tools: trunk: installing $TRUNK_VERSION (found: '${have_trunk:-none}'), takes ~9 min..."
    (run_logged cargo install --locked trunk --version "$TRUNK_VERSION") &
    trunk_pid=$!
fi

# --- wasm-bindgen-cli, at exactly the version pinned in crate/Cargo.toml ------
# The pin looks like `wasm-bindgen = "=X"` or `wasm-bindgen = { version = "=X", ... }`.
WB_VERSION="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=.*"=([0-9]+\.[0-9]+\.[0-9]+)".*/\1/p' crate/Cargo.toml | head -n1)"
[[ -n "$WB_VERSION" ]] ||
    die 'crate/Cargo.toml must pin wasm-bindgen exactly: wasm-bindgen = "=X.Y.Z"'
TRUNK_WB="$(sed -nE 's/^[[:space:]]*wasm_bindgen[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' Trunk.toml | head -n1)"
[[ "$TRUNK_WB" == "$WB_VERSION" ]] ||
    die "Trunk.toml [tools] wasm_bindgen = \"$TRUNK_WB\" but crate/Cargo.toml pins wasm-bindgen =$WB_VERSION: make them equal"
have_wb="$(wasm-bindgen --version 2>/dev/null || true)"
have_wbtr="$(wasm-bindgen-test-runner --version 2>/dev/null || true)"
if [[ "$have_wb" == "wasm-bindgen $WB_VERSION" && "$have_wbtr" == *" $WB_VERSION"* ]]; then
    say "wasm-bindgen-cli" "skipped (wasm-bindgen $WB_VERSION already installed)"
else
    echo "install-tools: wasm-bindgen-cli: installing $WB_VERSION (found: '${have_wb:-none}'), takes ~4 min..."
    # No --locked: a dependency version locked by wasm-bindgen-cli is missing
    # from the registry, so a locked install fails.
    run_logged cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
    say "wasm-bindgen-cli" "installed wasm-bindgen $WB_VERSION (cargo install, not --locked)"
fi

if [[ -n "$trunk_pid" ]]; then
    wait "$trunk_pid" || die "failed: cargo install --locked trunk --version $TRUNK_VERSION"
    say "trunk" "installed trunk $TRUNK_VERSION (cargo install --locked)"
fi

# --- crate dependencies, for every target (trunk build runs cargo --offline) -
run_logged cargo fetch
say "crate deps" "fetched (cargo fetch; a no-op when cached)"

# --- npm packages of tests/: playwright-core, axe-core, pa11y, vnu-jar, lighthouse,
# binaryen (wasm-opt) ----------------------------------------------------------
# pa11y brings puppeteer, whose install script would download a browser of its own: the
# tests drive Debian's Chromium, and nothing may be downloaded but packages.
export PUPPETEER_SKIP_DOWNLOAD=1
{ command -v node && command -v npm; } >/dev/null ||
    die "node and npm (Node.js >= 20) are needed; this machine's image ships them"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js >= 20 needed (found $(node --version))"
lock_sum="$(sha256sum tests/package.json tests/package-lock.json | sha256sum | cut -d' ' -f1)"
stamp="tests/node_modules/.vgp-lock-sha256"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" && -x "$NODE_BIN/wasm-opt" ]]; then
    say "npm packages" "skipped (tests/node_modules matches package-lock.json)"
else
    (cd tests && PUPPETEER_SKIP_DOWNLOAD=1 run_logged npm ci --no-audit --no-fund)
    echo "$lock_sum" >"$stamp"
    say "npm packages" "installed (npm ci in tests/)"
fi
WANT_WASM_OPT="$(sed -nE 's/^[[:space:]]*wasm_opt[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' Trunk.toml | head -n1)"
have_wasm_opt="$(wasm-opt --version 2>/dev/null || true)"
[[ "$(command -v wasm-opt)" == "$NODE_BIN/wasm-opt" && "$have_wasm_opt" == *"($WANT_WASM_OPT)"* ]] ||
    die "wasm-opt on PATH is '$(command -v wasm-opt)' ($have_wasm_opt), Trunk.toml wants $WANT_WASM_OPT from $NODE_BIN"

# --- Browsers (Debian packages) ----------------------------------------------
# apt_install LABEL PACKAGE... : install Debian packages as root (otherwise print the
# command to run and stop), refreshing the package lists only when they do not know
# every package yet or point at files the mirror no longer has.
apt_install() {
    local label="$1" updated=""
    shift
    local apt_cmd="apt-get update && apt-get install -y $*"
    if [[ "$(id -u)" != 0 ]]; then
        echo "install-tools: $label: MISSING. Run as root, then run this script again:" >&2
        echo "    sudo sh -c '$apt_cmd'" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    local candidates
    candidates="$(apt-cache policy "$@" 2>/dev/null | grep -c 'Candidate: [0-9]' || true)"
    if ((candidates < $#)); then
        run_logged apt-get update
        updated=" after apt-get update"
    fi
    if [[ -z "$updated" ]] && ! apt-get install -y "$@" >/dev/null 2>&1; then
        run_logged apt-get update
        updated=" after apt-get update"
    fi
    run_logged apt-get install -y "$@"
    say "$label" "installed $* (apt-get install$updated)"
}

# VGP_SKIP_BROWSER=1 skips every browser (a build that runs no browser tests, e.g. the
# Pages deploy).
if [[ "${VGP_SKIP_BROWSER:-0}" == 1 ]]; then
    say "browsers" "skipped (VGP_SKIP_BROWSER=1)"
else
    # --- Chromium and ChromeDriver: the wasm tests and the e2e suite ----------
    if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
        say "chromium" "skipped ($CHROMIUM and $CHROMEDRIVER present)"
    else
        apt_install chromium chromium chromium-driver
        [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]] ||
            die "apt-get install chromium chromium-driver did not give $CHROMIUM and $CHROMEDRIVER"
    fi
    # The driver only works with the browser of the same major version.
    chromium_major="$("$CHROMIUM" --version 2>/dev/null | sed -nE 's/.*Chromium ([0-9]+)\..*/\1/p')"
    driver_major="$("$CHROMEDRIVER" --version 2>/dev/null | sed -nE 's/.*ChromeDriver ([0-9]+)\..*/\1/p')"
    [[ -n "$chromium_major" && "$chromium_major" == "$driver_major" ]] ||
        die "chromium ($chromium_major) and chromedriver ($driver_major) major versions differ: apt-get install -y chromium chromium-driver"

    # --- Java: the Nu HTML checker (vnu-jar) the accessibility tests run ----------
    if command -v java >/dev/null; then
        say "java" "skipped ($(java -version 2>&1 | head -n1))"
    else
        apt_install java default-jre-headless
        command -v java >/dev/null || die "apt-get install default-jre-headless did not give java"
    fi

    # --- Firefox ESR, WebKitGTK (MiniBrowser + WebKitWebDriver), Xvfb: the engines stage
    engine_tools=("$FIREFOX" "$WEBKIT_WEBDRIVER" "$MINIBROWSER" "$XVFB_RUN" "$XAUTH")
    absent=()
    for tool in "${engine_tools[@]}"; do [[ -x "$tool" ]] || absent+=("$tool"); done
    if ((${#absent[@]} == 0)); then
        say "firefox, webkit" "skipped (firefox-esr, WebKitWebDriver, MiniBrowser, xvfb-run present)"
    else
        apt_install "firefox, webkit" firefox-esr webkit2gtk-driver xvfb xauth
        for tool in "${engine_tools[@]}"; do
            [[ -x "$tool" ]] || die "apt-get install firefox-esr webkit2gtk-driver xvfb xauth did not give $tool"
        done
    fi

    # --- geckodriver, pinned: Firefox's WebDriver (Debian does not package it) -
    have_gecko="$(geckodriver --version 2>/dev/null | head -n1 || true)"
    if [[ "$have_gecko" == "geckodriver $GECKODRIVER_VERSION"* ]]; then
        say "geckodriver" "skipped (geckodriver $GECKODRIVER_VERSION already installed)"
    else
        echo "install-tools: geckodriver: installing $GECKODRIVER_VERSION (found: '${have_gecko:-none}'), takes ~2.5 min..."
        run_logged cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
        say "geckodriver" "installed geckodriver $GECKODRIVER_VERSION (cargo install --locked)"
    fi
fi

echo "install-tools: all tools present. PATH must include $CARGO_BIN and $NODE_BIN:"
echo "    export PATH=\"$CARGO_BIN:$NODE_BIN:\$PATH\""
