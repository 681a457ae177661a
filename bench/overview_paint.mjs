// Where the overview's first paint goes on a slowed phone (issue 16): the overview as our
// server renders it, replayed by a small Node server beside cut-down copies of itself (its
// scripts and WASM still come from our server), in
// Debian's Chromium at 9 Mbit/s, 100 ms, CPU 4× slower; first contentful paint, medians.
// A copy differs from the page in one thing, so each row's gap to the next says what that
// thing costs. Prints a Markdown table.
//
//   bash bench/first_load.sh        (runs this after the first-load table)
//   TAIZHANG_BIN=… TAIZHANG_SITE_ROOT=… node bench/overview_paint.mjs
import { createServer, get } from 'node:http';
import { brotliCompressSync } from 'node:zlib';
import { launchBrowser } from '../tests/e2e/support/browser.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';
import { FAST, throttle } from './throttle.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 9);

const server = await startServer({ demo: true });
const page = await (await fetch(`${server.baseURL}/`)).text();

const body = page.indexOf('<body');
const categories = [...page.matchAll(/<section data-category=/g)].map((m) => m.index);
if (body < 0 || categories.length < 2) throw new Error('the overview has no categories to cut');
const styles = [...page.slice(0, body).matchAll(/<style[\s\S]*?<\/style>/g)].map((m) => m[0]).join('');
if (!styles) throw new Error('the overview has no inline styles');
const bareBody = '<body><main><p>民生实事台账</p></main></body></html>';
// The as-of form (a date field, which Chromium builds with a shadow tree of its own)
// moved after the items, and its date field as a plain text field: tried on 2026-12-01,
// no gain beyond the noise, so the page keeps the form at the top.
const asOf = page.match(/<form method="get"[^>]*class="as-of"[^>]*>[\s\S]*?<\/form>/)?.[0];
if (!asOf) throw new Error('the overview has no as-of form');
const variants = [
  ['as served', page],
  ['the as-of form after the items', page.replace(asOf, '').replace('</main>', `${asOf}</main>`)],
  ['the as-of date field as a text field', page.replace(asOf, asOf.replace('type="date"', 'type="text"'))],
  ['only the first category in the page', page.slice(0, categories[1]) + '</main></body></html>'],
  ['only what comes before the categories', page.slice(0, categories[0]) + '</main></body></html>'],
  ['the head (inline styles, script tags) and one line of text', page.slice(0, body) + bareBody],
  ['the inline styles and one line of text', `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${styles}</head>${bareBody}`],
  ['one line of text, nothing else', `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>${bareBody}`],
];

const files = variants.map(([, html]) => brotliCompressSync(Buffer.from(html)));
const replay = createServer((req, res) => {
  const file = /^\/\d+$/.test(req.url) ? files[Number(req.url.slice(1))] : undefined;
  // Anything else the page asks for (its scripts and WASM) comes from our server, as sent.
  if (!file) {
    get(`${server.baseURL}${req.url}`, { headers: { 'accept-encoding': req.headers['accept-encoding'] ?? '' } }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br', 'content-length': file.length });
  res.end(file);
});
await new Promise((resolve) => replay.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${replay.address().port}`;

const browser = await launchBrowser();
const paints = variants.map(() => []);
// Rounds interleave the variants, so a slow moment of the machine falls on all of them.
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < variants.length; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const tab = await context.newPage();
    await throttle(context, tab, FAST);
    await tab.goto(`${base}/${i}`, { waitUntil: 'load' });
    await tab.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    paints[i].push(await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
    await context.close();
  }
}
await browser.close();
replay.close();
await server.stop();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nOverview first paint, ${FAST.name}, ${ROUNDS} rounds, medians:\n`);
console.log('| page | first contentful paint |');
console.log('|---|---|');
variants.forEach(([what], i) => console.log(`| ${what} | ${Math.round(median(paints[i]))} ms |`));
