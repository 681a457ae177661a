// Starts a real `taizhang serve` with a fresh SQLite file, and stops it after. The server
// prints its address as its first stdout line; we wait for that line rather than sleeping.
// `restart()` brings it back on the same port and database, for tests that take the
// server away while a phone works offline.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

function launch({ bin, siteRoot, dir, addr, demo, demoData }) {
  const args = ['serve', '--addr', addr, '--site-root', siteRoot];
  if (demo) args.push('--demo');
  if (demoData) args.push('--demo-data');
  const child = spawn(bin, args, {
    env: { ...process.env, TAIZHANG_DATABASE_URL: `sqlite://${dir}/e2e.db`, TAIZHANG_PHOTO_STORE: `${dir}/photos`, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stderr: '' };
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
    process.stderr.write(chunk);
  });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = line.match(/http:\/\/(\S+)/);
      match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${line}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout
  return { child, output, ready };
}

async function kill(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
}

export async function startServer({ demo = false, demoData = false } = {}) {
  const bin = process.env.TAIZHANG_BIN;
  const siteRoot = process.env.TAIZHANG_SITE_ROOT;
  if (!bin || !siteRoot) {
    throw new Error('TAIZHANG_BIN and TAIZHANG_SITE_ROOT must be set (run through .ci/test)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
  let running = launch({ bin, siteRoot, dir, addr: '127.0.0.1:0', demo, demoData });
  const hostPort = await running.ready;
  let stderr = running.output;
  return {
    baseURL: `http://${hostPort}`,
    /** The server's data directory (its database, and its photos under photos/). */
    dir,
    stderr: () => stderr.stderr,
    /** Takes the server away; the database stays. */
    async halt() {
      await kill(running.child);
    },
    /** Brings it back on the same address and database. */
    async restart() {
      running = launch({ bin, siteRoot, dir, addr: hostPort, demo: false });
      await running.ready;
      stderr = running.output;
    },
    async stop() {
      await kill(running.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
