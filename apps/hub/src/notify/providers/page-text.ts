/**
 * The words of a page, shared by the providers: SMS and TTS templates take short variables (Aliyun
 * refuses a notice variable over 35 characters), DingTalk and WeCom cards take a few lines.
 */
import type { PageMessage } from '../channel';

/** Cuts to `max` characters (code points, so a Chinese character is one), marking the cut with 「…」. */
export function truncate(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** 「剩余 1 分 20 秒」, 「剩余 45 秒」, 「已超时」. */
export function timeLeftText(expiresAt: Date, now: Date): string {
  const seconds = Math.ceil((expiresAt.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return '已超时';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `剩余 ${minutes} 分 ${seconds % 60} 秒` : `剩余 ${seconds} 秒`;
}

/**
 * Template variables for the SMS and the TTS call: `no` (case number), `type` (category) and `addr`
 * (address, cut to 20 characters). The templates registered with Aliyun must use these names, e.g.
 * 「新案件${no}（${type}），地点：${addr}，请尽快打开小脑手机页面接单。」
 */
export function templateParams(message: PageMessage): Record<'no' | 'type' | 'addr', string> {
  return { no: truncate(message.caseNo, 35), type: truncate(message.categoryLabel, 10), addr: truncate(message.address, 20) };
}

/** 「纠纷 · 新案件 X20250310-0012」: the title of a card. */
export function cardTitle(message: PageMessage): string {
  return `${message.categoryLabel} · 新案件 ${message.caseNo}`;
}
