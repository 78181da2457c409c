/**
 * SMS through Aliyun 短信服务 (Dysmsapi, Version 2017-05-25, RPC signature: see aliyun-rpc.ts).
 *
 * Documented fields used (help.aliyun.com 「SendSms」 and 「QuerySendDetails」, API 2017-05-25):
 * - SendSms: PhoneNumbers, SignName, TemplateCode, TemplateParam (JSON string), OutId
 *   → `{ Code: "OK", Message, BizId, RequestId }` or an error Code such as isv.MOBILE_NUMBER_ILLEGAL,
 *   isv.BUSINESS_LIMIT_CONTROL, isv.AMOUNT_NOT_ENOUGH, SignatureDoesNotMatch.
 * - QuerySendDetails: PhoneNumber, BizId, SendDate (yyyyMMdd), PageSize (≤ 50), CurrentPage
 *   → `SmsSendDetailDTOs.SmsSendDetailDTO[]` with SendStatus 1 等待回执 / 2 发送失败 / 3 发送成功 and
 *   ErrCode (the carrier's code, e.g. DELIVERED), OutId.
 * SendSms is not idempotent and is billed on the carrier receipt: a send that may have reached Aliyun
 * throws UnknownOutcomeError and is never repeated here.
 */
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage, type SendResult } from '../channel';
import { callAliyunRpc, rpcFailureDetail, type AliyunCredentials } from './aliyun-rpc';
import { templateParams } from './page-text';
import { asRecord, NotSentError, notSent, numberField, stringField } from './provider-http';

export interface AliyunSmsConfig extends AliyunCredentials {
  url: string;
  signName: string;
  templateCode: string;
  timeoutMs: number;
}

const VERSION = '2017-05-25';
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** yyyyMMdd of an instant in Asia/Shanghai (UTC+8 all year): the day Aliyun files the message under. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

export class AliyunSmsChannel implements NotifyChannel {
  readonly kind = 'sms' as const;

  constructor(private readonly config: AliyunSmsConfig) {}

  async send(message: PageMessage): Promise<SendResult> {
    // The format is Aliyun's to judge (isv.MOBILE_NUMBER_ILLEGAL); only a missing number stops us here.
    if (!message.worker.phone) return { status: 'failed', ref: null, detail: '网格员没有登记手机号，未发短信 / no mobile number' };
    const answer = await callAliyunRpc({
      what: '阿里云短信 SendSms',
      endpoint: this.config.url,
      credentials: this.config,
      version: VERSION,
      action: 'SendSms',
      params: {
        PhoneNumbers: message.worker.phone,
        SignName: this.config.signName,
        TemplateCode: this.config.templateCode,
        TemplateParam: JSON.stringify(templateParams(message)),
        OutId: message.attemptId,
      },
      timeoutMs: this.config.timeoutMs,
    }).catch(notSent);
    if (answer instanceof NotSentError) return { status: 'failed', ref: null, detail: answer.message };
    if (answer.code === 'OK') return { status: 'sent', ref: stringField(answer.record, 'BizId'), detail: null };
    // An answer without a Code from a 5xx may come from a gateway after Aliyun took the message.
    if (answer.code === null && answer.httpStatus >= 500) throw new UnknownOutcomeError(`阿里云短信 SendSms 答复异常（${rpcFailureDetail(answer)}），结果不明`);
    return { status: 'failed', ref: null, detail: rpcFailureDetail(answer) };
  }

  /** Throws when Aliyun cannot be asked (the pager keeps the last status and may ask again). */
  async check(ref: string, message: PageMessage, sentAt: Date): Promise<CheckResult> {
    const answer = await callAliyunRpc({
      what: '阿里云短信 QuerySendDetails',
      endpoint: this.config.url,
      credentials: this.config,
      version: VERSION,
      action: 'QuerySendDetails',
      params: { PhoneNumber: message.worker.phone, BizId: ref, SendDate: shanghaiDay(sentAt), PageSize: '10', CurrentPage: '1' },
      timeoutMs: this.config.timeoutMs,
    });
    if (answer.code !== 'OK') throw new Error(`阿里云短信 QuerySendDetails 失败：${rpcFailureDetail(answer)}`);
    const list = asRecord(answer.record?.SmsSendDetailDTOs)?.SmsSendDetailDTO;
    const details = (Array.isArray(list) ? list : []).map(asRecord);
    const detail = details.find((d) => stringField(d, 'OutId') === message.attemptId) ?? details[0] ?? null;
    if (!detail) return { status: 'sent', detail: '尚无发送记录', final: false };
    const errCode = stringField(detail, 'ErrCode');
    const status = numberField(detail, 'SendStatus');
    if (status === 3) return { status: 'delivered', detail: errCode ? `已送达（${errCode}）` : '已送达', final: true };
    if (status === 2) return { status: 'failed', detail: `发送失败：${errCode ?? '运营商未给出原因'}`, final: true };
    return { status: 'sent', detail: '等待运营商回执', final: false };
  }
}
