// The phone first (issue 16), in a real browser on a phone-sized persistent profile:
// nothing half-typed is lost, signing out with unsent reports warns, a shared phone keeps
// each user's queue to that user, 同步 while offline says what will happen instead of
// failing every report, and sync starts within 5 s of the network returning; a first
// visit does not wait for the service worker, nor download the page twice for it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, launchBrowser, launchPhone, removeTempDirs, tempDir } from './support/browser.mjs';
import {
  fieldReady,
  itemPageWeeks,
  record,
  serviceWorkerReady,
  signIn,
  statuses,
  syncNow,
  waitingCount,
} from './support/field.mjs';
import { startProxy } from './support/proxy.mjs';
import { startServer } from './support/server.mjs';

let server;

before(async () => {
  server = await startServer({ demo: true });
});

after(async () => {
  await server?.stop();
  removeTempDirs();
});

async function noticeSays(page, pattern) {
  await page.waitForFunction(
    (source) => [...document.querySelectorAll('.notice')].some((n) => new RegExp(source).test(n.textContent)),
    pattern.source,
    { timeout: 30_000 },
  );
}

async function firstPage(phone) {
  return phone.pages()[0] ?? (await phone.newPage());
}

test('a half-typed report comes back after a reload and after the browser is closed', async () => {
  const dir = tempDir();
  let phone = await launchPhone(dir);
  let page = await firstPage(phone);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await serviceWorkerReady(page);
  await page.click('#new-report');
  await page.selectOption('select[name="item"]', 'taibaihu-2024#1');
  await page.fill('input[name="captured_on"]', '2024-06-11');
  await page.fill('input[name="value-households"]', '3');
  await page.fill('textarea[name="narrative"]', '北村三户，还没写完');

  await page.reload();
  await page.waitForSelector('#report-form', { timeout: 30_000 });
  assert.equal(await page.locator('#draft-restored').count(), 1, 'says the draft came back');
  assert.equal(await page.inputValue('textarea[name="narrative"]'), '北村三户，还没写完');
  assert.equal(await page.inputValue('input[name="value-households"]'), '3');
  assert.equal(await page.inputValue('input[name="captured_on"]'), '2024-06-11');

  // A killed browser: closed without saving, reopened offline.
  await page.fill('textarea[name="narrative"]', '北村三户，已核实');
  await phone.close();
  phone = await launchPhone(dir);
  page = await firstPage(phone);
  await phone.setOffline(true);
  await page.goto(`${server.baseURL}/field`);
  await page.waitForSelector('#report-form', { timeout: 30_000 });
  assert.equal(await page.inputValue('textarea[name="narrative"]'), '北村三户，已核实');
  await page.click('#report-form button[type="submit"]');
  await page.waitForSelector('#report-form', { state: 'detached' });
  assert.equal(await waitingCount(page), 1);

  // Saved: the draft is over, and a reload opens the list, not the form.
  await page.reload();
  await fieldReady(page);
  assert.equal(await page.locator('#report-form').count(), 0);
  await phone.setOffline(false);
  await phone.close();
});

test('同步 pressed offline says the report will go when the network returns, and it goes within 5 s', async () => {
  const phone = await launchPhone(tempDir());
  const page = await firstPage(phone);
  await signIn(page, server.baseURL, 'xuzhuang');
  await fieldReady(page);
  await serviceWorkerReady(page);
  await phone.setOffline(true);
  await record(page, { households: 1, on: '2024-06-12', narrative: '离线一户' });
  await page.click('#sync-now');
  await noticeSays(page, /联网后会自动发送/);
  assert.equal(await page.locator('.field-report .problem').count(), 0, 'no report is painted as failed');
  assert.deepEqual(await statuses(page), ['waiting']);
  // Long enough for the minute timer to have tried (and backed off) if it still did.
  await page.waitForTimeout(2_000);

  const back = Date.now();
  await phone.setOffline(false);
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, {
    timeout: 5_000,
  });
  assert.ok(Date.now() - back <= 5_000, `synced ${Date.now() - back} ms after the network returned`);
  await phone.close();
});

