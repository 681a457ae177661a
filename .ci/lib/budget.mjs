// The bundles' brotli sizes against their budgets: a change that grows what a phone
// downloads fails here, not in a benchmark read weeks later. The budgets are the sizes
// measured when they were set (BENCHMARKS.md, "The field bundle, cut step by step")
// plus about 3 %.
// Usage: node .ci/lib/budget.mjs SITE_ROOT/pkg   (after build_site: reads the .br copies)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const budgets = [
  // The field page's WASM: 310.7 KB before issue 16's cuts, 218.2 KB after.
  { what: 'field page WASM', match: /^taizhang-field\.[0-9a-f]+_bg\.wasm\.br$/, bytes: 225_500 },
  { what: 'field page JS glue', match: /^taizhang-field\.[0-9a-f]+\.js\.br$/, bytes: 8_700 },
  // The overview and ledger pages' WASM must not grow with the field's work: 78.9 KB.
  { what: 'ledger pages WASM', match: /^taizhang\.[0-9a-f]+_bg\.wasm\.br$/, bytes: 81_000 },
];

const dir = process.argv[2];
const files = readdirSync(dir);
let failed = false;
for (const { what, match, bytes } of budgets) {
  const found = files.filter((f) => match.test(f));
  if (found.length !== 1) {
    console.error(`budget: expected one file for ${what} in ${dir}, found ${found.length}`);
    failed = true;
    continue;
  }
  const size = statSync(join(dir, found[0])).size;
  const verdict = size <= bytes ? 'ok' : 'OVER BUDGET';
  console.log(`${what}: ${size} bytes brotli (budget ${bytes}) ${verdict}`);
  if (size > bytes) failed = true;
}
process.exit(failed ? 1 : 0);
