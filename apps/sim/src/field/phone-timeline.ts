/**
 * One phone's day as spells: when its page is in front and when it has no data. Two independent
 * on/off processes with exponential lengths (no memory), drawn lazily from their own random streams,
 * so a phone's day is the same whatever the simulation asks of it and in what order: the chain and
 * socket-only runs see identical phones. The phone's state does not depend on the offers it gets
 * (a simplification: a worker who opens an offer does not thereby keep the page in front).
 */
import { meanGapS, spellS } from '../quality/worker-behaviour';
import { createRandom, type Random } from '../township/random';
import { meanOfflineSpellS, offlineSpellS, type PhoneBehaviour, type PhoneState } from './phone-behaviour';

export interface Spell {
  startS: number;
  endS: number;
}

export interface OfflineSpell extends Spell {
  /** Only mobile data is lost: calls and SMS still arrive. */
  dataOnly: boolean;
}

/**
 * A process that alternates between on and off; only the on spells are kept. With `recheckS`, no
 * spell is drawn longer than that: a longer draw is cut there and the same state drawn afresh, which
 * changes nothing for exponential lengths (they have no memory) but lets the share follow the hour.
 */
class OnOff<S extends Spell> {
  readonly spells: S[] = [];
  private cursorS: number;
  private on: boolean;

  constructor(
    private readonly random: Random,
    startShare: number,
    private readonly next: (on: boolean, atS: number, random: Random) => { lengthS: number; make: (spell: Spell) => S },
    startS: number,
    private readonly recheckS = Number.POSITIVE_INFINITY,
  ) {
    this.cursorS = startS;
    this.on = random.chance(startShare);
  }

  /** Draws spells until the process is known beyond `s`. */
  extendTo(s: number): void {
    while (this.cursorS <= s) {
      const { lengthS, make } = this.next(this.on, this.cursorS, this.random);
      const cut = lengthS > this.recheckS;
      const endS = this.cursorS + Math.max(Math.min(lengthS, this.recheckS), 1e-3);
      if (this.on) {
        const last = this.spells[this.spells.length - 1];
        if (last && last.endS === this.cursorS) last.endS = endS;
        else this.spells.push(make({ startS: this.cursorS, endS }));
      }
      this.cursorS = endS;
      if (!cut) this.on = !this.on;
    }
  }

  /** The spell holding `s`, if any. */
  at(s: number): S | null {
    this.extendTo(s);
    const i = lastStartingBy(this.spells, s);
    return i >= 0 && s < this.spells[i].endS ? this.spells[i] : null;
  }

  /** The last spell that ended at or before `s`. */
  lastEndedBy(s: number): S | null {
    this.extendTo(s);
    let i = lastStartingBy(this.spells, s);
    if (i >= 0 && s < this.spells[i].endS) i -= 1;
    return i >= 0 ? this.spells[i] : null;
  }

  /** The first spell starting after `s`, if one starts before `untilS`. */
  nextStartAfter(s: number, untilS: number): S | null {
    this.extendTo(untilS);
    const spell = this.spells[lastStartingBy(this.spells, s) + 1];
    return spell && spell.startS < untilS ? spell : null;
  }
}

function lastStartingBy(spells: readonly Spell[], s: number): number {
  let lo = 0;
  let hi = spells.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spells[mid].startS <= s) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The share of time in front changes with the hour (night or day): spells are redrawn at least this often. */
const FOREGROUND_RECHECK_S = 900;

const clampShare = (share: number): number => Math.min(1, Math.max(0, share));

/** Length of the next on or off spell for a share of time on; shares of 0 and 1 never switch. */
function alternate(on: boolean, share: number, meanOnS: number, random: Random): number {
  if (share <= 0) return on ? 0 : Number.MAX_SAFE_INTEGER;
  if (share >= 1) return on ? Number.MAX_SAFE_INTEGER : 0;
  return spellS(on ? meanOnS : meanGapS(share, meanOnS), random);
}

export class PhoneTimeline {
  private readonly visible: OnOff<Spell>;
  private readonly offline: OnOff<OfflineSpell>;

  /** `nightAt(s)`: whether second `s` of the simulation falls in the phones' night. */
  constructor(
    private readonly b: PhoneBehaviour,
    seed: number,
    nightAt: (s: number) => boolean,
    startS = 0,
  ) {
    const foregroundShare = (s: number) => clampShare(nightAt(s) ? b.foreground.nightShare : b.foreground.dayShare);
    const offlineShare = clampShare(b.offline.share);
    const meanOffline = meanOfflineSpellS(b);
    this.visible = new OnOff<Spell>(
      createRandom(seed),
      foregroundShare(startS),
      (on, atS, random) => ({ lengthS: alternate(on, foregroundShare(atS), b.foreground.meanSpellS, random), make: (spell) => spell }),
      startS,
      FOREGROUND_RECHECK_S,
    );
    this.offline = new OnOff<OfflineSpell>(
      createRandom((seed ^ 0x5bd1e995) >>> 0),
      offlineShare,
      (on, _atS, random) => {
        if (!on) return { lengthS: alternate(false, offlineShare, meanOffline, random), make: (spell) => ({ ...spell, dataOnly: false }) };
        const lengthS = offlineShare >= 1 ? Number.MAX_SAFE_INTEGER : offlineSpellS(b, random);
        const dataOnly = random.chance(b.offline.dataOnlyShare);
        return { lengthS, make: (spell) => ({ ...spell, dataOnly }) };
      },
      startS,
    );
  }

  stateAt(s: number): PhoneState {
    if (this.offline.at(s)) return 'offline';
    return this.visible.at(s) ? 'foreground' : 'background';
  }

  /** The offline spell holding `s`, if the phone has no data then. */
  offlineAt(s: number): OfflineSpell | null {
    return this.offline.at(s);
  }

  /** Whether calls and SMS reach the phone at `s` (everything but a full outage). */
  cellularAt(s: number): boolean {
    const spell = this.offline.at(s);
    return !spell || spell.dataOnly;
  }

  /**
   * Whether the page's socket is connected at `s`, as the hub sees it: always while in front, for a
   * grace period after leaving the front, never across a loss of data (the hidden page does not reconnect).
   */
  socketLiveAt(s: number): boolean {
    const state = this.stateAt(s);
    if (state !== 'background') return state === 'foreground';
    const left = this.visible.lastEndedBy(s);
    if (!left || s - left.endS >= this.b.socketGraceS) return false;
    const lost = this.offline.lastEndedBy(s);
    return !lost || lost.endS <= left.endS;
  }

  /** The first moment in [fromS, untilS) at which the page is in front with data, or null. */
  nextVisibleAt(fromS: number, untilS: number): number | null {
    let s = fromS;
    while (s < untilS) {
      const outage = this.offline.at(s);
      if (outage) {
        s = outage.endS;
        continue;
      }
      if (this.visible.at(s)) return s;
      const next = this.visible.nextStartAfter(s, untilS);
      if (!next) return null;
      s = next.startS;
    }
    return null;
  }

  /** When the phone next has data, from `s` (at once if it has). */
  dataBackAt(s: number): number {
    return this.offline.at(s)?.endS ?? s;
  }

  /** When calls and SMS next reach the phone, from `s`. */
  cellularBackAt(s: number): number {
    return this.cellularAt(s) ? s : this.dataBackAt(s);
  }
}
