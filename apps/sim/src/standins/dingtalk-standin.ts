/**
 * A stand-in for DingTalk's oapi.dingtalk.com, as much of it as the work-notice adapter uses, checking
 * requests as open.dingtalk.com documents them:
 * - GET /gettoken?appkey&appsecret → `{ errcode: 0, errmsg: "ok", access_token, expires_in }`;
 *   a wrong pair → errcode 40089 不合法的appKey或appSecret.
 * - POST /topapi/message/corpconversation/asyncsend_v2?access_token= JSON `{ agent_id: Number,
 *   userid_list: String (comma separated, ≤ 5000), msg: { msgtype, <msgtype>: {…} } }` with the
 *   required fields of text / markdown / link / oa / action_card → `{ errcode: 0, errmsg: "ok", task_id,
 *   request_id }`.
 * - POST /topapi/message/corpconversation/getsendresult?access_token= `{ agent_id, task_id }` →
 *   `{ errcode: 0, errmsg: "ok", send_result: { read_user_id_list, unread_user_id_list,
 *   invalid_user_id_list, forbidden_user_id_list, failed_user_id_list, invalid_dept_id_list,
 *   forbidden_list: [{ code, count, userid }] }, request_id }`.
 * A token it never issued → errcode 88 sub_code 40014 不合法的access_token; an expired one (after
 * `expireTokens()` or `expires_in`) → errcode 88 sub_code 42001 access_token超时 (topapi wraps the
 * classic codes in 88 + sub_code). Assumed, not found in the docs: 40035 for a missing or mistyped
 * parameter, 40056 for another app's agent_id, 22 Invalid method for an unknown path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson, listen, scriptedError, type SendBehaviour, type StandInRequest, type StandInServer } from './standin-http';

/** What getsendresult will say about a user: in which list they appear (`pending`: in none yet). */
export type DingtalkResult = 'read' | 'unread' | 'failed' | 'forbidden' | 'invalid' | 'pending';

export interface DingtalkBehaviour {
  send?: SendBehaviour;
  result?: DingtalkResult;
}

export interface DingtalkStandInOptions {
  appKey: string;
  appSecret: string;
  agentId: number;
  /** expires_in of the tokens it issues (DingTalk: 7200). */
  tokenTtlSeconds?: number;
}

export interface DingtalkStandIn extends StandInServer {
  requests: StandInRequest[];
  /** Scripts one userid: later sends follow `send`, later getsendresult calls report `result` (default `unread`). */
  behave(userId: string, behaviour: DingtalkBehaviour): void;
  /** Every token issued so far expires now. */
  expireTokens(): void;
  /** The work notices it took: task id, userids, the message. */
  notices: { taskId: number; userIds: string[]; msg: Record<string, unknown> }[];
}

const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['content'],
  markdown: ['title', 'text'],
  link: ['messageUrl', 'picUrl', 'title', 'text'],
  oa: ['message_url', 'head', 'body'],
  action_card: ['title', 'markdown'],
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A problem with a work-notice message, or null. */
function msgProblem(msg: unknown): string | null {
  if (!isRecord(msg)) return 'msg';
  const type = msg.msgtype;
  if (typeof type !== 'string' || !REQUIRED_FIELDS[type]) return 'msg.msgtype';
  const content = msg[type];
  if (!isRecord(content)) return `msg.${type}`;
  for (const field of REQUIRED_FIELDS[type]) {
    const value = content[field];
    if (value === undefined || value === '' || value === null) return `msg.${type}.${field}`;
  }
  if (type === 'action_card') {
    const single = typeof content.single_title === 'string' && typeof content.single_url === 'string' && content.single_title && content.single_url;
    const buttons = Array.isArray(content.btn_json_list) && content.btn_json_list.length > 0;
    if (!single && !buttons) return 'msg.action_card.single_title/single_url 或 btn_json_list';
  }
  return null;
}

