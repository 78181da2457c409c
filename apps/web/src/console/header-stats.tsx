/** The console header's counts: open cases, at risk, breached, workers available. */
import type { ReadonlySignal } from '@preact/signals';
import { t, type TextKey } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { atRiskCount, availableWorkers, breachedCount, openCount } from './console-store';

/** One count; it reads its own signal, so the second's tick re-renders it only when the number changes. */
function Stat({ text, count, tone, testId }: { text: TextKey; count: ReadonlySignal<number>; tone: (n: number) => string; testId: string }) {
  useLanguage();
  const value = count.value;
  return (
    <div class={`stat stat-${tone(value)}`} data-testid={testId} data-value={value}>
      <span class="stat-value num">{String(value)}</span>
      <span class="stat-label">{t(text)}</span>
    </div>
  );
}

export function HeaderStats() {
  return (
    <div id="stats" class="stats">
      <Stat text="open" count={openCount} tone={() => 'open'} testId="stat-open" />
      <Stat text="atRisk" count={atRiskCount} tone={(n) => (n ? 'warn' : 'calm')} testId="stat-at-risk" />
      <Stat text="breached" count={breachedCount} tone={(n) => (n ? 'bad' : 'calm')} testId="stat-breached" />
      <Stat text="workersAvailable" count={availableWorkers} tone={() => 'ok'} testId="stat-available" />
    </div>
  );
}
