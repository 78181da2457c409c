/**
 * Onboarding a township from files (docs/onboarding.md): read → check everything against what is
 * stored (every error collected, each naming its row or feature and field) → if any error, write
 * nothing and answer with the report → else write the changes, upserting by code, in one transaction
 * and answer with what changed. A dry run does all of it and rolls back. The CLI calls it; an HTTP
 * controller can call it with the same request and return the same report.
 *
 * Imports of one township are serialised by a lock on its row (FOR NO KEY UPDATE: cases and
 * positions that only reference the township are not held up).
 */
import { Inject, Injectable } from '@nestjs/common';
import { fileIssue, newAccountPasswords, type ImportKind, type ImportReport } from '@xiaonao/domain';
import { PasswordHasher } from '../auth/password-hasher';
import { Database, type Sql } from '../persistence/database';
import type { ImportRequest } from './import-request';
import { importCameras } from './kinds/cameras-kind';
import { importClockRules } from './kinds/clock-rules-kind';
import { importGazetteer } from './kinds/gazetteer-kind';
import { importGrids } from './kinds/grids-kind';
import { refusedWith, type KindImporter, type KindOutcome, type TownshipRow } from './kinds/kind-context';
import { importResponsibilities } from './kinds/responsibilities-kind';
import { importStations } from './kinds/stations-kind';
import { importTownship } from './kinds/township-kind';
import { importUsers, userRowsOf } from './kinds/users-kind';
import { importWorkers } from './kinds/workers-kind';

const IMPORTERS: Record<Exclude<ImportKind, 'township'>, KindImporter> = {
  grids: importGrids,
  workers: importWorkers,
  stations: importStations,
  cameras: importCameras,
  gazetteer: importGazetteer,
  users: importUsers,
  responsibilities: importResponsibilities,
  'clock-rules': importClockRules,
};

/** Carries a report out of the transaction it rolls back (refused, or a dry run). */
class RollBack extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

@Injectable()
export class TownshipImport {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  async run(request: ImportRequest): Promise<ImportReport> {
    // Argon2 is slow on purpose: new accounts' passwords are hashed before the transaction holds a connection.
    const passwordHashes = request.kind === 'users' ? await this.hashNewPasswords(request) : undefined;
    const input = { ...request, passwordHashes };
    try {
      return await this.db.transaction(async (tx) => {
        const [township] = await tx.query<TownshipRow>('SELECT id, code, name, center_lng, center_lat FROM township WHERE code = $1 FOR NO KEY UPDATE', [request.townshipCode]);
        let outcome: KindOutcome;
        if (request.kind === 'township') outcome = await importTownship(tx, township ?? null, input);
        else if (!township)
          outcome = refusedWith([fileIssue(`乡镇「${request.townshipCode}」不存在（先用 create-township 建立）`, `township "${request.townshipCode}" does not exist (create it with create-township first)`, 'township')]);
        else outcome = await IMPORTERS[request.kind](tx, township, input);
        const refused = outcome.errors.length > 0;
        const report: ImportReport = {
          township: request.townshipCode,
          kind: request.kind,
          ...(outcome.coordSystem ? { coordSystem: outcome.coordSystem } : {}),
          dryRun: refused || (request.dryRun ?? false),
          refused,
          errors: outcome.errors,
          warnings: outcome.warnings,
          changes: refused ? [] : outcome.changes,
        };
        if (report.dryRun) throw new RollBack(report);
        // Applied: the log row commits with the changes.
        await this.log(tx, request, report);
        return report;
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      // Refused or a dry run: nothing was written but the record that it was asked.
      await this.log(this.db, request, error.report);
      return error.report;
    }
  }

  private async log(sql: Sql, request: ImportRequest, report: ImportReport): Promise<void> {
    const outcome = report.refused ? 'refused' : report.dryRun ? 'dry_run' : 'applied';
    await sql.query('INSERT INTO import_log (township_code, kind, via, actor_user_id, outcome, report) VALUES ($1, $2, $3, $4, $5, $6)', [
      request.townshipCode,
      request.kind,
      request.actor?.via ?? 'cli',
      request.actor?.userId ?? null,
      outcome,
      JSON.stringify(report),
    ]);
  }

  private async hashNewPasswords(request: ImportRequest): Promise<Map<string, string>> {
    const rows = await userRowsOf(request.content, request.format);
    if (!rows) return new Map();
    const existing = await this.db.query<{ username: string }>('SELECT username FROM app_user');
    const passwords = [...newAccountPasswords(rows, new Set(existing.map((u) => u.username)))];
    const hashes = await Promise.all(passwords.map(([, password]) => this.hasher.hash(password)));
    return new Map(passwords.map(([username], i) => [username, hashes[i]]));
  }
}
