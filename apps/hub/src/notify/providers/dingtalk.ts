/**
 * DingTalk 工作通知 (work notice) from the township's internal app, over the oapi.dingtalk.com API.
 *
 * Documented fields used (open.dingtalk.com 「获取企业内部应用的access_token」, 「发送工作通知」
 * dingtalk.oapi.message.corpconversation.asyncsend_v2, 「获取工作通知消息的发送结果」 getsendresult):
 * - GET /gettoken?appkey&appsecret → `{ errcode, errmsg, access_token, expires_in }` (7200 s; cache it).
 * - POST /topapi/message/corpconversation/asyncsend_v2?access_token= with JSON `{ agent_id (Number),
 *   userid_list (String, comma separated), msg: { msgtype: "action_card", action_card: { title,
 *   markdown, single_title, single_url } } }` → `{ errcode, errmsg, task_id, request_id }`.
 * - POST /topapi/message/corpconversation/getsendresult?access_token= `{ agent_id, task_id }` →
 *   `send_result: { read_user_id_list, unread_user_id_list, invalid_user_id_list,
 *   forbidden_user_id_list, failed_user_id_list, forbidden_list: [{ code, count, userid }] }`.
 * Token refusals: errcode 40014 (不合法的access_token), 42001 (access_token超时), or 88 whose sub_code
 * is one of them (topapi's wrapper): the token is fetched again and the request repeated once (it was
 * refused, so nothing was sent).
 */
import type { Clock } from '../../clock/clock';
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage, type SendResult } from '../channel';
import { AccessTokenCache, type IssuedToken } from './access-token-cache';
import { cardTitle, timeLeftText } from './page-text';
import { asRecord, exchange, NotSentError, notSent, numberField, stringField, stringList, type ProviderAnswer } from './provider-http';

export interface DingtalkConfig {
  url: string;
  appKey: string;
  appSecret: string;
  agentId: number;
  timeoutMs: number;
}

const TOKEN_REFUSALS = new Set(['40014', '42001']);

interface TokenedAnswer extends ProviderAnswer {
  record: Record<string, unknown> | null;
}

export class DingtalkChannel implements NotifyChannel {
  readonly kind = 'dingtalk' as const;
  private readonly tokens: AccessTokenCache;

  /** `clock` only says how much time is left on the offer; tokens live on the wall clock. */
  constructor(
    private readonly config: DingtalkConfig,
    private readonly clock: Clock,
  ) {
    this.tokens = new AccessTokenCache(() => this.fetchToken());
  }

  async send(message: PageMessage): Promise<SendResult> {
    const userId = message.worker.dingtalkUserId;
    if (!userId) return { status: 'failed', ref: null, detail: '网格员未绑定钉钉账号（缺少钉钉 userid），未发工作通知 / no DingTalk userid' };
    const payload = {
      agent_id: this.config.agentId,
      userid_list: userId,
      msg: {
        msgtype: 'action_card',
        action_card: {
          title: cardTitle(message),
          markdown: [
            `### 新案件 ${message.caseNo}`,
            `**类别**：${message.categoryLabel}  `,
            `**地点**：${message.address}  `,
            `**接单时限**：${timeLeftText(message.expiresAt, this.clock.now())}  `,
            '请尽快打开任务接单。',
          ].join('\n'),
          single_title: '打开任务',
          single_url: message.url,
        },
      },
    };
    const answer = await this.post('钉钉工作通知 asyncsend_v2', '/topapi/message/corpconversation/asyncsend_v2', payload).catch(notSent);
    if (answer instanceof NotSentError) return { status: 'failed', ref: null, detail: answer.message };
    const taskId = stringField(answer.record, 'task_id');
    if (numberField(answer.record, 'errcode') === 0 && taskId) return { status: 'sent', ref: taskId, detail: null };
    if (!answer.record && answer.httpStatus >= 500) throw new UnknownOutcomeError(`钉钉工作通知答复异常（HTTP ${answer.httpStatus}），结果不明`);
    return { status: 'failed', ref: null, detail: failureDetail(answer) };
  }

