// One month of the supervision loop in a real browser, on the demo data (reports accepted
// through 2024), with the server's clock moved forward as days pass (libfaketime):
// - the 督查室 issues a blue 督办单 due today; two days later, unanswered, it has turned
//   yellow by itself with a new deadline; the unit finds it on its overview, answers late
//   from the 督办 page, and the lateness stays; the 督查室 closes it (办结); the counters per
//   unit and month follow;
// - the lead unit opens September's 月度报送, drafted from the accepted reports, edits and
//   submits it; the 月报 uses it; the 考核 table shows every point with its facts and the
//   deductions, and adds up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, launchBrowser } from './support/browser.mjs';
import { signIn } from './support/field.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

before(async () => {
  // Office sessions last 12 hours by default: long enough for two days to pass here.
  server = await startServer({
    demo: true,
    demoData: true,
    movableClock: true,
    extraArgs: ['--office-session-hours', '240'],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The day in China, `days` from now. */
function chinaDay(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

test('a 督办单 escalates by itself, is answered late, stays late, and is closed', async () => {
  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const ducha = await desk.newPage();
  const errors = collectPageErrors(ducha);
  await signIn(ducha, server.baseURL, 'ducha', '/plans/taibaihu-2024/items/1');

  // Issued blue, due today.
  const today = chinaDay();
  await ducha.click('details.issue summary');
  const form = ducha.locator('details.issue form');
  await form.locator('select[name="unit_id"]').selectOption({ label: '区社会事业发展局' });
  await form.locator('select[name="colour"]').selectOption('blue');
  await form.locator('textarea[name="requirement"]').fill('一周内完成剩余 8 户改造并上传照片');
  await form.locator('input[name="deadline"]').fill(today);
  await Promise.all([ducha.waitForURL(/done=notice/), form.locator('button[type="submit"]').click()]);
  const issued = ducha.locator('li[data-notice]').first();
  assert.equal(await issued.getAttribute('data-colour'), 'blue');
  assert.equal(await issued.getAttribute('data-escalated'), 'false');
  const id = await issued.getAttribute('data-notice');

  // Two days later nobody has answered: yellow by itself the day after its deadline, due
  // five days after that deadline.
  await server.advanceClock('+2d');
  await ducha.goto(`${server.baseURL}/plans/taibaihu-2024/supervision`);
  const notice = ducha.locator(`li#notice-${id}`);
  assert.equal(await notice.getAttribute('data-colour'), 'yellow');
  assert.equal(await notice.getAttribute('data-escalated'), 'true');
  assert.equal(await notice.getAttribute('data-overdue'), 'true');
  const steps = await notice.locator('.notice-steps li').allTextContents();
  assert.match(steps.join('\n'), new RegExp(`${chinaDay(1)} 到期未答复，自动升为黄色督办单，新期限 ${chinaDay(5)}`));

  // The unit sees it on its overview, nearest deadline first, and answers from the 督办 page.
  const unit = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const shehui = await unit.newPage();
  const unitErrors = collectPageErrors(shehui);
  await signIn(shehui, server.baseURL, 'shehui', '/plans/taibaihu-2024');
  const owed = shehui.locator('.notices-owed');
  assert.match(await owed.textContent(), /本单位有 1 份督办单待答复/);
  await Promise.all([shehui.waitForURL(/\/supervision#notice-/), owed.locator('a').first().click()]);
  const mine = shehui.locator(`li#notice-${id}`);
  await mine.locator('textarea[name="response"]').fill('8 户已全部完成，照片已上传');
  await Promise.all([shehui.waitForURL(/done=responded/), mine.locator('form button[type="submit"]').click()]);
  const answered = shehui.locator(`li#notice-${id}`);
  assert.equal(await answered.getAttribute('data-phase'), 'answered');
  assert.equal(await answered.getAttribute('data-late'), 'true');
  assert.match(await answered.textContent(), /逾期答复/);

  // The 督查室 closes it; the lateness stays on record, and the counters show it.
  await ducha.reload();
  await Promise.all([
    ducha.waitForURL(/done=notice-closed/),
    ducha.locator(`li#notice-${id} form[action$="/close"] button`).click(),
  ]);
  const closed = ducha.locator(`li#notice-${id}`);
  assert.equal(await closed.getAttribute('data-phase'), 'closed');
  assert.equal(await closed.getAttribute('data-late'), 'true');
  assert.match(await closed.textContent(), /已办结/);
  const row = ducha.locator(`table.notice-counters tr[data-unit="区社会事业发展局"][data-month="${today.slice(0, 7)}"] td.num`);
  // issued, escalated, on time, late, sent back, closed, open, overdue
  assert.deepEqual(await row.allTextContents(), ['1', '1', '0', '1', '0', '1', '0', '0']);

  // Off the unit's overview.
  await shehui.goto(`${server.baseURL}/plans/taibaihu-2024`);
  assert.equal(await shehui.locator('.notices-owed').count(), 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(unitErrors, []);
  await desk.close();
  await unit.close();
});

test('the lead unit submits the month from its accepted reports; the 考核 table adds up', async () => {
  const unit = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const shehui = await unit.newPage();
  const errors = collectPageErrors(shehui);
  await signIn(shehui, server.baseURL, 'shehui', '/plans/taibaihu-2024');
  await shehui.goto(`${server.baseURL}/plans/taibaihu-2024/submissions?month=2024-09`);
  const item = shehui.locator('li#submission-1');
  assert.equal(await item.getAttribute('data-timeliness'), 'missing', 'long past 5 October 2024');
  // Drafted from September's accepted reports: figures, progress lines, 下步计划.
  assert.match(await item.locator('textarea[name="figures"]').inputValue(), /累计/);
  const drafted = await item.locator('textarea[name="narrative"]').inputValue();
  assert.ok(drafted.trim().length > 0, 'progress lines from the accepted reports');
  assert.ok((await item.locator('textarea[name="next_steps"]').inputValue()).trim().length > 0);
  await item.locator('textarea[name="narrative"]').fill(`${drafted.split('\n')[0]}（已核实）`);
  await Promise.all([
    shehui.waitForURL(/done=submission-submitted/),
    item.locator('button[value="submit"]').click(),
  ]);
  const sent = shehui.locator('li#submission-1');
  assert.equal(await sent.getAttribute('data-timeliness'), 'late');
  assert.match(await sent.textContent(), /逾期报送/);

  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const ducha = await desk.newPage();
  const deskErrors = collectPageErrors(ducha);
  await signIn(ducha, server.baseURL, 'ducha', '/plans/taibaihu-2024/monthly');
  await ducha.goto(`${server.baseURL}/plans/taibaihu-2024/monthly?month=2024-09`);
  assert.match(await ducha.locator('table.monthly-table').first().textContent(), /【区社会事业发展局报送】.*（已核实）/);

  await ducha.goto(`${server.baseURL}/plans/taibaihu-2024/assessment?month=2024-09`);
  assert.match(await ducha.locator('.score-rule').textContent(), /完成率 30 分/);
  const rows = ducha.locator('table.scores tbody tr');
  assert.ok((await rows.count()) > 3, 'every lead unit is ranked');
  let deductions = 0;
  for (let i = 0; i < (await rows.count()); i += 1) {
    const row = rows.nth(i);
    await row.locator('details.score-facts summary').click();
    const points = await row.locator('li[data-points]').evaluateAll((lis) => lis.map((li) => Number(li.dataset.points)));
    const total = Number(await row.getAttribute('data-total'));
    const sum = Math.max(0, points.reduce((a, b) => a + b, 0));
    assert.ok(Math.abs(sum - total) < 0.05, `row ${i}: ${points} → ${total}`);
    deductions += await row.locator('li.deduction').count();
  }
  assert.ok(deductions > 0, 'the demo data leaves gaps: deductions are shown with their facts');
  const facts = await rows.first().locator('li').allTextContents();
  assert.match(facts.join('\n'), /周台账按时：应更新 \d+ 次/);
  assert.deepEqual(errors, []);
  assert.deepEqual(deskErrors, []);
  await unit.close();
  await desk.close();
});
