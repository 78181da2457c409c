/**
 * 排班推演 / staffing what-if (#12): a leader picks the township or one grid, the last N weeks and a
 * 24-hour plan of workers on duty, and the hub replays those weeks' real cases with it (POST
 * /api/review/staffing, docs/review.md). The answer is a model, not a forecast, and says so. The section's
 * data-state (idle, running, done, error) is what tests wait on.
 */
import { useSignal } from '@preact/signals';
import { API, STAFFING_API, type RosterView, type StaffingView } from '@xiaonao/contracts';
import { DEFAULT_STAFFING_ASSUMPTIONS } from '@xiaonao/domain';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { errorText, type ApiClient } from '../shared/api-client';
import { StaffingAssumptionsPanel } from './staffing-assumptions';
import { StaffingMinSearch } from './staffing-min-search';
import { clampWeeks, flatPlan, FALLBACK_ON_DUTY, staffingAsk, startingPlan, targetRatio, WEEKS_DEFAULT, WEEKS_MAX, WEEKS_MIN, type AssumptionFields, type StaffingMetric, type StartingPlan } from './staffing-plan';
import { StaffingPlanEditor } from './staffing-plan-editor';
import { StaffingResult } from './staffing-result';
import { sw } from './staffing-text';
import './staffing.css';

export interface StaffingWhatIfProps {
  api: ApiClient;
  /** The township's grids, for the "one grid" choice. */
  grids: readonly { id: string; code: string; name: string }[];
}

type RunState = 'idle' | 'running' | 'done' | 'error';

export function StaffingWhatIf({ api, grids }: StaffingWhatIfProps): JSX.Element {
  const gridId = useSignal('');
  const weeks = useSignal(String(WEEKS_DEFAULT));
  const plan = useSignal(flatPlan(FALLBACK_ON_DUTY));
  const start = useSignal<StartingPlan | null>(null);
  const edited = useSignal(false);
  const assumptions = useSignal<AssumptionFields>({});
  const targetPercent = useSignal('95');
  const metric = useSignal<StaffingMetric>('all138');
  const state = useSignal<RunState>('idle');
  const view = useSignal<StaffingView | null>(null);
  const error = useSignal('');

  // Today's roster as the starting point (or every worker all day); an edit made meanwhile wins.
  useEffect(() => {
    let live = true;
    const settle = (roster: RosterView | null) => {
      if (!live) return;
      const first = startingPlan(roster);
      start.value = first;
      if (!edited.value) plan.value = first.plan;
    };
    api.get<RosterView>(API.roster).then(settle, () => settle(null));
    return () => {
      live = false;
    };
  }, [api]);

  /** A POST with the form's scope, weeks and assumptions as they are now, whatever the form shows later. */
  const asker = () => {
    const fixed = { weeks: clampWeeks(Number(weeks.value)), gridId: gridId.value, assumptions: assumptions.value };
    return (withPlan: number[]) => api.post<StaffingView>(STAFFING_API.staffing, staffingAsk({ ...fixed, plan: withPlan }));
  };

  const run = async () => {
    state.value = 'running';
    error.value = '';
    try {
      view.value = await asker()(plan.value);
      state.value = 'done';
    } catch (e) {
      error.value = errorText(e);
      state.value = 'error';
    }
  };

  const busy = state.value === 'running';
  const target = targetRatio(Number(targetPercent.value));
  const markEdited = () => {
    edited.value = true;
  };

  return (
    <section class="staffing" data-testid="staffing-what-if" data-state={state.value}>
      <header class="staffing-head">
        <h2>{sw('title')}</h2>
        <p class="muted">{sw('lead')}</p>
        <p class="staffing-note">
          <strong>{sw('note')}</strong> <span class="muted">{sw('noteMore')}</span>
        </p>
      </header>

      <div class="staffing-controls">
        <label>
          <span>{sw('scope')}</span>
          <select data-testid="staffing-scope" value={gridId.value} disabled={busy} onChange={(e) => (gridId.value = e.currentTarget.value)}>
            <option value="">{sw('township')}</option>
            {grids.map((g) => (
              <option key={g.id} value={g.id}>
                {g.code} {g.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{sw('weeks')}</span>
          <input
            type="number"
            min={WEEKS_MIN}
            max={WEEKS_MAX}
            step={1}
            value={weeks.value}
            disabled={busy}
            data-testid="staffing-weeks"
            onInput={(e) => (weeks.value = e.currentTarget.value)}
            onBlur={() => (weeks.value = String(clampWeeks(Number(weeks.value))))}
          />
          <span class="muted">{sw('weeksUnit')}</span>
        </label>
        <label>
          <span>{sw('target')}</span>
          <input type="number" min={0} max={100} step={1} value={targetPercent.value} data-testid="staffing-target" onInput={(e) => (targetPercent.value = e.currentTarget.value)} />
          <span class="muted">%</span>
        </label>
        <label>
          <span>{sw('metric')}</span>
          <select data-testid="staffing-metric" value={metric.value} onChange={(e) => (metric.value = e.currentTarget.value === 'arrive' ? 'arrive' : 'all138')}>
            <option value="all138">{sw('metricAll138')}</option>
            <option value="arrive">{sw('metricArrive')}</option>
          </select>
        </label>
      </div>

      <StaffingPlanEditor plan={plan} start={start} onEdit={markEdited} disabled={busy} />
      <StaffingAssumptionsPanel fields={assumptions} defaults={view.value?.assumptions ?? DEFAULT_STAFFING_ASSUMPTIONS} disabled={busy} />

      <div class="staffing-actions">
        <button type="button" class="btn btn-primary" data-testid="staffing-run" disabled={busy} onClick={() => void run()}>
          {busy ? sw('running') : sw('run')}
        </button>
        {error.value ? (
          <span class="error-text" data-testid="staffing-error" role="alert">
            {error.value}
          </span>
        ) : null}
      </div>

      {view.value ? <StaffingResult view={view.value} metric={metric.value} target={target} /> : null}

      <StaffingMinSearch
        plan={plan}
        metric={metric.value}
        target={target}
        asker={asker}
        disabled={busy}
        onUsePlan={(next) => {
          markEdited();
          plan.value = next;
        }}
      />
    </section>
  );
}
