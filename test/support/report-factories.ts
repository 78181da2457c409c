/** Small factories for the operator and patrol doors, and a gazetteer for the test township. */
import { REPORT_PHOTO_MAX_BYTES, type LngLat, type OperatorEntryRequest, type PatrolReportRequest } from '@xiaonao/contracts';

/** The test township's name, as real standard addresses carry it (see newTownshipSeed). */
export const testTown = (code = 'testtown') => `测试街道${code}`;

/** A point `east`/`north` metres from the test township's south-west corner (120.50, 30.28). */
export function pointAt(eastM: number, northM: number, origin: LngLat = { lng: 120.5, lat: 30.28 }): LngLat {
  const perDegLat = 111_195;
  return { lng: origin.lng + eastM / (perDegLat * Math.cos((origin.lat * Math.PI) / 180)), lat: origin.lat + northM / perDegLat };
}

export function newOperatorEntry(overrides: Partial<OperatorEntryRequest> = {}): OperatorEntryRequest {
  return {
    channel: 'phone',
    callerName: '李先生',
    callerPhone: '13905710000',
    location: pointAt(150, 550),
    coordSystem: 'WGS84',
    category: 'water_leak',
    description: '楼上水管爆裂，水从天花板渗下',
    ...overrides,
  };
}

export function newPatrolReport(overrides: Partial<PatrolReportRequest> = {}): PatrolReportRequest {
  return {
    category: 'fire_hazard',
    description: '楼道里堆满纸箱，堵住了消防通道',
    position: { ...pointAt(250, 560), coordSystem: 'WGS84', accuracyM: 8 },
    address: '第一网格幸福路口',
    ...overrides,
  };
}

/** Bytes that start like a JPEG; the hub checks the signature, not that the image draws. */
export function jpegBytes(size = 64): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
  return bytes;
}

export const jpegDataUrl = (size = 64) => `data:image/jpeg;base64,${jpegBytes(size).toString('base64')}`;

/** One byte over the limit. */
export const oversizedJpeg = () => jpegBytes(REPORT_PHOTO_MAX_BYTES + 1);

/** A gazetteer CSV for the test township: a market, a village address, and its neighbour. */
export function testGazetteerCsv(code = 'testtown'): string {
  const town = testTown(code);
  return [
    'kind,name,address,aliases,lng,lat',
    `named_place,河庄农贸市场,${town}河庄大道318号,河庄菜市场,120.505,30.285`,
    `address,,${town}新围村12组35号,,120.503,30.282`,
    `address,,${town}新围村12组36号,,120.5032,30.2821`,
  ].join('\n');
}
