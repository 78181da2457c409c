/**
 * 今日: the worker's cases of the day (Asia/Shanghai) with when each 1-3-8 stage was done, ✓ in time
 * or ✗ late, and the case queued next. The worker sees their own record as the command room sees it.
 */
import { CATEGORY_LABELS, stateLabelOf, type ClockStage, type IncidentView } from '@xiaonao/contracts';
import { formatTime } from '../shared/format-time';
import { label, t, type TextKey } from '../shared/i18n';
import { pendingFor, todays, useLanguage } from './phone-store';

const STAGES: [ClockStage, TextKey][] = [
  ['accept', 'todayAccept'],
  ['contact', 'todayContact'],
  ['arrive', 'todayArrive'],
];

export { todaysCases } from './phone-drafts';

export function TodayList() {
  useLanguage();
  const cases = todays.value;
  return (
    <section class="card today" data-testid="today">
      <div class="today-head">
        <h2>{t('today')}</h2>
        <span class="muted num">{String(cases.length)}</span>
      </div>
      {cases.length === 0 ? (
        <p class="muted">{t('todayEmpty')}</p>
      ) : (
        <ul class="today-list">
          {cases.map((incident) => (
            <TodayRow key={incident.id} incident={incident} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TodayRow({ incident }: { incident: IncidentView }) {
  const lang = useLanguage();
  const pending = pendingFor(incident.id);
  return (
    <li class="today-row" data-testid="today-case" data-incident-id={incident.id} data-state={incident.state}>
      <div class="today-line">
        <strong>{label(CATEGORY_LABELS, incident.category)}</strong>
        {incident.queued ? <span class="tag tag-queued">{t('queuedTag')}</span> : null}
        <span class="badge" data-state={incident.state} data-closure={incident.closure ?? undefined}>
          {stateLabelOf(incident)[lang]}
        </span>
        {pending > 0 ? <span class="tag tag-pending" data-testid="today-pending">{`${t('pendingSend')} ${pending}`}</span> : null}
      </div>
      <div class="today-address muted">{`${formatTime(incident.receivedAt).slice(0, 5)} · ${incident.address}`}</div>
      <div class="today-stages">
        {STAGES.map(([stage, key]) => (
          <StageMark key={stage} incident={incident} stage={stage} text={t(key)} />
        ))}
      </div>
    </li>
  );
}

function StageMark({ incident, stage, text }: { incident: IncidentView; stage: ClockStage; text: string }) {
  const clock = incident.clocks.find((c) => c.stage === stage);
  const done = clock?.doneAt ?? null;
  if (!clock || !done) return <span class="stage-mark open" data-stage={stage}>{`${text} —`}</span>;
  const inTime = Date.parse(done) <= Date.parse(clock.deadline);
  return (
    <span class={`stage-mark ${inTime ? 'ok' : 'late'}`} data-stage={stage} data-in-time={String(inTime)} title={t(inTime ? 'inTime' : 'late')}>
      {`${text} ${formatTime(done).slice(0, 5)} ${inTime ? '✓' : '✗'}`}
    </span>
  );
}
