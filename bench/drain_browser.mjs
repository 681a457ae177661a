// Browser drain benchmark: a phone's queue of N reports (default 10,000) in the field
// app's localStorage, synced by pressing 同步 in Debian's chromium against a real server.
// Measures the end-to-end time and reports when the browser refuses to store the queue.
// Run through bench/sync.sh (it builds the server, the site and the queue generator).
import { execFileSync } from 'node:child_process';

import { launchPhone } from '../tests/e2e/support/browser.mjs';
import { fieldReady, signIn } from '../tests/e2e/support/field.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.argv[2] ?? 10000);
const server = await startServer({ demo: true });
const dir = mkdtempSync(join(tmpdir(), 'taizhang-drain-'));
const phone = await launchPhone(dir);
try {
  const page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  const viewer = await page.evaluate(() => JSON.parse(localStorage.getItem('taizhang.catalogue')).viewer);
  const queue = execFileSync(process.env.BENCH_SYNC, ['emit-queue', String(n), String(viewer.id), String(viewer.unit.id), viewer.username], {
    maxBuffer: 1 << 30,
  }).toString();
  const stored = await page.evaluate((json) => {
    const entries = Object.entries(JSON.parse(json));
    let count = 0;
    try {
      for (const [key, value] of entries) {
        localStorage.setItem(key, JSON.stringify(value));
        count += 1;
      }
    } catch (e) {
      return { count, error: String(e) };
    }
    return { count, error: null };
  }, queue);
  if (stored.error) {
    console.log(`localStorage took ${stored.count} of ${n} reports, then refused: ${stored.error}`);
  }
  await page.reload();
  await fieldReady(page);
  const waiting = Number(await page.locator('#waiting-count').textContent());
  const start = Date.now();
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, { timeout: 600_000 });
  const secs = (Date.now() - start) / 1000;
  console.log(`Browser (chromium, localStorage): ${waiting} queued reports drained in ${secs.toFixed(1)} s (${Math.round(waiting / secs)} reports/s).`);
} finally {
  await phone.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
