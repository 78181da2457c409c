import { describe, expect, it } from 'vitest';
import { createRandom } from '../township/random';
import { DEFAULT_PHONE_BEHAVIOUR, heldAtNight, meanOfflineSpellS, needsData, noticeAfterS, phoneBehaviour, phoneParams, type PhoneBehaviour } from './phone-behaviour';
import { PhoneTimeline } from './phone-timeline';

const b = DEFAULT_PHONE_BEHAVIOUR;
const never = () => false;
const DAY_S = 86_400;

/** Share of sampled seconds of many phones' days spent in each state. */
function stateShares(behaviour: PhoneBehaviour, phones = 40) {
  const counts = { foreground: 0, background: 0, offline: 0 };
  let n = 0;
  for (let seed = 1; seed <= phones; seed++) {
    const phone = new PhoneTimeline(behaviour, seed, never);
    for (let s = 0; s < DAY_S; s += 7) {
      counts[phone.stateAt(s)] += 1;
      n += 1;
    }
  }
  return { foreground: counts.foreground / n, background: counts.background / n, offline: counts.offline / n };
}

describe('a phone’s day by default', () => {
  const shares = stateShares(b);

  it('is mostly in a pocket: the page in front about 15 % of the time, without data about 5 %', () => {
    expect(shares.offline).toBeCloseTo(b.offline.share, 1);
    expect(shares.foreground).toBeCloseTo(b.foreground.dayShare * (1 - b.offline.share), 1);
    expect(shares.background).toBeGreaterThan(0.75);
  });

  it('has offline spells of the stated mixture of lengths', () => {
    expect(meanOfflineSpellS(b)).toBeCloseTo(0.5 * 30 + 0.35 * 180 + 0.15 * 600, 6);
  });

  it('names every assumption in its params', () => {
    const params = phoneParams(b);
    expect(params).toMatchObject({ phoneForegroundDayShare: 0.15, nightHoldShare: 0.33, notice_socket_background: 'p 0, 0–0 s' });
    expect(Object.keys(params)).toHaveLength(13 + 8);
  });
});

describe('a phone timeline', () => {
  it('is the same whatever is asked of it, and in whatever order', () => {
    const forwards = new PhoneTimeline(b, 9, never);
    const backwards = new PhoneTimeline(b, 9, never);
    backwards.stateAt(DAY_S);
    const times = Array.from({ length: 500 }, (_, k) => k * 170);
    expect(times.map((s) => backwards.stateAt(s))).toEqual(times.map((s) => forwards.stateAt(s)));
  });

  it('uses the night share of time in front at night', () => {
    const nightOnly = phoneBehaviour({ foreground: { dayShare: 1, nightShare: 0, meanSpellS: 120 }, offline: { ...b.offline, share: 0 } });
    const phone = new PhoneTimeline(nightOnly, 3, (s) => s < 6 * 3600);
    expect(phone.stateAt(3 * 3600)).toBe('background');
    expect(phone.stateAt(12 * 3600)).toBe('foreground');
  });

  it('finds the next moment the page is in front and has data', () => {
    const always = phoneBehaviour({ foreground: { dayShare: 1, nightShare: 1, meanSpellS: 120 }, offline: { ...b.offline, share: 0 } });
    expect(new PhoneTimeline(always, 1, never).nextVisibleAt(100, 120)).toBe(100);
    const pocket = phoneBehaviour({ foreground: { dayShare: 0, nightShare: 0, meanSpellS: 120 } });
    expect(new PhoneTimeline(pocket, 1, never).nextVisibleAt(100, 10_000)).toBeNull();
    const phone = new PhoneTimeline(b, 4, never);
    const at = phone.nextVisibleAt(0, DAY_S);
    expect(at).not.toBeNull();
    expect(phone.stateAt(at as number)).toBe('foreground');
  });

  it('counts the socket live in front, for the grace period after, and never without data', () => {
    const phone = new PhoneTimeline(b, 5, never);
    const samples = Array.from({ length: 20_000 }, (_, k) => k * 4.1);
    for (const s of samples) {
      const state = phone.stateAt(s);
      if (state === 'foreground') expect(phone.socketLiveAt(s)).toBe(true);
      if (state === 'offline') expect(phone.socketLiveAt(s)).toBe(false);
    }
    const hidden = samples.filter((s) => phone.stateAt(s) === 'background');
    const live = hidden.filter((s) => phone.socketLiveAt(s));
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThan(hidden.length / 5);
  });

  it('still takes calls and SMS in a spell that loses data only', () => {
    const lift = phoneBehaviour({ offline: { share: 1, spells: [{ lengthS: 30, weight: 1 }], dataOnlyShare: 1 } });
    const phone = new PhoneTimeline(lift, 1, never);
    expect([phone.stateAt(50), phone.cellularAt(50), phone.socketLiveAt(50)]).toEqual(['offline', true, false]);
    const dead = phoneBehaviour({ offline: { share: 0.5, spells: [{ lengthS: 600, weight: 1 }], dataOnlyShare: 0 } });
    const fringe = new PhoneTimeline(dead, 2, never);
    const s = Array.from({ length: 1000 }, (_, k) => k * 30).find((t) => fringe.stateAt(t) === 'offline') as number;
    expect(fringe.cellularAt(s)).toBe(false);
    expect(fringe.cellularBackAt(s)).toBe(fringe.dataBackAt(s));
    expect(fringe.dataBackAt(s)).toBeGreaterThan(s);
  });
});

describe('noticing an offer', () => {
  const draws = (channel: 'socket' | 'dingtalk' | 'sms' | 'voice', awake: 'foreground' | 'background', n = 10_000) => {
    const random = createRandom(11);
    return Array.from({ length: n }, () => noticeAfterS(b, channel, awake, random));
  };
  const noticedShare = (list: (number | null)[]) => list.filter((x) => x !== null).length / list.length;

  it('never comes from the socket alone while the page is hidden: it cannot play a sound', () => {
    expect(noticedShare(draws('socket', 'background'))).toBe(0);
  });

  it('comes from the page in front within two seconds', () => {
    const list = draws('socket', 'foreground');
    expect(noticedShare(list)).toBeCloseTo(0.95, 1);
    expect(Math.max(...list.filter((x): x is number => x !== null))).toBeLessThanOrEqual(2);
  });

  it('comes from a ringing call with its probability, after its delay', () => {
    const list = draws('voice', 'background');
    expect(noticedShare(list)).toBeCloseTo(0.75, 1);
    expect(Math.min(...list.filter((x): x is number => x !== null))).toBeGreaterThanOrEqual(15);
  });

  it('needs data for the page and DingTalk, not for SMS and calls', () => {
    expect(['socket', 'dingtalk', 'sms', 'voice'].map((c) => needsData(c as 'socket'))).toEqual([true, true, false, false]);
  });

  it('waits for the morning on a phone that holds DingTalk at night, but not for SMS', () => {
    expect(heldAtNight(b, true, 'dingtalk', true)).toBe(true);
    expect(heldAtNight(b, true, 'sms', true)).toBe(false);
    expect(heldAtNight(b, true, 'dingtalk', false)).toBe(false);
    expect(heldAtNight(b, false, 'dingtalk', true)).toBe(false);
  });
});
