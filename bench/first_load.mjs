// What a phone waits for on a weak link (issue 16): our pages beside the floor (the
// smallest Leptos app, whole-page hydration, built like ours), in one run, in Debian's
// Chromium with DevTools throttling, 5 rounds each, medians. Prints a Markdown table.
//
//   bash bench/first_load.sh        (builds what is missing, then runs this)
//   TAIZHANG_BIN=… TAIZHANG_SITE_ROOT=… FLOOR_DIR=… node bench/first_load.mjs
//
// The floor is served by a small Node server here: its page is what Leptos renders for it
// (one button), its WASM and JS brotli-compressed as ours are. Every first load starts with
// an empty cache and no service worker.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { launchBrowser } from '../tests/e2e/support/browser.mjs';
import { startProxy } from '../tests/e2e/support/proxy.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';
import { DEMO_PASSWORD } from '../tests/e2e/support/field.mjs';
import { FAST, SLOW_3G, throttle } from './throttle.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);

// The floor's page: the markup Leptos renders for `<button>{count}</button>` and the
// hydration script `HydrationScripts` writes, marking the body once hydrated (as ours does).
const FLOOR_PAGE = `<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width, initial-scale=1">\
<link rel="modulepreload" href="/pkg/floor.js">\
<link rel="preload" href="/pkg/floor.wasm" as="fetch" type="application/wasm" crossorigin="">\
<script type="module">import('/pkg/floor.js').then(async (mod) => {\
await mod.default({ module_or_path: '/pkg/floor.wasm' }); mod.hydrate();\
document.body.dataset.hydrated = 'true'; })</script></head><body><button>0</button></body></html>`;

function floorServer(dir) {
  const files = {
    '/': { type: 'text/html; charset=utf-8', body: Buffer.from(FLOOR_PAGE) },
    '/pkg/floor.js': { type: 'text/javascript', body: readFileSync(join(dir, 'floor.js')) },
    '/pkg/floor.wasm': { type: 'application/wasm', body: readFileSync(join(dir, 'floor.wasm')) },
  };
  for (const f of Object.values(files)) {
    f.br = brotliCompressSync(f.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  }
  const server = createServer((req, res) => {
    const f = files[req.url.split('?')[0]];
    if (!f) return res.writeHead(404).end();
    const br = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    const body = br ? f.br : f.body;
    res.writeHead(200, {
      'content-type': f.type,
      'content-length': body.length,
      ...(br ? { 'content-encoding': 'br' } : {}),
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Marks, in ms since navigation: first paint, hydrated, and (the field page) usable.
const MARKS = () => {
  window.__marks = {};
  const check = () => {
    const t = performance.now();
    if (!window.__marks.hydrated && document.body?.dataset.hydrated === 'true') window.__marks.hydrated = t;
    const usable = document.querySelector('.field-app[data-loaded="true"] #new-report:not([disabled])');
    if (!window.__marks.usable && usable) window.__marks.usable = t;
    if (!window.__marks.form && document.querySelector('#report-form')) window.__marks.form = t;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
};

/** One first load of `url` under `profile`; resolves when `until` is marked. */
async function load(browser, url, profile, { until = 'paint', cookies = [], serviceWorkers = 'block' } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, serviceWorkers });
  if (cookies.length) await context.addCookies(cookies);
  await context.addInitScript(MARKS);
  const page = await context.newPage();
  const wire = await throttle(context, page, profile);
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  let bytesUsable;
  if (until === 'paint') {
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 120_000 });
  } else if (until === 'form') {
    // The form is tapped as soon as the list is usable; its chunk may still be on its way.
    await page.waitForFunction(() => window.__marks?.usable !== undefined, null, { timeout: 120_000, polling: 50 });
    bytesUsable = wire.bytes();
    await page.click('#new-report');
    await page.waitForFunction(() => window.__marks?.form !== undefined, null, { timeout: 120_000, polling: 50 });
  } else {
    await page.waitForFunction((m) => window.__marks?.[m] !== undefined, until, { timeout: 120_000, polling: 50 });
  }
  await page.waitForLoadState('load', { timeout: 120_000 });
  const marks = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    ...window.__marks,
  }));
  await context.close();
  return { bytes: wire.bytes(), bytesUsable, ...marks };
}

async function rounds(fn) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await fn());
  const pick = (k) => median(runs.map((r) => r[k] ?? NaN));
  return {
    bytes: pick('bytes'),
    bytesUsable: pick('bytesUsable'),
    paint: pick('paint'),
    hydrated: pick('hydrated'),
    usable: pick('usable'),
    form: pick('form'),
  };
}

