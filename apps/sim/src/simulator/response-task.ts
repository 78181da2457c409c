/** A simulated worker's case in hand, from accepting to closing. Pure. */
import type { Category, IncidentView, LngLat } from '@xiaonao/contracts';
import { metresBetween } from '../township/geo';
import { travelMode, type TravelMode } from './movement';

/** The incident states in which the case is in a worker's hands. */
export type TaskStage = 'accepted' | 'contacted' | 'arrived';

export interface ResponseTask {
  incidentId: string;
  caseNo: string;
  category: Category;
  description: string;
  target: LngLat;
  stage: TaskStage;
  mode: TravelMode;
  /** A request for the next step is scheduled or in flight; nothing else may start one. */
  busy: boolean;
  /** Failed step requests in a row; the case is let go after a few. */
  failures: number;
}

export const MAX_STEP_FAILURES = 5;

export function isTaskStage(state: IncidentView['state']): state is TaskStage {
  return state === 'accepted' || state === 'contacted' || state === 'arrived';
}

/** The task for an incident this worker holds, or null when it is not (or no longer) in the worker's hands. */
export function taskFor(incident: IncidentView, workerId: string, from: LngLat, ebikeBeyondM: number): ResponseTask | null {
  if (incident.worker?.id !== workerId || !isTaskStage(incident.state)) return null;
  return acceptedTask(incident, from, ebikeBeyondM);
}

/** The task right after this worker's accept succeeded; the case is in its hands whatever the reply shows. */
export function acceptedTask(incident: IncidentView, from: LngLat, ebikeBeyondM: number): ResponseTask {
  return {
    incidentId: incident.id,
    caseNo: incident.caseNo,
    category: incident.category,
    description: incident.description,
    target: incident.location,
    stage: isTaskStage(incident.state) ? incident.state : 'accepted',
    mode: travelMode(metresBetween(from, incident.location), ebikeBeyondM),
    busy: false,
    failures: 0,
  };
}

/** Workers set off as soon as they accept and keep going while they phone the caller. */
export function isTravelling(task: ResponseTask): boolean {
  return task.stage !== 'arrived';
}

/** Arrival is reported only after contact: the hub's lifecycle goes accepted → contacted → arrived. */
export function readyToArrive(task: ResponseTask, position: LngLat, withinM: number): boolean {
  return task.stage === 'contacted' && !task.busy && metresBetween(position, task.target) <= withinM;
}