test('signing out with unsent reports warns; on a shared phone each user sees and sends only their own', async () => {
  const phone = await launchPhone(tempDir());
  const page = await firstPage(phone);
  const errors = collectPageErrors(page);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  // The server cannot be reached for pushes: the report stays on the phone.
  await page.route('**/api/v1/sync/push', (route) => route.abort('connectionrefused'));
  await record(page, { households: 2, on: '2024-06-13', narrative: '石桥：共用手机上的两户' });
  assert.equal(await waitingCount(page), 1);
  const [mine] = await page.locator('.field-report').evaluateAll((cards) => cards.map((c) => c.dataset.report));

  // The field page's header names nobody (it is cached for every user); other pages link
  // to the sign-out page.
  await page.goto(`${server.baseURL}/plans/taibaihu-2024/items/1`);
  await Promise.all([page.waitForURL((u) => u.pathname === '/logout'), page.click('.site-header a[href="/logout"]')]);
  await page.waitForSelector('#unsent-warning', { timeout: 30_000 });
  assert.match(await page.locator('#unsent-warning').textContent(), /1 条记录没有发送/);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-out-form button')]);

  // The next user of the phone.
  await signIn(page, server.baseURL, 'xuzhuang');
  await fieldReady(page);
  assert.equal(await page.locator(`.field-report[data-report="${mine}"]`).count(), 0, 'not shown to another user');
  assert.match(await page.locator('#others-waiting').textContent(), /1 条记录未发送/);
  assert.equal(await waitingCount(page), 0);
  await page.unroute('**/api/v1/sync/push');
  await page.click('#sync-now');
  await noticeSays(page, /同步完成/);
  let onServer = (await itemPageWeeks(page, server.baseURL)).map((r) => r.id);
  assert.ok(!onServer.includes(mine), 'never sent under the next user');

  // Its author again: it goes, under its author.
  await page.goto(`${server.baseURL}/logout`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  assert.equal(await page.locator('#unsent-warning').count(), 0, 'nothing of hers is unsent');
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-out-form button')]);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await syncNow(page);
  onServer = (await itemPageWeeks(page, server.baseURL)).map((r) => r.id);
  assert.ok(onServer.includes(mine), 'sent once its author signed in');
  assert.deepEqual(errors.filter((e) => !/sync\/push|ERR_/.test(e)), []);
  await phone.close();
});

test('the field page asks for its catalogue as it opens, once, before its WASM runs', async () => {
  const phone = await launchPhone(tempDir());
  const page = await firstPage(phone);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  // A fresh document, its files from the HTTP cache or the service worker as a phone's.
  await page.reload();
  await fieldReady(page);
  const catalogue = asked.filter((p) => p === '/api/v1/sync/catalogue');
  assert.equal(catalogue.length, 1, `one request for the catalogue: ${asked.join(' ')}`);
  // outbox.js is imported by the WASM once it runs: without the page's own request the
  // catalogue was asked for only after it (after hydration and reading the device).
  assert.ok(asked.indexOf('/api/v1/sync/catalogue') < asked.indexOf('/outbox.js'), asked.join(' '));
  await phone.close();
});

test('on a first visit the form opens before the service worker is in, and the worker takes the page\'s files without downloading them again', async () => {
  // /sw.js held back, as a weak link would: registering the worker waits for it.
  const proxy = await startProxy(server.baseURL, { hold: (path) => path === '/sw.js' });
  const phone = await launchPhone(tempDir());
  try {
    const page = await firstPage(phone);
    await signIn(page, proxy.baseURL, 'shiqiao');
    await fieldReady(page);
    await page.click('#new-report');
    await page.waitForSelector('#report-form select[name="item"]');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'no worker yet');
    assert.equal(proxy.asked.filter((p) => p === '/sw.js').length, 1, 'the worker was asked for');

    proxy.release();
    await serviceWorkerReady(page);
    // The worker's precache is complete once it controls the page: each hashed file came
    // over the wire once, the WASM among them.
    const pkg = proxy.asked.filter((p) => p.startsWith('/pkg/'));
    assert.ok(pkg.some((p) => p.endsWith('_bg.wasm')), pkg.join(' '));
    assert.deepEqual(pkg.filter((p, i) => pkg.indexOf(p) !== i), [], `asked twice: ${pkg.join(' ')}`);
  } finally {
    await phone.close();
    await proxy.stop();
  }
});

