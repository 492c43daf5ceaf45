# Vanishing Gradient Playground. The logic lives in scripts/; see tests/README.md.
#   make serve   build and serve the page at http://127.0.0.1:8080 (live rebuild)
#   make build   release build of the page into dist/
#   make test    install tools, then the whole suite (what CI runs)
#   make check   rustfmt + clippy (native and wasm32) only
#   make e2e     release build, then the end-to-end browser tests only
#   make engines release build, then the page in Firefox and WebKit only
#   make bench   cargo bench -p vgp-cli, the page's weight, then the page benchmark in Chromium
#   make mutants mutation testing of the core (not in CI; SHARD=k/n, IN_DIFF=main, FILE=path)
#   make fuzz    a million generated share links through the link parser (not in CI)
#   make chaos   3,000 random API calls and clicks in Chromium with invariants (not in CI)
#   make offline the page as one self-contained file, dist-offline/playground.html
#   make bench-dist  the page with the peer benchmark's WasmRun class, target/bench/dist
#   make soak    1,000 fresh page loads per engine with a CPU hog (not in CI; SOAK_LOADS, SOAK_ENGINES)
#   make watch   one page playing 10 minutes per engine: memory and epoch rate flat (not in CI)
#   make repeat  the browser stages 10 times in a row with a CPU hog (not in CI; REPEAT_RUNS)
#   make repro   the WebKit fault's standalone reproduction, 1,000 loads with a CPU hog (not in CI)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tests/node_modules/.bin:$(PATH)

.PHONY: serve build test check bench bench-dist tools e2e engines mutants fuzz offline chaos soak watch repeat repro

tools:
	bash scripts/install-tools.sh

serve:
	bash scripts/serve.sh

build:
	bash scripts/test.sh tools build

test:
	bash scripts/test.sh

check:
	bash scripts/test.sh fmt clippy clippy-wasm

# Release build of the page, then the browser tests against it.
e2e:
	bash scripts/test.sh build e2e

# Release build of the page, then the checks in Firefox ESR and WebKitGTK (tests/engines/).
engines:
	bash scripts/test.sh build engines

bench:
	cargo bench -p vgp-cli
	bash scripts/test.sh tools build
	node scripts/page-weight.mjs dist
	node tests/bench/page.mjs

# Mutation testing (cargo-mutants, pinned): see scripts/mutants.sh and docs/testing.md.
mutants:
	SHARD="$(SHARD)" IN_DIFF="$(IN_DIFF)" FILE="$(FILE)" TESTS="$(TESTS)" bash scripts/mutants.sh

# Fuzz the share-link parser (crate/tests/share_links.rs): VGP_FUZZ_CASES=N to change the count.
fuzz:
	cargo test --release -p vgp --test share_links fuzz_a_million_links -- --ignored --nocapture

# One self-contained HTML file (wasm, script, styles inlined) for file:// and uploads.
offline: build
	node scripts/offline.mjs

# The page with the peer benchmark's WasmRun class, in target/bench/dist (docs/performance.md).
bench-dist:
	bash scripts/test.sh tools
	bash scripts/bench-dist.sh

# A seeded random sequence of API calls and clicks against the built page, invariants
# checked after each (tests/chaos/chaos.mjs): OPERATIONS=3000 SEED=1 by default.
chaos: build
	node tests/chaos/chaos.mjs "$(or $(OPERATIONS),3000)" "$(or $(SEED),1)"

# Soak (not in CI; scripts/soak.sh, docs/testing.md): fresh page loads with the engines
# tests' operations in WebKit, Firefox and Chromium while a CPU hog runs. SOAK_LOADS=N,
# SOAK_ENGINES="webkit", SOAK_FAST_MEMORY=0 (JavaScriptCore without fast wasm memory).
soak: build
	bash scripts/soak.sh soak

# One page playing for WATCH_MINUTES (10) per engine: memory and epoch rate stay flat.
watch: build
	bash scripts/soak.sh watch

# The browser stages of `make test` (test-wasm, e2e, engines) REPEAT_RUNS (10) times in
# a row with a CPU hog on one core; run it in a clean clone (docs/testing.md).
repeat: build
	bash scripts/soak.sh suite

# The WebKit fault's standalone reproduction (crate/repro, tests/soak/repro.mjs):
# REPRO_LOADS (1000) loads in REPRO_ENGINES (webkit), SOAK_FAST_MEMORY=0 and
# SOAK_CONCURRENT_JIT=0 as for the soak.
repro: tools
	bash scripts/soak.sh repro
