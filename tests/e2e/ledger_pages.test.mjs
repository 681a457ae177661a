// The ledger pages in a real browser: the overview and an item page render in Chinese,
// hydrate, and respond to a client-side interaction; without JavaScript they still read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, cspViolations, launchBrowser, watchCsp } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the overview shows the 2024 plan and its filter works after hydration', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = collectPageErrors(page);
  await page.goto(server.baseURL + '/');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });

  assert.match(await page.title(), /2024年太白湖新区/);
  assert.equal(await page.locator('.item-card').count(), 20);
  assert.equal(await page.locator('section.category').count(), 13);
  assert.equal((await page.locator('.filter-count').textContent()).trim(), '20 / 20 项');

  await page.fill('#item-filter', '幼儿园');
  await page.waitForFunction(() => document.querySelector('.filter-count').textContent.startsWith('1 /'));
  const visible = page.locator('.item-card:visible');
  assert.equal(await visible.count(), 1);
  assert.equal(await visible.getAttribute('data-item'), '6');
  assert.equal(await page.locator('section.category:visible').count(), 1);

  await page.fill('#item-filter', '石桥镇 供水');
  await page.waitForFunction(() => document.querySelector('.filter-count').textContent.startsWith('1 /'));
  assert.equal(await page.locator('.item-card:visible').getAttribute('data-item'), '18');

  await page.fill('#item-filter', '没有这样的项目');
  await page.waitForSelector('p.empty:not(.hidden)');

  assert.deepEqual(errors, []);
  await page.close();
});

test('an item page shows its content, targets with parts, and units', async () => {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(server.baseURL + '/');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.click('a.item-title[href$="/items/7"]');
  await page.waitForURL(/\/items\/7$/);
  await page.waitForSelector('article.item-detail[data-item="7"]');

  assert.match(await page.locator('h1').textContent(), /新增普通高中招生学位/);
  const row = page.locator('tr[data-indicator="high-school-places"]');
  assert.match(await row.textContent(), /1173 个/);
  assert.match(await row.textContent(), /市直提供高中学位 499 个 \+ 我区提供高中学位 674 个/);
  assert.match(await page.locator('.item-units').textContent(), /区教育局[\s\S]*区财政金融局/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pages hydrate under their Content-Security-Policy and nothing is blocked', async () => {
  const page = await browser.newPage();
  await watchCsp(page);
  const errors = collectPageErrors(page);
  const response = await page.goto(server.baseURL + '/');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'nonce-[0-9a-f]{32}' 'wasm-unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  // The filter island works: its WASM was allowed to run.
  await page.fill('#item-filter', '幼儿园');
  await page.waitForFunction(() => document.querySelector('.filter-count').textContent.startsWith('1 /'));
  assert.deepEqual(await cspViolations(page), []);
  await page.goto(server.baseURL + '/plans/taibaihu-2024/items/1');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pages read without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.baseURL + '/plans/taibaihu-2024/items/10');
  assert.match(await page.locator('h1').textContent(), /送戏下乡/);
  assert.match(await page.locator('tr[data-indicator="venues-covered"]').textContent(), /村\(居\)、社区演出地点 64 个 \+ 学校 11 所/);
  await page.goto(server.baseURL + '/');
  assert.equal(await page.locator('.item-card').count(), 20);
  assert.equal(await page.locator('body[data-hydrated]').count(), 0);
  await context.close();
});

test('a page without an island downloads no script, no WASM and no stylesheet', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const code = (paths) => paths.filter((p) => /\.(js|wasm)$/.test(p));
  await page.goto(server.baseURL + '/plans/taibaihu-2024/items/1', { waitUntil: 'networkidle' });
  assert.match(await page.locator('h1').textContent(), /老年/);
  assert.deepEqual(code(fetched), [], 'the item page is plain HTML');
  assert.deepEqual(fetched.filter((p) => p.endsWith('.css')), [], 'its styles are in the page');
  fetched.length = 0;
  await page.goto(server.baseURL + '/', { waitUntil: 'networkidle' });
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  assert.ok(code(fetched).some((p) => p.endsWith('.wasm')), 'the overview hydrates its filter');
  await context.close();
});
