/**
 * 开通乡镇 / onboarding a township from files (docs/onboarding.md): what an import answers with, whatever
 * the kind of file — every problem found (a refused file names each row or feature and field), and per
 * kind what it added, changed, left alone and did not find. The CLI prints it; the admin API returns it.
 */

/** The kinds of file a township is onboarded from. */
export const IMPORT_KINDS = ['township', 'grids', 'workers', 'stations', 'cameras', 'gazetteer', 'users', 'responsibilities', 'clock-rules'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a change list counts: a grids file carries grids and micro-grids. */
export const CHANGE_SUBJECTS = ['township', 'grid', 'micro_grid', 'worker', 'station', 'camera', 'place', 'user', 'responsibility', 'clock_rule', 'escalation'] as const;
export type ChangeSubject = (typeof CHANGE_SUBJECTS)[number];

export const CHANGE_SUBJECT_LABELS: Record<ChangeSubject, { zh: string; en: string }> = {
  township: { zh: '乡镇街道', en: 'township' },
  grid: { zh: '网格', en: 'grids' },
  micro_grid: { zh: '微网格', en: 'micro-grids' },
  worker: { zh: '网格员', en: 'workers' },
  station: { zh: '派出所', en: 'police stations' },
  camera: { zh: '视频探头', en: 'cameras' },
  place: { zh: '标准地址', en: 'gazetteer places' },
  user: { zh: '账号', en: 'accounts' },
  responsibility: { zh: '权责清单', en: 'responsibilities' },
  clock_rule: { zh: '1-3-8 时限规则', en: '1-3-8 clock rules' },
  escalation: { zh: '超时升级链', en: 'escalation chains' },
};

/**
 * One problem. `row` is the line of a CSV file, the row of a sheet, or the 1-based position of a
 * GeoJSON feature or JSON item; 0 for the file as a whole. `item` names the feature or row by its code
 * when it has one, so an overlap can name both grids.
 */
export interface ImportIssue {
  row: number;
  item?: string;
  field: string;
  message: string;
  messageEn: string;
}

export interface UpdatedItem {
  key: string;
  /** The fields whose stored value differs from the file's. */
  fields: string[];
}

export interface ChangeList {
  subject: ChangeSubject;
  added: string[];
  updated: UpdatedItem[];
  unchanged: number;
  /**
   * Stored but not in the file. Kept (cases, accounts and positions refer to them) and only reported,
   * except where the file is the whole table by nature (clock rules): there they are `removed`.
   */
  missing: string[];
  removed: string[];
}

export interface ImportReport {
  township: string;
  kind: ImportKind;
  /** The coordinate system the file was read in (converted once to WGS-84), where it has coordinates. */
  coordSystem?: string;
  /** True when nothing was written because of errors or a dry run. */
  dryRun: boolean;
  /** Refused: nothing was written. */
  refused: boolean;
  errors: ImportIssue[];
  /** Taken, but worth a look (a grid leader not yet imported, a position already live). */
  warnings: ImportIssue[];
  changes: ChangeList[];
}

/** The admin's routes (role admin, townships under the admin's region). */
export const ADMIN_API = {
  /** `POST` the file's bytes as the body; `?format=csv|xlsx|json|geojson&coordSystem=&toleranceM2=&dryRun=true&regionCode=` */
  import: (townshipCode: string, kind: ImportKind) => `/api/admin/townships/${encodeURIComponent(townshipCode)}/imports/${kind}`,
} as const;

/** The largest file an import takes over HTTP (a district's workers in one sheet, a city's grids). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
