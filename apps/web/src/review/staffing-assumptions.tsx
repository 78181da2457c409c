/** 排班推演's 「模型假设」, folded away: blank fields take the hub's defaults, shown as placeholders. */
import type { Signal } from '@preact/signals';
import type { StaffingAssumptions } from '@xiaonao/contracts';
import type { JSX } from 'preact';
import { ASSUMPTION_KEYS, type AssumptionFields } from './staffing-plan';
import { sw } from './staffing-text';

/** The ranges the hub accepts (apps/hub/src/review/staffing.dto.ts), so the browser's spinner keeps to them. */
const RANGE: Record<keyof StaffingAssumptions, { min: number; max: number; step: number }> = {
  answerSeconds: { min: 0, max: 600, step: 1 },
  contactSeconds: { min: 0, max: 1800, step: 1 },
  speedMps: { min: 0.5, max: 30, step: 0.1 },
  detourFactor: { min: 1, max: 3, step: 0.05 },
  startSeconds: { min: 0, max: 600, step: 1 },
  handlingMinutes: { min: 0, max: 480, step: 1 },
};

export interface StaffingAssumptionsProps {
  fields: Signal<AssumptionFields>;
  /** The defaults to show: the hub's last answer, else the documented ones. */
  defaults: StaffingAssumptions;
  disabled: boolean;
}

export function StaffingAssumptionsPanel({ fields, defaults, disabled }: StaffingAssumptionsProps): JSX.Element {
  return (
    <details class="staffing-assumptions" data-testid="staffing-assumptions">
      <summary>{sw('assumptions')}</summary>
      <p class="muted">{sw('assumptionsHint')}</p>
      <div class="staffing-assumption-grid">
        {ASSUMPTION_KEYS.map((key) => (
          <label key={key} class="staffing-assumption">
            <span>{sw(key)}</span>
            <input
              type="number"
              {...RANGE[key]}
              disabled={disabled}
              placeholder={String(defaults[key])}
              value={fields.value[key] ?? ''}
              data-testid={`staffing-assumption-${key}`}
              onInput={(e) => (fields.value = { ...fields.value, [key]: e.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      <button type="button" class="btn btn-ghost" disabled={disabled} onClick={() => (fields.value = {})}>
        {sw('resetAssumptions')}
      </button>
    </details>
  );
}
