/**
 * What the field benchmark assumes about grid workers' phones: how often the phone page is in front,
 * how often the phone has no network and for how long, and how likely each way of paging is to get
 * the worker to look at the offer, and how soon. Every number is named with its source, or marked as
 * an assumption, so a reader can disagree with one and rerun. Pure.
 *
 * A phone is in one of three states at each moment: `foreground` (the phone page is open and in
 * front, screen on: the offer shows and sounds), `background` (screen off or another app in front:
 * the page is hidden or frozen and cannot play a sound), `offline` (no mobile data: a stairwell, a
 * lift, a village fringe). Some offline spells lose data only; calls and SMS still get through.
 */
import type { Random } from '../township/random';
import type { Span } from '../quality/worker-behaviour';

/** The channels the field simulation models; a chain's other steps (WeCom, Web Push) are skipped. */
export const FIELD_CHANNELS = ['socket', 'dingtalk', 'sms', 'voice'] as const;
export type FieldChannel = (typeof FIELD_CHANNELS)[number];

export type PhoneState = 'foreground' | 'background' | 'offline';
/** How the phone looks when a message reaches it (an offline phone that still rings counts as background). */
export type Awake = 'foreground' | 'background';

/** Chance that a message reaching the phone makes the worker look at the offer, and how long that takes. */
export interface Notice {
  p: number;
  /** From the message reaching the phone to the offer being on the worker's screen. */
  delayS: Span;
}

export interface OfflineSpellKind {
  lengthS: number;
  weight: number;
}

export interface PhoneBehaviour {
  /**
   * Share of time the phone page is open and in front, and the mean length of such a spell.
   * Assumption: the brief says a grid worker's phone "is usually in a pocket with the screen off";
   * by day the page is looked at now and then on patrol, at night (`night` below) the worker on
   * duty mostly rests.
   */
  foreground: { dayShare: number; nightShare: number; meanSpellS: number };
  /**
   * Share of time without mobile data, the spell lengths by weight (each drawn ±50 %), and the share
   * of spells that lose data only (calls and SMS still arrive). Assumption: lifts and stairwells
   * (30 s), basements and village fringes (3 min), a dead zone or a drained battery (10 min).
   */
  offline: { share: number; spells: readonly OfflineSpellKind[]; dataOnlyShare: number };
  /**
   * After the page leaves the front, its socket stays connected this long, so the hub still counts it
   * online: it does not bring DingTalk forward and gives the category's window, not the offline one. Assumption: socket.io's ping (25 s + 20 s timeout)
   * against Android throttling a hidden page's timers and freezing it soon after the screen goes off.
   */
  socketGraceS: number;
  /** A hidden web page gets no geolocation (there is no background geolocation for the web): false. */
  positionsInBackground: boolean;
  /** Per channel and phone state, the chance the worker looks at the offer and the delay. */
  notice: Record<FieldChannel, Record<Awake, Notice>>;
  /**
   * When the hub learns a voice call failed, after placing it: an unreachable phone (Aliyun state
   * 200005/200010, 无法接通/关机) or one that rang out (200003, 未接听). Assumption: a few seconds to
   * fail a call; ~30 s of ringing before the network gives up.
   */
  voiceFailureKnownS: { unreachable: number; unanswered: number };
  /** Asia/Shanghai 'HH:MM': when the phones' night (hold, rest) begins and ends; the brief's 00:00–06:00. */
  night: { start: string; end: string };
  /**
   * Share of phones that hold app notifications at night, and which channels they hold. Huawei and
   * Honor: 33 % of China's smartphone shipments in Q3 2024 (Counterpoint: Huawei 18 %, Honor 15 %;
   * IDC Q1 2024: 17.0 % + 17.1 %). Shipments are not the installed base of grid workers' phones:
   * the share is an assumption informed by them. System SMS and calls are not held (assumption).
   */
  nightHold: { share: number; channels: readonly FieldChannel[] };
}

const notice = (p: number, min: number, max: number): Notice => ({ p, delayS: { min, max } });

