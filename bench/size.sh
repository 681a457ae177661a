#!/usr/bin/env bash
# Size of what the first page loads (WASM + JS + CSS), gzip -9 and brotli 11, for our app
# beside the floor: the smallest Leptos hydrate app built the same way (profile
# wasm-release, wasm-bindgen, wasm-opt -Oz). Goal: ours ≤ 3.5 × the floor.
# Usage: bash bench/size.sh   (prints a Markdown table for BENCHMARKS.md)
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
source "$ROOT/.ci/lib/site.sh"
cd "$ROOT"

build_site >&2
floor_dir="$CARGO_TARGET_DIR/bench-floor"
rm -rf "$floor_dir"
build_wasm floor floor "$floor_dir" >&2

node - "$SITE_ROOT/pkg" "$floor_dir" <<'JS'
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync, brotliCompressSync, constants } = require('node:zlib');
const sizes = (dir) => {
  const t = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f))) {
    const d = readFileSync(join(dir, f));
    t.raw += d.length;
    t.gzip += gzipSync(d, { level: 9 }).length;
    t.brotli += brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return t;
};
const ours = sizes(process.argv[2]);
const floor = sizes(process.argv[3]);
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
const ratio = (k) => (ours[k] / floor[k]).toFixed(2) + '×';
console.log('| first-page load (WASM + JS + CSS) | raw | gzip -9 | brotli 11 |');
console.log('|---|---|---|---|');
console.log(`| floor (minimal Leptos hydrate app) | ${kb(floor.raw)} | ${kb(floor.gzip)} | ${kb(floor.brotli)} |`);
console.log(`| 民生实事台账 | ${kb(ours.raw)} | ${kb(ours.gzip)} | ${kb(ours.brotli)} |`);
console.log(`| ratio (goal ≤ 3.5×) | ${ratio('raw')} | ${ratio('gzip')} | ${ratio('brotli')} |`);
JS
