import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voiceCallAllowed } from '../../libs/domain/src/notify';
import type { Clock } from '../../apps/hub/src/clock/clock';
import { UnknownOutcomeError, type NotifyChannel, type PageMessage, type PagedWorker } from '../../apps/hub/src/notify/channel';
import { createChannels, parseNotifyConfig } from '../../apps/hub/src/notify/providers';
import { startAliyunStandIn, type AliyunStandIn } from '../../apps/sim/src/standins/aliyun-standin';
import { startDingtalkStandIn, type DingtalkStandIn } from '../../apps/sim/src/standins/dingtalk-standin';
import { startWecomStandIn, type WecomStandIn } from '../../apps/sim/src/standins/wecom-standin';

/**
 * Each provider adapter against its stand-in, configured the way the hub is (environment →
 * parseNotifyConfig → createChannels). Timeouts are short so a hanging provider is seen quickly.
 */

const TIMEOUT_MS = 400;
const NOW = new Date('2025-03-10T08:00:00Z');
const clock: Clock = { now: () => NOW };

const DINGTALK = { appKey: 'ding-app-key', appSecret: 'ding-app-secret', agentId: 2001 };
const WECOM = { corpId: 'ww-corp', secret: 'wecom-secret', agentId: 1000002 };
const ALIYUN = { accessKeyId: 'LTAI-standin', accessKeySecret: 'aliyun-secret', signName: '小脑', templateCode: 'SMS_100001', showNumber: '057100000000', ttsCode: 'TTS_100001' };

let seq = 0;
function newWorker(overrides: Partial<PagedWorker> = {}): PagedWorker {
  seq++;
  return { id: `w-${seq}`, name: `网格员${seq}`, phone: `139${String(10_000_000 + seq).slice(-8)}`, dingtalkUserId: `ding-${seq}`, wecomUserId: `wecom-${seq}`, ...overrides };
}

