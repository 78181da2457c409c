/**
 * The 110 doors' shared contract beyond the request body (rest.ts): signature headers, JetStream
 * subjects, receipts (签收) and the codes a refusal carries. Described for people in docs/intake-110.md.
 */
import type { IncidentState } from './vocabulary';
import type { ErrorBody } from './views';

/** Unix seconds when the sender signed the request. */
export const SIGNATURE_TIMESTAMP_HEADER = 'x-xiaonao-timestamp';
/** `sha256=<hex>`: HMAC-SHA256 with the integration's signing secret over `${timestamp}.${rawBody}`. */
export const SIGNATURE_HEADER = 'x-xiaonao-signature';
export const SIGNATURE_PREFIX = 'sha256=';
/** Default tolerance between the sender's timestamp and the hub's receipt (INTAKE_SIGNATURE_WINDOW_SECONDS). */
export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;
/** Largest request body either door takes (bytes); beyond it: 413 PAYLOAD_TOO_LARGE. */
export const INTAKE_MAX_BODY_BYTES = 256 * 1024;

/**
 * JetStream door. Not under `xiaonao.>`: that prefix belongs to the event bus's stream (XIAONAO), and
 * JetStream forbids two streams with overlapping subjects.
 */
export const INTAKE_STREAM = 'XIAONAO_INTAKE';
export const INTAKE_SUBJECT_PREFIX = 'xiaonao-intake.110';

/** Where a 110 bridge publishes a case for one township: `xiaonao-intake.110.<townshipCode>`. */
export function intake110Subject(townshipCode: string): string {
  return `${INTAKE_SUBJECT_PREFIX}.${townshipCode}`;
}

/** Where the hub answers (签收 or refusal) for that township: `xiaonao-intake.110.<townshipCode>.receipt`. */
export function intake110ReceiptSubject(townshipCode: string): string {
  return `${intake110Subject(townshipCode)}.receipt`;
}

/** The hub has the case, committed: the 签收 sent back on both doors. */
export interface Intake110Receipt {
  caseNo: string;
  incidentId: string;
  /** true: this case number was already received with the same content; nothing new was made. */
  duplicate: boolean;
  /** true: the report joined an open incident of the same event (another number); `incidentId` is that incident. */
  linked: boolean;
  /** When the township received the case (the 1-3-8 clocks start here), as stored. */
  receivedAt: string;
  /** When the hub signed for this delivery. */
  signedAt: string;
  state: IncidentState;
  /** The state in Chinese, e.g. 「待派单」. */
  stateLabel: string;
}

/**
 * One answer on the JetStream receipt subject, for one request message. `sequence` is the request's
 * stream sequence; `messageId` echoes its `Nats-Msg-Id` header when it had one. `statusCode` is what
 * the HTTP door would have answered.
 */
export type Intake110ReceiptMessage =
  | { ok: true; statusCode: 200 | 201; sequence: number; messageId: string | null; caseNo: string; receipt: Intake110Receipt }
  | { ok: false; statusCode: number; sequence: number; messageId: string | null; caseNo: string | null; error: ErrorBody };

/** Codes a refused 110 request answers with (ErrorBody.code) and the refusal log records. */
export const INTAKE_REFUSAL_CODES = [
  'UNAUTHORIZED',
  'SIGNATURE_MISSING',
  'SIGNATURE_MALFORMED',
  'SIGNATURE_EXPIRED',
  'SIGNATURE_INVALID',
  'SIGNATURE_REPLAYED',
  'FORBIDDEN',
  'INVALID_JSON',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'DUPLICATE_CONFLICT',
  'POLICE_MATTER',
] as const;
export type IntakeRefusalCode = (typeof INTAKE_REFUSAL_CODES)[number];

/** One refused request, as an operator reads the refusal log (GET /api/intake/refusals). */
export interface IntakeRefusalView {
  id: string;
  at: string;
  /** `110-http`, `110-jetstream`, or another signed door's name. */
  door: string;
  integration: string | null;
  code: string;
  field: string | null;
  caseNo: string | null;
  message: string;
  remoteAddress: string | null;
}

/**
 * The 12345 door (国办发〔2022〕12号: non-emergency calls move between 110 and the 12345 hotline): the
 * same signed contract as 110 (headers, signature, receipts, refusal codes), its own path, stream and
 * subjects, its own number (the 12345 工单号), and only API keys of kind '12345'. docs/intake-12345.md.
 */
export const INTAKE_12345_PATH = '/api/intake/12345';
/** Its own stream: the 110 stream's subjects stay as deployed bridges know them. */
export const INTAKE_12345_STREAM = 'XIAONAO_INTAKE_12345';
export const INTAKE_12345_SUBJECT_PREFIX = 'xiaonao-intake.12345';

/** Where the 12345 hotline publishes a work order for one township: `xiaonao-intake.12345.<townshipCode>`. */
export function intake12345Subject(townshipCode: string): string {
  return `${INTAKE_12345_SUBJECT_PREFIX}.${townshipCode}`;
}

/** Where the hub answers it: `xiaonao-intake.12345.<townshipCode>.receipt`. */
export function intake12345ReceiptSubject(townshipCode: string): string {
  return `${intake12345Subject(townshipCode)}.receipt`;
}

/**
 * A 12345 工单号: an optional prefix of up to 6 capital letters (a city's own, e.g. HZ), then 10–30
 * digits, optionally a `-` and a 1–4 digit suffix for a re-dispatched order (…-01). The idempotency key.
 */
export const WORK_ORDER_NO_PATTERN = /^(?:[A-Z]{1,6}-?)?\d{10,30}(?:-\d{1,4})?$/;

export type Intake12345ReceiptMessage = Intake110ReceiptMessage;
