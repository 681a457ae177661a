// The offline round trip in a real browser (issue 4): sign in online; take the server
// away; reload the field page and record three reports; close and reopen the browser;
// bring the server back; watch them sync; each appears once on the item page, credited to
// the week of its capture date. Then a sync cut off half-way leaves no duplicate.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { cspViolations, launchPhone, removeTempDirs, tempDir, watchCsp } from './support/browser.mjs';
import {
  fieldReady,
  itemPageWeeks,
  queuedReports,
  record,
  serviceWorkerReady,
  signIn,
  statuses,
  syncNow,
  waitingCount,
} from './support/field.mjs';
import { startServer } from './support/server.mjs';

let server;

before(async () => {
  server = await startServer({ demo: true });
});

after(async () => {
  await server?.stop();
  removeTempDirs();
});

test('reports recorded with the server gone survive a browser restart and sync once', async () => {
  const dir = tempDir();
  let phone = await launchPhone(dir);
  await watchCsp(phone);
  let page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await serviceWorkerReady(page);

  await server.halt();
  await page.reload();
  await fieldReady(page);
  // Served by the service worker with the policy it was cached with: still nothing blocked.
  assert.deepEqual(await cspViolations(page), [], 'the offline field page runs under its CSP');
  const reports = [
    { households: 2, on: '2024-05-07', narrative: '离线：东村两户' }, // Tuesday, week 19
    { households: 1, on: '2024-05-14', narrative: '离线：西村一户' }, // week 20
    { households: 3, on: '2024-05-23', narrative: '离线：南村三户' }, // Thursday, week 21
  ];
  for (const r of reports) await record(page, r);
  assert.equal(await waitingCount(page), 3);
  assert.deepEqual(await statuses(page), ['waiting', 'waiting', 'waiting']);

  // The browser is closed and opened again, still without a server.
  await phone.close();
  phone = await launchPhone(dir);
  await watchCsp(phone);
  page = phone.pages()[0] ?? (await phone.newPage());
  await page.goto(`${server.baseURL}/field`);
  await fieldReady(page);
  assert.equal(await waitingCount(page), 3, 'nothing lost across the restart');
  assert.deepEqual(await cspViolations(page), [], 'reopened offline under its CSP');

  await server.restart();
  await syncNow(page);
  assert.deepEqual(await statuses(page), ['synced', 'synced', 'synced']);
  const ids = await page.locator('.field-report').evaluateAll((cards) => cards.map((c) => c.dataset.report));

  const rows = await itemPageWeeks(page, server.baseURL);
  const weekOf = Object.fromEntries(rows.map((r) => [r.id, r.week]));
  assert.equal(rows.length, 3);
  for (const id of ids) assert.ok(weekOf[id], `report ${id} is on the item page`);
  const weeks = rows.map((r) => r.week).sort();
  assert.deepEqual(weeks, ['2024年第19周', '2024年第20周', '2024年第21周']);
  await phone.close();
});

