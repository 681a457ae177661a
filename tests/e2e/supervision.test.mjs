// The supervision office in a real browser, on the demo data: the supervisor signs in,
// sees a lagging item in 红 with how it was computed, looks at the weekly ledger, and
// downloads the monthly report (.xlsx) with its drafted 通报.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { collectPageErrors, launchBrowser } from './support/browser.mjs';
import { signIn } from './support/field.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true, demoData: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the supervisor sees a lagging item in red with its explanation', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, server.baseURL, 'ducha', '/plans/taibaihu-2024');

  // The plan is over: the overview shows its final state, some items red.
  const red = page.locator('li.item-card[data-status="red"]');
  assert.ok((await red.count()) > 0, 'at least one item is red');
  const summary = await page.locator('.status-summary [data-status="red"] strong').textContent();
  assert.equal(Number(summary), await red.count());

  await red.first().locator('a.item-title').click();
  await page.waitForSelector('.item-pace[data-status="red"]');
  const why = page.locator('table.indicators details.pace-why').filter({ has: page.locator('.pace-red') }).first();
  await why.locator('summary').click();
  const explanation = await why.locator('.explanation').textContent();
  assert.match(explanation, /序时应完成/);
  assert.match(explanation, /落后序时 .* 个百分点|已过截止日期/);
  assert.match(explanation, /→ 红$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the supervisor sees the weekly ledger and downloads the monthly report', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server.baseURL, 'ducha', '/plans/taibaihu-2024/weekly');
  // Demo data leaves gaps and late weeks.
  assert.ok((await page.locator('td.wk-missing').count()) > 0, 'missing weeks are shown');
  assert.ok((await page.locator('td.wk-late').count()) > 0, 'late weeks are shown');
  assert.ok((await page.locator('td.wk-on_time').count()) > 0, 'on-time weeks are shown');

  await page.goto(`${server.baseURL}/plans/taibaihu-2024/monthly?month=2024-09`);
  assert.match(await page.locator('h1').textContent(), /2024年9月 月度报告/);
  const bulletin = await page.locator('.bulletin-text').textContent();
  assert.match(bulletin, /^关于2024年[^\n]*9月份推进情况的通报/);
  assert.equal(bulletin.split('\n')[0].split('2024年').length, 2, 'the year once in the title');
  assert.match(bulletin, /慢于序时进度\d+项/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href$="monthly.xlsx?month=2024-09"]'),
  ]);
  assert.match(download.suggestedFilename(), /2024年9月月报\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
  assert.ok(bytes.length > 5000, `${bytes.length} bytes`);
  await context.close();
});
