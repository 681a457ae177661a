// Starts a real `taizhang serve` with a fresh SQLite file, and stops it after. The server
// prints its address as its first stdout line; we wait for that line rather than sleeping.
// `restart()` brings it back on the same port and database, for tests that take the
// server away while a phone works offline.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// A server whose wall clock a test moves forward: Debian's libfaketime, preloaded, reads
// the offset from a file (`+0`, `+2d`). Monotonic time stays real, so the runtime's timers
// are untouched; only "today" moves, as it would overnight.
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

function clockEnv(clockFile) {
  if (!clockFile) return {};
  return {
    LD_PRELOAD: FAKETIME_LIB,
    FAKETIME_TIMESTAMP_FILE: clockFile,
    // Read the offset at every clock call: a cached one can lag behind the file.
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}

function launch({ bin, siteRoot, dir, addr, demo, demoData, clockFile, extraArgs = [] }) {
  const args = ['serve', '--addr', addr, '--site-root', siteRoot, ...extraArgs];
  if (demo) args.push('--demo');
  if (demoData) args.push('--demo-data');
  const child = spawn(bin, args, {
    env: {
      ...process.env,
      TAIZHANG_DATABASE_URL: `sqlite://${dir}/e2e.db`,
      TAIZHANG_PHOTO_STORE: `${dir}/photos`,
      RUST_LOG: 'warn',
      ...clockEnv(clockFile),
    },
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

/**
 * `movableClock`: the server's clock starts at the real time and `advanceClock('+2d')`
 * moves it (libfaketime; the test command installs it). `extraArgs`: more `serve` flags.
 */
export async function startServer({ demo = false, demoData = false, movableClock = false, extraArgs = [] } = {}) {
  const bin = process.env.TAIZHANG_BIN;
  const siteRoot = process.env.TAIZHANG_SITE_ROOT;
  if (!bin || !siteRoot) {
    throw new Error('TAIZHANG_BIN and TAIZHANG_SITE_ROOT must be set (run through .ci/test)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
  const clockFile = movableClock ? join(dir, 'clock') : null;
  if (clockFile) {
    if (!existsSync(FAKETIME_LIB)) throw new Error(`${FAKETIME_LIB} is missing: install Debian's faketime (.ci/test does)`);
    writeFileSync(clockFile, '+0\n');
  }
  let running = launch({ bin, siteRoot, dir, addr: '127.0.0.1:0', demo, demoData, clockFile, extraArgs });
  const hostPort = await running.ready;
  let stderr = running.output;
  return {
    baseURL: `http://${hostPort}`,
    /** The server's data directory (its database, and its photos under photos/). */
    dir,
    stderr: () => stderr.stderr,
    /** Moves the server's clock to `offset` from the real time (`'+2d'`), within ~1 s. */
    async advanceClock(offset) {
      if (!clockFile) throw new Error('start the server with movableClock: true');
      const days = offset.match(/^\+(\d+)d$/);
      if (!days) throw new Error(`an offset like '+2d', not ${offset}`);
      writeFileSync(clockFile, `${offset}\n`);
      // Until the server's own clock says so: its Date header, within a minute.
      const wanted = Date.now() + Number(days[1]) * 86_400_000 - 60_000;
      for (let i = 0; i < 100; i += 1) {
        const reply = await fetch(`http://${hostPort}/livez`);
        if (Date.parse(reply.headers.get('date')) >= wanted) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the server's clock did not move to ${offset}`);
    },
    /** Takes the server away; the database stays. */
    async halt() {
      await kill(running.child);
    },
    /** Brings it back on the same address and database. */
    async restart() {
      running = launch({ bin, siteRoot, dir, addr: hostPort, demo: false, clockFile, extraArgs });
      await running.ready;
      stderr = running.output;
    },
    async stop() {
      await kill(running.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
