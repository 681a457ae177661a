# Shared shell helpers for the README commands (.ci/start, .ci/test) and CI (.ci/run).
# Sourced, not executed. Installs what a fresh machine lacks, from the registries this
# machine can reach only (crates.io, npm, Debian): nothing here downloads a binary.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Build output lives outside the clone so a fresh clone (CI) reuses earlier work.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/taizhang/target}
# Incremental caches help an editing session, not a scripted build, and they grow by
# gigabytes per change; the README commands do without.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
# Pinned tools go to their own root, so another project's versions never mix in.
TOOLS_ROOT=${TAIZHANG_TOOLS:-$HOME/.cache/taizhang/tools}
export PATH="$TOOLS_ROOT/bin:$PATH"

WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate pinned in Cargo.toml

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# wasm-bindgen-cli's own lock wants webpki-roots 1.0.11, which the registry here lacks;
# installing from the published source with 1.0.10 works (see shared BUILD-NOTES).
ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WASM_BINDGEN_VERSION" ]; then
    return
  fi
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  local work
  work=$(mktemp -d)
  mkdir -p "$work/fetch/src"
  cat >"$work/fetch/Cargo.toml" <<EOF
[package]
name = "fetch-wasm-bindgen-cli"
version = "0.0.0"
edition = "2021"
[dependencies]
wasm-bindgen-cli = "=$WASM_BINDGEN_VERSION"
EOF
  touch "$work/fetch/src/lib.rs"
  (cd "$work/fetch" && cargo fetch -q 2>/dev/null || true)
  local crate
  crate=$(find "$HOME/.cargo/registry/cache" -name "wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate" | head -n 1)
  if [ -z "$crate" ]; then
    (cd "$work/fetch" && cargo generate-lockfile -q && cargo fetch -q)
    crate=$(find "$HOME/.cargo/registry/cache" -name "wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate" | head -n 1)
  fi
  tar -xzf "$crate" -C "$work"
  (
    cd "$work/wasm-bindgen-cli-$WASM_BINDGEN_VERSION"
    cargo update -q -p webpki-roots --precise 1.0.10 2>/dev/null || true
    CARGO_TARGET_DIR="$work/target" cargo install -q --path . --locked --root "$TOOLS_ROOT"
  )
  rm -rf "$work"
}

WASM_SPLIT_VERSION=0.2.4
# The splitter that cuts a bundle at its `wasm_split` points (the field page's chunks),
# from the crate registry. It matches wasm_split_helpers 0.2.x, which Leptos 0.8 uses.
ensure_wasm_split() {
  if command -v wasm-split-cli >/dev/null && [ -f "$TOOLS_ROOT/.wasm-split-$WASM_SPLIT_VERSION" ]; then
    return
  fi
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION (about 2 minutes, once)"
  local work
  work=$(mktemp -d)
  CARGO_TARGET_DIR="$work" cargo install -q --locked wasm_split_cli_support \
    --version "=$WASM_SPLIT_VERSION" --features build-binary --root "$TOOLS_ROOT"
  rm -rf "$work"
  touch "$TOOLS_ROOT/.wasm-split-$WASM_SPLIT_VERSION"
}

# binaryen from npm: Debian's wasm-opt 108 silently corrupts the WASM (BUILD-NOTES).
ensure_node_modules() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium (about 70 seconds, once)"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

# A Chinese font, as every phone has: without one, Chromium searches for a fallback for
# every run of Chinese text, which doubled the page layout time the first-load benchmark
# measured (bench/first_load.sh). Browser tests do not need it.
ensure_cjk_font() {
  if [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    say "installing Debian's Noto CJK fonts (seconds, once)"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-noto-cjk >/dev/null
  fi
}

# Debian's libfaketime: browser tests move a server's clock forward (a deadline passing).
ensure_faketime() {
  if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]; then
    say "installing Debian's faketime (seconds, once)"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq faketime >/dev/null
  fi
}

# The shared target directory outlives clones; old artifacts pile up across changes. Start
# afresh when it passes a size that risks filling the disk (a clean rebuild costs minutes).
prune_target_if_huge() {
  local limit_gb=${TAIZHANG_TARGET_LIMIT_GB:-40}
  [ -d "$CARGO_TARGET_DIR" ] || return 0
  local size_gb
  size_gb=$(du -s --block-size=1G "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1)
  if [ "${size_gb:-0}" -gt "$limit_gb" ]; then
    say "target directory is ${size_gb} GB (limit ${limit_gb} GB): cleaning it"
    rm -rf "$CARGO_TARGET_DIR"
  fi
}
