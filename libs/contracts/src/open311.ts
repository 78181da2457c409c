/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), as a city's citizen-report tools speak
 * it: JSON only, field names as the spec writes them (snake_case, `long` for longitude). Described
 * for people in docs/open311.md.
 */

const BASE = '/open311/v2';

export const OPEN311_API = {
  services: `${BASE}/services.json`,
  service: (code: string) => `${BASE}/services/${encodeURIComponent(code)}.json`,
  requests: `${BASE}/requests.json`,
  request: (id: string) => `${BASE}/requests/${encodeURIComponent(id)}.json`,
} as const;

/** The spec's `api_key` parameter (query string or form field); the hub's `x-api-key` header is taken too. */
export const OPEN311_API_KEY_PARAM = 'api_key';

/** One service (a category the township handles) in GET services.json. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** false: no extra attributes to fill in (no service definition beyond an empty list). */
  metadata: boolean;
  /** realtime: the service_request_id comes back at once. */
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** GET services/{code}.json: the service definition; our services have no attributes. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** The answer to POST requests.json: one element. */
export interface Open311Created {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
}

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** One request in GET requests.json and requests/{id}.json; no personal data (no caller, no phone). */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  /** What happened, in Chinese: 「已接单 · 网格员张三」, 「已退回公安：…」, 「已办结：…」. */
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  /** W3C date-time with offset, Asia/Shanghai (2026-11-21T09:30:00+08:00). */
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string | null;
  zipcode: string | null;
  /** WGS-84. */
  lat: number;
  long: number;
  media_url: string | null;
}

/** Every Open311 error answer is a list of these; `code` is the HTTP status. */
export interface Open311Error {
  code: number;
  description: string;
}
