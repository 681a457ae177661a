#!/usr/bin/env bash
# First loads on a weak link (issue 16): our field page and overview beside the floor, in
# Debian's Chromium with DevTools throttling ("Slow 3G"; 9 Mbit/s with CPU 4×), 5 rounds
# each, medians, and where the overview's first paint goes (bench/overview_paint.mjs). Prints
# Markdown tables for BENCHMARKS.md.
# Usage: bash bench/first_load.sh [TAIZHANG_BINARY SITE_ROOT]   (default: this checkout's
# release build and site). Run it on an earlier build's binary and site to compare.
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
source "$ROOT/.ci/lib/site.sh"
cd "$ROOT"
ensure_chromium >&2
ensure_cjk_font >&2
ensure_node_modules "$ROOT/tests" >&2
bin=${1:-}
site=${2:-$SITE_ROOT}
if [ -z "$bin" ]; then
  [ -d "$SITE_ROOT/pkg" ] || build_site >&2
  # The same packages as serve.sh and ledger.sh: the same features, so one build serves all.
  cargo build --locked --release -p server -p bench-ledger >&2
  bin="$CARGO_TARGET_DIR/release/taizhang"
fi
floor="$CARGO_TARGET_DIR/bench-floor/whole"
[ -f "$floor/floor.wasm" ] || build_wasm floor floor "$floor" >&2
TAIZHANG_BIN="$bin" TAIZHANG_SITE_ROOT="$site" FLOOR_DIR="$floor" node bench/first_load.mjs
# Then where the overview's first paint goes on the slowed CPU (cut-down copies of it).
TAIZHANG_BIN="$bin" TAIZHANG_SITE_ROOT="$site" node bench/overview_paint.mjs
