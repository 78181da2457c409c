/**
 * The three 1-3-8 clocks of a case as chips. They are drawn once per update and then re-read
 * every second by `refreshClockChips`, which only touches text and `data-status`.
 */
import { CLOCK_STAGE_LABELS, CLOCK_STATUS_LABELS, SITE_CHECK_STAGE_LABEL, type IncidentView, type StageClockView } from '@xiaonao/contracts';
import { readClock } from './countdown';
import { h } from './dom';
import { label, locale } from './i18n';

export function clockChips(incident: IncidentView, now: number): HTMLElement {
  const row = h('div', { class: 'clocks' });
  for (const clock of incident.clocks) row.append(clockChip(incident, clock, true));
  refreshClockChips(row, now);
  return row;
}

/** One stage's clock; without its label where a column header already names the stage. */
export function clockChip(incident: IncidentView, clock: StageClockView, withLabel: boolean): HTMLElement {
  return h(
    'div',
    {
      class: withLabel ? 'clock' : 'clock clock-bare',
      'data-testid': `clock-${clock.stage}`,
      'data-stage': clock.stage,
      'data-deadline': clock.deadline,
      'data-warn-at': clock.warnAt,
      'data-done-at': clock.doneAt ?? '',
      'data-received-at': incident.receivedAt,
    },
    withLabel ? h('span', { class: 'clock-label' }, stageLabel(incident, clock)) : null,
    h('span', { class: 'clock-value' }),
  );
}

/** A case without a party to call (a camera alert) has a site check where others have a contact. */
function stageLabel(incident: IncidentView, clock: StageClockView): string {
  return clock.stage === 'contact' && incident.contactKind === 'site_check' ? SITE_CHECK_STAGE_LABEL[locale()] : label(CLOCK_STAGE_LABELS, clock.stage);
}

/** Re-reads every clock chip under `root` at `now`. */
export function refreshClockChips(root: ParentNode, now: number): void {
  for (const chip of root.querySelectorAll<HTMLElement>('.clock[data-stage]')) {
    const { stage, deadline, warnAt, doneAt, receivedAt } = chip.dataset;
    if (stage !== 'accept' && stage !== 'contact' && stage !== 'arrive') continue;
    const reading = readClock(
      { stage, deadline: deadline ?? '', warnAt: warnAt ?? '', doneAt: doneAt || null, status: 'pending' },
      receivedAt ?? '',
      now,
    );
    if (chip.dataset.status !== reading.status) chip.dataset.status = reading.status;
    const value = chip.querySelector<HTMLElement>('.clock-value');
    const mark = reading.running ? '' : reading.status === 'met' ? '✓' : locale() === 'zh' ? '超时' : 'late';
    const shown = `${reading.text}|${mark}`;
    if (value && value.dataset.shown !== shown) {
      value.dataset.shown = shown;
      value.replaceChildren(reading.text);
      if (mark) value.append(h('small', { class: 'clock-mark' }, mark));
    }
    chip.title = label(CLOCK_STATUS_LABELS, reading.status);
  }
}
