// Offline once loaded: a service worker (templates/workshop/sw.js, served at
// /j/sw.js) keeps the phone's page; this fills its cache with the page and
// what it loaded. Browsers allow it on https or localhost only (docs/guarantees.md).

export function keepOffline(worker) {
  navigator.serviceWorker
    .register(worker, { scope: new URL(".", new URL(worker, location.href)).pathname })
    .then(() => caches.open("ak-phone-1"))
    .then(async (cache) => {
      // Only what is missing: later visits are kept by the worker as they load.
      const loaded = performance.getEntriesByType("resource").map((e) => e.name);
      const own = [location.href, ...loaded].filter((u) => new URL(u).origin === location.origin && !u.includes("/ws/"));
      const missing = [];
      for (const url of new Set(own)) if (!(await cache.match(url, { ignoreVary: true }))) missing.push(url);
      return cache.addAll(missing);
    })
    .catch(() => {
      /* no room or no permission: the page works online as before */
    });
}
