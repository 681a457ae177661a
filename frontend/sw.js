// 民生实事台账 service worker. The site build (.ci/lib/site.sh) fills in the version and
// the precache list and writes the result to the site root as /sw.js.
//
// It precaches the content-hashed /pkg files, the favicon, the manifest and the data-free
// /field shell, so the field app opens with no network, even after the browser was closed.
// Reports never pass through here: they live in IndexedDB (outbox.js), as do photos,
// which a new build never touches. A new build installs beside the old one and waits; the page lets it take over
// only when no sync is running.

const VERSION = '__VERSION__';
const CACHE = `taizhang-${VERSION}`;
const PRECACHE = __PRECACHE__;
const SHELL = '/field';
const NETWORK_WAIT_MS = 4000;

// A hashed /pkg file never changes, so the copy the page itself has just downloaded (kept
// by the HTTP cache: the server marks them immutable) is taken as it is; on a weak link a
// first visit would otherwise download the WASM twice. The files without a hash in their
// names (the shell, /evidence.js, /outbox.js …) bypass the HTTP cache: it may hold an
// older build's copy.
const cacheMode = (url) => (url.startsWith('/pkg/') ? 'default' : 'reload');

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: cacheMode(url) })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('taizhang-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// The network, unless it takes too long (a village's "lie-fi"), then the cache.
async function networkThenCache(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow network')), NETWORK_WAIT_MS)),
    ]);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/pkg/') || PRECACHE.includes(url.pathname) && url.pathname !== SHELL) {
    // Hashed names never change content: the cache is always right.
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
  } else if (request.mode === 'navigate' && url.pathname === SHELL) {
    event.respondWith(networkThenCache(request, SHELL));
  }
  // Everything else (pages with data, the API) goes to the network as usual.
});
