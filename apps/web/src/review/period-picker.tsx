/** 今天 / 昨天 / 近7天 / 本月 / 上月 and a custom from–to, Beijing days; 打印日报 for the chosen period. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ReviewPeriod } from '@xiaonao/contracts';
import { isDay, PERIOD_PRESETS, presetOf, presetPeriod } from './review-period';
import { rt } from './review-text';

export interface PeriodPickerProps {
  period: ReviewPeriod;
  today: string;
  onChange: (period: ReviewPeriod) => void;
  onPrint: () => void;
}

export function PeriodPicker({ period, today, onChange, onPrint }: PeriodPickerProps): JSX.Element {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
    setBad(false);
  }, [period.from, period.to]);
  const current = presetOf(period, today);
  const submit = (e: Event) => {
    e.preventDefault();
    const ok = isDay(from) && isDay(to) && from <= to;
    setBad(!ok);
    if (ok) onChange({ from, to });
  };
  return (
    <form class="period-picker" data-testid="period-picker" onSubmit={submit}>
      <span class="muted">{rt('period')}</span>
      <div class="preset-group" role="group">
        {PERIOD_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            class={`btn btn-ghost preset${current === preset ? ' on' : ''}`}
            aria-pressed={current === preset}
            data-preset={preset}
            onClick={() => onChange(presetPeriod(preset, today))}
          >
            {rt(preset)}
          </button>
        ))}
      </div>
      <label class="day-input">
        {rt('from')}
        <input type="date" data-testid="period-from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label class="day-input">
        {rt('to')}
        <input type="date" data-testid="period-to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button class={`btn btn-ghost${current === null ? ' on' : ''}`} type="submit" data-testid="period-apply">
        {rt('apply')}
      </button>
      {bad ? <span class="error-text">{rt('badPeriod')}</span> : null}
      <button class="btn btn-primary print-button" type="button" data-testid="print-open" onClick={onPrint}>
        {rt('print')}
      </button>
    </form>
  );
}
