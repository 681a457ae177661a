#!/usr/bin/env bash
# PostgreSQL benchmarks (issue 6), printed as Markdown for BENCHMARKS.md:
#   1. sync ingest at N reports (default 1,000,000) through HTTP beside a raw multi-row
#      INSERT on the same database, on SQLite and on PostgreSQL;
#   2. the plan overview and monthly .xlsx at N accepted reports beside raw aggregate SQL,
#      on PostgreSQL and on SQLite;
#   3. two `taizhang serve` processes on one PostgreSQL database under 200 phones syncing.
# Each PostgreSQL run gets a fresh schema, dropped at the end.
# Usage: bash bench/postgres.sh [N]   (server: TAIZHANG_BENCH_POSTGRES, default the local one)
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
cd "$ROOT"
n=${1:-1000000}
pg=${TAIZHANG_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
say "building (release)"
cargo build --locked --release -p bench-sync -p bench-ledger -p server >&2
bin="$CARGO_TARGET_DIR/release"
export RUST_LOG=error
run() { say "$*"; local t=$SECONDS; "$@"; echo; echo "($(( SECONDS - t )) s)"; echo; }
run env ROUNDS=1 "$bin/bench-sync" "$n"
run env ROUNDS=1 "$bin/bench-sync" --postgres "$pg" "$n"
run "$bin/bench-ledger" --postgres "$pg" "$n"
run "$bin/bench-ledger" "$n"
run env TAIZHANG_BIN="$bin/taizhang" "$bin/bench-sync" cluster --postgres "$pg" 200 10 25