test('a sync cut off half-way then retried leaves no duplicate', async () => {
  const dir = tempDir();
  const phone = await launchPhone(dir);
  const page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'xuzhuang');
  await fieldReady(page);

  // The first push reaches the server, but its answer never reaches the phone.
  let cut = 0;
  await page.route('**/api/v1/sync/push', async (route) => {
    if (cut === 0) {
      cut += 1;
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await record(page, { households: 4, on: '2024-06-04', narrative: '许庄：四户' });
  await page.waitForFunction(() => document.querySelector('.field-report .problem') !== null, null, { timeout: 30_000 });
  assert.equal(cut, 1, 'the first push was cut');
  assert.equal(await waitingCount(page), 1, 'not acknowledged: still waiting');

  await syncNow(page);
  assert.deepEqual(await statuses(page), ['synced']);
  const rows = await itemPageWeeks(page, server.baseURL);
  assert.equal(rows.filter((r) => r.week === '2024年第23周').length, 1, 'stored exactly once');
  await phone.close();
});

test('an unlikely figure is saved only after the reporter confirms it, and the reviewer sees it flagged', async () => {
  const dir = tempDir();
  const phone = await launchPhone(dir);
  const page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  const before = await waitingCount(page);
  await page.click('#new-report');
  // The town is offered only what it reports: item 14's district-wide standards are not
  // among its items, and item 1 asks for households with the town's own part beside them.
  const offered = await page.locator('select[name="item"] option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes('taibaihu-2024#1') && !offered.includes('taibaihu-2024#14'), `${offered}`);
  await page.selectOption('select[name="item"]', 'taibaihu-2024#1');
  assert.match(
    await page.locator('.indicator-input[data-indicator="households"] .indicator-mine').textContent(),
    /本单位已完成 \d+ 户（全区目标 30 户）/,
  );
  await page.fill('input[name="captured_on"]', '2024-07-03');
  await page.fill('input[name="value-households"]', '500');
  await page.fill('textarea[name="narrative"]', '误填：应为 5 户');
  await page.click('#report-form button[type="submit"]');
  // Asked, not saved.
  await page.waitForSelector('#report-form .form-error');
  const asked = await page.locator('#report-form .form-error').textContent();
  assert.match(asked, /确认无误请再次点击/);
  assert.match(asked, /超过尚未完成的目标/);
  assert.equal(await page.locator('#report-form').count(), 1, 'the form stays open');
  // Confirmed: saved and sent.
  await page.click('#report-form button[type="submit"]');
  await page.waitForSelector('#report-form', { state: 'detached' });
  await syncNow(page);
  assert.equal(await waitingCount(page), before);
  await page.goto(`${server.baseURL}/plans/taibaihu-2024/items/1`);
  const flagged = page.locator('table.reports tr', { hasText: '误填：应为 5 户' }).locator('[data-concern]');
  assert.match(await flagged.textContent(), /请核实/);
  await phone.close();
});

test('going offline and back online syncs by itself', async () => {
  const dir = tempDir();
  const phone = await launchPhone(dir);
  const page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await serviceWorkerReady(page);
  await phone.setOffline(true);
  await record(page, { households: 1, on: '2024-07-02', narrative: '断网时录入' });
  assert.ok(await page.locator('.offline').isVisible(), 'the page says it is offline');
  assert.equal(await waitingCount(page), 1);
  await phone.setOffline(false);
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, { timeout: 30_000 });
  await phone.close();
});

test('an expired sign-in pauses sending; after signing in again the report keeps its author', async () => {
  const dir = tempDir();
  const phone = await launchPhone(dir);
  const page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  // The session ends on the server (signed out elsewhere, expired, revoked).
  await page.evaluate(() => fetch('/api/v1/session', { method: 'DELETE' }));
  await record(page, { households: 2, on: '2024-08-06', narrative: '登录过期后录入' });
  await page.click('#sync-now');
  await page.waitForSelector('#paused-sign-in');
  assert.equal(await waitingCount(page), 1, 'the queue stays');

  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await syncNow(page);
  await page.goto(`${server.baseURL}/plans/taibaihu-2024/items/1`);
  const row = page.locator('table.reports tbody tr', { hasText: '登录过期后录入' });
  assert.equal(await row.count(), 1);
  // The name shown is the account's (石桥镇 赵干事), never what the phone sent.
  assert.match(await row.textContent(), /赵干事/);
  await phone.close();
});

test('a second tab cannot edit a report the first tab is editing', async () => {
  const dir = tempDir();
  const phone = await launchPhone(dir);
  const first = phone.pages()[0] ?? (await phone.newPage());
  await signIn(first, server.baseURL, 'xuzhuang');
  await fieldReady(first);
  // The second tab opens offline: only the service worker can serve it, so it must be
  // installed (and its precache filled) before the network goes.
  await serviceWorkerReady(first);
  await first.context().setOffline(true);
  await record(first, { households: 1, on: '2024-09-03', narrative: '两个标签页' });
  const second = await phone.newPage();
  await second.goto(`${server.baseURL}/field`);
  await fieldReady(second);
  await first.click('.field-report button.edit');
  await first.waitForSelector('#report-form');
  await second.click('.field-report button.edit');
  await second.waitForSelector('.form-error', { timeout: 10_000 });
  assert.match(await second.locator('.form-error').first().textContent(), /另一个标签页/);
  assert.equal(await second.locator('#report-form').count(), 0, 'the second tab stays on the list');
  await phone.setOffline(false);
  await phone.close();
});

test('a full device storage is reported loudly and nothing saved before is lost', async () => {
  const dir = tempDir();
  let phone = await launchPhone(dir);
  let page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'xuzhuang');
  await fieldReady(page);
  await serviceWorkerReady(page);
  await phone.setOffline(true);
  await record(page, { households: 2, on: '2024-09-10', narrative: '存储满之前' });
  await phone.close();

  // The phone is full: reopened with the site's quota below what it already keeps. The
  // quota is set through DevTools before the page touches storage (Chromium reads it when
  // IndexedDB first opens) and IndexedDB enforces it on every write.
  const reopen = async (quotaSize) => {
    phone = await launchPhone(dir);
    page = phone.pages()[0] ?? (await phone.newPage());
    if (quotaSize !== undefined) {
      const devtools = await phone.newCDPSession(page);
      await devtools.send('Storage.overrideQuotaForOrigin', { origin: server.baseURL, quotaSize });
    }
    await phone.setOffline(true);
    await page.goto(`${server.baseURL}/field`);
    await fieldReady(page);
  };
  await reopen(1024);
  assert.equal(await waitingCount(page), 1, 'what was saved still shows');
  await page.click('#new-report');
  await page.selectOption('select[name="item"]', 'taibaihu-2024#1');
  // Within the plan: the 2024 plan has ended, so today's date would be refused first.
  await page.fill('input[name="captured_on"]', '2024-09-11');
  await page.fill('input[name="value-households"]', '1');
  await page.fill('textarea[name="narrative"]', '存储满了还能保存吗？'.repeat(40));
  await page.click('#report-form button[type="submit"]');
  await page.waitForSelector('#report-form .form-error');
  assert.match(await page.locator('#report-form .form-error').textContent(), /本机存储/);
  assert.equal(await page.locator('#report-form').count(), 1, 'the form and its text stay');
  assert.match(await page.inputValue('textarea[name="narrative"]'), /^存储满了还能保存吗？/);
  await page.click('#cancel-report');
  assert.equal(await waitingCount(page), 1, 'the earlier report is still there');
  await phone.close();

  // Space again: the earlier report is whole, and the refused one was never half-saved.
  await reopen();
  assert.equal(await waitingCount(page), 1);
  assert.deepEqual(
    (await queuedReports(page)).map((e) => e.report.narrative),
    ['存储满之前'],
  );
  await phone.setOffline(false);
  await phone.close();
});