export const DEFAULT_PHONE_BEHAVIOUR: PhoneBehaviour = {
  foreground: { dayShare: 0.15, nightShare: 0.03, meanSpellS: 120 },
  offline: {
    share: 0.05,
    spells: [
      { lengthS: 30, weight: 0.5 },
      { lengthS: 180, weight: 0.35 },
      { lengthS: 600, weight: 0.15 },
    ],
    dataOnlyShare: 0.5,
  },
  socketGraceS: 60,
  positionsInBackground: false,
  notice: {
    // The page in front shows and sounds the offer; the worker's own answer time follows (5–25 s).
    // Hidden, the page cannot play a sound: the socket alone is not noticed.
    socket: { foreground: notice(0.95, 0, 2), background: notice(0, 0, 0) },
    // A DingTalk work notice lights and buzzes the phone; taking it out, unlocking, tapping the card.
    dingtalk: { foreground: notice(0.9, 1, 5), background: notice(0.6, 3, 15) },
    // An SMS among many (spam-weary); opening the link in it.
    sms: { foreground: notice(0.8, 2, 10), background: notice(0.5, 5, 30) },
    // A call rings until picked up (≈5–15 s), the TTS names the case (≈10 s), then the page is opened.
    voice: { foreground: notice(0.9, 10, 25), background: notice(0.75, 15, 35) },
  },
  voiceFailureKnownS: { unreachable: 8, unanswered: 35 },
  night: { start: '00:00', end: '06:00' },
  nightHold: { share: 0.33, channels: ['dingtalk'] },
};

/** The defaults with some parts replaced; nested parts are replaced whole. */
export function phoneBehaviour(overrides: Partial<PhoneBehaviour> = {}): PhoneBehaviour {
  return { ...DEFAULT_PHONE_BEHAVIOUR, ...overrides };
}

/** Mean length of an offline spell: the weighted mean of the kinds (each drawn ±50 %, so unbiased). */
export function meanOfflineSpellS(b: PhoneBehaviour): number {
  const total = b.offline.spells.reduce((sum, s) => sum + s.weight, 0);
  return total > 0 ? b.offline.spells.reduce((sum, s) => sum + s.weight * s.lengthS, 0) / total : 0;
}

/** One offline spell's length. */
export function offlineSpellS(b: PhoneBehaviour, random: Random): number {
  const kind = random.weighted(b.offline.spells.map((s) => ({ item: s.lengthS, weight: s.weight })));
  return kind * random.between(0.5, 1.5);
}

/**
 * Seconds from a message reaching the phone to the offer on the worker's screen, or null when the
 * worker never looks (within any useful time). A draw: the same random stream gives the same answers.
 */
export function noticeAfterS(b: PhoneBehaviour, channel: FieldChannel, awake: Awake, random: Random): number | null {
  const n = b.notice[channel][awake];
  if (!random.chance(n.p)) return null;
  return random.between(n.delayS.min, n.delayS.max);
}

/** Channels over mobile data; SMS and calls use the cellular network and survive a data-only spell. */
export function needsData(channel: FieldChannel): boolean {
  return channel === 'socket' || channel === 'dingtalk';
}

/** Whether a phone that holds notifications at night keeps this channel's message until morning. */
export function heldAtNight(b: PhoneBehaviour, holds: boolean, channel: FieldChannel, night: boolean): boolean {
  return holds && night && b.nightHold.channels.includes(channel);
}

/** The assumptions as flat parameters, for a benchmark's record. */
export function phoneParams(b: PhoneBehaviour): Record<string, number | string | boolean> {
  const params: Record<string, number | string | boolean> = {
    phoneForegroundDayShare: b.foreground.dayShare,
    phoneForegroundNightShare: b.foreground.nightShare,
    phoneForegroundMeanSpellS: b.foreground.meanSpellS,
    phoneOfflineShare: b.offline.share,
    phoneOfflineSpells: b.offline.spells.map((s) => `${s.lengthS}s×${s.weight}`).join(' '),
    phoneOfflineDataOnlyShare: b.offline.dataOnlyShare,
    phoneSocketGraceS: b.socketGraceS,
    phonePositionsInBackground: b.positionsInBackground,
    voiceUnreachableKnownS: b.voiceFailureKnownS.unreachable,
    voiceUnansweredKnownS: b.voiceFailureKnownS.unanswered,
    phoneNight: `${b.night.start}-${b.night.end}`,
    nightHoldShare: b.nightHold.share,
    nightHoldChannels: b.nightHold.channels.join(' '),
  };
  for (const channel of FIELD_CHANNELS) {
    for (const awake of ['foreground', 'background'] as const) {
      const n = b.notice[channel][awake];
      params[`notice_${channel}_${awake}`] = `p ${n.p}, ${n.delayS.min}–${n.delayS.max} s`;
    }
  }
  return params;
}