/// A phone-sized page without a service worker, on which the files matching `pattern` (a
/// chunk of the field bundle) cannot be fetched until `reach()` is called.
async function withheld(pattern) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const asked = [];
  let reachable = false;
  await context.route(pattern, (route) => {
    asked.push(route.request().url());
    return reachable ? route.continue() : route.abort('internetdisconnected');
  });
  return { browser, page, errors, asked, reach: () => (reachable = true) };
}

test('the form does not wait for its photo part; a photo part that cannot be fetched says so, the report saves without it, and 重试 brings it', async () => {
  const { browser, page, errors, asked, reach } = await withheld(/\.field_photos\.wasm$/);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  // Without its photo part, the form still records.
  await record(page, { households: 1, on: '2024-05-07', narrative: '照片部分稍后到达' });
  assert.equal(await page.locator('.field-report').count(), 1);
  assert.ok(asked.length >= 1, 'the chunk was asked for');

  await page.click('#new-report');
  await page.waitForSelector('#report-form select[name="item"]');
  await page.getByText('拍照和定位部分未能下载').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#report-form .photo-buttons').count(), 0);
  reach();
  await page.getByRole('button', { name: '重试' }).click();
  await page.waitForSelector('#report-form .photo-buttons', { timeout: 30_000 });
  assert.equal(await page.getByText('拍照和定位部分未能下载').isVisible(), false, 'the failure notice is gone');
  const unexpected = errors.filter((e) => !/field_photos|ERR_INTERNET_DISCONNECTED|Failed to fetch|sync\/push/.test(e));
  assert.deepEqual(unexpected, []);
  await browser.close();
});

test('when the sending code cannot be fetched, 同步 says so, the report waits, and it goes once the code arrives', async () => {
  const { browser, page, errors, reach } = await withheld(/\.field_sync\.wasm$/);
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await record(page, { households: 2, on: '2024-05-08', narrative: '同步程序稍后到达' });
  assert.equal(await waitingCount(page), 1, 'saved on the phone, not sent');
  await page.click('#sync-now');
  await page.getByText('同步所需的程序未能下载').waitFor({ timeout: 30_000 });
  assert.deepEqual(await statuses(page), ['waiting'], 'nothing marked failed or sent');

  reach();
  await syncNow(page);
  assert.deepEqual(await statuses(page), ['synced']);
  const unexpected = errors.filter((e) => !/field_sync|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
  assert.deepEqual(unexpected, []);
  await browser.close();
});

test('a report saved, and 同步 pressed, while the last sync is still finishing go at once, without "another tab"', async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, server.baseURL, 'xuzhuang');
  await fieldReady(page);
  await page.click('#sync-now');
  await noticeSays(page, /同步完成/);

  // From here the server says the catalogue changed, and the next catalogue fetch, the
  // last step of a sync after its sending, is held: that sync is finishing, and 同步 is
  // enabled again meanwhile.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let catalogueAsks = 0;
  await context.route(/\/api\/v1\/sync\/pull/, async (route) => {
    const response = await route.fetch();
    const json = { ...(await response.json()), catalogue_version: 'changed on the server' };
    await route.fulfill({ response, json });
  });
  await context.route(/\/api\/v1\/sync\/catalogue$/, async (route) => {
    catalogueAsks += 1;
    if (catalogueAsks === 1) await held;
    await route.continue();
  });
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#sync-now')?.textContent === '同步', null, { timeout: 30_000 });
  for (let waited = 0; catalogueAsks === 0; waited += 50) {
    assert.ok(waited < 30_000, 'the sync reached its catalogue fetch');
    await page.waitForTimeout(50);
  }

  await record(page, { households: 3, on: '2024-06-18', narrative: '上一次同步收尾时保存' });
  await page.click('#sync-now');
  release();
  // The minute timer would have sent it too, but only after 60 s.
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, {
    timeout: 10_000,
  });
  assert.deepEqual(await statuses(page), ['synced']);
  assert.equal(await page.getByText('另一个标签页正在同步').count(), 0, 'no other tab was syncing');
  assert.deepEqual(errors, []);
  await browser.close();
});
