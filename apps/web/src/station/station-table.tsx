/** The station's table of handed-over cases: one row each, with time taken per 1-3-8 stage; a row opens the case. */
import { CATEGORY_LABELS, CLOCK_STAGES, CLOCK_STAGE_LABELS, stateLabelOf, type ClockStage, type IncidentView } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { label, locale, t, type TextKey } from '../shared/i18n';
import { useArrivals } from './arrivals';
import { ClockChip } from '../shared/ui/clock-chips';
import { FollowUpCell } from './followup-cell';
import { casesLoaded, results, searching, shownCases, useLanguage } from './station-store';
import { st } from './station-text';

function TableHead() {
  return (
    <thead id="station-thead">
      <tr>
        <th>{t('caseNo')}</th>
        <th>{t('receivedAt')}</th>
        <th>{t('category')}</th>
        <th>{t('address')}</th>
        <th>{t('state')}</th>
        <th>{t('worker')}</th>
        {CLOCK_STAGES.map((stage) => (
          <th key={stage} class="stage-col">
            {label(CLOCK_STAGE_LABELS, stage)}
          </th>
        ))}
        <th>{t('result')}</th>
      </tr>
    </thead>
  );
}

function StageCell({ incident, stage }: { incident: IncidentView; stage: ClockStage }) {
  const clock = incident.clocks.find((c) => c.stage === stage);
  return <td class="stage-cell">{clock ? <ClockChip incident={incident} clock={clock} withLabel={false} /> : '—'}</td>;
}

function StationRow({ incident, fresh, onOpen }: { incident: IncidentView; fresh: boolean; onOpen: (incident: IncidentView) => void }) {
  return (
    <tr
      data-testid="station-row"
      data-id={incident.id}
      data-case-no={incident.caseNo}
      data-state={incident.state}
      data-closure={incident.closure}
      class={fresh ? 'fresh' : undefined}
      onClick={() => onOpen(incident)}
    >
      {/* The whole row opens the case; the number is the button a keyboard reaches. */}
      <td class="num case-no">
        <button class="case-open" type="button" data-testid="open-case" title={st('openCase')}>
          {incident.caseNo}
        </button>
      </td>
      <td class="num nowrap">{formatDateTime(incident.receivedAt)}</td>
      <td class="nowrap">{label(CATEGORY_LABELS, incident.category)}</td>
      <td class="address" title={incident.description}>
        {incident.address}
      </td>
      {/* A closed case says how it closed: 已办结, or 已退回公安 / 已移交12345. */}
      <td>
        <span class="badge" data-state={incident.state} data-closure={incident.closure}>
          {stateLabelOf(incident)[locale()]}
        </span>
      </td>
      <td class="nowrap">{incident.worker ? incident.worker.name : <span class="muted">{t('unassigned')}</span>}</td>
      {CLOCK_STAGES.map((stage) => (
        <StageCell key={stage} incident={incident} stage={stage} />
      ))}
      <td class="result">
        {incident.result ?? incident.handback?.reason ?? ''}
        <FollowUpCell incident={incident} />
      </td>
    </tr>
  );
}

export function StationTable({ onOpen }: { onOpen: (incident: IncidentView) => void }) {
  useLanguage();
  const list = shownCases.value;
  const fresh = useArrivals(
    list.map((i) => i.id),
    casesLoaded.value,
  );
  return (
    <div class="table-wrap">
      <table class="station-table" data-testid="station-table">
        <TableHead />
        <tbody id="station-rows">
          {list.map((incident) => (
            <StationRow key={incident.id} incident={incident} fresh={fresh.has(incident.id)} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
      <div id="station-empty" class="empty" hidden={list.length > 0 || searching.value}>
        {results.value ? st('noResults') : t('noStationCases')}
      </div>
    </div>
  );
}

function Stat({ name, value }: { name: TextKey; value: string }) {
  return (
    <div class="stat">
      <span class="stat-value num">{value}</span>
      <span class="stat-label">{t(name)}</span>
    </div>
  );
}

/** Counts over what the table shows: all, open, closed, and how many finished cases met every clock. */
export function StationStats() {
  useLanguage();
  const list = shownCases.value;
  const closed = list.filter((i) => i.state === 'closed').length;
  const finished = list.filter((i) => i.clocks.every((c) => c.doneAt !== null));
  const onTime = finished.filter((i) => i.clocks.every((c) => c.status === 'met')).length;
  return (
    <div id="station-stats" class="station-stats">
      <Stat name="total" value={String(list.length)} />
      <Stat name="open" value={String(list.length - closed)} />
      <Stat name="closed" value={String(closed)} />
      <Stat name="onTime" value={finished.length ? `${onTime}/${finished.length}` : '—'} />
    </div>
  );
}