const floorDir = process.env.FLOOR_DIR;
if (!floorDir) throw new Error('FLOOR_DIR must name the floor build (bench/first_load.sh sets it)');
const floor = await floorServer(floorDir);
const floorURL = `http://127.0.0.1:${floor.address().port}/`;
const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  // The floor hydrates for real: its button counts.
  {
    const page = await browser.newPage();
    await page.goto(floorURL);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.click('button');
    if ((await page.textContent('button')) !== '1') throw new Error('the floor page did not hydrate');
    await page.close();
  }
  // Signed in once, without opening the field page (its service worker would answer later loads).
  const signIn = await browser.newContext();
  const reply = await signIn.request.post(`${server.baseURL}/api/v1/session`, {
    data: { username: 'shiqiao', password: DEMO_PASSWORD },
  });
  if (!reply.ok()) throw new Error(`sign-in: ${reply.status()}`);
  const cookies = await signIn.cookies();
  await signIn.close();

  const field = `${server.baseURL}/field`;
  const rows = [];
  const ms = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(2)} s` : 'n/a');
  const kib = (x) => `${(x / 1024).toFixed(1)} KiB`;
  const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '');

  const floorSlow = await rounds(() => load(browser, floorURL, SLOW_3G, { until: 'hydrated' }));
  const floorFast = await rounds(() => load(browser, floorURL, FAST, { until: 'hydrated' }));
  const fieldSlow = await rounds(() => load(browser, field, SLOW_3G, { until: 'form', cookies }));
  const fieldFast = await rounds(() => load(browser, field, FAST, { until: 'form', cookies }));
  const overviewSlow = await rounds(() => load(browser, `${server.baseURL}/`, SLOW_3G));
  const overviewFast = await rounds(() => load(browser, `${server.baseURL}/`, FAST));

  // Counted on "Slow 3G": there the chunks fetched once the list shows are still two
  // seconds away when the list is usable; on the fast link some of them were already in.
  rows.push(['`/field` bytes until usable (brotli)', kib(fieldSlow.bytesUsable), kib(floorSlow.bytes), ratio(fieldSlow.bytesUsable, floorSlow.bytes), '≤ 3.5×']);
  rows.push(['`/field` bytes with the form open (brotli)', kib(fieldFast.bytes), kib(floorFast.bytes), ratio(fieldFast.bytes, floorFast.bytes), '']);
  rows.push(['`/field` hydrated, Slow 3G', ms(fieldSlow.hydrated), ms(floorSlow.hydrated), ratio(fieldSlow.hydrated, floorSlow.hydrated), '']);
  rows.push(['overview: content visible, Slow 3G', ms(overviewSlow.paint), ms(floorSlow.paint), ratio(overviewSlow.paint, floorSlow.paint), '≤ 1.15×']);
  rows.push(['overview: content visible, 9 Mbit/s / 100 ms / CPU 4×', ms(overviewFast.paint), ms(floorFast.paint), ratio(overviewFast.paint, floorFast.paint), '≤ 1.15×']);
  rows.push(['`/field` usable (list and 新建填报 ready), 9 Mbit/s / 100 ms / CPU 4×', ms(fieldFast.usable), ms(floorFast.hydrated), ratio(fieldFast.usable, floorFast.hydrated), '']);
  rows.push(['`/field` usable (list and 新建填报 ready), Slow 3G', ms(fieldSlow.usable), ms(floorSlow.hydrated), ratio(fieldSlow.usable, floorSlow.hydrated), '≤ 1.4×']);
  rows.push(['`/field` form open, 新建填报 tapped when usable, 9 Mbit/s / 100 ms / CPU 4×', ms(fieldFast.form), ms(floorFast.hydrated), ratio(fieldFast.form, floorFast.hydrated), '']);
  rows.push(['`/field` form open, 新建填报 tapped when usable, Slow 3G', ms(fieldSlow.form), ms(floorSlow.hydrated), ratio(fieldSlow.form, floorSlow.hydrated), '']);

  // Reopened offline from the service worker, CPU 4×: installed once online, then offline.
  const offline = await rounds(async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    await context.addCookies(cookies);
    await context.addInitScript(MARKS);
    const first = await context.newPage();
    await first.goto(field);
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    await first.waitForFunction(() => window.__marks?.usable !== undefined, null, { timeout: 60_000 });
    await first.close();
    await context.setOffline(true);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(field, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__marks?.usable !== undefined, null, { timeout: 60_000, polling: 50 });
    const usable = await page.evaluate(() => window.__marks.usable);
    await context.close();
    return { usable };
  });
  rows.push(['`/field` reopened offline from the service worker, CPU 4×', ms(offline.usable), '', '', '']);

  // A first visit as a phone makes it, its service worker allowed and the HTTP cache on:
  // every byte the server sent, for the page and for the worker's precache, until the
  // worker controls the page and the network has been quiet for a second.
  const counted = await startProxy(server.baseURL);
  try {
    const visit = await rounds(async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      await context.addCookies(cookies);
      const page = await context.newPage();
      const start = counted.bytes();
      await page.goto(`${counted.baseURL}/field`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      let seen;
      do {
        seen = counted.bytes();
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } while (counted.bytes() !== seen);
      await context.close();
      return { bytes: seen - start };
    });
    rows.push(['`/field` first visit, its service worker installed: bytes sent (brotli)', kib(visit.bytes), '', '', '']);
  } finally {
    await counted.stop();
  }

  // Pages without an island: what they load, and how much of it is script.
  for (const [name, path] of [
    ['item page', '/plans/taibaihu-2024/items/1'],
    ['monthly page', '/plans/taibaihu-2024/monthly'],
    ['weekly page', '/plans/taibaihu-2024/weekly'],
  ]) {
    const r = await rounds(() => load(browser, `${server.baseURL}${path}`, FAST, { cookies }));
    rows.push([`${name} (signed in) bytes`, kib(r.bytes), '', '', '']);
  }

  console.log(`Rounds: ${ROUNDS} each, medians. Chromium ${browser.version()}.`);
  console.log('');
  console.log('| | ours | floor | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  await browser.close();
  await server.stop();
  floor.close();
}
