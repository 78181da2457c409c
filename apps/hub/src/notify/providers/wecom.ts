/**
 * WeCom (企业微信) app message, over the qyapi.weixin.qq.com API.
 *
 * Documented fields used (developer.work.weixin.qq.com 「获取access_token」 and 「发送应用消息」):
 * - GET /cgi-bin/gettoken?corpid&corpsecret → `{ errcode, errmsg, access_token, expires_in }` (7200 s).
 * - POST /cgi-bin/message/send?access_token= with JSON `{ touser ("a|b"), msgtype: "textcard",
 *   agentid (int), textcard: { title, description, url, btntxt } }` → `{ errcode, errmsg,
 *   invaliduser, invalidparty, invalidtag, unlicenseduser, msgid, response_code }`; a user listed in
 *   `invaliduser` was not sent to even when errcode is 0.
 * Token refusals 40014 (invalid access_token) and 42001 (access_token expired) fetch a new token and
 * repeat the request once. App messages report neither delivery nor reading: `check` says so, final.
 */
import type { Clock } from '../../clock/clock';
import { UnknownOutcomeError, type CheckResult, type NotifyChannel, type PageMessage, type SendResult } from '../channel';
import { AccessTokenCache, type IssuedToken } from './access-token-cache';
import { cardTitle, timeLeftText } from './page-text';
import { asRecord, exchange, NotSentError, notSent, numberField, stringField, type ProviderAnswer } from './provider-http';

export interface WecomConfig {
  url: string;
  corpId: string;
  secret: string;
  agentId: number;
  timeoutMs: number;
}

const TOKEN_REFUSALS = new Set([40014, 42001]);

/** textcard's description is HTML (gray / highlight / normal divs): an address must not break it. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class WecomChannel implements NotifyChannel {
  readonly kind = 'wecom' as const;
  private readonly tokens: AccessTokenCache;

  constructor(
    private readonly config: WecomConfig,
    private readonly clock: Clock,
  ) {
    this.tokens = new AccessTokenCache(() => this.fetchToken());
  }

  async send(message: PageMessage): Promise<SendResult> {
    const userId = message.worker.wecomUserId;
    if (!userId) return { status: 'failed', ref: null, detail: '网格员未绑定企业微信账号（缺少 userid），未发消息 / no WeCom userid' };
    const payload = {
      touser: userId,
      msgtype: 'textcard',
      agentid: this.config.agentId,
      textcard: {
        title: cardTitle(message),
        description: [
          `<div class="gray">${escapeHtml(message.address)}</div>`,
          `<div class="highlight">接单${escapeHtml(timeLeftText(message.expiresAt, this.clock.now()))}</div>`,
          '<div class="normal">请尽快打开任务接单</div>',
        ].join(''),
        url: message.url,
        btntxt: '打开任务',
      },
    };
    const answer = await this.post(payload).catch(notSent);
    if (answer instanceof NotSentError) return { status: 'failed', ref: null, detail: answer.message };
    const record = asRecord(answer.body);
    const errcode = numberField(record, 'errcode');
    if (errcode === 0) {
      if ((stringField(record, 'invaliduser') ?? '').split('|').includes(userId)) {
        return { status: 'failed', ref: null, detail: `企业微信 userid 无效（${userId}）` };
      }
      return { status: 'sent', ref: stringField(record, 'msgid'), detail: null };
    }
    if (!record && answer.httpStatus >= 500) throw new UnknownOutcomeError(`企业微信消息答复异常（HTTP ${answer.httpStatus}），结果不明`);
    return { status: 'failed', ref: null, detail: failureDetail(answer) };
  }

  check(): Promise<CheckResult> {
    return Promise.resolve({ status: 'sent', detail: '企业微信应用消息不回报送达与已读', final: true });
  }

  private async fetchToken(): Promise<IssuedToken> {
    const query = new URLSearchParams({ corpid: this.config.corpId, corpsecret: this.config.secret });
    let answer: ProviderAnswer;
    try {
      answer = await exchange('获取企业微信 access_token', `${this.base()}/cgi-bin/gettoken?${query.toString()}`, { method: 'GET' }, this.config.timeoutMs);
    } catch (error) {
      throw new NotSentError(error instanceof Error ? error.message : String(error));
    }
    const record = asRecord(answer.body);
    const token = stringField(record, 'access_token');
    if (numberField(record, 'errcode') !== 0 || !token) throw new NotSentError(`获取企业微信 access_token 失败：${failureDetail(answer)}`);
    return { token, expiresInSeconds: numberField(record, 'expires_in') ?? 7200 };
  }

  private async post(payload: unknown): Promise<ProviderAnswer> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      const answer = await exchange(
        '企业微信 message/send',
        `${this.base()}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) },
        this.config.timeoutMs,
      );
      const errcode = numberField(asRecord(answer.body), 'errcode');
      if (attempt === 1 && errcode !== null && TOKEN_REFUSALS.has(errcode)) {
        this.tokens.invalidate(token);
        continue;
      }
      return answer;
    }
  }

  private base(): string {
    return this.config.url.replace(/\/+$/, '');
  }
}

function failureDetail(answer: ProviderAnswer): string {
  const record = asRecord(answer.body);
  if (!record) return `HTTP ${answer.httpStatus}`;
  return `${stringField(record, 'errcode') ?? `HTTP ${answer.httpStatus}`} ${stringField(record, 'errmsg') ?? ''}`.trim();
}
