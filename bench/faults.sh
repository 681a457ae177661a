#!/usr/bin/env bash
# The long runs of the fault suites and the fuzzers (issue 11), on SQLite and PostgreSQL.
# The test command runs short versions of each; this runs them long and prints what they
# did, for BENCHMARKS.md.
#   FAULT_ROUNDS  sync rounds through the cutting proxy, per seed      (default 60)
#   FAULT_SEEDS   seeds of the proxy's dice                             (default "1 2 3")
#   KILL_ROUNDS   SIGKILLs of the server mid-push and mid-review        (default 20)
#   FUZZ_SECONDS  seconds per fuzz target (0 skips the fuzzers)         (default 600)
# Usage: bash bench/faults.sh
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
cd "$ROOT"
FAULT_ROUNDS=${FAULT_ROUNDS:-60}
FAULT_SEEDS=${FAULT_SEEDS:-"1 2 3"}
KILL_ROUNDS=${KILL_ROUNDS:-20}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
backends=(sqlite)
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null || [ -n "${TAIZHANG_TEST_POSTGRES:-}" ]; then
  backends+=(postgres)
fi
say "building the tests (release)"
cargo test --locked --release -p server --test api --no-run >&2
cargo test --locked --release -p app --test fuzz_plan_file --no-run >&2
for backend in "${backends[@]}"; do
  for seed in $FAULT_SEEDS; do
    say "fault proxy on $backend, seed $seed, $FAULT_ROUNDS rounds"
    TAIZHANG_TEST_BACKEND=$backend TAIZHANG_FAULT_SEED=$seed TAIZHANG_FAULT_ROUNDS=$FAULT_ROUNDS \
      cargo test -q --locked --release -p server --test api -- fault_proxy --nocapture 2>&1 |
      grep -E '^fault proxy|test result|panicked'
  done
  say "SIGKILL on $backend, $KILL_ROUNDS kills"
  TAIZHANG_TEST_BACKEND=$backend TAIZHANG_KILL_ROUNDS=$KILL_ROUNDS \
    cargo test -q --locked --release -p server --test api -- fault_kill --nocapture 2>&1 |
    grep -E '^kill suite|test result|panicked'
done
if [ "$FUZZ_SECONDS" != 0 ]; then
  say "fuzzing, $FUZZ_SECONDS s per target"
  TAIZHANG_FUZZ_SECONDS=$FUZZ_SECONDS cargo test -q --locked --release -p app --test fuzz_plan_file \
    -- --nocapture --test-threads 1 2>&1 | grep -E 'cases in|test result|panicked'
  TAIZHANG_FUZZ_SECONDS=$FUZZ_SECONDS cargo test -q --locked --release -p server --test api \
    -- fuzz:: --nocapture --test-threads 1 2>&1 | grep -E 'cases in|test result|panicked'
fi
