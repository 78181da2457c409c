/**
 * 求最少在岗人数: the leader's question「18:00–22:00 要几个人在岗才能守住 95%」. Steps K up in the chosen
 * hours, one POST at a time (searchMinimumK), shows each try, and can be stopped between requests.
 */
import { useSignal, type Signal } from '@preact/signals';
import type { StaffingView } from '@xiaonao/contracts';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { errorText } from '../shared/api-client';
import { fillHours, hoursBetween, MIN_SEARCH_MAX_K, percentText, rangeText, rateText, searchMinimumK, type MinSearchOutcome, type MinSearchStep, type StaffingMetric } from './staffing-plan';
import { sw } from './staffing-text';

export interface StaffingMinSearchProps {
  plan: Signal<number[]>;
  metric: StaffingMetric;
  /** Ratio 0..1. */
  target: number;
  /** At the start of a search: one POST per plan with the form's other choices as they are then. */
  asker: () => (plan: number[]) => Promise<StaffingView>;
  /** Puts the found K into the plan (the leader's choice, counted as an edit). */
  onUsePlan: (plan: number[]) => void;
  disabled: boolean;
}

type SearchState = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

function answerText(outcome: MinSearchOutcome, range: string, target: string): string {
  switch (outcome.kind) {
    case 'found':
      return sw('minFound', { range, k: outcome.k, p: target });
    case 'not-reached':
      return sw('minNotReached', { range, k: outcome.maxK, p: target });
    case 'no-cases':
      return sw('minNoCases', { range });
    case 'cancelled':
      return sw('minCancelled');
  }
}

function whole(text: string, fallback: number): number {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : fallback;
}

export function StaffingMinSearch({ plan, metric, target, asker, onUsePlan, disabled }: StaffingMinSearchProps): JSX.Element {
  const from = useSignal('18');
  const to = useSignal('22');
  const state = useSignal<SearchState>('idle');
  const steps = useSignal<MinSearchStep[]>([]);
  const answer = useSignal('');
  const found = useSignal<{ from: number; to: number; k: number } | null>(null);
  const cancel = useRef(false);
  // A search outliving the component would keep posting: stop it on the way out.
  useEffect(
    () => () => {
      cancel.current = true;
    },
    [],
  );

  const start = async () => {
    const a = whole(from.value, 18);
    const b = whole(to.value, 22);
    const range = rangeText(a, b);
    const targetText = percentText(target);
    cancel.current = false;
    steps.value = [];
    answer.value = '';
    found.value = null;
    state.value = 'running';
    try {
      const outcome = await searchMinimumK({
        plan: plan.value,
        hours: hoursBetween(a, b),
        metric,
        target,
        ask: asker(),
        cancelled: () => cancel.current,
        onStep: (step) => (steps.value = [...steps.value, step]),
      });
      answer.value = answerText(outcome, range, targetText);
      if (outcome.kind === 'found') found.value = { from: a, to: b, k: outcome.k };
      state.value = outcome.kind === 'cancelled' ? 'cancelled' : 'done';
    } catch (error) {
      answer.value = errorText(error);
      state.value = 'error';
    }
  };

  const running = state.value === 'running';
  const hit = found.value;
  return (
    <div class="staffing-min" data-testid="staffing-min-search" data-state={state.value}>
      <h3>{sw('minTitle')}</h3>
      <p class="muted">{sw('minHint', { n: MIN_SEARCH_MAX_K })}</p>
      <div class="staffing-min-form">
        <label>
          {sw('fillRange')}
          <input type="number" min={0} max={23} step={1} value={from.value} disabled={running} data-testid="staffing-min-from" onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label>
          {sw('fillTo')}
          <input type="number" min={0} max={24} step={1} value={to.value} disabled={running} data-testid="staffing-min-to" onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        <span class="muted">
          {sw('target')} {percentText(target)} · {sw(metric === 'arrive' ? 'metricArrive' : 'metricAll138')}
        </span>
        {running ? (
          <button type="button" class="btn btn-danger" data-testid="staffing-min-cancel" onClick={() => (cancel.current = true)}>
            {sw('minCancel')}
          </button>
        ) : (
          <button type="button" class="btn btn-primary" data-testid="staffing-min-start" disabled={disabled} onClick={() => void start()}>
            {sw('minStart')}
          </button>
        )}
      </div>
      {steps.value.length > 0 ? (
        <ul class="staffing-min-steps" data-testid="staffing-min-steps">
          {steps.value.map((step) => (
            <li key={step.k} data-k={step.k}>
              {sw('minStep', { k: step.k, rate: rateText(metric === 'arrive' ? step.rates.arrive : step.rates.all138) })}
            </li>
          ))}
        </ul>
      ) : null}
      {answer.value ? (
        <p class={state.value === 'error' ? 'staffing-min-answer error-text' : 'staffing-min-answer'} data-testid="staffing-min-answer" data-k={hit?.k}>
          {answer.value}
          {hit ? (
            <button type="button" class="btn btn-ghost" data-testid="staffing-min-use" onClick={() => onUsePlan(fillHours(plan.value, hit.from, hit.to, hit.k))}>
              {sw('minUse')}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
