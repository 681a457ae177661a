// Evidence photos in a real browser (issue 13): offline, a report with two real JPEG photos
// and the place; the browser closed and reopened; online again through a link that cuts
// the first request of every upload after the server took it (the answer is lost). The
// uploads resume from the server's offset, the server's files carry the phone's SHA-256,
// and the reviewer sees the thumbnails.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, launchPhone, removeTempDirs, tempDir } from './support/browser.mjs';
import { fieldReady, queuedReports, serviceWorkerReady, signIn, syncNow, waitingCount } from './support/field.mjs';
import { startServer } from './support/server.mjs';

let server;

before(async () => {
  server = await startServer({ demo: true });
});

after(async () => {
  await server?.stop();
  removeTempDirs();
});

/// Two camera-sized JPEG files (2400×1800, noisy like a real scene), encoded by chromium.
async function cameraPhotos(dir) {
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const files = [];
  for (const seed of [1, 2]) {
    const base64 = await page.evaluate(async (seed) => {
      const canvas = new OffscreenCanvas(2400, 1800);
      const ctx = canvas.getContext('2d');
      const image = ctx.createImageData(2400, 1800);
      let x = seed * 2654435761;
      for (let i = 0; i < image.data.length; i += 4) {
        x = (x * 1103515245 + 12345) >>> 0;
        image.data[i] = (i / 4) % 2400 / 10 + (x & 63);
        image.data[i + 1] = (i / 9600 / 8 + (x >> 8)) & 255;
        image.data[i + 2] = 90 + ((x >> 16) & 31);
        image.data[i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    }, seed);
    const file = join(dir, `camera-${seed}.jpg`);
    writeFileSync(file, Buffer.from(base64, 'base64'));
    files.push(file);
  }
  await browser.close();
  return files;
}

/// The photos a report on this phone declares, read from its storage.
async function declaredPhotos(page) {
  return (await queuedReports(page)).flatMap((entry) => entry.report.photos ?? []);
}

test('photos recorded offline survive a restart, resume after cuts, and arrive with their hash', async () => {
  const files = await cameraPhotos(tempDir('taizhang-photos-'));
  const dir = tempDir('taizhang-phone-');
  let phone = await launchPhone(dir);
  await phone.grantPermissions(['geolocation']);
  await phone.setGeolocation({ latitude: 35.4052, longitude: 116.6234, accuracy: 18 });
  let page = phone.pages()[0] ?? (await phone.newPage());
  await signIn(page, server.baseURL, 'shiqiao');
  await fieldReady(page);
  await serviceWorkerReady(page);

  await server.halt();
  await page.reload();
  await fieldReady(page);
  await page.click('#new-report');
  await page.selectOption('select[name="item"]', 'taibaihu-2024#1');
  await page.fill('input[name="captured_on"]', '2024-06-11');
  await page.fill('input[name="value-households"]', '2');
  await page.fill('textarea[name="narrative"]', '佐证：两户改造完工');
  await page.fill('input[name="place"]', '石桥村');
  // The place first: each photo attached after it carries the fix too.
  await page.click('#locate');
  await page.waitForSelector('#report-location');
  assert.match(await page.locator('#report-location').textContent(), /35\.40520, 116\.62340（精度约 18 米）/);
  await page.setInputFiles('input[name="gallery"]', files);
  await page.waitForFunction(() => document.querySelectorAll('.attached-photo img').length === 2, null, { timeout: 60_000 });
  await page.click('#report-form button[type="submit"]');
  await page.waitForSelector('#report-form', { state: 'detached' });
  const photos = await declaredPhotos(page);
  assert.equal(photos.length, 2);
  for (const p of photos) {
    assert.ok(Math.max(p.width, p.height) <= 1600, 'shrunk to 1600 px at most');
    assert.ok(p.bytes < 600 * 1024 && p.thumb_bytes < 20 * 1024, `sizes ${p.bytes} / ${p.thumb_bytes}`);
    assert.equal(p.location.lat, 35.4052);
  }

  // The browser is closed and opened again, still without a server.
  await phone.close();
  phone = await launchPhone(dir);
  page = phone.pages()[0] ?? (await phone.newPage());
  await page.goto(`${server.baseURL}/field`);
  await fieldReady(page);
  assert.equal(await waitingCount(page), 1, 'the report is still queued');
  assert.match(await page.locator('.field-report .photos').textContent(), /佐证照片 2 张/);

  // Online again, through a link that loses the answer to every upload's first chunk.
  const cut = new Set();
  let sentBytes = 0;
  await page.route('**/api/v1/uploads/*', async (route) => {
    const request = route.request();
    if (request.method() !== 'PATCH') return route.continue();
    sentBytes += request.postDataBuffer()?.length ?? 0;
    const upload = request.url();
    const response = await route.fetch(); // the server takes the chunk
    if (!cut.has(upload)) {
      cut.add(upload);
      return route.abort('connectionreset'); // and the phone never hears of it
    }
    return route.fulfill({ response });
  });
  await server.restart();
  await syncNow(page);
  // Each cut stops a run; the next run (a tap on 同步 here, the minute timer on a phone)
  // asks the server where it stands and goes on from there.
  for (let i = 0; i < 10 && (await page.locator('.photos-waiting').count()) > 0; i++) {
    await page.click('#sync-now');
    await page.waitForTimeout(300);
    await page.waitForFunction(() => !document.querySelector('#sync-now')?.disabled, null, { timeout: 60_000 });
  }
  assert.equal(await page.locator('.photos-waiting').count(), 0, 'every photo arrived');
  assert.equal(cut.size, 4, 'each photo and thumbnail was cut once');
  const photoBytes = photos.reduce((n, p) => n + p.bytes + p.thumb_bytes, 0);
  // A lost answer costs nothing: the server's offset says the chunk arrived.
  assert.ok(sentBytes <= photoBytes * 1.1, `resumed, not restarted: ${sentBytes} sent for ${photoBytes}`);

  for (const p of photos) {
    const stored = readFileSync(join(server.dir, 'photos', 'photos', p.id, 'photo.jpg'));
    assert.equal(createHash('sha256').update(stored).digest('hex'), p.sha256, 'the server holds the phone’s photo');
  }
  const left = await page.evaluate(async (ids) => {
    const { getPart } = await import('/evidence.js');
    return Promise.all(ids.flatMap((id) => [getPart(`${id}/photo`), getPart(`${id}/thumb`)]).map((p) => p.then((v) => v !== null)));
  }, photos.map((p) => p.id));
  assert.deepEqual(left, [false, true, false, true], 'photos freed on the phone once confirmed, thumbnails kept');
  await phone.close();

  // The reviewer of the lead unit sees the thumbnails beside the report.
  const browser = await launchBrowser();
  const reviewer = await browser.newPage();
  await signIn(reviewer, server.baseURL, 'shehui', '/plans/taibaihu-2024/items/1');
  const row = reviewer.locator('table.reports tbody tr', { hasText: '佐证：两户改造完工' });
  await row.locator('.evidence-photo img').first().waitFor();
  // The thumbnails load lazily, as the reviewer scrolls to the report.
  await row.scrollIntoViewIfNeeded();
  const widths = await row.locator('.evidence-photo img').evaluateAll((imgs) =>
    Promise.all(imgs.map((img) => img.decode().then(() => img.naturalWidth))),
  );
  assert.equal(widths.length, 2);
  assert.ok(widths.every((w) => w > 0 && w <= 160), `thumbnails shown: ${widths}`);
  await browser.close();
});
