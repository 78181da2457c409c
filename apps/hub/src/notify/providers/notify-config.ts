/**
 * Which providers this hub can page through, read from the environment once at boot. A channel is
 * configured when all its keys are set; setting only some of them is a mistake that stops the start
 * (a half-configured SMS channel would otherwise be skipped without anyone noticing).
 */
import { createECDH } from 'node:crypto';
import { ConfigError } from '../../config/config-error';
import { integerSetting, type Env } from '../../config/env-values';
import type { AliyunSmsConfig } from './aliyun-sms';
import type { AliyunVoiceConfig } from './aliyun-voice';
import type { DingtalkConfig } from './dingtalk';
import type { WebPushConfig } from './webpush';
import type { WecomConfig } from './wecom';

export interface NotifyProvidersConfig {
  /** How long one request to a provider may take before its outcome counts as unknown. */
  timeoutMs: number;
  dingtalk: DingtalkConfig | null;
  wecom: WecomConfig | null;
  sms: AliyunSmsConfig | null;
  voice: AliyunVoiceConfig | null;
  webpush: WebPushConfig | null;
}


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

const positiveInt = (name: string, raw: string, min = 1): number => integerSetting(name, raw, min);

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

/** A VAPID key is base64url (as `npx web-push generate-vapid-keys` prints it) of `bytes` bytes; otherwise a ConfigError names the variable. */
function vapidKey(name: string, raw: string, bytes: number, what: string): void {
  const decoded = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url') : Buffer.alloc(0);
  if (decoded.length !== bytes || (bytes === 65 && decoded[0] !== 0x04)) {
    throw new ConfigError(`${name} 须为 base64url 编码的 ${what}（${bytes} 字节）/ must be the base64url ${what} (${bytes} bytes)`);
  }
}

/** The private key must be the public key's: a mismatched pair signs JWTs every push service refuses. */
function vapidPair(publicKey: string, privateKey: string): void {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
  if (ecdh.getPublicKey().toString('base64url') !== publicKey) {
    throw new ConfigError('VAPID_PRIVATE_KEY 与 VAPID_PUBLIC_KEY 不是一对密钥 / VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY');
  }
}

/** RFC 8292 §2.1: the push service's operators contact the sender through `sub`, a mailto: or https: URI. */
function vapidSubject(raw: string): string {
  if (/^mailto:\S+@\S+$/.test(raw)) return raw;
  try {
    if (new URL(raw).protocol === 'https:') return raw;
  } catch {
    // Not a URL: refused below.
  }
  throw new ConfigError(`VAPID_SUBJECT 须为 mailto: 或 https: 地址 / must be a mailto: or https: URI, got "${raw}"`);
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
  const webpush = keys(env, '浏览器推送', ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT']);
  if (webpush) {
    vapidKey('VAPID_PUBLIC_KEY', webpush.VAPID_PUBLIC_KEY, 65, 'P-256 公钥 / P-256 public key');
    vapidKey('VAPID_PRIVATE_KEY', webpush.VAPID_PRIVATE_KEY, 32, 'P-256 私钥 / P-256 private key');
    vapidPair(webpush.VAPID_PUBLIC_KEY, webpush.VAPID_PRIVATE_KEY);
  }

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
    webpush: webpush && {
      publicKey: webpush.VAPID_PUBLIC_KEY,
      privateKey: webpush.VAPID_PRIVATE_KEY,
      subject: vapidSubject(webpush.VAPID_SUBJECT),
      timeoutMs,
      allowLoopbackEndpoints: ['1', 'true'].includes((env.WEBPUSH_ALLOW_LOOPBACK_ENDPOINTS ?? '').trim()),
    },
  };
}
