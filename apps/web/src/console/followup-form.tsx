/**
 * The form of one 回访 call (记录回访): reached or not, satisfaction, solved, notes, and the decision
 * an unsatisfactory outcome needs (重新派办 or 转督办 with a deadline in hours). The hub judges; a
 * refused field is shown beside the form.
 */
import { useRef, useState } from 'preact/hooks';
import { FOLLOWUP_API, SATISFACTIONS, SATISFACTION_LABELS, type IncidentView, type RecordFollowUpRequest, type Satisfaction } from '@xiaonao/contracts';
import { ApiError, errorText } from '../shared/api-client';
import { label, locale } from '../shared/i18n';
import { useActions } from './console-context';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

/** The form for `incident`; `done` gets the case as the hub answered. */
export function FollowUpForm({ incident, done }: { incident: IncidentView; done: (incident: IncidentView) => void }) {
  const actions = useActions();
  const [reached, setReached] = useState(true);
  const [decision, setDecision] = useState('');
  const satisfaction = useRef<HTMLSelectElement>(null);
  const solved = useRef<HTMLSelectElement>(null);
  const hours = useRef<HTMLInputElement>(null);
  const notes = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<{ text: string; field?: string }>({ text: '' });
  const [busy, setBusy] = useState(false);
  const submit = () => {
    const body: RecordFollowUpRequest = { reached, notes: notes.current?.value ?? '' };
    if (body.reached) {
      body.satisfaction = satisfaction.current?.value as Satisfaction;
      body.solved = solved.current?.value === 'yes';
    }
    if (decision === 'reopen' || decision === 'supervise' || decision === 'sign_off') body.decision = decision;
    if (body.decision === 'supervise') body.supervisionHours = Number(hours.current?.value);
    setBusy(true);
    setError({ text: '' });
    actions.api
      .post<IncidentView>(FOLLOWUP_API.record(incident.id), body)
      .then(done)
      .catch((e: unknown) => setError({ text: errorText(e), field: e instanceof ApiError ? e.body?.field : undefined }))
      .finally(() => setBusy(false));
  };
  return (
    <div class="fu-form" data-testid="fu-form">
      <div class="fu-row">
        <select data-testid="fu-reached" onChange={(e) => setReached(e.currentTarget.value === 'yes')}>
          <option value="yes">{tx('已联系上', 'Reached')}</option>
          <option value="no">{tx('未联系上', 'Not reached')}</option>
        </select>
        <select ref={satisfaction} data-testid="fu-satisfaction" disabled={!reached}>
          {SATISFACTIONS.map((s) => (
            <option key={s} value={s}>
              {label(SATISFACTION_LABELS, s)}
            </option>
          ))}
        </select>
        <select ref={solved} data-testid="fu-solved" disabled={!reached}>
          <option value="yes">{tx('问题已解决', 'Solved')}</option>
          <option value="no">{tx('问题未解决', 'Not solved')}</option>
        </select>
      </div>
      <div class="fu-row">
        <select data-testid="fu-decision" onChange={(e) => setDecision(e.currentTarget.value)}>
          <option value="">{tx('（满意则销号；未联系上则稍后再访）', '(satisfied: sign off; not reached: try later)')}</option>
          <option value="reopen">{tx('重新派办（新一轮）', 'Reopen (new round)')}</option>
          <option value="supervise">{tx('转督办', 'Send to supervision')}</option>
          <option value="sign_off">{tx('销号（未联系上时须写明理由）', 'Sign off (reason needed if not reached)')}</option>
        </select>
        <label class="fu-inline">
          {tx('督办期限（小时）', 'Deadline (hours)')}
          <input ref={hours} type="number" min={1} max={2160} defaultValue="48" class="fu-hours" data-testid="fu-hours" disabled={decision !== 'supervise'} />
        </label>
      </div>
      <textarea ref={notes} rows={2} maxLength={2000} placeholder={tx('回访记录', 'Notes')} data-testid="fu-notes" />
      <div class="fu-row">
        <button class="btn btn-primary" type="button" data-testid="fu-submit" disabled={busy} onClick={submit}>
          {tx('提交', 'Submit')}
        </button>
        <p class="error-text" data-testid="fu-error" data-field={error.field}>
          {error.text}
        </p>
      </div>
    </div>
  );
}

/** A one-field action (督办办结 with notes, 销号 with a reason) and its button. */
export function NoteAction({ placeholder, button, testid, act }: { placeholder: string; button: string; testid: string; act: (text: string) => Promise<unknown> }) {
  const text = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <div class="fu-row">
      <input ref={text} type="text" maxLength={500} placeholder={placeholder} data-testid={`${testid}-text`} />
      <button
        class="btn btn-ghost"
        type="button"
        data-testid={testid}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError('');
          act(text.current?.value ?? '')
            .catch((e: unknown) => setError(errorText(e)))
            .finally(() => setBusy(false));
        }}
      >
        {button}
      </button>
      <span class="error-text">{error}</span>
    </div>
  );
}
