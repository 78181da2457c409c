/**
 * Voice calls through Aliyun 语音服务 (Dyvmsapi, Version 2017-05-25, RPC signature: see aliyun-rpc.ts).
 *
 * Documented fields used (help.aliyun.com 「SingleCallByTts」, 「QueryCallDetailByCallId」,
 * 「API错误码」 document_detail/178344 and 「呼叫结果状态码」 document_detail/55085):
 * - SingleCallByTts: CalledShowNumber, CalledNumber, TtsCode, TtsParam (JSON string), PlayTimes, OutId
 *   → `{ Code, Message, CallId, RequestId }`. A number may be called 1×/minute, 5×/hour, 20×/24 h
 *   (isv.BUSINESS_LIMIT_CONTROL); the pager asks `voiceCallAllowed` (libs/domain) first.
 * - QueryCallDetailByCallId: CallId, ProdId (11000000300006 = 语音通知), QueryDate (ms; the day it
 *   falls on is searched) → `Data`, a JSON string `{ caller, callee, startDate, endDate, duration,
 *   state, stateDesc, gmtCreate, … }`; `state` is a call result code: 200000 用户听完语音, 200001 用户
 *   提前挂机, 200002 占线, 200003 未接听, 200004 号码不合法, 200005 无法接通, 200010 关机, 200011 停机 …
 * A call is billed and not idempotent: a call that may have been placed throws UnknownOutcomeError.
 */
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage, type SendResult } from '../channel';
import { callAliyunRpc, rpcFailureDetail, type AliyunCredentials } from './aliyun-rpc';
import { templateParams } from './page-text';
import { asRecord, NotSentError, notSent, numberField, stringField } from './provider-http';

export interface AliyunVoiceConfig extends AliyunCredentials {
  url: string;
  /** The display number bought from Aliyun (CalledShowNumber). */
  showNumber: string;
  ttsCode: string;
  timeoutMs: number;
}

const VERSION = '2017-05-25';
/** ProdId of 语音通知 in QueryCallDetailByCallId. */
export const VOICE_NOTICE_PROD_ID = '11000000300006';
/** Twice: the first words are often lost while the phone is lifted to the ear. */
const PLAY_TIMES = '2';

/** The call was picked up: the worker heard (some of) the message. 200102 is 「被叫接听」 among the in-call codes. */
const ANSWERED = new Set(['200000', '200001', '200102', '200103']);
/** Final failures, with the words the docs give them. */
const FAILED: Readonly<Record<string, string>> = {
  '200002': '用户占线',
  '200003': '用户未接听',
  '200004': '号码不合法',
  '200005': '被叫用户无法接通',
  '200006': '语音播放失败',
  '200007': '用户不在服务区',
  '200010': '关机',
  '200011': '停机',
  '200012': '呼损（呼叫受限）',
  '200105': '被叫号码受限',
  '200117': '来电显示号码不合法',
  '200118': '供应商时间段限呼',
  '200119': '供应商超频限呼',
  '200121': '呼叫超并发',
  '400': '网元繁忙',
  '476': '号码被强制回收',
  '482': '被叫号码不可用',
  '500': '运营商错误',
  '999999': '系统错误',
};

export class AliyunVoiceChannel implements NotifyChannel {
  readonly kind = 'voice' as const;

  constructor(private readonly config: AliyunVoiceConfig) {}

  async send(message: PageMessage): Promise<SendResult> {
    if (!message.worker.phone) return { status: 'failed', ref: null, detail: '网格员没有登记手机号，未拨打 / no mobile number' };
    const answer = await callAliyunRpc({
      what: '阿里云语音 SingleCallByTts',
      endpoint: this.config.url,
      credentials: this.config,
      version: VERSION,
      action: 'SingleCallByTts',
      params: {
        CalledShowNumber: this.config.showNumber,
        CalledNumber: message.worker.phone,
        TtsCode: this.config.ttsCode,
        TtsParam: JSON.stringify(templateParams(message)),
        PlayTimes: PLAY_TIMES,
        OutId: message.attemptId,
      },
      timeoutMs: this.config.timeoutMs,
    }).catch(notSent);
    if (answer instanceof NotSentError) return { status: 'failed', ref: null, detail: answer.message };
    if (answer.code === 'OK') return { status: 'sent', ref: stringField(answer.record, 'CallId'), detail: null };
    if (answer.code === null && answer.httpStatus >= 500) throw new UnknownOutcomeError(`阿里云语音 SingleCallByTts 答复异常（${rpcFailureDetail(answer)}），结果不明`);
    return { status: 'failed', ref: null, detail: rpcFailureDetail(answer) };
  }

  /** Throws when Aliyun cannot be asked (the pager keeps the last status and may ask again). */
  async check(ref: string, _message: PageMessage, sentAt: Date): Promise<CheckResult> {
    const answer = await callAliyunRpc({
      what: '阿里云语音 QueryCallDetailByCallId',
      endpoint: this.config.url,
      credentials: this.config,
      version: VERSION,
      action: 'QueryCallDetailByCallId',
      params: { CallId: ref, ProdId: VOICE_NOTICE_PROD_ID, QueryDate: String(sentAt.getTime()) },
      timeoutMs: this.config.timeoutMs,
    });
    if (answer.code !== 'OK') throw new Error(`阿里云语音 QueryCallDetailByCallId 失败：${rpcFailureDetail(answer)}`);
    const data = parseData(answer.record?.Data);
    const state = stringField(data, 'state');
    if (!data || !state) return { status: 'sent', detail: '呼叫中，尚无通话记录', final: false };
    const said = stringField(data, 'stateDesc');
    const words = said && said !== state ? said : null;
    if (ANSWERED.has(state)) {
      const seconds = numberField(data, 'duration');
      return { status: 'answered', detail: `已接听${seconds ? `，通话 ${seconds} 秒` : ''}（${state}${words ? ` ${words}` : ''}）`, final: true };
    }
    const failure = FAILED[state];
    if (failure) return { status: 'failed', detail: `${failure}（${state}${words && words !== failure ? ` ${words}` : ''}）`, final: true };
    return { status: 'sent', detail: `呼叫状态 ${state}${words ? ` ${words}` : ''}`, final: false };
  }
}

/** `Data` is documented as a JSON string; tolerate an object too. */
function parseData(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return asRecord(value);
  if (!value.trim()) return null;
  try {
    return asRecord(JSON.parse(value));
  } catch {
    return null;
  }
}
