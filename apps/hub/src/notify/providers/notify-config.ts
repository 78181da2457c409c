/**
 * Which providers this hub can page through, read from the environment once at boot. A channel is
 * configured when all its keys are set; setting only some of them is a mistake that stops the start
 * (a half-configured SMS channel would otherwise be skipped without anyone noticing).
 */
import { ConfigError } from '../../config/config-error';
import type { AliyunSmsConfig } from './aliyun-sms';
import type { AliyunVoiceConfig } from './aliyun-voice';
import type { DingtalkConfig } from './dingtalk';
import type { WecomConfig } from './wecom';

export interface NotifyProvidersConfig {
  /** How long one request to a provider may take before its outcome counts as unknown. */
  timeoutMs: number;
  dingtalk: DingtalkConfig | null;
  wecom: WecomConfig | null;
  sms: AliyunSmsConfig | null;
  voice: AliyunVoiceConfig | null;
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = value(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} 不是网址 / is not a URL: "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`${name} 须以 http: 或 https: 开头 / must start with http: or https:, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function positiveInt(name: string, raw: string, min = 1): number {
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < min) throw new ConfigError(`${name} 须为不小于 ${min} 的整数 / must be an integer ≥ ${min}, got "${raw}"`);
  return parsed;
}

/**
 * The keys of one channel (those it shares with another, like the Aliyun AccessKey, included), or
 * null when none of its own keys is set.
 */
function keys<K extends string>(env: Env, label: string, own: readonly K[], shared: readonly K[] = []): Record<K, string> | null {
  if (own.every((name) => value(env, name) === null)) return null;
  const missing = [...own, ...shared].filter((name) => value(env, name) === null);
  if (missing.length) throw new ConfigError(`${label}缺少 ${missing.join('、')} / ${label} needs ${missing.join(', ')}`);
  return Object.fromEntries([...own, ...shared].map((name) => [name, value(env, name) as string])) as Record<K, string>;
}

export function parseNotifyConfig(env: NodeJS.ProcessEnv): NotifyProvidersConfig {
  const timeoutMs = positiveInt('NOTIFY_TIMEOUT_MS', value(env, 'NOTIFY_TIMEOUT_MS') ?? '5000', 10);
  const aliyunKeys = ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET'] as const;

  const dingtalkUrl = url(env, 'DINGTALK_URL', 'https://oapi.dingtalk.com');
  const dingtalk = keys(env, '钉钉工作通知', ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_AGENT_ID']);
  const wecomUrl = url(env, 'WECOM_URL', 'https://qyapi.weixin.qq.com');
  const wecom = keys(env, '企业微信消息', ['WECOM_CORP_ID', 'WECOM_SECRET', 'WECOM_AGENT_ID']);
  const smsUrl = url(env, 'ALIYUN_SMS_URL', 'https://dysmsapi.aliyuncs.com');
  const sms = keys(env, '阿里云短信', ['ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE'], aliyunKeys);
  const voiceUrl = url(env, 'ALIYUN_VOICE_URL', 'https://dyvmsapi.aliyuncs.com');
  const voice = keys(env, '阿里云语音', ['ALIYUN_VOICE_SHOW_NUMBER', 'ALIYUN_VOICE_TTS_CODE'], aliyunKeys);

  return {
    timeoutMs,
    dingtalk: dingtalk && {
      url: dingtalkUrl,
      appKey: dingtalk.DINGTALK_APP_KEY,
      appSecret: dingtalk.DINGTALK_APP_SECRET,
      agentId: positiveInt('DINGTALK_AGENT_ID', dingtalk.DINGTALK_AGENT_ID),
      timeoutMs,
    },
    wecom: wecom && {
      url: wecomUrl,
      corpId: wecom.WECOM_CORP_ID,
      secret: wecom.WECOM_SECRET,
      agentId: positiveInt('WECOM_AGENT_ID', wecom.WECOM_AGENT_ID),
      timeoutMs,
    },
    sms: sms && {
      url: smsUrl,
      accessKeyId: sms.ALIYUN_ACCESS_KEY_ID,
      accessKeySecret: sms.ALIYUN_ACCESS_KEY_SECRET,
      signName: sms.ALIYUN_SMS_SIGN_NAME,
      templateCode: sms.ALIYUN_SMS_TEMPLATE_CODE,
      timeoutMs,
    },
    voice: voice && {
      url: voiceUrl,
      accessKeyId: voice.ALIYUN_ACCESS_KEY_ID,
      accessKeySecret: voice.ALIYUN_ACCESS_KEY_SECRET,
      showNumber: voice.ALIYUN_VOICE_SHOW_NUMBER,
      ttsCode: voice.ALIYUN_VOICE_TTS_CODE,
      timeoutMs,
    },
  };
}
