// 民生实事台账: the phone's report queue in IndexedDB. The field bundle imports it as a
// module (app/src/field/browser/storage.rs); what a report is and how it syncs stay in Rust.
//
// IndexedDB database `taizhang-outbox`:
//   reports  "<report id>"  →  JSON text of the report and its sync state (one write each)
//   meta     "sync"         →  JSON text of the device's sync state (cursor, pause …)
//
// Builds before this one kept the same JSON texts in localStorage under
// `taizhang.report.<id>` and `taizhang.sync-meta`. They are moved here in one transaction,
// and removed from localStorage only after that transaction is durable: a phone that is
// cut off, closed or full half-way still has every report in one place or the other.

const DB_NAME = 'taizhang-outbox';
const LEGACY_REPORT = 'taizhang.report.';
const LEGACY_META = 'taizhang.sync-meta';
const META_KEY = 'sync';

let opened;
function db() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('reports');
      request.result.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

// Other tabs learn of every write here (localStorage had the `storage` event for that).
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(DB_NAME) : null;

// Runs `act` in one transaction; resolves with its result once the transaction is durable.
async function run(stores, mode, act) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(stores, mode, { durability: 'strict' });
    let result;
    act(tx, (value) => {
      result = value;
    });
    tx.oncomplete = () => {
      if (mode === 'readwrite') channel?.postMessage('changed');
      resolve(result);
    };
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
  });
}

function legacyKeys() {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(LEGACY_REPORT) || key === LEGACY_META) keys.push(key);
  }
  return keys;
}

// Moves what an earlier build left in localStorage. A record already here wins: it was
// moved before (and the localStorage copy outlived a crash) or written since.
async function moveLegacy() {
  const keys = legacyKeys();
  if (keys.length === 0) return;
  await run(['reports', 'meta'], 'readwrite', (tx) => {
    for (const key of keys) {
      const text = localStorage.getItem(key);
      if (text === null) continue;
      const [store, id] =
        key === LEGACY_META ? ['meta', META_KEY] : ['reports', key.slice(LEGACY_REPORT.length)];
      const target = tx.objectStore(store);
      target.getKey(id).onsuccess = (event) => {
        if (event.target.result === undefined) target.put(text, id);
      };
    }
  });
  for (const key of keys) localStorage.removeItem(key);
}

// Every report's JSON text.
export async function allReports() {
  await moveLegacy();
  return run('reports', 'readonly', (tx, done) => {
    tx.objectStore('reports').getAll().onsuccess = (event) => done(event.target.result);
  });
}

export async function getReport(id) {
  await moveLegacy();
  return run('reports', 'readonly', (tx, done) => {
    tx.objectStore('reports').get(id).onsuccess = (event) => done(event.target.result ?? null);
  });
}

export const putReport = (id, text) =>
  run('reports', 'readwrite', (tx) => tx.objectStore('reports').put(text, id));

export const deleteReport = (id) =>
  run('reports', 'readwrite', (tx) => tx.objectStore('reports').delete(id));

export async function getMeta() {
  await moveLegacy();
  return run('meta', 'readonly', (tx, done) => {
    tx.objectStore('meta').get(META_KEY).onsuccess = (event) => done(event.target.result ?? null);
  });
}

export const putMeta = (text) =>
  run('meta', 'readwrite', (tx) => tx.objectStore('meta').put(text, META_KEY));

// Calls `callback` whenever another tab wrote to the queue.
export function onChange(callback) {
  if (channel) channel.onmessage = () => callback();
}
