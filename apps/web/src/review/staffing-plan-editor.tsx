/** 排班推演's 24-hour plan: quick fills (every hour, hours A–B, today's roster) and one number cell per hour. */
import { useSignal, type Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { fillHours, flatPlan, HOURS_PER_DAY, MAX_ON_DUTY, setHour, type StartingPlan } from './staffing-plan';
import { sw } from './staffing-text';

export interface StaffingPlanEditorProps {
  plan: Signal<number[]>;
  /** Null while today's roster is being read. */
  start: Signal<StartingPlan | null>;
  /** Called on every edit by the leader, so a late roster answer does not overwrite it. */
  onEdit: () => void;
  disabled: boolean;
}

/** A typed whole number, or null while the field is blank or junk (the plan keeps its value meanwhile). */
function typed(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function startText(start: StartingPlan | null): string {
  if (!start) return '';
  switch (start.from) {
    case 'roster':
      return sw('startRoster', { n: start.shifts });
    case 'workers':
      return sw('startWorkers', { n: start.workers });
    case 'fallback':
      return sw('startFallback', { n: start.plan[0] ?? 0 });
  }
}

const HOURS = Array.from({ length: HOURS_PER_DAY }, (_, h) => h);

export function StaffingPlanEditor({ plan, start, onEdit, disabled }: StaffingPlanEditorProps): JSX.Element {
  const allK = useSignal('2');
  const from = useSignal('18');
  const to = useSignal('22');
  const rangeK = useSignal('4');

  const edit = (next: number[]) => {
    onEdit();
    plan.value = next;
  };
  const fillAll = () => {
    const k = typed(allK.value);
    if (k !== null) edit(flatPlan(k));
  };
  const fillRange = () => {
    const [a, b, k] = [typed(from.value), typed(to.value), typed(rangeK.value)];
    if (a !== null && b !== null && k !== null) edit(fillHours(plan.value, a, b, k));
  };
  const fromRoster = () => {
    if (start.value) edit([...start.value.plan]);
  };

  return (
    <fieldset class="staffing-plan" data-testid="staffing-plan" data-start={start.value?.from ?? 'loading'} disabled={disabled}>
      <legend>{sw('plan')}</legend>
      <div class="staffing-fills">
        <span class="staffing-fill">
          <label for="staffing-fill-all-k">{sw('fillAll')}</label>
          <input id="staffing-fill-all-k" type="number" min={0} max={MAX_ON_DUTY} step={1} value={allK.value} data-testid="staffing-fill-all-k" onInput={(e) => (allK.value = e.currentTarget.value)} />
          <span class="muted">{sw('people')}</span>
          <button type="button" class="btn btn-ghost" data-testid="staffing-fill-all" onClick={fillAll}>
            {sw('apply')}
          </button>
        </span>
        <span class="staffing-fill">
          <label for="staffing-fill-from">{sw('fillRange')}</label>
          <input id="staffing-fill-from" type="number" min={0} max={23} step={1} value={from.value} data-testid="staffing-fill-from" onInput={(e) => (from.value = e.currentTarget.value)} />
          <span>{sw('fillTo')}</span>
          <input type="number" min={0} max={24} step={1} value={to.value} data-testid="staffing-fill-to" aria-label={sw('fillTo')} onInput={(e) => (to.value = e.currentTarget.value)} />
          <span>{sw('fillSet')}</span>
          <input type="number" min={0} max={MAX_ON_DUTY} step={1} value={rangeK.value} data-testid="staffing-fill-range-k" aria-label={sw('fillSet')} onInput={(e) => (rangeK.value = e.currentTarget.value)} />
          <span class="muted">{sw('people')}</span>
          <button type="button" class="btn btn-ghost" data-testid="staffing-fill-range" onClick={fillRange}>
            {sw('apply')}
          </button>
        </span>
        <button type="button" class="btn btn-ghost" data-testid="staffing-fill-roster" disabled={!start.value} onClick={fromRoster}>
          {sw('fromRoster')}
        </button>
      </div>
      <p class="staffing-start muted" data-testid="staffing-start">
        {startText(start.value)}
      </p>
      <div class="staffing-hours">
        {HOURS.map((h) => (
          <label key={h} class="staffing-hour">
            <span class="staffing-hour-label">{String(h).padStart(2, '0')}</span>
            <input
              type="number"
              min={0}
              max={MAX_ON_DUTY}
              step={1}
              value={String(plan.value[h] ?? 0)}
              data-hour={h}
              data-testid={`staffing-hour-${h}`}
              aria-label={sw('hourCell', { h })}
              onInput={(e) => {
                const k = typed(e.currentTarget.value);
                if (k !== null) edit(setHour(plan.value, h, k));
              }}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}
