// Every page, signed out and as each role, checked by axe-core in Debian's chromium: no
// serious or critical violation (WCAG 2.1 A and AA rules). And the links a thumb aims at —
// the header, the overview's item titles — are at least 44 px tall on a phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { launchBrowser } from './support/browser.mjs';
import { DEMO_PASSWORD } from './support/field.mjs';
import { startServer } from './support/server.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PLAN = '/plans/taibaihu-2024';

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

const PUBLIC = ['/', `${PLAN}/items/1`, `${PLAN}/items/14`, `${PLAN}/units`, '/login'];
const PAGES = {
  ducha: [
    PLAN, `${PLAN}/weekly`, `${PLAN}/monthly?month=2024-09`, `${PLAN}/supervision`,
    `${PLAN}/submissions?month=2024-09`, `${PLAN}/assessment?month=2024-09`, `${PLAN}/reminders`,
    `${PLAN}/feedback`, `${PLAN}/evaluation`, `${PLAN}/opinions`, `${PLAN}/quarterly?q=3`,
    `${PLAN}/towns`, `${PLAN}/items/3`, '/admin/users', '/admin/audit', '/admin/quarantine',
    '/account', '/logout',
  ],
  lingdao: [PLAN, `${PLAN}/weekly`, `${PLAN}/quarterly`, `${PLAN}/assessment`],
  shehui: [PLAN, `${PLAN}/submissions`, `${PLAN}/items/6`, `${PLAN}/reminders`],
  shiqiao: ['/report', '/field', `${PLAN}/towns`],
  daibiao: [`${PLAN}/evaluation`],
};

/// Serious and critical violations of one page, as "rule: target" lines.
async function violations(page, path) {
  const reply = await page.goto(server.baseURL + path, { waitUntil: 'networkidle' });
  assert.ok(reply.ok(), `${path}: ${reply.status()}`);
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${path} ${v.id}: ${n.target.join(' ')}`));
}

async function signedIn(username) {
  // The pages run under a strict CSP; axe is put in through DevTools, which it does not block.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#login-form button[type="submit"]')]);
  return { context, page };
}

test('no serious or critical accessibility violation, signed out', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const found = [];
  for (const path of PUBLIC) found.push(...(await violations(page, path)));
  assert.deepEqual(found, []);
  // The check itself sees a planted fault: an image without alternative text.
  await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/favicon.svg">'));
  const planted = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'rule', values: ['image-alt'] } }));
  assert.equal(planted.violations[0]?.impact, 'critical');
  await context.close();
});

for (const [username, paths] of Object.entries(PAGES)) {
  test(`no serious or critical accessibility violation, as ${username}`, async () => {
    const { context, page } = await signedIn(username);
    const found = [];
    for (const path of paths) found.push(...(await violations(page, path)));
    assert.deepEqual(found, []);
    await context.close();
  });
}

test('header and overview links are at least 44 px tall on a phone', async () => {
  const { context, page } = await signedIn('ducha');
  await page.goto(`${server.baseURL}${PLAN}`);
  const heights = await page.evaluate(() =>
    [...document.querySelectorAll('.site-header a, a.item-title, a.to-review, .reminder a')].map((a) => [
      a.textContent.trim(),
      a.getBoundingClientRect().height,
    ]),
  );
  assert.ok(heights.length > 25, `${heights.length} links`);
  const small = heights.filter(([, h]) => h < 44);
  assert.deepEqual(small, []);
  await context.close();
});
