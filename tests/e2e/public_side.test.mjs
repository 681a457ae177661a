// The public side on a phone, in a real browser: a resident scans an item's 民生码 (opens
// its QR link), reads the page, rates it and leaves a suggestion; the lead unit answers it
// and the 督查室 publishes it; the resident then reads the answer. The poster itself prints
// a QR code. (Issue 14.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, cspViolations, launchBrowser, watchCsp } from './support/browser.mjs';
import { signIn } from './support/field.mjs';
import { startServer } from './support/server.mjs';

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

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const ITEM = '/plans/taibaihu-2024/items/3';

test('a resident scans, rates and is answered; the poster prints its QR code', async () => {
  // The resident's phone: no account.
  const resident = await browser.newContext(PHONE);
  await watchCsp(resident);
  const phone = await resident.newPage();
  const errors = collectPageErrors(phone);
  await phone.goto(`${server.baseURL}/q/taibaihu-2024/3`);
  assert.equal(new URL(phone.url()).pathname, ITEM);
  await phone.waitForSelector('.from-qr');
  // The first screen says what was done against the target, and the colour's reason.
  const firstScreen = await phone.locator('.item-done').boundingBox();
  assert.ok(firstScreen && firstScreen.y < 844, 'done against target is on the first screen');
  assert.match(await phone.locator('.item-done').textContent(), /已完成 .* \/ 目标/);

  // Rates it, with a suggestion.
  await phone.locator('#feedback').scrollIntoViewIfNeeded();
  await phone.check('input[name="rating"][value="unsatisfied"]');
  await phone.fill('textarea[name="suggestion"]', '社区养老设施什么时候开放？');
  await Promise.all([
    phone.waitForURL((u) => u.searchParams.get('done') === 'feedback'),
    phone.click('.feedback-form button[type="submit"]'),
  ]);
  assert.match(await phone.locator('.notice').first().textContent(), /感谢您的评价/);
  assert.match(await phone.locator('.rating-summary').textContent(), /不满意 1/);
  assert.ok(!(await phone.content()).includes('社区养老设施什么时候开放'), 'not public yet');

  // The lead unit is reminded and answers; the 督查室 publishes.
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const unit = await office.newPage();
  await signIn(unit, server.baseURL, 'shehui', '/plans/taibaihu-2024');
  assert.match(await unit.locator('.feedback-owed').textContent(), /有 1 条群众意见建议待本单位答复/);
  await unit.click('.feedback-owed a');
  await unit.fill('.feedback-entry textarea[name="answer"]', '设施已于 11 月 20 日开放，欢迎前往。');
  await Promise.all([unit.waitForURL((u) => u.searchParams.get('done') === 'answered'), unit.click('.answer-form button')]);
  await office.clearCookies();
  await signIn(unit, server.baseURL, 'ducha', '/plans/taibaihu-2024/feedback');
  await Promise.all([
    unit.waitForURL((u) => u.searchParams.get('done') === 'published'),
    unit.click('form[action$="/publish"] button'),
  ]);
  assert.equal(await unit.locator('.feedback-entry').getAttribute('data-status'), 'published');

  // The resident reads the answer.
  await phone.goto(`${server.baseURL}${ITEM}`);
  const published = phone.locator('.feedback-list li').first();
  assert.match(await published.textContent(), /社区养老设施什么时候开放/);
  assert.match(await published.textContent(), /设施已于 11 月 20 日开放/);

  // The poster: a QR code drawn as SVG, the hotline, and the link it carries.
  await phone.goto(`${server.baseURL}${ITEM}/poster`);
  const qr = await phone.locator('.poster-qr svg').boundingBox();
  assert.ok(qr && qr.width > 150, 'the QR code is drawn large');
  assert.match(await phone.locator('.poster-link').textContent(), /\/q\/taibaihu-2024\/3$/);
  assert.match(await phone.locator('.poster-hotline').textContent(), /12345/);

  assert.deepEqual(errors, []);
  assert.deepEqual(await cspViolations(phone), []);
  await resident.close();
  await office.close();
});

