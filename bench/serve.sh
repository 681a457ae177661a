#!/usr/bin/env bash
# Requests per second on one core (issue 16): ours beside a bare axum hello-world, in one
# run. Each server is pinned to core 1 and wrk to core 0; every route is measured in 5
# rounds of 5 s (32 connections) and the median round is printed, with its p99.
# Usage: bash bench/serve.sh [OTHER_TAIZHANG_BINARY]   (prints Markdown for BENCHMARKS.md)
# With a second binary (an earlier build, say) its figures are printed beside ours.
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
source "$ROOT/.ci/lib/site.sh"
cd "$ROOT"
if ! command -v wrk >/dev/null; then
  say "installing Debian's wrk"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
[ -d "$SITE_ROOT/pkg" ] || build_site >&2
say "building (release)"
cargo build --locked --release -p server -p bench-ledger >&2
ours="$CARGO_TARGET_DIR/release/taizhang"
other=${1:-}
rounds=5
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

wasm=$(ls "$SITE_ROOT"/pkg/taizhang-field.*_bg.wasm | head -1)
wasm="/pkg/$(basename "$wasm")"

# One route: median req/s of the rounds, and that round's p99.
measure() {
  local url=$1 header=${2:-}
  local results=()
  for _ in $(seq $rounds); do
    local out
    if [ -n "$header" ]; then
      out=$(taskset -c 0 wrk -t1 -c32 -d5s --latency -H "$header" "$url")
    else
      out=$(taskset -c 0 wrk -t1 -c32 -d5s --latency "$url")
    fi
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    results+=("$rps $p99")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"
}

wait_up() {
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

serve() { # binary port -> runs it pinned to core 1 on a fresh SQLite file
  local bin=$1 port=$2
  mkdir -p "$work/$port"
  TAIZHANG_DATABASE_URL="sqlite://$work/$port/bench.db" RUST_LOG=error \
    taskset -c 1 "$bin" serve --addr "127.0.0.1:$port" --site-root "$SITE_ROOT" >"$work/$port/log" 2>&1 &
  wait_up "http://127.0.0.1:$port/livez"
}

taskset -c 1 "$CARGO_TARGET_DIR/release/bare-axum" 127.0.0.1:3990 &
wait_up http://127.0.0.1:3990/
read -r bare_rps bare_p99 <<<"$(measure http://127.0.0.1:3990/)"
kill %1

# Each route as wrk asks by default (no Accept-Encoding), and as a browser asks (br).
routes=("/livez" "/" "/" "/api/v1/plans/taibaihu-2024" "/api/v1/plans/taibaihu-2024" "$wasm")
brs=("" "" "br" "" "br" "br")
names=("/livez" "overview \`/\`, signed out" "overview \`/\`, signed out (br)" "\`/api/v1/plans/{id}\`" "\`/api/v1/plans/{id}\` (br)" "a precompressed hashed \`.wasm\` (br)")
row() { # binary port -> one line per route in $work/<port>.rows
  serve "$1" "$2"
  for i in "${!routes[@]}"; do
    local header=""
    [ -n "${brs[$i]}" ] && header="Accept-Encoding: br"
    measure "http://127.0.0.1:$2${routes[$i]}" "$header" >>"$work/$2.rows"
  done
  kill "$(jobs -p | tail -1)"
}
row "$ours" 3991
[ -n "$other" ] && row "$other" 3992

echo "| Route | ours req/s | ours p99 |${other:+ other build req/s | other build p99 |}"
echo "|---|---|---|${other:+---|---|}"
echo "| bare axum hello-world (baseline) | $bare_rps | $bare_p99 |${other:+ | |}"
for i in "${!routes[@]}"; do
  read -r rps p99 <<<"$(sed -n "$((i + 1))p" "$work/3991.rows")"
  line="| ${names[$i]} | $rps | $p99 |"
  if [ -n "$other" ]; then
    read -r orps op99 <<<"$(sed -n "$((i + 1))p" "$work/3992.rows")"
    line="$line $orps | $op99 |"
  fi
  echo "$line"
done
