/** The providers behind NotifyChannel, built from the parsed configuration. */
import { SystemClock, type Clock } from '../../clock/clock';
import type { NotifyChannel } from '../channel';
import { AliyunSmsChannel } from './aliyun-sms';
import { AliyunVoiceChannel } from './aliyun-voice';
import { DingtalkChannel } from './dingtalk';
import type { NotifyProvidersConfig } from './notify-config';
import { WebPushChannel, type PushSubscriptionBook } from './webpush';
import { WecomChannel } from './wecom';

export { AliyunSmsChannel } from './aliyun-sms';
export { AliyunVoiceChannel } from './aliyun-voice';
export { DingtalkChannel } from './dingtalk';
export { WebPushChannel, type PushSubscriptionBook } from './webpush';
export { WecomChannel } from './wecom';
export { parseNotifyConfig, type NotifyProvidersConfig } from './notify-config';

/**
 * One channel per configured provider, in the order of the usual chain (DingTalk, WeCom, SMS, voice,
 * then Web Push). `clock` is the hub's: it only says, in a card, how long the offer has left (and
 * gives a push its TTL). Web Push also needs where the subscriptions are kept (`pushSubscriptions`).
 */
export function createChannels(config: NotifyProvidersConfig, clock: Clock = new SystemClock(), pushSubscriptions?: PushSubscriptionBook): NotifyChannel[] {
  return [
    config.dingtalk && new DingtalkChannel(config.dingtalk, clock),
    config.wecom && new WecomChannel(config.wecom, clock),
    config.sms && new AliyunSmsChannel(config.sms),
    config.voice && new AliyunVoiceChannel(config.voice),
    config.webpush && pushSubscriptions ? new WebPushChannel(config.webpush, clock, pushSubscriptions) : null,
  ].filter((channel): channel is NonNullable<typeof channel> => channel !== null);
}
