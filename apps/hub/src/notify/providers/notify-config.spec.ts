import { describe, expect, it } from 'vitest';
import { createChannels } from './index';
import { parseNotifyConfig } from './notify-config';

const FULL = {
  DINGTALK_APP_KEY: 'ding-key',
  DINGTALK_APP_SECRET: 'ding-secret',
  DINGTALK_AGENT_ID: '2001',
  WECOM_CORP_ID: 'ww-corp',
  WECOM_SECRET: 'wecom-secret',
  WECOM_AGENT_ID: '1000002',
  ALIYUN_ACCESS_KEY_ID: 'LTAI-test',
  ALIYUN_ACCESS_KEY_SECRET: 'aliyun-secret',
  ALIYUN_SMS_SIGN_NAME: '小脑',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_100001',
  ALIYUN_VOICE_SHOW_NUMBER: '057100000000',
  ALIYUN_VOICE_TTS_CODE: 'TTS_100001',
};

describe('a hub with no provider keys', () => {
  it('configures no channel and waits 5 s per request', () => {
    const config = parseNotifyConfig({});
    expect(config).toEqual({ timeoutMs: 5000, dingtalk: null, wecom: null, sms: null, voice: null, webpush: null });
    expect(createChannels(config)).toEqual([]);
  });
});

describe('a hub with every key', () => {
  it('builds the channels in chain order, on the providers’ own addresses', () => {
    const config = parseNotifyConfig(FULL);
    expect(createChannels(config).map((c) => c.kind)).toEqual(['dingtalk', 'wecom', 'sms', 'voice']);
    expect(config.dingtalk).toMatchObject({ url: 'https://oapi.dingtalk.com', agentId: 2001 });
    expect(config.sms).toMatchObject({ url: 'https://dysmsapi.aliyuncs.com', signName: '小脑', accessKeyId: 'LTAI-test' });
    expect(config.voice).toMatchObject({ url: 'https://dyvmsapi.aliyuncs.com', showNumber: '057100000000' });
    expect(config.wecom).toMatchObject({ url: 'https://qyapi.weixin.qq.com', agentId: 1000002 });
  });

  it('takes stand-in addresses and a shorter timeout', () => {
    const config = parseNotifyConfig({ ...FULL, ALIYUN_SMS_URL: 'http://127.0.0.1:4010/', NOTIFY_TIMEOUT_MS: '300' });
    expect(config.sms?.url).toBe('http://127.0.0.1:4010');
    expect(config.sms?.timeoutMs).toBe(300);
  });

  it('configures SMS without voice when only the SMS keys are there', () => {
    const { ALIYUN_VOICE_SHOW_NUMBER: _n, ALIYUN_VOICE_TTS_CODE: _c, ...smsOnly } = FULL;
    expect(createChannels(parseNotifyConfig(smsOnly)).map((c) => c.kind)).toEqual(['dingtalk', 'wecom', 'sms']);
  });
});

describe('a variable that cannot stand', () => {
  it.each([
    [{ DINGTALK_APP_KEY: 'k' }, 'DINGTALK_APP_SECRET'],
    [{ ALIYUN_SMS_SIGN_NAME: '小脑', ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1' }, 'ALIYUN_ACCESS_KEY_ID'],
    [{ ...FULL, DINGTALK_AGENT_ID: 'abc' }, 'DINGTALK_AGENT_ID'],
    [{ ...FULL, WECOM_AGENT_ID: '-3' }, 'WECOM_AGENT_ID'],
    [{ NOTIFY_TIMEOUT_MS: 'soon' }, 'NOTIFY_TIMEOUT_MS'],
    [{ ALIYUN_VOICE_URL: 'dyvmsapi.aliyuncs.com' }, 'ALIYUN_VOICE_URL'],
    [{ DINGTALK_URL: 'ftp://oapi.dingtalk.com' }, 'DINGTALK_URL'],
  ])('stops the start, naming it (%j)', (env, name) => {
    expect(() => parseNotifyConfig(env)).toThrow(name);
  });
});
