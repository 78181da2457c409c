/**
 * The demo's paging providers: the DingTalk and Aliyun (SMS + voice) stand-ins on local ports, with demo
 * keys, scripted so that an operator sees what a real township sees — most work notices read, a few
 * notices and texts failing, calls answered. The hub is pointed at them through its environment, as it
 * would be at the real providers.
 */
import type { TownshipSeed } from '@xiaonao/contracts';
import type { AliyunStandIn } from './aliyun-standin';
import type { DingtalkStandIn } from './dingtalk-standin';
import { startProviderStandIns, type ProviderKeys } from './provider-standins';

type SeedWorker = TownshipSeed['workers'][number];

/** Demo keys only: the stand-ins accept exactly these, the real providers none of them. */
const KEYS: ProviderKeys = {
  dingtalk: { appKey: 'demo-dingtalk-appkey', appSecret: 'demo-dingtalk-appsecret', agentId: 3_001_001 },
  aliyun: {
    accessKeyId: 'LTAI-demo-xiaonao',
    accessKeySecret: 'demo-aliyun-secret',
    signName: '河庄街道',
    templateCode: 'SMS_DEMO_0001',
    showNumber: '057186000110',
    ttsCode: 'TTS_DEMO_0001',
  },
};

/**
 * What happens to each worker's messages, by place in the roster (a fixed pattern, so every start looks
 * alike): one in ten never reads the work notice (a missed accept looks like 「已读」 without an answer,
 * a missed message like this), one in twenty whose notice and text both fail (a phone that only a call
 * reaches), one in twenty whose text fails alone. Calls are answered.
 */
type Script = 'reads' | 'leaves_unread' | 'text_fails' | 'only_calls_reach';

export function demoScript(index: number): Script {
  switch (index % 20) {
    case 6:
    case 16:
      return 'leaves_unread';
    case 9:
      return 'text_fails';
    case 13:
      return 'only_calls_reach';
    default:
      return 'reads';
  }
}

/** The DingTalk userid a demo worker is known by in the township's DingTalk organisation. */
export function demoDingtalkUserId(worker: Pick<SeedWorker, 'code'>): string {
  return `hezhuang-${worker.code.toLowerCase()}`;
}

export interface DemoProviders {
  /** The hub's environment that points it at the stand-ins (names as parseNotifyConfig reads them). */
  env: Record<string, string>;
  /** Lines for the start-up banner. */
  banner: string[];
  close(): Promise<void>;
}

function script(dingtalk: DingtalkStandIn, aliyun: AliyunStandIn, worker: SeedWorker, index: number): void {
  const userId = worker.dingtalkUserId;
  const kind = demoScript(index);
  if (userId) dingtalk.behave(userId, { result: kind === 'leaves_unread' ? 'unread' : kind === 'only_calls_reach' ? 'failed' : 'read' });
  const textFails = kind === 'text_fails' || kind === 'only_calls_reach';
  aliyun.behave(worker.phone, { product: 'sms', result: textFails ? 'failed' : 'delivered', ...(textFails ? { errCode: 'MK:0004' } : {}) });
  aliyun.behave(worker.phone, { product: 'voice', result: 'answered' });
}

/** Starts both stand-ins, scripted for `seed`'s workers (whose DingTalk userids are already set). */
export async function startDemoProviders(seed: TownshipSeed): Promise<DemoProviders> {
  const { dingtalk, aliyun, env, close } = await startProviderStandIns(KEYS);
  seed.workers.forEach((worker, index) => script(dingtalk, aliyun, worker, index));
  return {
    env,
    banner: [
      '提醒渠道（本地模拟服务）/ paging providers (local stand-ins):',
      `  钉钉工作通知 DingTalk   ${dingtalk.url}   AppKey ${KEYS.dingtalk.appKey}  AgentId ${KEYS.dingtalk.agentId}`,
      `  阿里云短信+语音 Aliyun  ${aliyun.url}   AccessKeyId ${KEYS.aliyun.accessKeyId}`,
      '  大多数消息已读、少数失败，电话都会接听 / most notices are read, a few fail, calls are answered',
    ],
    close,
  };
}

/** The seed with a DingTalk userid for every worker (kept when one is set already). */
export function withDemoDingtalkUserIds(seed: TownshipSeed): TownshipSeed {
  return { ...seed, workers: seed.workers.map((w) => ({ ...w, dingtalkUserId: w.dingtalkUserId ?? demoDingtalkUserId(w) })) };
}
