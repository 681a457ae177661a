// The report queue moved from localStorage to IndexedDB (issue 13). A phone that held
// unsent reports under the previous build must keep every one when the new build arrives,
// and each must reach the server exactly once. fixtures/legacy_queue.json is what the
// previous build itself left in localStorage after 50 offline saves
// (fixtures/make_legacy_queue.mjs made it with that build).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { request } from 'playwright-core';

import { launchPhone } from './support/browser.mjs';
import { DEMO_PASSWORD, fieldReady, serviceWorkerReady, signIn, syncNow, waitingCount } from './support/field.mjs';
import { startServer } from './support/server.mjs';

const legacy = JSON.parse(readFileSync(new URL('./fixtures/legacy_queue.json', import.meta.url), 'utf8'));
const queued = Object.keys(legacy).filter((k) => k.startsWith('taizhang.report.')).length;

let server;
let dir;

before(async () => {
  server = await startServer({ demo: true });
  dir = mkdtempSync(join(tmpdir(), 'taizhang-upgrade-'));
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/// How many reports of the upgrade the server holds, by narrative, from the 督查室's CSV
/// export of every report.
async function onServer() {
  const supervisor = await request.newContext({ baseURL: server.baseURL });
  const signedIn = await supervisor.post('/api/v1/session', { data: { username: 'ducha', password: DEMO_PASSWORD } });
  assert.ok(signedIn.ok(), await signedIn.text());
  const response = await supervisor.get('/plans/taibaihu-2024/reports.csv');
  assert.equal(response.status(), 200);
  const narratives = (await response.text()).match(/升级前录入第 \d+ 条/g) ?? [];
  await supervisor.dispose();
  return { total: narratives.length, distinct: new Set(narratives).size };
}

test('50 reports queued in localStorage by the previous build sync exactly once after the upgrade', async () => {
  assert.equal(queued, 50, 'the fixture holds the 50 reports');
  let phone = await launchPhone(dir);
  let page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await serviceWorkerReady(page);
  await phone.setOffline(true);
  // The phone as the previous build left it; then the new build opens.
  await page.evaluate((saved) => {
    for (const [key, value] of Object.entries(saved)) localStorage.setItem(key, value);
  }, legacy);
  await page.reload();
  await fieldReady(page);
  assert.equal(await waitingCount(page), 50, 'every queued report is there after the upgrade');
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.report.')).length);
  assert.equal(left, 0, 'moved out of localStorage');

  // The browser is closed and opened again before any signal: still all there.
  await phone.close();
  phone = await launchPhone(dir);
  page = phone.pages()[0] ?? (await phone.newPage());
  await phone.setOffline(true);
  await page.goto(`${server.baseURL}/field`);
  await fieldReady(page);
  assert.equal(await waitingCount(page), 50, 'kept in IndexedDB across a restart');

  await phone.setOffline(false);
  await syncNow(page);
  assert.equal(await waitingCount(page), 0);
  assert.deepEqual(await onServer(), { total: 50, distinct: 50 }, 'each report once');
  // Another sync, and the same queue put back by a stale copy, change nothing.
  await page.evaluate((saved) => {
    for (const [key, value] of Object.entries(saved)) localStorage.setItem(key, value);
  }, legacy);
  await page.reload();
  await fieldReady(page);
  await syncNow(page);
  assert.equal(await waitingCount(page), 0, 'a stale copy does not queue them again');
  assert.deepEqual(await onServer(), { total: 50, distinct: 50 }, 'still each report once');
  await phone.close();
});

test('an upgrade on a full phone keeps the old queue where it was until there is room', async () => {
  const full = mkdtempSync(join(tmpdir(), 'taizhang-upgrade-full-'));
  try {
    // The site's quota is below what it keeps before anything opens IndexedDB (Chromium
    // reads it then): the move cannot be written.
    let phone = await launchPhone(full);
    let page = phone.pages()[0] ?? (await phone.newPage());
    const devtools = await phone.newCDPSession(page);
    await devtools.send('Storage.overrideQuotaForOrigin', { origin: server.baseURL, quotaSize: 1024 });
    await signIn(page, server.baseURL, 'shiqiao');
    await fieldReady(page);
    // Nothing may reach the server in this test: what is on the phone is the question.
    await phone.route('**/api/v1/sync/push', (route) => route.abort('internetdisconnected'));
    await page.evaluate((saved) => {
      for (const [key, value] of Object.entries(saved)) localStorage.setItem(key, value);
    }, legacy);
    await page.reload();
    await page.waitForSelector('.field-app[data-loaded="true"]');
    assert.match(await page.locator('.form-error').first().textContent(), /本机存储/, 'said loudly');
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.report.')).length);
    assert.equal(kept, 50, 'the old copies stay until the move is durable');
    await phone.close();

    // Room again: the move happens, once.
    phone = await launchPhone(full);
    page = phone.pages()[0] ?? (await phone.newPage());
    await phone.route('**/api/v1/sync/push', (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.baseURL}/field`);
    await fieldReady(page);
    assert.equal(await waitingCount(page), 50);
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('taizhang.report.')).length);
    assert.equal(left, 0);
    await phone.close();
  } finally {
    rmSync(full, { recursive: true, force: true });
  }
});
