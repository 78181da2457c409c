/** Where an event came from when its writer did not say: read from the actor's prefix. */
import type { EventSource } from '@xiaonao/contracts';

const BY_PREFIX: readonly (readonly [string, EventSource])[] = [
  ['worker:', 'phone'],
  ['operator:', 'console'],
  ['110:', '110'],
  ['intake', '110'],
  ['camera:', 'camera'],
  ['positioning', 'positioning'],
];

/** `worker:…` → phone, `operator:…` → console, `110:…` → 110; the hub's own actors (dispatch, clock) and anything unknown → system. */
export function sourceOfActor(actor: string): EventSource {
  return BY_PREFIX.find(([prefix]) => actor.startsWith(prefix))?.[1] ?? 'system';
}
