/**
 * 网格指数 (the grid index), docs/review.md: a weighted mean of terms each between 0 and 1, times 100.
 *
 *   accept, contact, arrive   the grid's 1-3-8 rates for the month (in time / due)
 *   volume                    1 − min(1, cases per 1,000 residents / volumeCeilingPer1000)
 *   repeats                   1 − cases at repeat places / cases
 *   satisfaction              (满意 + 基本满意) / recorded 回访
 *
 * A term without input (nothing due, no residents known, no case, no 回访) is left out and the
 * weights of the others carry the score; a grid with no term at all has no score. The band is 绿 at
 * `bands.green` or above, 蓝 at `bands.blue`, 橙 at `bands.orange`, 红 below.
 */
import type { GridBand, GridIndexInputs, GridIndexRow, GridIndexSettings } from '@xiaonao/contracts';

export const DEFAULT_GRID_INDEX_SETTINGS: GridIndexSettings = {
  weights: { accept: 0.15, contact: 0.15, arrive: 0.25, volume: 0.15, repeats: 0.15, satisfaction: 0.15 },
  bands: { green: 90, blue: 80, orange: 70 },
  volumeCeilingPer1000: 20,
  repeatMinCases: 3,
  repeatDays: 30,
  residents: {},
};

export type GridIndexTerms = GridIndexRow['terms'];

const WEIGHT_KEYS = ['accept', 'contact', 'arrive', 'volume', 'repeats', 'satisfaction'] as const satisfies readonly (keyof GridIndexSettings['weights'])[];

export function gridIndexTerms(inputs: GridIndexInputs, settings: GridIndexSettings): GridIndexTerms {
  const { rates } = inputs;
  return {
    accept: rates.accept,
    contact: rates.contact,
    arrive: rates.arrive,
    volume: inputs.casesPer1000 === null ? null : 1 - Math.min(1, inputs.casesPer1000 / settings.volumeCeilingPer1000),
    repeats: inputs.cases > 0 ? 1 - Math.min(1, inputs.repeatCases / inputs.cases) : null,
    satisfaction: rates.satisfaction,
  };
}

/** 0..100 (one decimal), or null when no term had input or every weight on them is 0. */
export function gridIndexScore(terms: GridIndexTerms, settings: GridIndexSettings): number | null {
  let weighted = 0;
  let weights = 0;
  for (const k of WEIGHT_KEYS) {
    const term = terms[k];
    if (term === null) continue;
    weighted += settings.weights[k] * term;
    weights += settings.weights[k];
  }
  if (weights <= 0) return null;
  return Math.round((1000 * weighted) / weights) / 10;
}

export function gridBand(score: number | null, bands: GridIndexSettings['bands']): GridBand | null {
  if (score === null) return null;
  if (score >= bands.green) return 'green';
  if (score >= bands.blue) return 'blue';
  if (score >= bands.orange) return 'orange';
  return 'red';
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface GridIndexSettingsProblem {
  field: string;
  zh: string;
  en: string;
}

/** Why settings cannot stand (the first problem, naming its field as `weights.arrive`), or null. */
export function gridIndexSettingsProblem(s: unknown): GridIndexSettingsProblem | null {
  if (!isRecord(s)) return { field: 'body', zh: '须为对象', en: 'must be an object' };
  const allowed = ['weights', 'bands', 'volumeCeilingPer1000', 'repeatMinCases', 'repeatDays', 'residents'];
  const extra = Object.keys(s).find((k) => !allowed.includes(k));
  if (extra) return { field: extra, zh: '不是可设置的项', en: 'is not a setting' };
  const w = s.weights;
  if (!isRecord(w)) return { field: 'weights', zh: '须为对象', en: 'must be an object' };
  const extraWeight = Object.keys(w).find((k) => !(WEIGHT_KEYS as readonly string[]).includes(k));
  if (extraWeight) return { field: `weights.${extraWeight}`, zh: '不是可设置的权重', en: 'is not a weight' };
  for (const k of WEIGHT_KEYS) {
    const v = w[k];
    if (!isNumber(v) || v < 0 || v > 100) return { field: `weights.${k}`, zh: '权重须为 0 到 100 之间的数', en: 'must be a number from 0 to 100' };
  }
  if (WEIGHT_KEYS.every((k) => w[k] === 0)) return { field: 'weights', zh: '至少一项权重须大于 0', en: 'at least one weight must be above 0' };
  const b = s.bands;
  if (!isRecord(b)) return { field: 'bands', zh: '须为对象', en: 'must be an object' };
  const extraBand = Object.keys(b).find((k) => !['green', 'blue', 'orange'].includes(k));
  if (extraBand) return { field: `bands.${extraBand}`, zh: '不是可设置的分档', en: 'is not a band' };
  for (const k of ['green', 'blue', 'orange'] as const) {
    const v = b[k];
    if (!isNumber(v) || v < 0 || v > 100) return { field: `bands.${k}`, zh: '分档线须为 0 到 100 之间的数', en: 'must be a number from 0 to 100' };
  }
  if (!((b.green as number) > (b.blue as number))) return { field: 'bands.blue', zh: '蓝档线须低于绿档线', en: 'must be below bands.green' };
  if (!((b.blue as number) > (b.orange as number))) return { field: 'bands.orange', zh: '橙档线须低于蓝档线', en: 'must be below bands.blue' };
  if (!isNumber(s.volumeCeilingPer1000) || s.volumeCeilingPer1000 <= 0 || s.volumeCeilingPer1000 > 100_000)
    return { field: 'volumeCeilingPer1000', zh: '须为大于 0 的数', en: 'must be a number above 0' };
  if (!Number.isInteger(s.repeatMinCases) || (s.repeatMinCases as number) < 2 || (s.repeatMinCases as number) > 1000)
    return { field: 'repeatMinCases', zh: '须为 2 到 1000 之间的整数', en: 'must be a whole number from 2 to 1000' };
  if (!Number.isInteger(s.repeatDays) || (s.repeatDays as number) < 1 || (s.repeatDays as number) > 366)
    return { field: 'repeatDays', zh: '须为 1 到 366 之间的整数', en: 'must be a whole number from 1 to 366' };
  const r = s.residents;
  if (!isRecord(r)) return { field: 'residents', zh: '须为对象（网格编码 → 人口）', en: 'must be an object (grid code → residents)' };
  for (const [code, v] of Object.entries(r)) {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 10_000_000) return { field: `residents.${code}`, zh: '人口须为非负整数', en: 'must be a whole number of residents, 0 or more' };
  }
  return null;
}
