#!/usr/bin/env bash
# Ledger benchmarks (issues 5 and 15): the plan overview, the monthly .xlsx, the 月度报送,
# 考核, 镇街进度看板 and 季度汇总 pages at N reports (default 1,000,000) beside raw SQL on the same
# SQLite file. Prints Markdown for BENCHMARKS.md. Usage: bash bench/ledger.sh [N]
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
cd "$ROOT"
say "building (release)"
cargo build --locked --release -p bench-ledger >&2
RUST_LOG=error "$CARGO_TARGET_DIR/release/bench-ledger" "$@"
