/**
 * What an import is asked to do, the same from the CLI and (later) an HTTP controller: the file's
 * bytes, its kind and format, the township's code, and the declared coordinate system.
 */
import type { CoordSystem } from '@xiaonao/contracts';
import type { ImportKind } from '@xiaonao/domain';

export const IMPORT_FORMATS = ['csv', 'xlsx', 'json', 'geojson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportRequest {
  townshipCode: string;
  kind: ImportKind;
  format: ImportFormat;
  content: Buffer;
  /** The system the file's coordinates are in; absent: the file's own declaration, else WGS-84. */
  coordSystem?: CoordSystem;
  /** m² two grids may share (default 50). */
  toleranceM2?: number;
  /** Check and report what would change; write nothing. */
  dryRun?: boolean;
  /** Where a new township goes (kind township, through the admin API: the admin's region or one under it). */
  regionId?: string;
  /** Who asked, for the import log: the admin's account through the API, nobody named from the CLI. */
  actor?: { via: 'api' | 'cli'; userId: string | null };
}

/** The format a file name says: .csv, .xlsx, .json, .geojson. */
export function formatOfFileName(name: string): ImportFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return (IMPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ImportFormat) : null;
}
