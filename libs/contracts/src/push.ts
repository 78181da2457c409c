/**
 * Web Push (浏览器推送): the phone page's browser subscriptions, as the Push API hands them out
 * (PushSubscription.toJSON()), and what the phone needs to subscribe. In mainland China Chrome and
 * Firefox cannot reach their push services, so this is an extra on the chain, never the step it relies on.
 */

/** `PushSubscription.toJSON()`: the push service's endpoint and the browser's keys (RFC 8291), base64url. */
export interface PushSubscriptionJson {
  endpoint: string;
  /** Milliseconds since the epoch, or null; browsers rarely set it. */
  expirationTime?: number | null;
  keys: {
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: string;
    /** The 16-byte authentication secret. */
    auth: string;
  };
}

/** `GET /api/workers/me/push`: the hub's VAPID public key (applicationServerKey), or null when Web Push is not configured. */
export interface PushSettingsView {
  publicKey: string | null;
}

/** What the service worker receives in a push (encrypted on the wire, JSON inside). Kept small: a push carries at most 4 kB. */
export interface PushPagePayload {
  kind: 'offer';
  /** The offer: the notification's tag, so a second push for it replaces the first. */
  offerId: string;
  caseNo: string;
  /** e.g. 「纠纷」. */
  category: string;
  address: string;
  /** The phone page, absolute: opened on a tap. */
  url: string;
  /** ISO 8601: when the offer lapses. */
  expiresAt: string;
}