  /** Throws when DingTalk cannot be asked (the pager keeps the last status and may ask again). */
  async check(ref: string, message: PageMessage): Promise<CheckResult> {
    const answer = await this.post('钉钉 getsendresult', '/topapi/message/corpconversation/getsendresult', { agent_id: this.config.agentId, task_id: Number(ref) });
    if (numberField(answer.record, 'errcode') !== 0) throw new Error(`钉钉 getsendresult 失败：${failureDetail(answer)}`);
    const result = asRecord(answer.record?.send_result);
    const userId = message.worker.dingtalkUserId ?? '';
    const has = (list: string) => stringList(result, list).includes(userId);
    if (has('read_user_id_list')) return { status: 'read', detail: '已读', final: true };
    if (has('invalid_user_id_list')) return { status: 'failed', detail: '钉钉 userid 无效', final: true };
    if (has('forbidden_user_id_list')) {
      const entries = Array.isArray(result?.forbidden_list) ? result.forbidden_list.map(asRecord) : [];
      const code = stringField(entries.find((e) => stringField(e, 'userid') === userId) ?? null, 'code');
      return { status: 'failed', detail: `被钉钉流控拦截${code ? `（${code}）` : ''}`, final: true };
    }
    if (has('failed_user_id_list')) return { status: 'failed', detail: '钉钉发送失败', final: true };
    // Unread is not final: the pager reads "unread after its delay" as no answer and moves on.
    if (has('unread_user_id_list')) return { status: 'delivered', detail: '未读', final: false };
    return { status: 'sent', detail: '发送中', final: false };
  }

  private async fetchToken(): Promise<IssuedToken> {
    const query = new URLSearchParams({ appkey: this.config.appKey, appsecret: this.config.appSecret });
    let answer: ProviderAnswer;
    try {
      answer = await exchange('获取钉钉 access_token', `${this.base()}/gettoken?${query.toString()}`, { method: 'GET' }, this.config.timeoutMs);
    } catch (error) {
      // No message left yet, so even a lost token request is a plain failure of this send.
      throw new NotSentError(error instanceof Error ? error.message : String(error));
    }
    const record = asRecord(answer.body);
    const token = stringField(record, 'access_token');
    if (numberField(record, 'errcode') !== 0 || !token) throw new NotSentError(`获取钉钉 access_token 失败：${failureDetail({ ...answer, record })}`);
    return { token, expiresInSeconds: numberField(record, 'expires_in') ?? 7200 };
  }

  /** POSTs JSON with the cached token; on a token refusal fetches a new one and tries once more. */
  private async post(what: string, path: string, payload: unknown): Promise<TokenedAnswer> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      const answer = await exchange(
        what,
        `${this.base()}${path}?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) },
        this.config.timeoutMs,
      );
      const record = asRecord(answer.body);
      if (attempt === 1 && isTokenRefusal(record)) {
        this.tokens.invalidate(token);
        continue;
      }
      return { ...answer, record };
    }
  }

  private base(): string {
    return this.config.url.replace(/\/+$/, '');
  }
}

function isTokenRefusal(record: Record<string, unknown> | null): boolean {
  const code = stringField(record, 'errcode');
  const sub = stringField(record, 'sub_code');
  if (code === '88') return sub === null || TOKEN_REFUSALS.has(sub);
  return code !== null && TOKEN_REFUSALS.has(code);
}

/** 「40014 不合法的access_token」; topapi's errcode 88 carries the real one in sub_code / sub_msg. */
function failureDetail(answer: TokenedAnswer): string {
  const { record } = answer;
  if (!record) return `HTTP ${answer.httpStatus}`;
  const sub = stringField(record, 'sub_code');
  if (sub) return `${sub} ${stringField(record, 'sub_msg') ?? ''}`.trim();
  return `${stringField(record, 'errcode') ?? `HTTP ${answer.httpStatus}`} ${stringField(record, 'errmsg') ?? ''}`.trim();
}