function newPage(worker: PagedWorker, overrides: Partial<PageMessage> = {}): PageMessage {
  return {
    attemptId: `attempt-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    worker,
    caseNo: 'HZ20250310-0012',
    categoryLabel: '纠纷',
    address: '河庄街道江东一路 1888 号新湾社区 3 幢 2 单元楼下菜市场东门口',
    expiresAt: new Date(NOW.getTime() + 80_000),
    url: 'https://xiaonao.example/phone.html#/offer/o-1',
    ...overrides,
  };
}

/** The channel of one kind, built from environment variables as the hub builds it. */
function channel(kind: NotifyChannel['kind'], env: Record<string, string>): NotifyChannel {
  const found = createChannels(parseNotifyConfig({ NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS), ...env }), clock).find((c) => c.kind === kind);
  if (!found) throw new Error(`${kind} not configured`);
  return found;
}

const dingtalkEnv = (url: string, secret = DINGTALK.appSecret) => ({
  DINGTALK_URL: url,
  DINGTALK_APP_KEY: DINGTALK.appKey,
  DINGTALK_APP_SECRET: secret,
  DINGTALK_AGENT_ID: String(DINGTALK.agentId),
});
const aliyunEnv = (url: string, secret = ALIYUN.accessKeySecret) => ({
  ALIYUN_SMS_URL: url,
  ALIYUN_VOICE_URL: url,
  ALIYUN_ACCESS_KEY_ID: ALIYUN.accessKeyId,
  ALIYUN_ACCESS_KEY_SECRET: secret,
  ALIYUN_SMS_SIGN_NAME: ALIYUN.signName,
  ALIYUN_SMS_TEMPLATE_CODE: ALIYUN.templateCode,
  ALIYUN_VOICE_SHOW_NUMBER: ALIYUN.showNumber,
  ALIYUN_VOICE_TTS_CODE: ALIYUN.ttsCode,
});
const wecomEnv = (url: string, secret = WECOM.secret) => ({ WECOM_URL: url, WECOM_CORP_ID: WECOM.corpId, WECOM_SECRET: secret, WECOM_AGENT_ID: String(WECOM.agentId) });

/** Sends and expects the adapter to give up with UnknownOutcomeError within a few timeouts. */
async function expectUnknownOutcome(send: Promise<unknown>): Promise<void> {
  const started = Date.now();
  await expect(send).rejects.toBeInstanceOf(UnknownOutcomeError);
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 5);
}

/** An address where nothing listens: a stand-in started and closed again. */
async function closedUrl(): Promise<string> {
  const gone = await startWecomStandIn(WECOM);
  await gone.close();
  return gone.url;
}

describe('DingTalk work notice against its stand-in', () => {
  let standin: DingtalkStandIn;
  let dingtalk: NotifyChannel;
  const gettokens = () => standin.requests.filter((r) => r.path === '/gettoken').length;

  beforeAll(async () => {
    standin = await startDingtalkStandIn(DINGTALK);
    dingtalk = channel('dingtalk', dingtalkEnv(standin.url));
  });
  afterAll(() => standin?.close());

  it('sends an action card with the case, and follows it from unread to read', async () => {
    const worker = newWorker();
    const page = newPage(worker);
    const sent = await dingtalk.send(page);
    expect(sent).toMatchObject({ status: 'sent', detail: null });

    const notice = standin.notices.find((n) => String(n.taskId) === sent.ref);
    expect(notice?.userIds).toEqual([worker.dingtalkUserId]);
    const card = notice?.msg.action_card as Record<string, string>;
    expect(notice?.msg.msgtype).toBe('action_card');
    expect(card.markdown).toContain('HZ20250310-0012');
    expect(card.markdown).toContain('纠纷');
    expect(card.markdown).toContain('江东一路 1888 号');
    expect(card.markdown).toContain('剩余 1 分 20 秒');
    expect(card.single_url).toBe(page.url);

    expect(await dingtalk.check(sent.ref as string, page, NOW)).toEqual({ status: 'delivered', detail: '未读', final: false });
    standin.behave(worker.dingtalkUserId as string, { result: 'read' });
    expect(await dingtalk.check(sent.ref as string, page, NOW)).toEqual({ status: 'read', detail: '已读', final: true });
  });

  it('reports a user DingTalk refused or throttled as failed, for good', async () => {
    const invalid = newWorker();
    const throttled = newWorker();
    standin.behave(invalid.dingtalkUserId as string, { result: 'invalid' });
    standin.behave(throttled.dingtalkUserId as string, { result: 'forbidden' });
    for (const [worker, words] of [[invalid, '无效'], [throttled, '143106']] as const) {
      const page = newPage(worker);
      const sent = await dingtalk.send(page);
      const checked = await dingtalk.check(sent.ref as string, page, NOW);
      expect(checked).toMatchObject({ status: 'failed', final: true });
      expect(checked.detail).toContain(words);
    }
  });

  it('fetches one token for several sends, and a new one once the stand-in expires it', async () => {
    const fresh = channel('dingtalk', dingtalkEnv(standin.url));
    const before = gettokens();
    const results = await Promise.all([newWorker(), newWorker(), newWorker()].map((w) => fresh.send(newPage(w))));
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(gettokens() - before).toBe(1);

    standin.expireTokens();
    const refusedBefore = standin.requests.filter((r) => r.code === '88').length;
    expect((await fresh.send(newPage(newWorker()))).status).toBe('sent');
    expect(standin.requests.filter((r) => r.code === '88').length - refusedBefore).toBe(1);
    expect(gettokens() - before).toBe(2);
    expect((await fresh.send(newPage(newWorker()))).status).toBe('sent');
    expect(gettokens() - before).toBe(2);
  });

  it('reports a DingTalk error code as failed, with the code', async () => {
    const worker = newWorker();
    standin.behave(worker.dingtalkUserId as string, { send: 'error:143106' });
    const sent = await dingtalk.send(newPage(worker));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('143106');
  });

  it('reports a wrong app secret as failed, naming DingTalk’s refusal', async () => {
    const wrong = channel('dingtalk', dingtalkEnv(standin.url, 'not-the-secret'));
    const sent = await wrong.send(newPage(newWorker()));
    expect(sent).toMatchObject({ status: 'failed', ref: null });
    expect(sent.detail).toContain('40089');
  });

  it('fails a worker without a DingTalk userid in Chinese, without asking DingTalk', async () => {
    const before = standin.requests.length;
    const sent = await dingtalk.send(newPage(newWorker({ dingtalkUserId: null })));
    expect(sent).toMatchObject({ status: 'failed', ref: null });
    expect(sent.detail).toContain('未绑定钉钉');
    expect(standin.requests.length).toBe(before);
  });

  it('gives up with an unknown outcome when DingTalk never answers', async () => {
    const worker = newWorker();
    standin.behave(worker.dingtalkUserId as string, { send: 'hang' });
    await expectUnknownOutcome(dingtalk.send(newPage(worker)));
  });

  it('fails when nothing listens, since nothing was sent', async () => {
    const sent = await channel('dingtalk', dingtalkEnv(await closedUrl())).send(newPage(newWorker()));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('ECONNREFUSED');
  });
});

describe('Aliyun SMS against its stand-in', () => {
  let standin: AliyunStandIn;
  let sms: NotifyChannel;

  beforeAll(async () => {
    standin = await startAliyunStandIn({ ...ALIYUN, sms: { signName: ALIYUN.signName, templateCode: ALIYUN.templateCode } });
    sms = channel('sms', aliyunEnv(standin.url));
  });
  afterAll(() => standin?.close());

  it('sends a signed SendSms with short template parameters, and follows the receipt to delivered', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { result: 'pending' });
    const page = newPage(worker);
    const sent = await sms.send(page);
    expect(sent).toMatchObject({ status: 'sent', detail: null });

    const message = standin.messages.find((m) => m.bizId === sent.ref);
    expect(message).toMatchObject({ phone: worker.phone, signName: '小脑', templateCode: ALIYUN.templateCode, outId: page.attemptId });
    expect(message?.templateParam.no).toBe('HZ20250310-0012');
    expect(message?.templateParam.type).toBe('纠纷');
    expect([...(message?.templateParam.addr ?? '')].length).toBeLessThanOrEqual(20);

    const sentAt = new Date();
    expect(await sms.check(sent.ref as string, page, sentAt)).toMatchObject({ status: 'sent', final: false });
    standin.behave(worker.phone, { result: 'delivered' });
    expect(await sms.check(sent.ref as string, page, sentAt)).toMatchObject({ status: 'delivered', final: true });
    expect(standin.requests.filter((r) => r.params.Action === 'QuerySendDetails').every((r) => r.accepted)).toBe(true);
  });

  it('reports a carrier failure from the receipt, with its code', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { result: 'failed', errCode: 'MK:0012' });
    const page = newPage(worker);
    const sent = await sms.send(page);
    const checked = await sms.check(sent.ref as string, page, new Date());
    expect(checked).toMatchObject({ status: 'failed', final: true });
    expect(checked.detail).toContain('MK:0012');
  });

  it.each(['isv.AMOUNT_NOT_ENOUGH', 'isv.BUSINESS_LIMIT_CONTROL'])('reports %s as failed, with the code', async (code) => {
    const worker = newWorker();
    standin.behave(worker.phone, { send: `error:${code}` });
    const sent = await sms.send(newPage(worker));
    expect(sent).toMatchObject({ status: 'failed', ref: null });
    expect(sent.detail).toContain(code);
  });

  it('lets Aliyun judge a malformed number', async () => {
    const sent = await sms.send(newPage(newWorker({ phone: '0571123' })));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('isv.MOBILE_NUMBER_ILLEGAL');
  });

  it('reports a wrong AccessKey secret as failed, naming SignatureDoesNotMatch', async () => {
    const wrong = channel('sms', aliyunEnv(standin.url, 'not-the-secret'));
    const sent = await wrong.send(newPage(newWorker()));
    expect(sent).toMatchObject({ status: 'failed', ref: null });
    expect(sent.detail).toContain('SignatureDoesNotMatch');
  });

  it('is refused with InvalidTimeStamp.Expired by a provider whose clock is 20 minutes ahead', async () => {
    const ahead = await startAliyunStandIn({ ...ALIYUN, now: () => new Date(Date.now() + 20 * 60_000) });
    try {
      const sent = await channel('sms', aliyunEnv(ahead.url)).send(newPage(newWorker()));
      expect(sent.status).toBe('failed');
      expect(sent.detail).toContain('InvalidTimeStamp.Expired');
    } finally {
      await ahead.close();
    }
  });

  it('is refused with SignatureNonceUsed when a signed request is replayed', async () => {
    const sent = await sms.send(newPage(newWorker()));
    const original = standin.requests.find((r) => r.accepted && r.params.Action === 'SendSms' && standin.messages.some((m) => m.bizId === sent.ref));
    const form = new URLSearchParams(original?.params as Record<string, string>);
    const replay = await fetch(`${standin.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ Code: 'SignatureNonceUsed' });
  });

  it('gives up with an unknown outcome when Aliyun never answers, and sends once', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { send: 'hang' });
    await expectUnknownOutcome(sms.send(newPage(worker)));
    expect(standin.messages.filter((m) => m.phone === worker.phone)).toHaveLength(1);
  });

  it('fails when nothing listens, since nothing was sent', async () => {
    const sent = await channel('sms', aliyunEnv(await closedUrl())).send(newPage(newWorker()));
    expect(sent.status).toBe('failed');
  });
});

