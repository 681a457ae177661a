#!/usr/bin/env bash
# Sync benchmarks (issue 4): HTTP push vs raw INSERT at 10,000 and 100,000 reports, and a
# phone-sized queue drained natively and in chromium. Prints Markdown for BENCHMARKS.md.
# Usage: bash bench/sync.sh [N ...]
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
source "$ROOT/.ci/lib/site.sh"
cd "$ROOT"
say "building (release)"
cargo build --locked --release -p bench-sync -p server >&2
RUST_LOG=error "$CARGO_TARGET_DIR/release/bench-sync" "$@"
build_site >&2
ensure_chromium
ensure_node_modules "$ROOT/tests"
echo
TAIZHANG_BIN="$CARGO_TARGET_DIR/release/taizhang" TAIZHANG_SITE_ROOT="$SITE_ROOT" \
  BENCH_SYNC="$CARGO_TARGET_DIR/release/bench-sync" \
  node "$ROOT/bench/drain_browser.mjs" 10000 2>/dev/null
