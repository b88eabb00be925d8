// The owners' app offline: its files are kept so that the app (and the last plate it showed, which the page
// keeps itself) opens without signal. API calls are never cached; pages are fetched fresh when there is network.
const CACHE = 'ebike-m-v1';

// the page and every file it names (the first visit loaded them before this worker was in control)
async function keepApp() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/m/', { cache: 'no-store' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put('/m/', res);
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll(files);
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepApp().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate') {
    // network first: a new version of the app is used as soon as it is deployed
    event.respondWith(fetch(event.request)
      .then((res) => { const copy = res.clone(); caches.open(CACHE).then((c) => c.put('/m/', copy)); return res; })
      .catch(() => caches.match('/m/')));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // content-hashed file names: a cached copy is always the right one
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); }
      return res;
    })));
  }
});
