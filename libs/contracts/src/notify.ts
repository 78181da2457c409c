/**
 * Reaching a worker whose screen is off: the township's notifier chain (socket → DingTalk/WeCom →
 * SMS → voice), each step with its own delay after the offer, and what each attempt became.
 */
import type { Category, Labels } from './vocabulary';

export const CHANNEL_KINDS = ['socket', 'dingtalk', 'wecom', 'sms', 'voice', 'webpush'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_LABELS: Labels<ChannelKind> = {
  socket: { zh: '手机页面', en: 'Phone page' },
  dingtalk: { zh: '钉钉工作通知', en: 'DingTalk work notice' },
  wecom: { zh: '企业微信消息', en: 'WeCom message' },
  sms: { zh: '短信', en: 'SMS' },
  voice: { zh: '语音电话', en: 'Voice call' },
  webpush: { zh: '浏览器推送', en: 'Web Push' },
};

/**
 * What became of one attempt. `sent`: the provider took it; `delivered`/`read`: the provider (or the
 * phone) says it arrived / was opened; `answered`: a voice call was picked up; `failed`: a known failure
 * (moves the chain on at once); `unknown`: the hub lost track mid-send and did not resend (SMS and calls
 * are not idempotent); `skipped`: not attempted (provider limit, channel not configured, no address);
 * `cancelled`: the worker answered the offer, or it passed on, before this step was due.
 */
export const ATTEMPT_STATUSES = ['scheduled', 'sending', 'sent', 'delivered', 'read', 'answered', 'failed', 'unknown', 'skipped', 'cancelled'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const ATTEMPT_STATUS_LABELS: Labels<AttemptStatus> = {
  scheduled: { zh: '待发', en: 'Scheduled' },
  sending: { zh: '发送中', en: 'Sending' },
  sent: { zh: '已发出', en: 'Sent' },
  delivered: { zh: '已送达', en: 'Delivered' },
  read: { zh: '已读', en: 'Read' },
  answered: { zh: '已接听', en: 'Answered' },
  failed: { zh: '失败', en: 'Failed' },
  unknown: { zh: '结果不明', en: 'Unknown' },
  skipped: { zh: '未发', en: 'Skipped' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** One step of a chain: which channel, and how many seconds after the offer it is due if nobody has answered. */
export interface NotifyStepView {
  channel: ChannelKind;
  afterSeconds: number;
}

/**
 * A chain for a category (null: every category). `night` is used between `nightStart` and `nightEnd`
 * (Asia/Shanghai), when Huawei and Honor phones hold notifications: call first.
 */
export interface NotifyChainView {
  category: Category | null;
  day: NotifyStepView[];
  night: NotifyStepView[];
}

export interface NotifySettingsView {
  /** 'HH:MM' Asia/Shanghai, e.g. '00:00' and '06:00'. */
  nightStart: string;
  nightEnd: string;
  /** The most specific chain wins (a category's own, else the one with category null). */
  chains: NotifyChainView[];
  /** Channels this hub has a provider for (configured by URL and keys). Others are skipped. */
  configuredChannels: ChannelKind[];
}

export type NotifySettingsRequest = Omit<NotifySettingsView, 'configuredChannels'>;

/** One attempt to reach a worker about an offer, as the operator sees it. */
export interface PageAttemptView {
  id: string;
  offerId: string;
  incidentId: string;
  workerId: string;
  step: number;
  channel: ChannelKind;
  status: AttemptStatus;
  dueAt: string;
  sentAt: string | null;
  /** When the status last changed (delivered, read, failed, answered…). */
  resultAt: string | null;
  /** The provider's words, e.g. 「用户未读」, `isv.BUSINESS_LIMIT_CONTROL`. */
  detail: string | null;
}

/** Whether a worker can be reached before an operator (or the ranking) picks them. */
export interface ReachabilityView {
  /** The phone page's socket is open now (on some hub process). */
  online: boolean;
  /** The phone's last sign of life: a fix, a heartbeat, a step. */
  lastSeenAt: string | null;
  /** Channels that delivered to this worker in the last day, newest first. */
  workedLately: ChannelKind[];
  /** Channels that failed to deliver in the last day (and did not work since). */
  failedLately: ChannelKind[];
  /** The hub's verdict: 'good' (online or a channel worked lately), 'doubtful' (neither), 'bad' (channels failed lately and not online). */
  verdict: 'good' | 'doubtful' | 'bad';
}
