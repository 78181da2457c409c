/**
 * The form of one 回访 call (记录回访): reached or not, satisfaction, solved, notes, and the decision
 * an unsatisfactory outcome needs (重新派办 or 转督办 with a deadline in hours). The hub judges; a
 * refused field is shown beside the form.
 */
import { FOLLOWUP_API, SATISFACTIONS, SATISFACTION_LABELS, type IncidentView, type RecordFollowUpRequest, type Satisfaction } from '@xiaonao/contracts';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { label, locale } from '../shared/i18n';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

/** Builds the form for `incident`; `done` gets the case as the hub answered. */
export function followUpForm(api: ApiClient, incident: IncidentView, done: (incident: IncidentView) => void): HTMLElement {
  const reached = h('select', { 'data-testid': 'fu-reached' }, h('option', { value: 'yes' }, tx('已联系上', 'Reached')), h('option', { value: 'no' }, tx('未联系上', 'Not reached')));
  const satisfaction = h('select', { 'data-testid': 'fu-satisfaction' }, ...SATISFACTIONS.map((s) => h('option', { value: s }, label(SATISFACTION_LABELS, s))));
  const solved = h('select', { 'data-testid': 'fu-solved' }, h('option', { value: 'yes' }, tx('问题已解决', 'Solved')), h('option', { value: 'no' }, tx('问题未解决', 'Not solved')));
  const decision = h(
    'select',
    { 'data-testid': 'fu-decision' },
    h('option', { value: '' }, tx('（满意则销号；未联系上则稍后再访）', '(satisfied: sign off; not reached: try later)')),
    h('option', { value: 'reopen' }, tx('重新派办（新一轮）', 'Reopen (new round)')),
    h('option', { value: 'supervise' }, tx('转督办', 'Send to supervision')),
    h('option', { value: 'sign_off' }, tx('销号（未联系上时须写明理由）', 'Sign off (reason needed if not reached)')),
  );
  const hours = h('input', { type: 'number', min: 1, max: 2160, value: 48, class: 'fu-hours', 'data-testid': 'fu-hours' });
  const notes = h('textarea', { rows: 2, maxlength: 2000, placeholder: tx('回访记录', 'Notes'), 'data-testid': 'fu-notes' });
  const error = h('p', { class: 'error-text', 'data-testid': 'fu-error' });
  const submit = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'fu-submit' }, tx('提交', 'Submit'));
  const sync = () => {
    const isReached = reached.value === 'yes';
    satisfaction.disabled = !isReached;
    solved.disabled = !isReached;
    hours.disabled = decision.value !== 'supervise';
  };
  reached.addEventListener('change', sync);
  decision.addEventListener('change', sync);
  sync();
  submit.addEventListener('click', () => {
    const body: RecordFollowUpRequest = { reached: reached.value === 'yes', notes: notes.value };
    if (body.reached) {
      body.satisfaction = satisfaction.value as Satisfaction;
      body.solved = solved.value === 'yes';
    }
    if (decision.value === 'reopen' || decision.value === 'supervise' || decision.value === 'sign_off') body.decision = decision.value;
    if (body.decision === 'supervise') body.supervisionHours = Number(hours.value);
    submit.disabled = true;
    error.textContent = '';
    api
      .post<IncidentView>(FOLLOWUP_API.record(incident.id), body)
      .then(done)
      .catch((e: unknown) => {
        error.textContent = errorText(e);
        if (e instanceof ApiError && e.body?.field) error.dataset.field = e.body.field;
      })
      .finally(() => (submit.disabled = false));
  });
  return h(
    'div',
    { class: 'fu-form', 'data-testid': 'fu-form' },
    h('div', { class: 'fu-row' }, reached, satisfaction, solved),
    h('div', { class: 'fu-row' }, decision, h('label', { class: 'fu-inline' }, tx('督办期限（小时）', 'Deadline (hours)'), hours)),
    notes,
    h('div', { class: 'fu-row' }, submit, error),
  );
}

/** A one-field action (督办办结 with notes, 销号 with a reason) and its button. */
export function noteAction(placeholder: string, button: string, testid: string, act: (text: string) => Promise<unknown>): HTMLElement {
  const text = h('input', { type: 'text', maxlength: 500, placeholder, 'data-testid': `${testid}-text` });
  const go = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': testid }, button);
  const error = h('span', { class: 'error-text' });
  go.addEventListener('click', () => {
    go.disabled = true;
    error.textContent = '';
    act(text.value)
      .catch((e: unknown) => (error.textContent = errorText(e)))
      .finally(() => (go.disabled = false));
  });
  return h('div', { class: 'fu-row' }, text, go, error);
}
