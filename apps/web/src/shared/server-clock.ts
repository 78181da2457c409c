/**
 * The hub's idea of now. Command-room PCs and phones are not always synced; the 1-3-8 clocks are
 * measured by the hub, so countdowns follow the hub's clock as read from HTTP `Date` headers.
 * The header has one-second resolution, so offsets under two seconds are treated as none.
 */
let offsetMs = 0;

export function noteServerDate(header: string | null): void {
  if (!header) return;
  const server = Date.parse(header);
  if (Number.isNaN(server)) return;
  // The header is truncated to the second: the hub's time was somewhere in [server, server + 1 s).
  const offset = server + 500 - Date.now();
  offsetMs = Math.abs(offset) >= 2000 ? offset : 0;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}
