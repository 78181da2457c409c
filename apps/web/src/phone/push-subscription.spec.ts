import { describe, expect, it } from 'vitest';
import type { PushSubscriptionJson } from '@xiaonao/contracts';
import { disablePush, enablePush, keyBytes, pushState, type PushBrowser, type PushHub } from './push-subscription';

/**
 * The phone's push switch with a fake hub and a fake browser: Chromium cannot subscribe in a test (its
 * push service is Google's, unreachable here and not replaceable by a stand-in), so the steps are
 * checked here, against the Push API's shapes.
 */

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

function newHub(publicKey: string | null = KEY) {
  const saved: PushSubscriptionJson[] = [];
  const removed: string[] = [];
  const hub: PushHub = {
    publicKey: () => Promise.resolve(publicKey),
    save: (s) => Promise.resolve(void saved.push(s)),
    remove: (e) => Promise.resolve(void removed.push(e)),
  };
  return { hub, saved, removed };
}

function newBrowser(options: { permission?: NotificationPermission; answer?: NotificationPermission; held?: boolean; unreachable?: boolean; noWorker?: boolean } = {}) {
  let permission = options.permission ?? 'default';
  let held: PushSubscription | null = null;
  const subscribed: PushSubscriptionOptionsInit[] = [];
  const make = (endpoint: string): PushSubscription => {
    const sub = {
      endpoint,
      toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BPubKey', auth: 'authSecret' } }),
      unsubscribe: () => {
        held = null;
        return Promise.resolve(true);
      },
    };
    return sub as unknown as PushSubscription;
  };
  if (options.held) held = make('https://push.example/held');
  const manager: Pick<PushManager, 'getSubscription' | 'subscribe'> = {
    getSubscription: () => Promise.resolve(held),
    subscribe: (init?: PushSubscriptionOptionsInit) => {
      if (options.unreachable) return Promise.reject(new DOMException('Registration failed - push service error', 'AbortError'));
      subscribed.push(init ?? {});
      held = make('https://push.example/new');
      return Promise.resolve(held);
    },
  };
  const browser: PushBrowser = {
    pushManager: () => Promise.resolve(options.noWorker ? null : manager),
    permission: () => permission,
    requestPermission: () => {
      permission = options.answer ?? 'granted';
      return Promise.resolve(permission);
    },
  };
  return { browser, subscribed, held: () => held };
}

describe('the browser push switch', () => {
  it('is not shown when the hub has no VAPID key or the page has no service worker', async () => {
    expect(await pushState(newHub(null).hub, newBrowser().browser)).toBeNull();
    expect(await pushState(newHub().hub, newBrowser({ noWorker: true }).browser)).toBeNull();
  });

  it('is off until the worker turns it on, and re-sends a subscription the browser still holds', async () => {
    expect(await pushState(newHub().hub, newBrowser().browser)).toEqual({ on: false, publicKey: KEY });
    const { hub, saved } = newHub();
    expect(await pushState(hub, newBrowser({ held: true, permission: 'granted' }).browser)).toEqual({ on: true, publicKey: KEY });
    expect(saved.map((s) => s.endpoint)).toEqual(['https://push.example/held']);
  });

  it('asks for permission, subscribes with the hub’s key for visible pushes only, and tells the hub', async () => {
    const { hub, saved } = newHub();
    const b = newBrowser();
    expect(await enablePush(hub, b.browser, KEY)).toBe('on');
    expect(b.subscribed).toHaveLength(1);
    expect(b.subscribed[0].userVisibleOnly).toBe(true);
    expect(b.subscribed[0].applicationServerKey).toEqual(keyBytes(KEY));
    expect(saved).toEqual([{ endpoint: 'https://push.example/new', expirationTime: null, keys: { p256dh: 'BPubKey', auth: 'authSecret' } }]);
  });

  it('stays off when notifications are refused, and says so when the push service is out of reach', async () => {
    const refused = newHub();
    expect(await enablePush(refused.hub, newBrowser({ answer: 'denied' }).browser, KEY)).toBe('denied');
    const unreachable = newHub();
    expect(await enablePush(unreachable.hub, newBrowser({ unreachable: true }).browser, KEY)).toBe('unreachable');
    expect([...refused.saved, ...unreachable.saved]).toEqual([]);
  });

  it('turns off: the browser unsubscribes and the hub forgets the endpoint', async () => {
    const { hub, removed } = newHub();
    const b = newBrowser({ held: true, permission: 'granted' });
    expect(await disablePush(hub, b.browser)).toBe('off');
    expect(b.held()).toBeNull();
    expect(removed).toEqual(['https://push.example/held']);
  });

  it('turns the base64url VAPID key into the 65 bytes of a P-256 point', () => {
    const bytes = keyBytes(KEY);
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBe(0x04);
  });
});