export async function startDingtalkStandIn(options: DingtalkStandInOptions): Promise<DingtalkStandIn> {
  const ttl = options.tokenTtlSeconds ?? 7200;
  const requests: StandInRequest[] = [];
  const notices: DingtalkStandIn['notices'] = [];
  const scripts = new Map<string, DingtalkBehaviour>();
  const tokens = new Map<string, { expiresAt: number }>();
  let nextTaskId = 256271667526;
  let nextToken = 1;

  const handle = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    let params: Json = Object.fromEntries(url.searchParams);
    const log = (accepted: boolean, code: string): void => {
      requests.push({ at: new Date(), method, path: url.pathname, params, accepted, code });
    };
    const reply = (answer: Json, status = 200): void => {
      log(answer.errcode === 0, String(answer.errcode));
      answerJson(res, status, { ...answer, request_id: Math.random().toString(36).slice(2, 14) });
    };
    const refuse = (errcode: number, errmsg: string): void => reply({ errcode, errmsg });
    const topapiRefuse = (sub: string, subMsg: string): void =>
      reply({ errcode: 88, errmsg: `ding talk error[subcode=${sub},submsg=${subMsg}]`, sub_code: sub, sub_msg: subMsg });

    if (url.pathname === '/gettoken') {
      if (method !== 'GET') return refuse(43001, '需要GET请求');
      const appkey = url.searchParams.get('appkey');
      const appsecret = url.searchParams.get('appsecret');
      if (!appkey || !appsecret) return refuse(40035, `缺少参数 ${appkey ? 'appsecret' : 'appkey'}`);
      if (appkey !== options.appKey || appsecret !== options.appSecret) return refuse(40089, '不合法的appKey或appSecret');
      const token = `standin-dingtalk-token-${nextToken++}-${Math.random().toString(36).slice(2, 10)}`;
      tokens.set(token, { expiresAt: Date.now() + ttl * 1000 });
      return reply({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl });
    }

    const isSend = url.pathname === '/topapi/message/corpconversation/asyncsend_v2';
    const isResult = url.pathname === '/topapi/message/corpconversation/getsendresult';
    if (!isSend && !isResult) return reply({ errcode: 22, errmsg: 'Invalid method' }, 404);
    if (method !== 'POST') return refuse(43002, '需要POST请求');
    const token = tokens.get(url.searchParams.get('access_token') ?? '');
    if (!token) return topapiRefuse('40014', '不合法的access_token');
    if (Date.now() >= token.expiresAt) return topapiRefuse('42001', 'access_token超时');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return refuse(40035, '不合法的参数：请求体不是 JSON');
    }
    if (!isRecord(json)) return refuse(40035, '不合法的参数：请求体不是 JSON 对象');
    params = { ...params, ...json };
    if (typeof json.agent_id !== 'number' || !Number.isInteger(json.agent_id)) return refuse(40035, '缺少参数或参数类型错误 agent_id（Number）');
    if (json.agent_id !== options.agentId) return refuse(40056, '不合法的agentid');

    if (isSend) {
      const list = json.userid_list;
      if (typeof list !== 'string' || !list.trim()) return refuse(40035, '缺少参数 userid_list（String，逗号分隔）');
      const userIds = list.split(',').map((id) => id.trim());
      if (userIds.some((id) => !id) || userIds.length > 5000) return refuse(40035, '不合法的参数 userid_list');
      const problem = msgProblem(json.msg);
      if (problem) return refuse(40035, `缺少参数或参数不合法 ${problem}`);
      const behaviours = userIds.map((id) => scripts.get(id)?.send ?? 'ok');
      if (behaviours.includes('hang')) return log(false, 'hang');
      const error = behaviours.map(scriptedError).find((code) => code !== null);
      if (error) return refuse(Number.isInteger(Number(error)) ? Number(error) : 40035, `脚本设定的失败 ${error}`);
      const taskId = nextTaskId++;
      notices.push({ taskId, userIds, msg: json.msg as Json });
      return reply({ errcode: 0, errmsg: 'ok', task_id: taskId });
    }

    if (typeof json.task_id !== 'number' || !Number.isInteger(json.task_id)) return refuse(40035, '缺少参数或参数类型错误 task_id（Number）');
    const notice = notices.find((n) => n.taskId === json.task_id);
    if (!notice) return refuse(40035, '不合法的参数 task_id');
    const lists: Record<Exclude<DingtalkResult, 'pending'>, string[]> = { read: [], unread: [], failed: [], forbidden: [], invalid: [] };
    for (const id of notice.userIds) {
      const result = scripts.get(id)?.result ?? 'unread';
      if (result !== 'pending') lists[result].push(id);
    }
    return reply({
      errcode: 0,
      errmsg: 'ok',
      send_result: {
        read_user_id_list: lists.read,
        unread_user_id_list: lists.unread,
        invalid_user_id_list: lists.invalid,
        forbidden_user_id_list: lists.forbidden,
        failed_user_id_list: lists.failed,
        invalid_dept_id_list: [],
        forbidden_list: lists.forbidden.map((userid) => ({ code: '143106', count: 1, userid })),
      },
    });
  };

  const server = await listen(handle);
  return {
    ...server,
    requests,
    notices,
    behave: (userId, behaviour) => scripts.set(userId, { ...scripts.get(userId), ...behaviour }),
    expireTokens: () => {
      for (const token of tokens.values()) token.expiresAt = 0;
    },
  };
}
