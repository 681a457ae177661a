#!/usr/bin/env bash
# Evidence upload benchmark (issue 13): 100 photos of about 250 KB through a 400 kbit/s
# link cut every 20–40 s. Prints a Markdown row for BENCHMARKS.md. About 9 minutes.
# Usage: bash bench/uploads.sh [PHOTOS]
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
cd "$ROOT"
say "building (release)"
cargo build --locked --release -p bench-uploads -p server >&2
"$CARGO_TARGET_DIR/release/bench-uploads" "$CARGO_TARGET_DIR/release/taizhang" "$@"