describe('Aliyun voice call against its stand-in', () => {
  let standin: AliyunStandIn;
  let voice: NotifyChannel;
  const callTimes = (number: string) => standin.calls.filter((c) => c.number === number).map((c) => c.at);

  beforeAll(async () => {
    standin = await startAliyunStandIn({ ...ALIYUN, voice: { showNumber: ALIYUN.showNumber, ttsCode: ALIYUN.ttsCode } });
    voice = channel('voice', aliyunEnv(standin.url));
  });
  afterAll(() => standin?.close());

  it('places a signed SingleCallByTts and follows the call from ringing to answered', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { result: 'ringing' });
    const page = newPage(worker);
    const sent = await voice.send(page);
    expect(sent).toMatchObject({ status: 'sent', detail: null });
    const call = standin.calls.find((c) => c.callId === sent.ref);
    expect(call).toMatchObject({ number: worker.phone, showNumber: ALIYUN.showNumber, outId: page.attemptId });
    expect(call?.ttsParam).toMatchObject({ no: 'HZ20250310-0012', type: '纠纷' });

    const sentAt = new Date();
    expect(await voice.check(sent.ref as string, page, sentAt)).toMatchObject({ status: 'sent', final: false });
    standin.behave(worker.phone, { result: 'answered' });
    const answered = await voice.check(sent.ref as string, page, sentAt);
    expect(answered).toMatchObject({ status: 'answered', final: true });
    expect(answered.detail).toContain('200000');
  });

  it.each([
    ['no_answer', '未接听'],
    ['busy', '占线'],
    ['powered_off', '关机'],
  ] as const)('reports a call that ended %s as failed, in Chinese', async (result, words) => {
    const worker = newWorker();
    standin.behave(worker.phone, { result });
    const page = newPage(worker);
    const sent = await voice.send(page);
    const checked = await voice.check(sent.ref as string, page, new Date());
    expect(checked).toMatchObject({ status: 'failed', final: true });
    expect(checked.detail).toContain(words);
  });

  it('is refused a second call to the same number within a minute, as the domain rule predicts', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { result: 'no_answer' });
    expect((await voice.send(newPage(worker))).status).toBe('sent');
    expect(voiceCallAllowed(callTimes(worker.phone), new Date())).toMatchObject({ allowed: false, rule: 'minute' });

    const again = await voice.send(newPage(worker));
    expect(again).toMatchObject({ status: 'failed', ref: null });
    expect(again.detail).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(callTimes(worker.phone)).toHaveLength(1);
  });

  it('counts a call whose answer never came against the limit', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { send: 'hang' });
    await expectUnknownOutcome(voice.send(newPage(worker)));
    standin.behave(worker.phone, { send: 'ok' });
    expect((await voice.send(newPage(worker))).detail).toContain('isv.BUSINESS_LIMIT_CONTROL');
  });

  it('reports a provider error code as failed, with the code', async () => {
    const worker = newWorker();
    standin.behave(worker.phone, { send: 'error:isv.OUT_OF_SERVICE', product: 'voice' });
    const sent = await voice.send(newPage(worker));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('isv.OUT_OF_SERVICE');
  });

  it('reports a wrong AccessKey secret as failed, naming SignatureDoesNotMatch', async () => {
    const sent = await channel('voice', aliyunEnv(standin.url, 'not-the-secret')).send(newPage(newWorker()));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('SignatureDoesNotMatch');
  });
});

