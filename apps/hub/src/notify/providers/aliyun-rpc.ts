/**
 * Aliyun's RPC-style API (dysmsapi for SMS, dyvmsapi for voice), signature version 1.0, as documented
 * in 「签名机制」 (help.aliyun.com/document_detail/28839 and the SMS "Signature method" page):
 * - common parameters AccessKeyId, Action, Format=JSON, RegionId, SignatureMethod=HMAC-SHA1,
 *   SignatureVersion=1.0, SignatureNonce (unique per request), Timestamp (UTC, YYYY-MM-DDThh:mm:ssZ), Version;
 * - canonicalized query string: every parameter but Signature, sorted by name, names and values
 *   percent-encoded per RFC 3986 (space → %20, `*` → %2A, `~` kept), joined by `=` and `&`;
 * - StringToSign = METHOD + "&" + percentEncode("/") + "&" + percentEncode(canonicalized);
 * - Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 * The spec next to this file checks it against the documented SendSms example.
 * Answers are JSON `{ Code, Message, RequestId, … }`, Code "OK" on success.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { asRecord, exchange, stringField, type ProviderAnswer } from './provider-http';

export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** RFC 3986 with Aliyun's replacements: encodeURIComponent leaves ! ' ( ) * alone, Aliyun does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalizedQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name])}`)
    .join('&');
}

export function rpcSignature(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** `2017-07-12T02:42:19Z`: ISO 8601 in UTC without milliseconds, as the docs require. */
export function rpcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface RpcCall {
  /** e.g. 「阿里云短信 SendSms」, for messages. */
  what: string;
  endpoint: string;
  credentials: AliyunCredentials;
  version: string;
  action: string;
  params: Readonly<Record<string, string>>;
  timeoutMs: number;
}

export interface RpcAnswer extends ProviderAnswer {
  record: Record<string, unknown> | null;
  /** `OK`, an error code (`isv.MOBILE_NUMBER_ILLEGAL`, `SignatureDoesNotMatch`…), or null when the answer had none. */
  code: string | null;
  message: string | null;
}

/**
 * Signs and POSTs one call (parameters in a form body; POST keeps long TemplateParams out of URLs).
 * The Timestamp is the machine's wall clock, not the hub's injectable one: Aliyun compares it with
 * its own clock (±15 minutes), whatever time a test pretends it is.
 */
export async function callAliyunRpc(call: RpcCall): Promise<RpcAnswer> {
  const params: Record<string, string> = {
    ...call.params,
    AccessKeyId: call.credentials.accessKeyId,
    Action: call.action,
    Format: 'JSON',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: rpcTimestamp(new Date()),
    Version: call.version,
  };
  params.Signature = rpcSignature('POST', params, call.credentials.accessKeySecret);
  const body = Object.entries(params)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
  const answer = await exchange(
    call.what,
    `${call.endpoint.replace(/\/+$/, '')}/`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' }, body },
    call.timeoutMs,
  );
  const record = asRecord(answer.body);
  return { ...answer, record, code: stringField(record, 'Code'), message: stringField(record, 'Message') };
}

/** 「isv.MOBILE_NUMBER_ILLEGAL 非法手机号」, or the HTTP status when the answer carried no code. */
export function rpcFailureDetail(answer: RpcAnswer): string {
  if (answer.code) return answer.message ? `${answer.code} ${answer.message}` : answer.code;
  return `HTTP ${answer.httpStatus} ${typeof answer.body === 'string' ? answer.body.slice(0, 120) : ''}`.trim();
}
