/**
 * The township's categories as Open311 services: every category its responsibility table does not
 * mark police-only (those are refused back to the police at intake, so a city tool must not offer
 * them). `service_code` is the category key, the name is Chinese; no extra attributes, answered at once.
 */
import { CATEGORIES, CATEGORY_LABELS, type Category, type Open311Service } from '@xiaonao/contracts';

export interface ServiceRule {
  category: Category;
  policeOnly: boolean;
}

/** Where the services sit in a city tool's menu. */
const GROUP = '街道综合治理';

export function open311Services(rules: readonly ServiceRule[]): Open311Service[] {
  const policeOnly = new Set(rules.filter((r) => r.policeOnly).map((r) => r.category));
  return CATEGORIES.filter((category) => !policeOnly.has(category)).map((category) => {
    const label = CATEGORY_LABELS[category];
    return {
      service_code: category,
      service_name: label.zh,
      description: `${label.zh}（${label.en}）：由街道网格员按 1-3-8 要求处置`,
      metadata: false,
      type: 'realtime',
      keywords: [label.zh, label.en.toLowerCase()].join(','),
      group: GROUP,
    };
  });
}

/** The service a request may name: offered by the township (not police-only); null otherwise. */
export function offeredService(rules: readonly ServiceRule[], code: string): Open311Service | null {
  return open311Services(rules).find((s) => s.service_code === code) ?? null;
}
