/** Small pure pieces of the 提醒链 panel: where a step sits in the settings, moving steps. */

/** The hub's name of a chain's field: `chains[0].category`, `chains[0].day`, `chains[0].day[1]`. */
export function fieldPath(chain: number, part: 'category' | 'day' | 'night', step?: number): string {
  return `chains[${chain}].${part}${step === undefined ? '' : `[${step}]`}`;
}

/** class-validator names `chains.0.day.1.afterSeconds`, the hub's own check `chains[0].day[1].afterSeconds`: one spelling. */
export function normaliseField(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** Moves the step at `index` one place up (-1) or down (+1); at either end nothing moves. */
export function moveStep<T>(list: T[], index: number, by: -1 | 1): void {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return;
  [list[index], list[to]] = [list[to], list[index]];
}
