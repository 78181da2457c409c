/**
 * Who may see a caller's full number without asking: the worker who holds the case, because they call
 * the party. The primary worker holds it from acceptance until it closes (an offer not yet accepted is
 * not holding: a worker who declines must not leave with the number); an assistant an operator added
 * holds it until it closes.
 */
import type { IncidentState } from '@xiaonao/contracts';

const HELD_BY_PRIMARY: ReadonlySet<IncidentState> = new Set<IncidentState>(['accepted', 'contacted', 'arrived']);

export interface CaseHolding {
  state: IncidentState;
  /** The primary worker (the holder, or the one offered to in a sequential offer). */
  workerId: string | null;
  assistantIds: readonly string[];
}

export function holdsCase(c: CaseHolding, workerId: string | null | undefined): boolean {
  if (!workerId || c.state === 'closed') return false;
  if (c.assistantIds.includes(workerId)) return true;
  return c.workerId === workerId && HELD_BY_PRIMARY.has(c.state);
}
