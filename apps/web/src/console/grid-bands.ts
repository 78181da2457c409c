/**
 * 网格指数 bands as colours (绿 蓝 橙 红), the month the console shows (Asia/Shanghai), and how an input
 * reads in a tooltip or table cell. Pure: the layer, the panel and their tests share it.
 */
import type { GridBand } from '@xiaonao/contracts';

export const GRID_BAND_COLOURS: Record<GridBand, string> = {
  green: '#22c55e',
  blue: '#3b82f6',
  orange: '#f97316',
  red: '#ef4444',
};

/** A grid with no score (no input this month). */
export const NO_BAND_COLOUR = '#64748b';

export function bandColour(band: GridBand | null): string {
  return band ? GRID_BAND_COLOURS[band] : NO_BAND_COLOUR;
}

/** YYYY-MM of `at` in Beijing, whatever the browser's zone. */
export function shanghaiMonth(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** A 0..1 share as a percentage, '—' where nothing was due. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** A 0..100 score with one decimal, '—' without one. */
export function scoreText(score: number | null): string {
  return score === null ? '—' : score.toFixed(1);
}
