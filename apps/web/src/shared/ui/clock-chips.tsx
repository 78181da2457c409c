/**
 * The 1-3-8 clocks of a case and the header's wall clock: the only components that read `now`, so the
 * second's tick re-renders them and nothing else. Same markup as shared/clock-chips.ts (the pages not yet in Preact).
 */
import { CLOCK_STAGE_LABELS, CLOCK_STATUS_LABELS, SITE_CHECK_STAGE_LABEL, type IncidentView, type StageClockView } from '@xiaonao/contracts';
import { readClock } from '../countdown';
import { formatWallClock } from '../format-time';
import { label, locale } from '../i18n';
import { now, useLanguage } from './page-signals';

/** A case without a party to call (a camera alert) has a site check where others have a contact. */
function stageLabel(incident: IncidentView, clock: StageClockView): string {
  return clock.stage === 'contact' && incident.contactKind === 'site_check' ? SITE_CHECK_STAGE_LABEL[locale()] : label(CLOCK_STAGE_LABELS, clock.stage);
}

/** One stage's clock; without its label where a column header already names the stage. */
export function ClockChip({ incident, clock, withLabel }: { incident: IncidentView; clock: StageClockView; withLabel: boolean }) {
  useLanguage();
  const reading = readClock(clock, incident.receivedAt, now.value);
  const mark = reading.running ? '' : reading.status === 'met' ? '✓' : locale() === 'zh' ? '超时' : 'late';
  return (
    <div
      class={withLabel ? 'clock' : 'clock clock-bare'}
      data-testid={`clock-${clock.stage}`}
      data-stage={clock.stage}
      data-status={reading.status}
      title={label(CLOCK_STATUS_LABELS, reading.status)}
    >
      {withLabel ? <span class="clock-label">{stageLabel(incident, clock)}</span> : null}
      <span class="clock-value">
        {reading.text}
        {mark ? <small class="clock-mark">{mark}</small> : null}
      </span>
    </div>
  );
}

export function ClockChips({ incident }: { incident: IncidentView }) {
  return (
    <div class="clocks">
      {incident.clocks.map((clock) => (
        <ClockChip key={clock.stage} incident={incident} clock={clock} withLabel />
      ))}
    </div>
  );
}

/** The header's clock: 2025-11-21 周五 14:03:27, in the hub's time. */
export function WallClock() {
  useLanguage();
  // The day and the time apart, so a narrow bar can keep the time alone (topbar.css).
  const [day, weekday, time] = formatWallClock(new Date(now.value)).split(' ');
  return (
    <span id="wall-clock" class="wall-clock num">
      <span class="wall-day">{`${day} ${weekday} `}</span>
      {time}
    </span>
  );
}
