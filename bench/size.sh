#!/usr/bin/env bash
# Size of what the first page loads (WASM + JS + CSS), gzip -9 and brotli 11, for our app
# beside the floor: the smallest Leptos hydrate app built the same way (profile
# wasm-release, wasm-bindgen, wasm-opt -Oz), once with whole-page hydration and once in
# islands mode (ours). Goal: ours ≤ 3.5 × the floor.
# Usage: bash bench/size.sh   (prints a Markdown table for BENCHMARKS.md)
set -euo pipefail
source "$(dirname "$0")/../.ci/lib/tools.sh"
source "$ROOT/.ci/lib/site.sh"
cd "$ROOT"

build_site >&2
floor_dir="$CARGO_TARGET_DIR/bench-floor"
rm -rf "$floor_dir"
build_wasm floor floor "$floor_dir/whole" >&2
build_wasm floor floor "$floor_dir/islands" --features islands >&2

node - "$SITE_ROOT/pkg" "$floor_dir/whole" "$floor_dir/islands" <<'JS'
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync, brotliCompressSync, constants } = require('node:zlib');
const sizes = (dir, pick = () => true) => {
  const t = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f) && pick(f))) {
    const d = readFileSync(join(dir, f));
    t.raw += d.length;
    t.gzip += gzipSync(d, { level: 9 }).length;
    t.brotli += brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return t;
};
// What a page loads: its bundle's JS, WASM and stylesheet.
const ours = sizes(process.argv[2], (f) => !f.startsWith('taizhang-field'));
// The field page's photo part and its sending come as chunks of their own (fetched once
// the list shows, and when the first sync starts): the first load is the rest.
const chunk = (f) => /^taizhang-field\.[0-9a-f]+\.[a-z_0-9]+\.wasm$/.test(f);
const field = sizes(process.argv[2], (f) => f.startsWith('taizhang-field') && !chunk(f));
const form = sizes(process.argv[2], chunk);
const whole = sizes(process.argv[3]);
const islands = sizes(process.argv[4]);
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
const row = (name, t) => console.log(`| ${name} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} |`);
const ratio = (t, floor) => ['raw', 'gzip', 'brotli'].map((k) => (t[k] / floor[k]).toFixed(2) + '×').join(' | ');
console.log('| first-page load (WASM + JS + CSS) | raw | gzip -9 | brotli 11 |');
console.log('|---|---|---|---|');
row('floor: minimal Leptos app, whole-page hydration', whole);
row('floor: minimal Leptos app, islands', islands);
row('民生实事台账: overview and every ledger page', ours);
row('民生实事台账: field page /field (offline capture)', field);
row('民生实事台账: the field page's chunks, fetched after', form);
console.log(`| ledger pages ÷ whole-page floor (goal ≤ 3.5×) | ${ratio(ours, whole)} |`);
console.log(`| ledger pages ÷ islands floor | ${ratio(ours, islands)} |`);
console.log(`| field page ÷ whole-page floor | ${ratio(field, whole)} |`);
JS