/// Rates every item of a ballot form with `rating`.
async function fillBallot(page, form, rating) {
  const names = await page.$$eval(`${form} input[type="radio"][value="${rating}"]`, (inputs) =>
    inputs.map((i) => i.name),
  );
  assert.equal(names.length, 20, 'one choice per item');
  for (const name of names) await page.check(`${form} input[name="${name}"][value="${rating}"]`);
}

test('the panel evaluates, the results go public, and a target changed by decision shows both', async () => {
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const desk = await office.newPage();
  // The 督查室 opens the 满意度测评.
  await signIn(desk, server.baseURL, 'ducha', '/plans/taibaihu-2024/evaluation');
  await Promise.all([desk.waitForURL((u) => u.searchParams.get('done') === 'evaluation-open'), desk.click('form[action$="/evaluation/open"] button')]);

  // A 测评代表 on a phone rates every item once.
  const panel = await browser.newContext(PHONE);
  const phone = await panel.newPage();
  await signIn(phone, server.baseURL, 'daibiao', '/plans/taibaihu-2024/evaluation');
  await fillBallot(phone, 'form[action$="/evaluation/ballot"]', 'satisfied');
  await Promise.all([
    phone.waitForURL((u) => u.searchParams.get('done') === 'evaluation-ballot'),
    phone.click('form[action$="/evaluation/ballot"] button[type="submit"]'),
  ]);
  assert.equal(await phone.locator('form[action$="/evaluation/ballot"]').count(), 0, 'voted once');

  // The clerk enters three paper ballots.
  for (const [number, rating] of [['P-001', 'basic'], ['P-002', 'unsatisfied'], ['P-003', 'unsatisfied']]) {
    await desk.goto(`${server.baseURL}/plans/taibaihu-2024/evaluation`);
    await desk.fill('input[name="ballot_number"]', number);
    await fillBallot(desk, 'form[action$="/evaluation/paper"]', rating);
    await Promise.all([
      desk.waitForURL((u) => u.searchParams.get('done') === 'evaluation-paper'),
      desk.click('form[action$="/evaluation/paper"] button[type="submit"]'),
    ]);
  }
  // The window closes: the results are public. 满意 1, 基本满意 1, 不满意 2 → 不满意.
  await Promise.all([desk.waitForURL((u) => u.searchParams.get('done') === 'evaluation-close'), desk.click('form[action$="/evaluation/close"] button')]);
  const resident = await browser.newContext(PHONE);
  const visitor = await resident.newPage();
  await visitor.goto(`${server.baseURL}/plans/taibaihu-2024/evaluation`);
  assert.equal(await visitor.locator('.evaluation-table tbody tr').count(), 20);
  assert.equal(await visitor.locator('.evaluation-table tr[data-item="1"]').getAttribute('data-result'), 'unsatisfied');

  // A target adjusted by a recorded decision: the original and the current both show.
  await desk.goto(`${server.baseURL}/plans/taibaihu-2024/items/3`);
  await desk.selectOption('.decision-form select[name="indicator"]', 'facilities');
  await desk.fill('.decision-form input[name="new_target"]', '4');
  await desk.fill('.decision-form input[name="body"]', '区人大常委会');
  await desk.fill('.decision-form input[name="doc_number"]', '太人常〔2024〕5号');
  await desk.fill('.decision-form input[name="decided_on"]', '2024-07-01');
  await desk.fill('.decision-form textarea[name="reason"]', '一处选址被规划调整占用');
  await Promise.all([desk.waitForURL((u) => u.searchParams.get('done') === 'decision'), desk.click('.decision-form button')]);
  await visitor.goto(`${server.baseURL}/plans/taibaihu-2024/items/3`);
  assert.match(await visitor.locator('.item-done').textContent(), /目标 4 处（原目标 5 处，已依决定调整）/);
  assert.match(await visitor.locator('.item-decisions').textContent(), /太人常〔2024〕5号/);
  await office.close();
  await panel.close();
  await resident.close();
});
