/**
 * A smaller stand-in for WeCom's qyapi.weixin.qq.com, checking requests as
 * developer.work.weixin.qq.com documents them:
 * - GET /cgi-bin/gettoken?corpid&corpsecret → `{ errcode: 0, errmsg: "ok", access_token, expires_in }`;
 *   an unknown corpid → 40013 invalid corpid, a wrong secret → 40001 invalid credential.
 * - POST /cgi-bin/message/send?access_token= JSON `{ touser ("a|b", ≤ 1000), msgtype: "textcard",
 *   agentid (int), textcard: { title (≤ 128 bytes), description (≤ 512 bytes), url, btntxt (≤ 4
 *   characters) } }` → `{ errcode: 0, errmsg: "ok", invaliduser, invalidparty, invalidtag,
 *   unlicenseduser, msgid, response_code }`; users scripted `invalid` are listed in invaliduser, and
 *   when nobody valid is left → 81013 user & party & tag all invalid.
 * A token it never issued → 40014 invalid access_token, an expired one → 42001 access_token expired;
 * another app's agentid → 40056 invalid agentid. Assumed: 44004 for an empty or over-long textcard
 * field and 40008 for another msgtype (this stand-in only knows textcard).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson, listen, scriptedError, type SendBehaviour, type StandInRequest, type StandInServer } from './standin-http';

export interface WecomBehaviour {
  /** `invalid`: the userid is unknown to the corp (listed in invaliduser). */
  send?: SendBehaviour | 'invalid';
}

export interface WecomStandInOptions {
  corpId: string;
  secret: string;
  agentId: number;
  tokenTtlSeconds?: number;
}

export interface WecomStandIn extends StandInServer {
  requests: StandInRequest[];
  messages: { msgid: string; userIds: string[]; textcard: Record<string, unknown> }[];
  behave(userId: string, behaviour: WecomBehaviour): void;
  expireTokens(): void;
}

type Json = Record<string, unknown>;

const bytes = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);

export async function startWecomStandIn(options: WecomStandInOptions): Promise<WecomStandIn> {
  const ttl = options.tokenTtlSeconds ?? 7200;
  const requests: StandInRequest[] = [];
  const messages: WecomStandIn['messages'] = [];
  const scripts = new Map<string, WecomBehaviour>();
  const tokens = new Map<string, { expiresAt: number }>();
  let nextToken = 1;

  const handle = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    let params: Json = Object.fromEntries(url.searchParams);
    const log = (accepted: boolean, code: string): void => {
      requests.push({ at: new Date(), method, path: url.pathname, params, accepted, code });
    };
    const reply = (answer: Json): void => {
      log(answer.errcode === 0, String(answer.errcode));
      answerJson(res, 200, answer);
    };
    const refuse = (errcode: number, errmsg: string): void => reply({ errcode, errmsg });

    if (url.pathname === '/cgi-bin/gettoken') {
      if (method !== 'GET') return refuse(43001, 'require GET method');
      if (url.searchParams.get('corpid') !== options.corpId) return refuse(40013, 'invalid corpid');
      if (url.searchParams.get('corpsecret') !== options.secret) return refuse(40001, 'invalid credential');
      const token = `standin-wecom-token-${nextToken++}-${Math.random().toString(36).slice(2, 10)}`;
      tokens.set(token, { expiresAt: Date.now() + ttl * 1000 });
      return reply({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl });
    }
    if (url.pathname !== '/cgi-bin/message/send') {
      log(false, '404');
      return answerJson(res, 404, { errcode: 404, errmsg: 'not found' });
    }
    if (method !== 'POST') return refuse(43002, 'require POST method');
    const token = tokens.get(url.searchParams.get('access_token') ?? '');
    if (!token) return refuse(40014, 'invalid access_token');
    if (Date.now() >= token.expiresAt) return refuse(42001, 'access_token expired');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return refuse(47001, 'data format error');
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return refuse(47001, 'data format error');
    const msg = json as Json;
    params = { ...params, ...msg };
    if (typeof msg.agentid !== 'number' || !Number.isInteger(msg.agentid) || msg.agentid !== options.agentId) return refuse(40056, 'invalid agentid');
    if (msg.msgtype !== 'textcard') return refuse(40008, 'invalid message type');
    const card = msg.textcard;
    if (card === null || typeof card !== 'object' || Array.isArray(card)) return refuse(44004, 'empty content: textcard');
    const { title, description, url: link, btntxt } = card as Json;
    if (!bytes(title) || bytes(title) > 128) return refuse(44004, 'textcard.title empty or over 128 bytes');
    if (!bytes(description) || bytes(description) > 512) return refuse(44004, 'textcard.description empty or over 512 bytes');
    if (!bytes(link) || bytes(link) > 2048) return refuse(44004, 'textcard.url empty or over 2048 bytes');
    if (btntxt !== undefined && (typeof btntxt !== 'string' || [...btntxt].length > 4)) return refuse(44004, 'textcard.btntxt over 4 characters');
    if (typeof msg.touser !== 'string' || !msg.touser) return refuse(81013, 'user & party & tag all invalid');
    const userIds = msg.touser.split('|');
    if (userIds.length > 1000) return refuse(40058, 'touser over 1000');

    const sends = userIds.map((id) => scripts.get(id)?.send ?? 'ok');
    if (sends.includes('hang')) return log(false, 'hang');
    const error = sends.map((s) => (s === 'invalid' ? null : scriptedError(s))).find((code) => code !== null);
    if (error) return refuse(Number.isInteger(Number(error)) ? Number(error) : 60020, `scripted failure ${error}`);
    const invalid = userIds.filter((_, i) => sends[i] === 'invalid');
    const valid = userIds.filter((_, i) => sends[i] !== 'invalid');
    if (!valid.length) return refuse(81013, 'user & party & tag all invalid');
    const msgid = Math.random().toString(36).slice(2, 18);
    messages.push({ msgid, userIds: valid, textcard: card as Json });
    return reply({ errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid, response_code: '' });
  };

  const server = await listen(handle);
  return {
    ...server,
    requests,
    messages,
    behave: (userId, behaviour) => scripts.set(userId, { ...scripts.get(userId), ...behaviour }),
    expireTokens: () => {
      for (const token of tokens.values()) token.expiresAt = 0;
    },
  };
}
