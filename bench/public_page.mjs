// The public item page on a phone link (issue 14): what a resident who scans a 民生码
// downloads and waits for. Chromium (Debian's) with DevTools throttling — 9 Mbit/s down,
// 100 ms round trip, CPU 4× slower — opens /plans/taibaihu-2024/items/<n> signed out, on a
// server with the demo data, five times; prints the median bytes on the wire, first
// contentful paint, and the page's height at a 390 px wide viewport.
//
//   TAIZHANG_BIN=… TAIZHANG_SITE_ROOT=… node bench/public_page.mjs [item …]
//
// Run it once per build (the old binary and site, then the new) to compare them.
import { launchBrowser } from '../tests/e2e/support/browser.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';
import { FAST, throttle } from './throttle.mjs';

const items = process.argv.slice(2).map(Number);
if (items.length === 0) items.push(1, 10, 14);
const RUNS = 5;
const server = await startServer({ demo: true, demoData: true });
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const item of items) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      const wire = await throttle(context, page, FAST);
      await page.goto(`${server.baseURL}/plans/taibaihu-2024/items/${item}`, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      const paint = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      );
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      runs.push({ bytes: wire.bytes(), paint, height });
      await context.close();
    }
    console.log(
      JSON.stringify({
        item,
        kib: Math.round(median(runs.map((r) => r.bytes)) / 102.4) / 10,
        first_paint_ms: Math.round(median(runs.map((r) => r.paint))),
        height_px: median(runs.map((r) => r.height)),
      }),
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
