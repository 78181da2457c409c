/** A case's timeline as an append-only, hash-chained record: hashing, checking, and rebuilding the case from it. */
export { canonicalEvent, canonicalJson, chainHash, GENESIS_HASH, linkEvent, type ChainAnchor, type ChainedEvent, type ChainEvent } from './chain-hash';
export { sourceOfActor } from './event-source';
export { verifyChain, type ChainCheck } from './verify-chain';
export {
  compareWithProjection,
  PROJECTION_FIELDS,
  replayIncident,
  type IncidentProjection,
  type ProjectionDiff,
  type ProjectionField,
  type ReplayedIncident,
  type ReplayEvent,
} from './replay-incident';
export { judgeTimeline, type TimelineVerdict } from './judge-timeline';
