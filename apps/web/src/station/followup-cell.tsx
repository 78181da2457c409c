/**
 * The 回访 outcome of a case on the station's table (#11, docs/followup.md): due or overdue, what the
 * caller said, 督办 with its deadline, a new round, 销号. Nothing for a case with no 回访 and no round.
 */
import { FOLLOWUP_STATUS_LABELS, SATISFACTION_LABELS, type IncidentView } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { label, locale } from '../shared/i18n';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

function outcome(incident: IncidentView): string {
  const f = incident.followUp;
  if (!f) return '';
  if (f.status !== 'recorded') return `${label(FOLLOWUP_STATUS_LABELS, f.status)} ${formatDateTime(f.dueAt)}${f.attempts ? tx(`（未接通 ${f.attempts} 次）`, ` (${f.attempts} missed)`) : ''}`;
  const said = f.reached === true && f.satisfaction ? `${label(SATISFACTION_LABELS, f.satisfaction)}${f.solved === false ? tx('，问题未解决', ', not solved') : ''}` : tx('未回访', 'not reached');
  if (f.reopenedAs) return `${said} → ${tx('重新派办', 'reopened')} ${f.reopenedAs.caseNo}`;
  const s = f.supervision;
  if (s) return `${said} → ${s.status === 'resolved' ? tx('督办已办结', 'supervision resolved') : `${tx(s.status === 'overdue' ? '督办超期' : '督办中', s.status === 'overdue' ? 'supervision overdue' : 'under supervision')} ${formatDateTime(s.deadline)}`}`;
  return said;
}

export function FollowUpCell({ incident }: { incident: IncidentView }) {
  const parts = [
    incident.reopenedFrom ? tx(`第 ${incident.round} 轮（原 ${incident.reopenedFrom.caseNo}）`, `Round ${incident.round} (of ${incident.reopenedFrom.caseNo})`) : '',
    outcome(incident),
    incident.signedOffAt ? tx('已销号', 'signed off') : '',
  ].filter(Boolean);
  if (!parts.length) return null;
  return (
    <div class="followup-cell muted" data-testid="station-followup" data-status={incident.followUp?.status} data-signed-off={String(incident.signedOffAt !== null)}>
      {parts.join(' · ')}
    </div>
  );
}
