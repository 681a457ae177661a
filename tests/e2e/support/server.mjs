// Starts a real `taizhang serve` on port 0 with a fresh SQLite file, and stops it after.
// The server prints its address as its first stdout line; we wait for that line rather
// than sleeping.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export async function startServer({ demo = false } = {}) {
  const bin = process.env.TAIZHANG_BIN;
  const siteRoot = process.env.TAIZHANG_SITE_ROOT;
  if (!bin || !siteRoot) {
    throw new Error('TAIZHANG_BIN and TAIZHANG_SITE_ROOT must be set (run through .ci/test)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
  const args = ['serve', '--addr', '127.0.0.1:0', '--site-root', siteRoot];
  if (demo) args.push('--demo');
  const child = spawn(bin, args, {
    env: { ...process.env, TAIZHANG_DATABASE_URL: `sqlite://${dir}/e2e.db`, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const lines = createInterface({ input: child.stdout });
  const baseURL = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = line.match(/http:\/\/\S+/);
      match ? resolve(match[0]) : reject(new Error(`unexpected first line: ${line}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout
  return {
    baseURL,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
