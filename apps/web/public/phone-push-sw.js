/*
 * Web Push in the phone's service worker, pulled into Workbox's generated phone-sw.js with
 * importScripts (apps/web/vite.config.ts). The hub pushes a small JSON (PushPagePayload in
 * libs/contracts/src/push.ts): case number, category, address, the phone page's URL, the offer id.
 * Every push shows a notification: the page subscribed with userVisibleOnly, and a worker with the
 * screen off must see and hear it. Plain JS: it runs as it is, untouched by the build.
 */
/* global self, clients */

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: still tell the worker something came.
  }
  const where = [data.category, data.address].filter(Boolean).join(' · ');
  const body = `${where || '请打开小脑手机页面查看'}${data.caseNo ? `（${data.caseNo}）` : ''}`;
  event.waitUntil(
    self.registration.showNotification('新派单', {
      body,
      // One notification per offer: a second push for it replaces the first (and rings again).
      tag: data.offerId || 'xiaonao-offer',
      renotify: true,
      requireInteraction: true,
      vibrate: [500, 200, 500, 200, 500],
      icon: 'icons/phone-192.png',
      badge: 'icons/phone-192.png',
      lang: 'zh-CN',
      data: { url: data.url || 'phone.html', offerId: data.offerId || null },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || 'phone.html', self.registration.scope);
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // The phone page already open (in any state): bring it forward rather than open a second one.
      const open = windows.find((w) => new URL(w.url).pathname === target.pathname);
      return open ? open.focus() : clients.openWindow(target.href);
    }),
  );
});
