/** The operators' 回访 worklist (#11), apart from followup.ts because it holds whole cases and views.ts imports followup.ts. */
import type { IncidentView } from './views';

/** The operators' 回访 worklist: GET /api/followups. */
export interface FollowUpWorklist {
  /** 回访 due (scheduled), soonest first. */
  due: IncidentView[];
  /** 回访 past their due time. */
  overdue: IncidentView[];
  /** Open or overdue 督办, nearest deadline first. */
  supervision: IncidentView[];
  /** Resolved cases with no 回访 due (not sampled), or whose 督办 is resolved: waiting for an operator's 销号. */
  awaitingSignOff: IncidentView[];
}
