/**
 * Checks a case's stored events against their hash chain and names the first event that does not fit.
 * A chain alone cannot see its own last links cut off, so the count and last hash kept on the incident
 * row (the anchor, written in the same transaction as each event) are checked as well.
 */
import type { ChainBreak } from '@xiaonao/contracts';
import { chainHash, GENESIS_HASH, type ChainAnchor, type ChainedEvent } from './chain-hash';

/**
 * Why a chain fails (ChainBreak, from the contracts):
 * edited: an event's content no longer matches its hash;
 * deleted: an event is missing from the middle (a gap in seq, or a link to a hash that is not there);
 * reordered: events are out of order, or an event's seq was changed to move it;
 * truncated: the chain is intact but shorter than the incident row says (its last events are gone).
 */
export type ChainCheck =
  | { ok: true; checked: number }
  /** `checked`: events found intact before the break; `seq`: the event that is wrong or missing. */
  | { ok: false; checked: number; seq: number; reason: ChainBreak };

/** Events in the order they are stored (by seq). */
export function verifyChain(events: readonly ChainedEvent[], anchor?: ChainAnchor): ChainCheck {
  let prev = GENESIS_HASH;
  let expected = 1;
  const broken = (seq: number, reason: ChainBreak): ChainCheck => ({ ok: false, checked: expected - 1, seq, reason });
  for (const e of events) {
    if (e.seq < expected) return broken(e.seq, 'reordered');
    // A gap: the missing event is gone, unless it turns up further on.
    if (e.seq > expected) return broken(expected, events.some((later) => later.seq === expected) ? 'reordered' : 'deleted');
    if (chainHash(e.prevHash, e) !== e.hash) return broken(e.seq, movedFrom(e, events) ? 'reordered' : 'edited');
    // The event is intact but not linked to the one before it: something between them went, unless the
    // events were moved (it links to an event further on, or the one that links here is further on).
    if (e.prevHash !== prev) {
      const moved = events.some((later) => later.seq > e.seq && (later.hash === e.prevHash || later.prevHash === prev));
      return broken(e.seq, moved ? 'reordered' : 'deleted');
    }
    prev = e.hash;
    expected++;
  }
  if (anchor) {
    const count = expected - 1;
    if (count < anchor.count) return broken(expected, 'truncated');
    // More events than the row knows of, or another last event: written past the hub, not by it.
    if (count > anchor.count) return { ok: false, checked: anchor.count, seq: anchor.count + 1, reason: 'edited' };
    if (count > 0 && prev !== anchor.lastHash) return { ok: false, checked: count - 1, seq: count, reason: 'edited' };
  }
  return { ok: true, checked: expected - 1 };
}

/** The event hashes correctly under another seq of this chain: someone renumbered it to move it. */
function movedFrom(e: ChainedEvent, events: readonly ChainedEvent[]): boolean {
  return events.some((other) => other.seq !== e.seq && chainHash(e.prevHash, { ...e, seq: other.seq }) === e.hash);
}
