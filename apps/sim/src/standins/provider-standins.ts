/**
 * The DingTalk and Aliyun (SMS + voice) stand-ins started together, with the hub environment that
 * points at them (names as parseNotifyConfig reads them). The demo and the tests start them this way.
 */
import { startAliyunStandIn, type AliyunStandIn } from './aliyun-standin';
import { startDingtalkStandIn, type DingtalkStandIn } from './dingtalk-standin';

export interface ProviderKeys {
  dingtalk: { appKey: string; appSecret: string; agentId: number };
  aliyun: { accessKeyId: string; accessKeySecret: string; signName: string; templateCode: string; showNumber: string; ttsCode: string };
}

export interface ProviderStandIns {
  dingtalk: DingtalkStandIn;
  aliyun: AliyunStandIn;
  /** The hub's environment for these stand-ins. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

export async function startProviderStandIns(keys: ProviderKeys, options: { now?: () => Date } = {}): Promise<ProviderStandIns> {
  const dingtalk = await startDingtalkStandIn(keys.dingtalk);
  let aliyun: AliyunStandIn;
  try {
    const { accessKeyId, accessKeySecret, signName, templateCode, showNumber, ttsCode } = keys.aliyun;
    aliyun = await startAliyunStandIn({ accessKeyId, accessKeySecret, sms: { signName, templateCode }, voice: { showNumber, ttsCode }, ...(options.now ? { now: options.now } : {}) });
  } catch (error) {
    await dingtalk.close();
    throw error;
  }
  return {
    dingtalk,
    aliyun,
    env: {
      DINGTALK_URL: dingtalk.url,
      DINGTALK_APP_KEY: keys.dingtalk.appKey,
      DINGTALK_APP_SECRET: keys.dingtalk.appSecret,
      DINGTALK_AGENT_ID: String(keys.dingtalk.agentId),
      ALIYUN_SMS_URL: aliyun.url,
      ALIYUN_VOICE_URL: aliyun.url,
      ALIYUN_ACCESS_KEY_ID: keys.aliyun.accessKeyId,
      ALIYUN_ACCESS_KEY_SECRET: keys.aliyun.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: keys.aliyun.signName,
      ALIYUN_SMS_TEMPLATE_CODE: keys.aliyun.templateCode,
      ALIYUN_VOICE_SHOW_NUMBER: keys.aliyun.showNumber,
      ALIYUN_VOICE_TTS_CODE: keys.aliyun.ttsCode,
    },
    close: async () => {
      await Promise.all([dingtalk.close(), aliyun.close()]);
    },
  };
}
