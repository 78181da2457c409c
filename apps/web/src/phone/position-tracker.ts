/**
 * The phone's position from the browser (W3C geolocation reports WGS-84). Kept for the next step a
 * worker takes and reported to the hub, at most every 15 s unless the worker moved noticeably, and at
 * least every `fixIntervalSeconds` (PhoneSettingsView): a worker waiting on site does not move, the
 * browser then reports nothing, and the hub would take the last fix for stale.
 */
import type { PositionFix } from '@xiaonao/contracts';

const MIN_INTERVAL_MS = 15_000;
const MIN_MOVE_M = 25;

export class PositionTracker {
  private last: PositionFix | null = null;
  private lastSent: { fix: PositionFix; at: number } | null = null;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;

  /** `send` answers false when it could not send now (offline); the fix goes out on `flush`. */
  constructor(
    private readonly send: (fix: PositionFix) => boolean,
    private readonly onStatus: (available: boolean) => void,
  ) {}

  start(): void {
    if (!('geolocation' in navigator)) {
      this.onStatus(false);
      return;
    }
    navigator.geolocation.watchPosition(
      (position) => this.update(position),
      () => this.onStatus(false),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
  }

  /** The latest fix, for a step request; undefined when the phone has none. */
  current(): PositionFix | undefined {
    return this.last ?? undefined;
  }

  private update(position: GeolocationPosition, due = false): void {
    const fix: PositionFix = {
      lng: position.coords.longitude,
      lat: position.coords.latitude,
      coordSystem: 'WGS84',
      at: new Date(position.timestamp).toISOString(),
      accuracyM: Math.round(position.coords.accuracy),
    };
    this.last = fix;
    this.onStatus(true);
    const now = Date.now();
    if (!due && this.lastSent && now - this.lastSent.at < MIN_INTERVAL_MS && metresBetween(this.lastSent.fix, fix) < MIN_MOVE_M) return;
    if (this.send(fix)) this.lastSent = { fix, at: now };
  }

  /** Sends a fresh fix whenever none went out for `seconds`, moving or not. */
  keepAlive(seconds: number): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    const everyMs = Math.max(5, seconds) * 1000;
    // Checked more often than the interval so a fix is never much later than due.
    this.keepAliveTimer = setInterval(() => {
      if (this.lastSent && Date.now() - this.lastSent.at < everyMs - 1000) return;
      if (!('geolocation' in navigator)) return;
      navigator.geolocation.getCurrentPosition(
        (position) => this.update(position, true),
        () => this.onStatus(false),
        { enableHighAccuracy: true, maximumAge: everyMs / 2, timeout: everyMs },
      );
    }, everyMs / 4);
  }

  /** Sends the latest fix now, e.g. right after the socket (re)connects. */
  flush(): void {
    if (this.last && this.send(this.last)) this.lastSent = { fix: this.last, at: Date.now() };
  }
}

/** Equirectangular distance: plenty for "did the phone move 25 m". */
function metresBetween(a: PositionFix, b: PositionFix): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.hypot(x, y) * 6_371_000;
}
