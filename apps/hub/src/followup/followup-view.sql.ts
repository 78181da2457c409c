/**
 * The 回访 of incident `i` as its FollowUpView, a subquery for INCIDENT_SELECT (incident-row.ts). No
 * imports: incident-row.ts reads it, and the 回访 module reads incident-row.ts.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const FOLLOW_UP_VIEW_SQL = `(
  SELECT json_build_object(
    'id', f.id, 'status', f.status, 'dueAt', ${iso('f.due_at')},
    'reached', f.reached, 'satisfaction', f.satisfaction, 'solved', f.solved, 'notes', f.notes, 'decision', f.decision,
    'recordedAt', ${iso('f.recorded_at')}, 'recordedBy', f.recorded_by, 'attempts', f.attempts,
    'reopenedAs', (SELECT json_build_object('id', r.id, 'caseNo', r.case_no) FROM incident r WHERE r.id = f.reopened_as),
    'supervision', (SELECT json_build_object('deadline', ${iso('sv.deadline')}, 'status', sv.status, 'openedAt', ${iso('sv.opened_at')},
                                             'resolvedAt', ${iso('sv.resolved_at')}, 'notes', sv.notes, 'resolution', sv.resolution)
                    FROM supervision sv WHERE sv.follow_up_id = f.id))
  FROM follow_up f WHERE f.incident_id = i.id)`;
