/**
 * Times in the exports: ISO-8601 with the Asia/Shanghai offset written out (+08:00), which both the
 * EIDO schema's date-time and CAP's dateTime accept. China keeps no summer time, so the offset is fixed.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 2026-12-02T20:04:46.123+08:00; without `millis`, 2026-12-02T20:04:46+08:00 (CAP allows no fractions). */
export function shanghaiIso(at: Date | string, millis = true): string {
  const shifted = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, millis ? 23 : 19)}+08:00`;
}
