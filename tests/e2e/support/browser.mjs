// Debian's chromium through playwright-core: nothing is downloaded. The flags keep
// chromium from reaching for Google's services, which this network refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const executablePath = () => process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({ executablePath: executablePath(), args: ARGS });
}

/// A browser whose storage, cookies and service workers live in `dir`: closing it and
/// launching again with the same dir is a phone's browser closed and reopened.
export function launchPhone(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: executablePath(),
    args: ARGS,
    viewport: { width: 390, height: 844 },
  });
}

/// Fails the test on any uncaught page error (a broken hydration throws one).
export function collectPageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
  });
  return errors;
}

/// Records every Content-Security-Policy violation of the pages of `target` (a page or a
/// browser context), from before their first script runs; read them with `cspViolations`.
export async function watchCsp(target) {
  await target.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['(not watched)']);
}

const made = [];

/// A fresh folder (a phone's browser profile by default), removed by `removeTempDirs`.
export function tempDir(prefix = 'taizhang-phone-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
