/** Plain derivations every port shares, so the ports differ only in how they render. */
import { CLOCK_STAGE_LABELS, CLOCK_STATUS_LABELS, SITE_CHECK_STAGE_LABEL, type ClockStage, type IncidentView } from '@xiaonao/contracts';
import { readClocks, type ClockReading } from '../../../apps/web/src/shared/countdown';
import { label, locale, type TextKey } from '../../../apps/web/src/shared/i18n';

export const QUICK_REASONS = {
  zh: ['正在处置其他事件', '距离太远，无法及时到场', '身体不适', '不在辖区'],
  en: ['Handling another case', 'Too far to arrive in time', 'Unwell', 'Outside my area'],
};

export const TODAY_STAGES: [ClockStage, TextKey][] = [
  ['accept', 'todayAccept'],
  ['contact', 'todayContact'],
  ['arrive', 'todayArrive'],
];

export interface ChipReading extends ClockReading {
  label: string;
  mark: string;
  title: string;
}

/** The three clock chips of a case at `now`, as clock-chips.ts paints them. */
export function chipReadings(incident: IncidentView, now: number): ChipReading[] {
  return readClocks(incident, now).map((r) => ({
    ...r,
    label: r.stage === 'contact' && incident.contactKind === 'site_check' ? SITE_CHECK_STAGE_LABEL[locale()] : label(CLOCK_STAGE_LABELS, r.stage),
    mark: r.running ? '' : r.status === 'met' ? '✓' : locale() === 'zh' ? '超时' : 'late',
    title: label(CLOCK_STATUS_LABELS, r.status),
  }));
}
