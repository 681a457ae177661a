// Browser phone benchmark: a phone holding N queued reports (default 10,000) and P photos
// (default 500, about 250 KB each) in the field app's IndexedDB, opened and then synced by
// pressing 同步 in Debian's chromium against a real server. Measures how long the page
// takes to open with that much on it, the storage it takes, and the drain time.
// Run through bench/sync.sh (it builds the server, the site and the queue generator).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launchPhone } from '../tests/e2e/support/browser.mjs';
import { fieldReady, signIn } from '../tests/e2e/support/field.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';

const n = Number(process.argv[2] ?? 10000);
const photos = Number(process.argv[3] ?? 500);
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
  // Written straight into the stores the app uses, in one transaction each: the app's own
  // save path is one durable write per report, which the e2e tests cover.
  const stored = await page.evaluate(
    async ({ json, photos }) => {
      const open = (name) =>
        new Promise((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const done = (tx) =>
        new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      try {
        const outbox = await open('taizhang-outbox');
        const tx = outbox.transaction('reports', 'readwrite');
        let count = 0;
        for (const [key, value] of Object.entries(JSON.parse(json))) {
          if (!key.startsWith('taizhang.report.')) continue;
          tx.objectStore('reports').put(JSON.stringify(value), key.slice('taizhang.report.'.length));
          count += 1;
        }
        await done(tx);
        // Photos through the app's own photo store (one durable write each).
        const { putPart } = await import('/evidence.js');
        const bytes = new Uint8Array(250 * 1024);
        for (let j = 0; j < photos; j++) {
          // Random bytes throughout, as a JPEG's are: storage cannot compress them away.
          for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
          await putPart(`bench-${j}/photo`, bytes.slice());
        }
        const { usage, quota } = await navigator.storage.estimate();
        return { count, usage, quota, error: null };
      } catch (e) {
        return { count: 0, error: String(e) };
      }
    },
    { json: queue, photos },
  );
  if (stored.error) throw new Error(`IndexedDB refused: ${stored.error}`);
  const mb = (b) => (b / 1048576).toFixed(0);
  console.log(`Stored ${stored.count} reports and ${photos} photos of 250 KB: ${mb(stored.usage)} MB used of a ${mb(stored.quota)} MB quota.`);
  // Reopened online: the page draws the list, then syncs by itself.
  const opening = Date.now();
  await page.reload();
  await fieldReady(page);
  const opened = (Date.now() - opening) / 1000;
  const cards = await page.locator('.field-report').count();
  console.log(`Reopened /field with them in ${opened.toFixed(1)} s (${cards} cards drawn, the rest behind 显示更多).`);
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, { timeout: 600_000 });
  const secs = (Date.now() - opening) / 1000 - opened;
  console.log(`Browser (chromium, IndexedDB): ${stored.count} queued reports drained in ${secs.toFixed(1)} s after the page was ready (${Math.round(stored.count / secs)} reports/s).`);
  const left = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  console.log(`After the drain: ${mb(left)} MB used (synced reports pruned to the latest 200; the photos stay until uploaded).`);
} finally {
  await phone.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
