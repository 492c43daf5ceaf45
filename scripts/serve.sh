#!/usr/bin/env bash
# Build the page and serve it with live rebuilds at http://127.0.0.1:8080
# (PORT=NNNN to change the port).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tests/node_modules/.bin:$PATH"
PORT="${PORT:-8080}"
bash scripts/install-tools.sh
echo
echo "Serving the playground at http://127.0.0.1:$PORT  (Ctrl-C to stop)"
echo
exec trunk serve --release --offline --address 127.0.0.1 --port "$PORT"
