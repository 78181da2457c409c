/**
 * A stand-in for Aliyun's SMS (dysmsapi) and voice (dyvmsapi) RPC APIs, Version 2017-05-25, on one
 * server: both speak the same RPC protocol and signature, and are told apart by Action.
 *
 * Checked as help.aliyun.com documents it (「签名机制」, SendSms, QuerySendDetails, SingleCallByTts,
 * QueryCallDetailByCallId, 「API错误码」 of both products):
 * - GET with query parameters, or POST with them in an x-www-form-urlencoded body;
 * - common parameters present: AccessKeyId, Action, Format (JSON: all this stand-in speaks), RegionId,
 *   SignatureMethod HMAC-SHA1, SignatureVersion 1.0, SignatureNonce, Timestamp, Version 2017-05-25,
 *   Signature; otherwise HTTP 400 `Missing<Name>` / InvalidVersion, 404 InvalidAction.NotFound;
 * - Timestamp `YYYY-MM-DDThh:mm:ssZ` (InvalidTimeStamp.Format) within 15 minutes of the stand-in's
 *   clock (InvalidTimeStamp.Expired); AccessKeyId known (404 InvalidAccessKeyId.NotFound); Signature
 *   recomputed here with the configured secret, independently of the hub's code (400
 *   SignatureDoesNotMatch, with the server's string to sign, as Aliyun answers); a nonce used once
 *   (400 SignatureNonceUsed);
 * - SendSms: PhoneNumbers (mainland mobiles, ≤ 1000; isv.MOBILE_NUMBER_ILLEGAL), SignName
 *   (isv.SMS_SIGNATURE_ILLEGAL), TemplateCode (isv.SMS_TEMPLATE_ILLEGAL), TemplateParam a JSON object
 *   of strings (isv.INVALID_JSON_PARAM) each ≤ 35 characters (isv.PARAM_LENGTH_LIMIT), OutId
 *   → `{ Code: "OK", Message: "OK", BizId, RequestId }`;
 * - QuerySendDetails: PhoneNumber, BizId, SendDate yyyyMMdd (the Asia/Shanghai day of the send),
 *   PageSize 1–50, CurrentPage ≥ 1 → `{ Code, Message, RequestId, TotalCount,
 *   SmsSendDetailDTOs: { SmsSendDetailDTO: [{ PhoneNum, SendStatus 1|2|3, ErrCode, TemplateCode,
 *   Content, SendDate, ReceiveDate, OutId }] } }`;
 * - SingleCallByTts: CalledShowNumber (isv.DISPLAY_NUMBER_ILLEGAL), CalledNumber
 *   (isv.MOBILE_NUMBER_ILLEGAL), TtsCode (isv.TTS_TEMPLATE_ILLEGAL), TtsParam a JSON object of strings
 *   (isv.TEMPLATE_PARAMS_ILLEGAL), PlayTimes 1–3, OutId → `{ Code, Message, CallId, RequestId }`; per
 *   called number at most 1 call a minute, 5 an hour, 20 in 24 hours, calls that failed or were not
 *   answered included (isv.BUSINESS_LIMIT_CONTROL 触发分钟级/小时级/天级流控);
 * - QueryCallDetailByCallId: CallId, ProdId (11000000300006: voice notices; another product has no
 *   record of the call), QueryDate in ms (the Asia/Shanghai day searched) → `{ Code, Message,
 *   RequestId, Data }`, Data a JSON string `{ caller, callee, callerShowNumber, startDate, endDate,
 *   duration, state, stateDesc, gmtCreate }` or null while the call has no record yet.
 * Assumed, not found in the docs: InvalidSignatureMethod / InvalidSignatureVersion / InvalidParameter
 * codes for those common parameters, isv.INVALID_PARAMETERS for PlayTimes, PageSize, CurrentPage,
 * SendDate and QueryDate, the `Permits:n` wording of the limit messages.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson, listen, requestId, scriptedError, type SendBehaviour, type StandInRequest, type StandInServer } from './standin-http';

/** What a later query says: SMS delivered/pending/failed, or how the call went. */
export type AliyunResult = 'delivered' | 'pending' | 'failed' | 'answered' | 'no_answer' | 'busy' | 'powered_off' | 'ringing';

export interface AliyunBehaviour {
  send?: SendBehaviour;
  result?: AliyunResult;
  /** The carrier's code on a failed SMS (default MK:0001). */
  errCode?: string;
  /** Only for this product; without it the script applies to both. */
  product?: 'sms' | 'voice';
}

export interface AliyunStandInOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** When given, SendSms must use these. */
  sms?: { signName?: string; templateCode?: string };
  /** When given, SingleCallByTts must use these. */
  voice?: { showNumber?: string; ttsCode?: string };
  /** The provider's clock (Timestamp window, limits, record dates); default the wall clock. */
  now?: () => Date;
}

