// The bundles' brotli sizes against their budgets: a change that grows what a phone
// downloads fails here, not in a benchmark read weeks later. The budgets are the sizes
// measured when they were set (BENCHMARKS.md, "The field bundle, cut step by step")
// plus about 3 %.
// Usage: node .ci/lib/budget.mjs SITE_ROOT/pkg   (after build_site: reads the .br copies)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const budgets = [
  // The field page's WASM: 310.7 KB before issue 16's cuts, 218.2 KB after them, 200.8 KB
  // once the sending and the form's photo part went to chunks of their own (fetched after
  // the list shows), 194 KB once figures were printed with integers (no float printing).
  { what: 'field page WASM', match: /^taizhang-field\.[0-9a-f]+_bg\.wasm\.br$/, bytes: 199_500 },
  { what: 'field photo-part chunk', match: /^taizhang-field\.[0-9a-f]+\.field_photos\.wasm\.br$/, bytes: 17_000 },
  { what: 'field sync chunk', match: /^taizhang-field\.[0-9a-f]+\.field_sync\.wasm\.br$/, bytes: 19_500 },
  // Code the chunks share goes to chunk_<n>.wasm files (one today, 0.9 KB): their sum.
  { what: 'field shared chunks', match: /^taizhang-field\.[0-9a-f]+\.chunk_[0-9]+\.wasm\.br$/, bytes: 1_500, sum: true },
  { what: 'field split loader', match: /^taizhang-field\.[0-9a-f]+\.split\.js\.br$/, bytes: 600 },
  // Minified by terser since issue 16's last cuts: 7.9 KB before, 6.1 KB after.
  { what: 'field page JS glue', match: /^taizhang-field\.[0-9a-f]+\.js\.br$/, bytes: 6_400 },
  // The overview and ledger pages' WASM must not grow with the field's work: 78.9 KB.
  { what: 'ledger pages WASM', match: /^taizhang\.[0-9a-f]+_bg\.wasm\.br$/, bytes: 81_000 },
];

const dir = process.argv[2];
const files = readdirSync(dir);
let failed = false;
for (const { what, match, bytes, sum } of budgets) {
  const found = files.filter((f) => match.test(f));
  if (sum ? found.length === 0 : found.length !== 1) {
    console.error(`budget: expected one file for ${what} in ${dir}, found ${found.length}`);
    failed = true;
    continue;
  }
  const size = found.reduce((total, f) => total + statSync(join(dir, f)).size, 0);
  const verdict = size <= bytes ? 'ok' : 'OVER BUDGET';
  console.log(`${what}: ${size} bytes brotli (budget ${bytes}) ${verdict}`);
  if (size > bytes) failed = true;
}
process.exit(failed ? 1 : 0);
