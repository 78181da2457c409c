/** The console header's counts: open cases, at risk, breached, workers available. */
import { worstRunningStatus } from '../shared/countdown';
import { h } from '../shared/dom';
import { t, type TextKey } from '../shared/i18n';
import type { ConsoleStore } from './console-store';

export function renderHeaderStats(root: HTMLElement, store: ConsoleStore, now: number): void {
  const open = store.openIncidents();
  let atRisk = 0;
  let breached = 0;
  for (const incident of open) {
    const worst = worstRunningStatus(incident, now);
    if (worst === 'at_risk') atRisk++;
    if (worst === 'breached') breached++;
  }
  const stat = (key: TextKey, value: number, tone: string, testId: string) =>
    h(
      'div',
      { class: `stat stat-${tone}`, 'data-testid': testId, 'data-value': value },
      h('span', { class: 'stat-value num' }, String(value)),
      h('span', { class: 'stat-label' }, t(key)),
    );
  const next = [
    stat('open', open.length, 'open', 'stat-open'),
    stat('atRisk', atRisk, atRisk ? 'warn' : 'calm', 'stat-at-risk'),
    stat('breached', breached, breached ? 'bad' : 'calm', 'stat-breached'),
    stat('workersAvailable', store.availableWorkers(), 'ok', 'stat-available'),
  ];
  // Rebuilt every second; skip the DOM work when nothing changed.
  const signature = next.map((el) => `${el.className}:${el.textContent ?? ''}`).join('|');
  if (root.dataset.signature === signature) return;
  root.dataset.signature = signature;
  root.replaceChildren(...next);
}