export interface SmsRecord {
  bizId: string;
  phone: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string | null;
  at: Date;
}

export interface CallRecord {
  callId: string;
  number: string;
  showNumber: string;
  ttsParam: Record<string, string>;
  outId: string | null;
  at: Date;
}

export interface AliyunStandIn extends StandInServer {
  /** Every request, taken or refused, with the code it was answered with. */
  requests: StandInRequest[];
  messages: SmsRecord[];
  /** Calls placed, answered or not (a hung SingleCallByTts is placed too). */
  calls: CallRecord[];
  behave(phone: string, behaviour: AliyunBehaviour): void;
}

const VERSION = '2017-05-25';
const ACTIONS = new Set(['SendSms', 'QuerySendDetails', 'SingleCallByTts', 'QueryCallDetailByCallId']);
const COMMON = ['AccessKeyId', 'Action', 'Format', 'RegionId', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'];
const VOICE_NOTICE_PROD_ID = '11000000300006';
const SHANGHAI_MS = 8 * 3600_000;
const LIMITS = [
  { name: '分钟级', windowMs: 60_000, max: 1 },
  { name: '小时级', windowMs: 3_600_000, max: 5 },
  { name: '天级', windowMs: 86_400_000, max: 20 },
];
/** How a call went, as QueryCallDetailByCallId's Data says it: state, stateDesc, seconds talked; null: no record yet. */
const CALL_OUTCOMES: Readonly<Record<AliyunResult, [string, string, number] | null>> = {
  answered: ['200000', '用户听完语音', 21],
  delivered: ['200000', '用户听完语音', 21],
  no_answer: ['200003', '用户收到呼叫但未接听', 0],
  busy: ['200002', '用户占线', 0],
  powered_off: ['200010', '关机', 0],
  failed: ['200005', '被叫用户无法接通', 0],
  pending: null,
  ringing: null,
};
const SCRIPTED_MESSAGES: Readonly<Record<string, string>> = {
  'isv.BUSINESS_LIMIT_CONTROL': '触发业务流控',
  'isv.AMOUNT_NOT_ENOUGH': '账户余额不足',
  'isv.MOBILE_NUMBER_ILLEGAL': '非法手机号',
  'isv.OUT_OF_SERVICE': '业务停机',
  'isv.BLACK_KEY_CONTROL_LIMIT': '黑名单管控',
};

/**
 * Aliyun's percent-encoding as its docs describe it for Java: form-encode, then `+` → %20, `*` → %2A,
 * %7E → `~`. Deliberately not the hub's implementation, so a shared mistake cannot pass.
 */
function popEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

function stringToSign(method: string, params: Record<string, string>): string {
  const canonical = Object.entries(params)
    .filter(([name]) => name !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${popEncode(name)}=${popEncode(value)}`)
    .join('&');
  return `${method}&${popEncode('/')}&${popEncode(canonical)}`;
}

/** `yyyyMMdd` and `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai. */
function shanghai(at: Date): { day: string; stamp: string } {
  const iso = new Date(at.getTime() + SHANGHAI_MS).toISOString();
  return { day: iso.slice(0, 10).replace(/-/g, ''), stamp: `${iso.slice(0, 10)} ${iso.slice(11, 19)}` };
}

/** A JSON object of string values, or null. */
function stringObject(raw: string): Record<string, string> | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : null;
  } catch {
    return null;
  }
}

const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const isInt = (raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): boolean => raw !== undefined && /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max;

export async function startAliyunStandIn(options: AliyunStandInOptions): Promise<AliyunStandIn> {
  const now = options.now ?? (() => new Date());
  const requests: StandInRequest[] = [];
  const messages: SmsRecord[] = [];
  const calls: CallRecord[] = [];
  const scripts = new Map<string, AliyunBehaviour>();
  const nonces = new Set<string>();

  const script = (product: 'sms' | 'voice', phone: string): AliyunBehaviour => ({ ...scripts.get(`*:${phone}`), ...scripts.get(`${product}:${phone}`) });

  const handle = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const log = (accepted: boolean, code: string): void => {
      requests.push({ at: now(), method, path: url.pathname, params, accepted, code });
    };
    /** A protocol error: HTTP status and Aliyun's error body. */
    const fail = (status: number, code: string, message: string): void => {
      log(false, code);
      answerJson(res, status, { RequestId: requestId(), HostId: req.headers.host ?? 'standin', Code: code, Message: message, Recommend: 'https://api.aliyun.com/troubleshoot' });
    };
    /** A business answer: HTTP 200, Code OK or isv.*. */
    const answer = (code: string, message: string, extra: Record<string, unknown> = {}): void => {
      log(code === 'OK', code);
      answerJson(res, 200, { Code: code, Message: message, RequestId: requestId(), ...extra });
    };

    if (url.pathname !== '/') return fail(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (method !== 'GET' && method !== 'POST') return fail(405, 'UnsupportedHTTPMethod', 'Specified HTTP method is not supported.');
    const missing = COMMON.find((name) => !params[name]);
    if (missing) return fail(400, `Missing${missing}`, `${missing} is mandatory for this action.`);
    if (params.Version !== VERSION) return fail(400, 'InvalidVersion', `Specified parameter Version is not valid: ${params.Version}`);
    if (!ACTIONS.has(params.Action)) return fail(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (params.Format !== 'JSON') return fail(400, 'InvalidParameter', 'Format must be JSON for this stand-in.');
    if (params.SignatureMethod !== 'HMAC-SHA1') return fail(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
    if (params.SignatureVersion !== '1.0') return fail(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp) || Number.isNaN(Date.parse(params.Timestamp))) {
      return fail(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(Date.parse(params.Timestamp) - now().getTime()) > 15 * 60_000) return fail(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (params.AccessKeyId !== options.accessKeyId) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const toSign = stringToSign(method, params);
    const expected = createHmac('sha1', `${options.accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
    if (params.Signature !== expected) return fail(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${toSign}`);
    if (nonces.has(params.SignatureNonce)) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(params.SignatureNonce);

    switch (params.Action) {
      case 'SendSms': {
        if (!params.PhoneNumbers) return fail(400, 'MissingPhoneNumbers', 'PhoneNumbers is mandatory for this action.');
        if (!params.SignName) return fail(400, 'MissingSignName', 'SignName is mandatory for this action.');
        if (!params.TemplateCode) return fail(400, 'MissingTemplateCode', 'TemplateCode is mandatory for this action.');
        const phones = params.PhoneNumbers.split(',');
        if (phones.length > 1000) return answer('isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
        if (!phones.every((p) => /^(\+?86|0086)?1\d{10}$/.test(p))) return answer('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
        if (options.sms?.signName && params.SignName !== options.sms.signName) return answer('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
        if (options.sms?.templateCode && params.TemplateCode !== options.sms.templateCode) return answer('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
        const templateParam = params.TemplateParam === undefined ? {} : stringObject(params.TemplateParam);
        if (!templateParam) return answer('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
        if (Object.values(templateParam).some((v) => [...v].length > 35)) return answer('isv.PARAM_LENGTH_LIMIT', '参数超出长度限制');
        const behaviours = phones.map((p) => script('sms', p.slice(-11)));
        const error = behaviours.map((b) => scriptedError(b.send)).find((code) => code !== null);
        if (error) return answer(error, SCRIPTED_MESSAGES[error] ?? '脚本设定的失败');
        const bizId = `${digits(15)}^${digits(1)}`;
        for (const phone of phones) {
          messages.push({ bizId, phone: phone.slice(-11), signName: params.SignName, templateCode: params.TemplateCode, templateParam, outId: params.OutId ?? null, at: now() });
        }
        // Hanging after taking the message is the case the hub must not resend: it was sent.
        if (behaviours.some((b) => b.send === 'hang')) return log(true, 'hang');
        return answer('OK', 'OK', { BizId: bizId });
      }
      case 'QuerySendDetails': {
        if (!params.PhoneNumber) return fail(400, 'MissingPhoneNumber', 'PhoneNumber is mandatory for this action.');
        if (!/^\d{8}$/.test(params.SendDate ?? '')) return answer('isv.INVALID_PARAMETERS', 'SendDate 须为 yyyyMMdd');
        if (!isInt(params.PageSize, 1, 50)) return answer('isv.INVALID_PARAMETERS', 'PageSize 须为 1–50');
        if (!isInt(params.CurrentPage, 1)) return answer('isv.INVALID_PARAMETERS', 'CurrentPage 须 ≥ 1');
        const found = messages.filter((m) => m.phone === params.PhoneNumber.slice(-11) && shanghai(m.at).day === params.SendDate && (!params.BizId || m.bizId === params.BizId));
        const size = Number(params.PageSize);
        const page = found.slice((Number(params.CurrentPage) - 1) * size, Number(params.CurrentPage) * size);
        const dtos = page.map((m) => {
          const b = script('sms', m.phone);
          const result = b.result ?? 'delivered';
          const status = result === 'delivered' || result === 'answered' ? 3 : result === 'pending' || result === 'ringing' ? 1 : 2;
          return {
            PhoneNum: m.phone,
            SendStatus: status,
            ErrCode: status === 3 ? 'DELIVERED' : status === 2 ? (b.errCode ?? 'MK:0001') : '',
            TemplateCode: m.templateCode,
            Content: `【${m.signName}】${Object.values(m.templateParam).join('，')}`,
            SendDate: shanghai(m.at).stamp,
            ReceiveDate: status === 1 ? '' : shanghai(new Date(m.at.getTime() + 3_000)).stamp,
            OutId: m.outId ?? '',
          };
        });
        return answer('OK', 'OK', { TotalCount: String(found.length), SmsSendDetailDTOs: { SmsSendDetailDTO: dtos } });
      }
      case 'SingleCallByTts': {
        for (const name of ['CalledShowNumber', 'CalledNumber', 'TtsCode']) {
          if (!params[name]) return fail(400, `Missing${name}`, `${name} is mandatory for this action.`);
        }
        if (options.voice?.showNumber && params.CalledShowNumber !== options.voice.showNumber) return answer('isv.DISPLAY_NUMBER_ILLEGAL', '号显不合法');
        if (!/^(1\d{10}|0\d{9,11})$/.test(params.CalledNumber)) return answer('isv.MOBILE_NUMBER_ILLEGAL', '号码格式非法');
        if (options.voice?.ttsCode && params.TtsCode !== options.voice.ttsCode) return answer('isv.TTS_TEMPLATE_ILLEGAL', 'TTS模板不合法');
        const ttsParam = params.TtsParam === undefined ? {} : stringObject(params.TtsParam);
        if (!ttsParam) return answer('isv.TEMPLATE_PARAMS_ILLEGAL', '模板变量非法');
        if (params.PlayTimes !== undefined && !isInt(params.PlayTimes, 1, 3)) return answer('isv.INVALID_PARAMETERS', 'PlayTimes 须为 1–3');
        const at = now().getTime();
        const earlier = calls.filter((c) => c.number === params.CalledNumber).map((c) => c.at.getTime());
        const limit = LIMITS.find((l) => earlier.filter((t) => t > at - l.windowMs).length >= l.max);
        if (limit) return answer('isv.BUSINESS_LIMIT_CONTROL', `触发${limit.name}流控Permits:${limit.max}`);
        const b = script('voice', params.CalledNumber);
        const error = scriptedError(b.send);
        if (error) return answer(error, SCRIPTED_MESSAGES[error] ?? '脚本设定的失败');
        const callId = `${digits(12)}^${digits(12)}`;
        calls.push({ callId, number: params.CalledNumber, showNumber: params.CalledShowNumber, ttsParam, outId: params.OutId ?? null, at: now() });
        if (b.send === 'hang') return log(true, 'hang');
        return answer('OK', 'OK', { CallId: callId });
      }
      case 'QueryCallDetailByCallId': {
        for (const name of ['CallId', 'ProdId', 'QueryDate']) {
          if (!params[name]) return fail(400, `Missing${name}`, `${name} is mandatory for this action.`);
        }
        if (!isInt(params.ProdId, 1)) return answer('isv.INVALID_PARAMETERS', 'ProdId 须为数字');
        if (!isInt(params.QueryDate, 1)) return answer('isv.INVALID_PARAMETERS', 'QueryDate 须为毫秒时间戳');
        const call = calls.find((c) => c.callId === params.CallId);
        const sameDay = call && shanghai(call.at).day === shanghai(new Date(Number(params.QueryDate))).day;
        if (!call || !sameDay || params.ProdId !== VOICE_NOTICE_PROD_ID) return answer('OK', 'OK', { Data: null });
        const outcome = CALL_OUTCOMES[script('voice', call.number).result ?? 'answered'];
        if (!outcome) return answer('OK', 'OK', { Data: null });
        const [state, stateDesc, duration] = outcome;
        const started = shanghai(new Date(call.at.getTime() + 8_000)).stamp;
        const data = {
          caller: call.showNumber,
          callee: call.number,
          callerShowNumber: call.showNumber,
          calleeShowNumber: call.showNumber,
          gmtCreate: shanghai(call.at).stamp,
          startDate: duration ? started : '',
          endDate: duration ? shanghai(new Date(call.at.getTime() + (8 + duration) * 1000)).stamp : '',
          duration,
          state,
          stateDesc,
        };
        return answer('OK', 'OK', { Data: JSON.stringify(data) });
      }
      default:
        return fail(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    }
  };

  const server = await listen(handle);
  return {
    ...server,
    requests,
    messages,
    calls,
    behave: (phone, behaviour) => {
      const key = `${behaviour.product ?? '*'}:${phone}`;
      scripts.set(key, { ...scripts.get(key), ...behaviour });
    },
  };
}
