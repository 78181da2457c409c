/**
 * An admin's import over HTTP (docs/onboarding.md): the township must be under the admin's region (a
 * new one goes there, or to a region under it); then the same import as the CLI's, logged under the
 * admin; an applied one is news to every hub process, which reads the township again.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ImportKind, ImportReport, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { regionScope } from '../auth/region-scope';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import type { ImportFormat, ImportRequest } from './import-request';
import { TownshipImport } from './township-import';

export interface AdminImportAsk {
  townshipCode: string;
  kind: ImportKind;
  content: Buffer;
  format?: ImportFormat;
  coordSystem?: ImportRequest['coordSystem'];
  toleranceM2?: number;
  dryRun: boolean;
  regionCode?: string;
}

/** What a file of each kind is, unless the admin says otherwise. */
const DEFAULT_FORMAT: Record<ImportKind, ImportFormat> = {
  township: 'json',
  grids: 'geojson',
  workers: 'csv',
  stations: 'csv',
  cameras: 'csv',
  gazetteer: 'csv',
  users: 'csv',
  responsibilities: 'json',
  'clock-rules': 'json',
};

const notYours = (code: string) =>
  new DomainError('NOT_FOUND', `乡镇「${code}」不存在或不在您的辖区内`, `No township "${code}" in your region`, 'township');

@Injectable()
export class AdminImports {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipImport) private readonly importer: TownshipImport,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  async run(user: SessionUser, ask: AdminImportAsk): Promise<ImportReport> {
    if (ask.content.length === 0) throw new DomainError('INVALID_INPUT', '请求体应为要导入的文件内容', 'The body must be the file to import', 'body');
    const scope = await regionScope(this.db, user);
    const [township] = await this.db.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [ask.townshipCode]);
    if (township && !scope.townshipIds.includes(township.id)) {
      // Codes are unique across the deployment: a new township cannot take one used elsewhere.
      if (ask.kind === 'township') throw new DomainError('DUPLICATE_CONFLICT', `乡镇编号「${ask.townshipCode}」已被使用`, `Township code "${ask.townshipCode}" is taken`, 'township');
      throw notYours(ask.townshipCode);
    }
    if (!township && ask.kind !== 'township') throw notYours(ask.townshipCode);
    const regionId = township ? undefined : await this.regionFor(scope.regionIds, scope.regionId, ask.regionCode);

    const report = await this.importer.run({
      townshipCode: ask.townshipCode,
      kind: ask.kind,
      format: ask.format ?? DEFAULT_FORMAT[ask.kind],
      content: ask.content,
      coordSystem: ask.coordSystem,
      toleranceM2: ask.toleranceM2,
      dryRun: ask.dryRun,
      regionId,
      actor: { via: 'api', userId: user.id },
    });
    if (!report.refused && !report.dryRun) {
      const [row] = await this.db.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [ask.townshipCode]);
      if (row) await this.townships.changed(row.id, `import ${ask.kind}`);
    }
    return report;
  }

  /** The admin's own region, or the named one when it lies under it. */
  private async regionFor(regionIds: readonly string[], own: string, code: string | undefined): Promise<string> {
    if (!code) return own;
    const [region] = await this.db.query<{ id: string }>('SELECT id FROM region WHERE code = $1', [code]);
    if (!region || !regionIds.includes(region.id)) throw new DomainError('NOT_FOUND', `区域「${code}」不存在或不在您的辖区内`, `No region "${code}" in your region`, 'regionCode');
    return region.id;
  }
}
