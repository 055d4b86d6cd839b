// The phone page's service worker (served at /j/sw.js: its scope is every join page).
//
// Network first, always: online, a phone gets what the server has now. A copy
// of what the page fetched is kept, so a reload without a connection still
// shows the page, its scripts and fonts, and says it is offline; what the
// person did meanwhile waits in the page's local storage (static/js/live.js).
// Browsers allow this only over https or on localhost (docs/deploy.md).

const CACHE = "ak-phone-1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true, ignoreSearch: false });
    if (kept) return kept;
    throw error;
  }
}
