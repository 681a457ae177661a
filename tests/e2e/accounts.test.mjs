// Accounts in a real browser: a reporter of 石桥镇 signs in with the printed demo account and
// is offered exactly their unit's items; a wrong password is explained in Chinese; the
// supervisor creates an account with the form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, launchBrowser } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const DEMO_PASSWORD = 'demo-2024-taizhang';
let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, username) {
  await page.goto(server.baseURL + '/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.click('#login-form button[type="submit"]'),
  ]);
}

test('the demo accounts are printed at start', async () => {
  // stderr and stdout are separate pipes: give stderr a moment to catch up.
  for (let i = 0; i < 50 && !server.stderr().includes(DEMO_PASSWORD); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(server.stderr(), /ducha\s+督查室/);
  assert.match(server.stderr(), /shiqiao\s+填报人/);
  assert.match(server.stderr(), new RegExp(DEMO_PASSWORD));
});

test('a reporter of 石桥镇 sees only their unit’s items offered for reporting', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, 'shiqiao');
  assert.match(await page.locator('.site-header .who').textContent(), /石桥镇 赵干事/);

  await page.click('a[href="/report"]');
  await page.waitForURL(/\/report$/);
  const shown = await page.locator('.item-card.reportable').evaluateAll((cards) => cards.map((c) => Number(c.dataset.item)));

  const plan = await (await page.request.get(server.baseURL + '/api/v1/plans/taibaihu-2024')).json();
  const town = plan.units.find((u) => u.name === '石桥镇政府').id;
  // Items of the town where it reports at least one indicator: not those whose every
  // indicator the lead unit reports (item 14's rates, item 18's repairs).
  const expected = plan.items
    .filter((i) => [...i.lead_units, ...i.co_units].some((u) => u.id === town))
    .filter((i) => i.indicators.some((ind) => (ind.reported_by ?? 'units') !== 'lead'))
    .map((i) => i.number);
  assert.ok(!expected.includes(14) && !expected.includes(18), `${expected}`);
  assert.ok(expected.includes(1), `${expected}`);
  assert.deepEqual(shown, expected);
  assert.ok(expected.length > 0 && expected.length < 20);
  // 石桥镇 works on 石桥镇农村供水维修, but its repairs are the lead unit's to report.
  assert.ok(!shown.includes(18), 'item 18 asks the town for nothing');
  assert.ok(!shown.includes(6), 'kindergarten seats are not');
  // No administration for a reporter.
  assert.equal(await page.locator('a[href="/admin/users"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a wrong password is explained in Chinese and nothing is signed in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.baseURL + '/login');
  await page.fill('input[name="username"]', 'shiqiao');
  await page.fill('input[name="password"]', 'not the password');
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector('.form-error');
  assert.match(await page.locator('.form-error').textContent(), /用户名或密码错误/);
  assert.equal(await page.inputValue('input[name="username"]'), 'shiqiao');
  assert.equal((await context.cookies()).filter((c) => c.name === 'taizhang_session').length, 0);
  await context.close();
});

test('the supervisor creates an account and it can sign in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, 'ducha');
  await page.click('a[href="/admin/users"]');
  await page.waitForURL(/\/admin\/users$/);
  await page.click('.create-user summary');
  await page.fill('#create-user-form input[name="username"]', 'sunganshi');
  await page.fill('#create-user-form input[name="display_name"]', '许庄街道 孙干事');
  await page.selectOption('#create-user-form select[name="unit_id"]', { label: '许庄街道办事处' });
  await page.selectOption('#create-user-form select[name="role"]', 'reporter');
  await page.fill('#create-user-form input[name="password"]', 'a good long passphrase');
  await page.click('#create-user-form button[type="submit"]');
  await page.waitForURL(/done=created/);
  assert.match(await page.locator('.notice').textContent(), /账号已创建/);
  assert.equal(await page.locator('tr[data-user="sunganshi"]').count(), 1);

  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await newcomer.goto(server.baseURL + '/login?next=/report');
  await newcomer.fill('input[name="username"]', 'sunganshi');
  await newcomer.fill('input[name="password"]', 'a good long passphrase');
  await newcomer.click('#login-form button[type="submit"]');
  await newcomer.waitForURL(/\/report$/);
  assert.ok((await newcomer.locator('.item-card.reportable').count()) > 0);
  await other.close();
  assert.deepEqual(errors, []);
  await context.close();
});
