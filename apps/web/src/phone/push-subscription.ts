/**
 * 「开启浏览器推送」: the phone's Web Push switch. Shown only where the browser has a PushManager and
 * the hub has a VAPID key. In mainland China Chrome and Firefox cannot reach their push services, so
 * a failed subscribe is said plainly and DingTalk, SMS and calls still carry the offer.
 * On: notification permission → pushManager.subscribe (userVisibleOnly, the hub's key) → PUT to the
 * hub. Off: unsubscribe → DELETE. A subscription the browser still holds is sent again on each load,
 * so the hub has it even after another worker signed in on the same phone. The switch itself is
 * push-switch.tsx.
 */
import { API, type PushSettingsView, type PushSubscriptionJson } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';

/** The hub's side of the switch. */
export interface PushHub {
  publicKey(): Promise<string | null>;
  save(subscription: PushSubscriptionJson): Promise<void>;
  remove(endpoint: string): Promise<void>;
}

/** The browser's side: the phone's service worker registration, and notification permission. */
export interface PushBrowser {
  pushManager(): Promise<Pick<PushManager, 'getSubscription' | 'subscribe'> | null>;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
}

/** What the switch can say after a change. */
export type PushOutcome = 'on' | 'off' | 'denied' | 'unreachable';


/** `applicationServerKey` as the Push API takes it: the base64url VAPID key as bytes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function asJson(subscription: PushSubscription): PushSubscriptionJson {
  const json = subscription.toJSON();
  return { endpoint: json.endpoint ?? subscription.endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } };
}

/**
 * Where the switch stands on load: null when it is not to be shown (no PushManager, no service worker,
 * no VAPID key on the hub); else whether push is on. A subscription the browser holds is re-sent.
 */
export async function pushState(hub: PushHub, browser: PushBrowser): Promise<{ on: boolean; publicKey: string } | null> {
  const publicKey = await hub.publicKey();
  if (!publicKey) return null;
  const manager = await browser.pushManager();
  if (!manager) return null;
  const current = await manager.getSubscription();
  if (!current || browser.permission() !== 'granted') return { on: false, publicKey };
  await hub.save(asJson(current));
  return { on: true, publicKey };
}

/** Turns push on: permission, a subscription with the hub's key, and the hub told. */
export async function enablePush(hub: PushHub, browser: PushBrowser, publicKey: string): Promise<PushOutcome> {
  const manager = await browser.pushManager();
  if (!manager) return 'unreachable';
  if ((await browser.requestPermission()) !== 'granted') return 'denied';
  const applicationServerKey = keyBytes(publicKey);
  let subscription: PushSubscription;
  try {
    // A subscription made with an older hub key would make subscribe() throw: drop it first.
    const old = await manager.getSubscription();
    if (old) await old.unsubscribe();
    subscription = await manager.subscribe({ userVisibleOnly: true, applicationServerKey });
  } catch {
    // AbortError "push service error": the browser's push service is out of reach.
    return 'unreachable';
  }
  await hub.save(asJson(subscription));
  return 'on';
}

/** Turns push off: the browser forgets the subscription, then the hub does. */
export async function disablePush(hub: PushHub, browser: PushBrowser): Promise<PushOutcome> {
  const current = await (await browser.pushManager())?.getSubscription();
  if (current) {
    const { endpoint } = current;
    await current.unsubscribe();
    await hub.remove(endpoint);
  }
  return 'off';
}

/** The hub's push routes, through the page's API client. */
export function hubPush(api: ApiClient): PushHub {
  return {
    publicKey: async () => (await api.get<PushSettingsView>(API.myPush)).publicKey,
    save: async (subscription) => {
      await api.put(API.myPush, subscription);
    },
    remove: async (endpoint) => {
      await api.delete(API.myPushEndpoint(endpoint));
    },
  };
}

/** The real browser, or null where there is no Push API. */
export function browserPush(): PushBrowser | null {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return null;
  return {
    // Subscribing needs an active worker: wait for it (under the Vite dev server there is none, and no switch).
    pushManager: async () => (await navigator.serviceWorker.ready).pushManager,
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
  };
}
