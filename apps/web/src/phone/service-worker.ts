/**
 * Registers the Workbox service worker built by vite-plugin-pwa (apps/web/vite.config.mts). Its scope
 * is the phone page alone: the console and station pages stay ordinary pages, and the worker only
 * serves the precached shell; `/api` and `/socket.io` always go to the network.
 */
export const SERVICE_WORKER_URL = './phone-sw.js';
export const SERVICE_WORKER_SCOPE = './phone.html';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // Absent under the Vite dev server (no build): the page works without it, online.
  navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE }).catch(() => undefined);
}
