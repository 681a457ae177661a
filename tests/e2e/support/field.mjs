// Steps of the field app, shared by the offline tests.
import assert from 'node:assert/strict';

export const DEMO_PASSWORD = 'demo-2024-taizhang';

export async function signIn(page, baseURL, username, next = '/field') {
  await page.goto(`${baseURL}/login?next=${next}`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.click('#login-form button[type="submit"]')]);
}

/// Waits until the field app has read the device and knows the user's items.
export async function fieldReady(page) {
  await page.waitForSelector('.field-app[data-loaded="true"]', { timeout: 30_000 });
  await page.waitForSelector('#new-report:not([disabled])', { timeout: 30_000 });
}

/// Waits until the service worker controls the page (it then serves the app offline).
/// Waits (30 s at most: a worker that cannot install must fail the test, not hang it)
/// until the service worker controls the page.
export async function serviceWorkerReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

export async function record(page, { item = 1, households, on, narrative, place = '石桥村' }) {
  await page.click('#new-report');
  await page.selectOption('select[name="item"]', `taibaihu-2024#${item}`);
  await page.fill('input[name="captured_on"]', on);
  await page.fill('input[name="value-households"]', String(households));
  await page.fill('textarea[name="narrative"]', narrative);
  await page.fill('input[name="place"]', place);
  await page.click('#report-form button[type="submit"]');
  await page.waitForSelector('#report-form', { state: 'detached' });
}

export async function waitingCount(page) {
  return Number(await page.locator('#waiting-count').textContent());
}

export async function statuses(page) {
  return page.locator('.field-report').evaluateAll((cards) => cards.map((c) => c.dataset.status));
}

/// Presses 同步 and waits until nothing waits.
export async function syncNow(page) {
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#waiting-count')?.textContent === '0', null, { timeout: 30_000 });
}

/// The item page lists each report id once, with the week it is credited to.
export async function itemPageWeeks(page, baseURL, item = 1) {
  await page.goto(`${baseURL}/plans/taibaihu-2024/items/${item}`);
  const rows = await page.locator('table.reports tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ id: tr.dataset.report, week: tr.querySelector('td.week').textContent.trim() })),
  );
  const ids = rows.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'no report appears twice');
  return rows;
}

/// The reports on the phone, as the field app keeps them (its IndexedDB queue).
export async function queuedReports(page) {
  return page.evaluate(async () => {
    const { allReports } = await import('/outbox.js');
    return (await allReports()).map((text) => JSON.parse(text));
  });
}