describe('WeCom app message against its stand-in', () => {
  let standin: WecomStandIn;
  let wecom: NotifyChannel;

  beforeAll(async () => {
    standin = await startWecomStandIn(WECOM);
    wecom = channel('wecom', wecomEnv(standin.url));
  });
  afterAll(() => standin?.close());

  it('sends a text card with the case and says no receipt will come', async () => {
    const worker = newWorker();
    const page = newPage(worker);
    const sent = await wecom.send(page);
    expect(sent).toMatchObject({ status: 'sent', detail: null });
    const message = standin.messages.find((m) => m.msgid === sent.ref);
    expect(message?.userIds).toEqual([worker.wecomUserId]);
    expect(message?.textcard).toMatchObject({ title: '纠纷 · 新案件 HZ20250310-0012', url: page.url });
    expect(await wecom.check(sent.ref as string, page, NOW)).toMatchObject({ status: 'sent', final: true });
  });

  it('reports a userid WeCom does not know as failed', async () => {
    const worker = newWorker();
    standin.behave(worker.wecomUserId as string, { send: 'invalid' });
    const sent = await wecom.send(newPage(worker));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('81013');
  });

  it('fetches a new token once the stand-in expires it', async () => {
    expect((await wecom.send(newPage(newWorker()))).status).toBe('sent');
    const before = standin.requests.filter((r) => r.path === '/cgi-bin/gettoken').length;
    standin.expireTokens();
    expect((await wecom.send(newPage(newWorker()))).status).toBe('sent');
    expect(standin.requests.filter((r) => r.path === '/cgi-bin/gettoken').length).toBe(before + 1);
    expect(standin.requests.some((r) => r.code === '42001')).toBe(true);
  });

  it('reports a wrong secret as failed, naming WeCom’s refusal', async () => {
    const sent = await channel('wecom', wecomEnv(standin.url, 'not-the-secret')).send(newPage(newWorker()));
    expect(sent.status).toBe('failed');
    expect(sent.detail).toContain('40001');
  });

  it('gives up with an unknown outcome when WeCom never answers', async () => {
    const worker = newWorker();
    standin.behave(worker.wecomUserId as string, { send: 'hang' });
    await expectUnknownOutcome(wecom.send(newPage(worker)));
  });
});
