/**
 * Which integrations may use a door: each API key says what it is (api_key.kind), and a door names
 * the kinds it takes. A key of another kind is a 403 that names the key and says which door it
 * belongs to, so a 12345 bridge pointed at the 110 door (or the reverse) learns why at once.
 */
import { API_KEY_HEADER, type IntegrationKind } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Integration } from './session';

/** What each kind is, as a person reads it in a refusal. */
const KIND_NAMES: Record<IntegrationKind, { zh: string; en: string }> = {
  '110': { zh: '110 联动平台', en: 'a 110 integration' },
  '12345': { zh: '12345 热线', en: 'a 12345 hotline integration' },
  camera: { zh: '视频巡查平台', en: 'a camera platform' },
  open311: { zh: 'Open311 市民上报应用', en: 'an Open311 citizen-report tool' },
};

/** The access extension value of a door taking only some kinds: `signed-api-key:12345`, `api-key:open311`. */
export const kindAccess = (base: 'api-key' | 'signed-api-key', kinds: readonly IntegrationKind[]): string[] => (kinds.length ? kinds.map((k) => `${base}:${k}`) : [base]);

/** Throws a 403 unless the integration is of one of `kinds` (none: every kind). `field` names where the key came from. */
export function admitKind(integration: Integration, kinds: readonly IntegrationKind[], doorZh: string, doorEn: string, field: string = API_KEY_HEADER): void {
  if (kinds.length === 0 || kinds.includes(integration.kind)) return;
  const is = KIND_NAMES[integration.kind];
  const wanted = kinds.map((k) => KIND_NAMES[k]);
  throw new DomainError(
    'FORBIDDEN',
    `${field}：该 API 密钥属于${is.zh}，不能使用${doorZh}（仅限${wanted.map((w) => w.zh).join('、')}的密钥）`,
    `${field}: this API key is ${is.en}; ${doorEn} takes only keys of ${wanted.map((w) => w.en).join(', ')}`,
    field,
  );
}
