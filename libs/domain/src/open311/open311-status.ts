/**
 * Open311 knows two statuses, open and closed. A case is `closed` exactly when our state is closed
 * (whatever its closure: 办结, 已退回公安, 已移交12345, 已排除); everything else is `open`. What actually
 * happened goes to `status_notes`, in Chinese, for the citizen who filed it: who took it, how it ended.
 * Numbers anyone typed into free text (a result, a reason) are masked: the notes leave the hub.
 */
import { CLOSURE_LABELS, type Closure, type IncidentState, type Open311Status } from '@xiaonao/contracts';
import { maskPhonesInText } from '../feedback/mask-text-phones';

export interface Open311CaseFacts {
  state: IncidentState;
  closure: Closure | null;
  /** Waits for an operator to confirm dispatch. */
  awaitingConfirmation: boolean;
  /** The worker holding (or offered) the case, with their team as a person reads it (专职网格员). */
  worker: { name: string; team: string } | null;
  /** The worker's or operator's result when closed. */
  result: string | null;
  /** Why it was returned to the police or handed to 12345. */
  handbackReason: string | null;
}

export interface Open311Progress {
  status: Open311Status;
  statusNotes: string;
}

/** Free text in the notes: masked, on one line, and short enough for a list on a phone. */
const NOTE_MAX = 200;

function clean(text: string | null): string {
  const oneLine = maskPhonesInText(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > NOTE_MAX ? `${oneLine.slice(0, NOTE_MAX - 1)}…` : oneLine;
}

const who = (worker: Open311CaseFacts['worker']) => (worker ? ` · ${worker.team}${worker.name}` : '');

/** With a detail after a colon when there is one: 「已办结：已调解」, else just 「已办结」. */
const withDetail = (label: string, detail: string) => (detail ? `${label}：${detail}` : label);

export function open311Progress(c: Open311CaseFacts): Open311Progress {
  if (c.state === 'closed') {
    const closure: Closure = c.closure ?? 'resolved';
    const label = CLOSURE_LABELS[closure].zh;
    const detail = closure === 'returned_to_police' || closure === 'handed_to_12345' ? clean(c.handbackReason) || clean(c.result) : clean(c.result);
    return { status: 'closed', statusNotes: withDetail(label, detail) };
  }
  switch (c.state) {
    case 'received':
      return { status: 'open', statusNotes: c.awaitingConfirmation ? '已受理，待指挥中心派单' : '已受理，正在派单' };
    case 'offered':
      return { status: 'open', statusNotes: '已受理，正在派单' };
    case 'accepted':
      return { status: 'open', statusNotes: `已接单${who(c.worker)}` };
    case 'contacted':
      return { status: 'open', statusNotes: `已联系，正在前往${who(c.worker)}` };
    case 'arrived':
      return { status: 'open', statusNotes: `已到场处置${who(c.worker)}` };
  }
}
