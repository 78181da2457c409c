/** The whole verdict on a case's timeline: does the chain hold, and do the events rebuild the row? */
import type { ChainAnchor, ChainedEvent } from './chain-hash';
import { compareWithProjection, replayIncident, type IncidentProjection, type ProjectionDiff } from './replay-incident';
import { verifyChain, type ChainCheck } from './verify-chain';

export interface TimelineVerdict {
  /** The chain holds and the events rebuild the row exactly. */
  ok: boolean;
  chain: ChainCheck;
  /** Fields of the row the events do not account for. */
  mismatches: ProjectionDiff[];
}

export function judgeTimeline(events: readonly ChainedEvent[], anchor: ChainAnchor, row: IncidentProjection): TimelineVerdict {
  const chain = verifyChain(events, anchor);
  const mismatches = compareWithProjection(replayIncident(events), row);
  return { ok: chain.ok && mismatches.length === 0, chain, mismatches };
}
