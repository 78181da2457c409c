/**
 * 排班: today's shifts of every worker the operator may roster, whether each is on duty and why (排班,
 * 临时调整, 未排班), a form to add a shift and one to override a worker's duty. Times are Beijing time.
 * Saving a shift replaces that worker's shifts of that day with the ones shown plus the new one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { API, DUTY_SOURCE_LABELS, type RosterRequest, type RosterView, type ShiftView, type WorkerDutyView } from '@xiaonao/contracts';
import { errorText } from '../shared/api-client';
import { formatDateTime, shanghaiDay } from '../shared/format-time';
import { label, t, type TextKey } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { workers } from './console-store';

const shiftText = (s: ShiftView) => `${s.start}–${s.end}${s.end <= s.start ? `（${t('rosterNextDay')}）` : ''}`;

function Field({ text, children }: { text: TextKey; children: preact.ComponentChildren }) {
  return (
    <label class="roster-wide">
      <span class="muted">{t(text)}</span>
      {children}
    </label>
  );
}

function WorkerSelect({ view, nameOf, select }: { view: RosterView; nameOf: (id: string) => string; select: preact.RefObject<HTMLSelectElement | null> }) {
  return (
    <select ref={select} name="workerId">
      {view.duty.map((d) => (
        <option key={d.workerId} value={d.workerId}>
          {nameOf(d.workerId)}
        </option>
      ))}
    </select>
  );
}

export function RosterPanel() {
  useLanguage();
  const actions = useActions();
  const [view, setView] = useState<RosterView | null>(null);
  const load = async () => {
    const today = shanghaiDay(new Date(serverNow()));
    try {
      setView(await actions.api.get<RosterView>(`${API.roster}?from=${today}&to=${today}`));
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };
  useEffect(() => void load(), []);
  if (!view) return <div class="roster-panel" data-testid="roster-panel" />;
  const names = workers.value;
  const nameOf = (id: string) => names.get(id)?.name ?? id.slice(0, 8);
  return (
    <div class="roster-panel" data-testid="roster-panel">
      <div class="nc-actions">
        <h3 class="detail-sub">{`${t('rosterTitle')} ${view.from}`}</h3>
        <button class="btn btn-ghost" type="button" onClick={() => actions.togglePanel('roster', false)}>
          ×
        </button>
      </div>
      {view.duty.length ? (
        <table class="roster-table">
          <thead>
            <tr>
              {(['rosterWorker', 'rosterShifts', 'rosterDuty', 'rosterSource'] as const).map((k) => (
                <th key={k}>{t(k)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.duty.map((d) => (
              <DutyRow key={d.workerId} duty={d} shifts={view.shifts.filter((s) => s.workerId === d.workerId)} name={nameOf(d.workerId)} />
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('rosterEmpty')}</p>
      )}
      <ShiftForm view={view} nameOf={nameOf} reload={load} />
      <OverrideForm view={view} nameOf={nameOf} reload={load} />
    </div>
  );
}

function DutyRow({ duty, shifts, name }: { duty: WorkerDutyView; shifts: ShiftView[]; name: string }) {
  const override = duty.override;
  const note = override
    ? `${t('rosterOverrideBy').replace('{by}', override.by).replace('{reason}', override.reason || '—')}，${
        override.until ? t('rosterUntil').replace('{t}', formatDateTime(override.until)) : t('rosterUntilNextChange')
      }`
    : null;
  return (
    <tr data-worker={duty.workerId}>
      <td>{name}</td>
      <td>{shifts.length ? shifts.map(shiftText).join('，') : <span class="muted">{t('rosterNoShift')}</span>}</td>
      <td class={duty.onDuty ? 'roster-duty-on' : 'roster-duty-off'}>{t(duty.onDuty ? 'rosterOnDuty' : 'rosterOffDuty')}</td>
      <td>
        <span class={`roster-source roster-source-${duty.source}`}>{label(DUTY_SOURCE_LABELS, duty.source)}</span>
        {note ? <span class="roster-note">{note}</span> : null}
      </td>
    </tr>
  );
}

type FormProps = { view: RosterView; nameOf: (id: string) => string; reload: () => Promise<void> };

function ShiftForm({ view, nameOf, reload }: FormProps) {
  const actions = useActions();
  const worker = useRef<HTMLSelectElement>(null);
  const date = useRef<HTMLInputElement>(null);
  const start = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    const workerId = worker.current?.value ?? '';
    const day = date.current?.value ?? view.from;
    try {
      // The day's other shifts of this worker are kept: the hub replaces the named workers' shifts of the range.
      const sameDay = await actions.api.get<RosterView>(`${API.roster}?from=${day}&to=${day}`);
      const kept = sameDay.shifts.filter((s) => s.workerId === workerId).map(({ workerId: w, date: d, start: s, end: f }) => ({ workerId: w, date: d, start: s, end: f }));
      const body: RosterRequest = { from: day, to: day, workerIds: [workerId], shifts: [...kept, { workerId, date: day, start: start.current?.value ?? '', end: end.current?.value ?? '' }] };
      await actions.api.put<RosterView>(API.roster, body);
      showToast(t('rosterSaved'));
      await reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="roster-form" data-testid="roster-shift-form" onSubmit={(e) => void save(e)}>
      <h4>{t('rosterAddShift')}</h4>
      <Field text="rosterWorker">
        <WorkerSelect view={view} nameOf={nameOf} select={worker} />
      </Field>
      <Field text="rosterDate">
        <input ref={date} name="date" type="date" defaultValue={view.from} required />
      </Field>
      <Field text="rosterStart">
        <input ref={start} name="start" type="time" defaultValue="08:00" required />
      </Field>
      <Field text="rosterEnd">
        <input ref={end} name="end" type="time" defaultValue="20:00" required />
      </Field>
      <p class="error-text">{error}</p>
      <div class="nc-actions roster-wide">
        <button class="btn btn-primary" type="submit">
          {t('submit')}
        </button>
      </div>
    </form>
  );
}

function OverrideForm({ view, nameOf, reload }: FormProps) {
  const actions = useActions();
  const worker = useRef<HTMLSelectElement>(null);
  const duty = useRef<HTMLSelectElement>(null);
  const reason = useRef<HTMLInputElement>(null);
  const until = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const save = (e: Event) => {
    e.preventDefault();
    const workerId = worker.current?.value ?? '';
    const when = until.current?.value ?? '';
    // Entered as Beijing wall-clock time whatever the browser's zone.
    const body = { onDuty: duty.current?.value === 'true', reason: reason.current?.value.trim() || undefined, until: when ? `${when}:00+08:00` : undefined };
    void actions.api
      .put<WorkerDutyView>(API.workerDuty(workerId), body)
      .then(async () => {
        showToast(t('rosterOverridden').replace('{name}', nameOf(workerId)));
        await reload();
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form class="roster-form" data-testid="roster-override-form" onSubmit={save}>
      <h4>{t('rosterOverride')}</h4>
      <Field text="rosterWorker">
        <WorkerSelect view={view} nameOf={nameOf} select={worker} />
      </Field>
      <Field text="rosterDuty">
        <select ref={duty} name="onDuty">
          <option value="true">{t('rosterSetOn')}</option>
          <option value="false">{t('rosterSetOff')}</option>
        </select>
      </Field>
      <Field text="rosterReason">
        <input ref={reason} name="reason" maxLength={200} autocomplete="off" />
      </Field>
      <Field text="rosterOverrideUntil">
        <input ref={until} name="until" type="datetime-local" />
      </Field>
      <p class="error-text">{error}</p>
      <div class="nc-actions roster-wide">
        <button class="btn btn-primary" type="submit">
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
