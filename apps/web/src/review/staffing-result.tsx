/** 排班推演's answer: overall model vs actual 1-3-8 rates, then the model's rate by hour beside the plan that was run. */
import type { StaffingRates, StaffingView } from '@xiaonao/contracts';
import type { JSX } from 'preact';
import { belowTarget, hourText, metricRate, percentText, rateText, type StaffingMetric } from './staffing-plan';
import { sw, type StaffingTextKey } from './staffing-text';

const STAGES = ['accept', 'contact', 'arrive', 'all138'] as const satisfies readonly (keyof StaffingRates & StaffingTextKey)[];

export interface StaffingResultProps {
  view: StaffingView;
  metric: StaffingMetric;
  /** Ratio 0..1. */
  target: number;
}

function OverallRow({ kind, rates }: { kind: 'simulated' | 'actual'; rates: StaffingRates }): JSX.Element {
  return (
    <tr data-row={kind}>
      <th scope="row">{sw(kind)}</th>
      <td class="num" data-stage="cases">
        {rates.cases}
      </td>
      {STAGES.map((stage) => (
        <td key={stage} class="num" data-stage={stage} data-testid={`staffing-${kind}-${stage}`}>
          {rateText(rates[stage])}
        </td>
      ))}
    </tr>
  );
}

export function StaffingResult({ view, metric, target }: StaffingResultProps): JSX.Element {
  const below = view.simulated.byHour.filter((r) => belowTarget(r, metric, target)).length;
  const targetText = percentText(target);
  return (
    <div class="staffing-result" data-testid="staffing-result">
      <p class="staffing-note" data-testid="staffing-note" title={view.note}>
        <strong>{sw('note')}</strong>
      </p>
      <p class="muted">{sw('period', { from: view.period.from, to: view.period.to })}</p>
      <table class="staffing-table staffing-overall" data-testid="staffing-overall">
        <caption>{sw('overall')}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{sw('cases')}</th>
            {STAGES.map((stage) => (
              <th key={stage} scope="col">
                {sw(stage)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <OverallRow kind="simulated" rates={view.simulated.overall} />
          <OverallRow kind="actual" rates={view.actual.overall} />
        </tbody>
      </table>
      <p class="muted">{sw('actualNote')}</p>

      <p class={below > 0 ? 'staffing-below-summary warn' : 'staffing-below-summary'} data-testid="staffing-below-summary" data-below={below}>
        {below > 0 ? sw('belowCount', { n: below, p: targetText }) : sw('noneBelow', { p: targetText })}
      </p>
      <table class="staffing-table staffing-by-hour" data-testid="staffing-by-hour">
        <caption>{sw('byHour')}</caption>
        <thead>
          <tr>
            <th scope="col">{sw('hour')}</th>
            <th scope="col">{sw('planned')}</th>
            <th scope="col">{sw('cases')}</th>
            {STAGES.map((stage) => (
              <th key={stage} scope="col">
                {sw(stage)}
              </th>
            ))}
            <th scope="col">
              {sw('actual')} {sw('all138')}
            </th>
            <th scope="col" class="staffing-bar-head">
              {sw(metric === 'arrive' ? 'metricArrive' : 'metricAll138')}
            </th>
          </tr>
        </thead>
        <tbody>
          {view.simulated.byHour.map((rates, hour) => {
            const low = belowTarget(rates, metric, target);
            const rate = metricRate(rates, metric);
            const actual = view.actual.byHour[hour];
            return (
              <tr key={hour} data-hour={hour} data-below={String(low)} class={low ? 'staffing-low' : undefined} title={low ? sw('belowTarget') : undefined}>
                <th scope="row">{hourText(hour)}</th>
                <td class="num" data-stage="plan">
                  {view.plan[hour] ?? 0}
                </td>
                <td class="num" data-stage="cases">
                  {rates.cases}
                </td>
                {STAGES.map((stage) => (
                  <td key={stage} class="num" data-stage={stage}>
                    {rateText(rates[stage])}
                  </td>
                ))}
                <td class="num" data-stage="actual-all138">
                  {actual ? rateText(actual.all138) : '—'}
                </td>
                <td class="staffing-bar-cell">
                  <span class="staffing-bar-track">
                    {rate !== null ? <span class="staffing-bar" style={{ width: `${(rate * 100).toFixed(1)}%` }} /> : null}
                    <span class="staffing-bar-target" style={{ left: `${(target * 100).toFixed(1)}%` }} />
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
