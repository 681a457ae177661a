#!/usr/bin/env bash
# Ledger benchmarks (issue 5): plan overview and monthly .xlsx at N reports (default
# 1,000,000) beside raw aggregate SQL on the same SQLite file. Prints Markdown for
# BENCHMARKS.md. Usage: bash bench/ledger.sh [N]
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
cd "$ROOT"
say "building (release)"
cargo build --locked --release -p bench-ledger >&2
RUST_LOG=error "$CARGO_TARGET_DIR/release/bench-ledger" "$@"
