/** Asia/Shanghai wall-clock formatting. China has kept UTC+8 all year since 1991, so a fixed offset is exact. */
const OFFSET_MS = 8 * 3600 * 1000;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** ISO-8601 with the +08:00 offset, as the 110 platform writes its times. */
export function toShanghaiIso(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MS);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}+08:00`
  );
}

/** yyyyMMddHHmmss in Shanghai time. */
export function shanghaiStamp(date: Date): string {
  return toShanghaiIso(date).slice(0, 19).replace(/[-T:]/g, '');
}
