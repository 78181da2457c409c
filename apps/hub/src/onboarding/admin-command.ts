/**
 * `npm run admin -- <command>`: onboarding a township from the command line (docs/onboarding.md).
 *   create-township --code X --name Y --center lng,lat [--coord-system GCJ02]
 *   import --township X --kind grids --file grids.geojson [--format …] [--coord-system GCJ02] [--tolerance 50] [--dry-run]
 *   issue-key --township X --name "110 联动平台" [--integration 110]
 * Every command takes --json for machine output. Exit status: 0 done, 2 refused (the report says
 * why, nothing written), 1 an error (bad arguments, no database). Needs DATABASE_URL: an admin
 * command against the embedded demo database would edit a copy no hub is serving.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { COORD_SYSTEMS, INTEGRATION_KINDS, type CoordSystem, type IntegrationKind } from '@xiaonao/contracts';
import { IMPORT_KINDS, type ImportKind, type ImportReport } from '@xiaonao/domain';
import { PasswordHasher } from '../auth/password-hasher';
import { openDatabase, type Database } from '../persistence/database';
import { formatOfFileName, IMPORT_FORMATS, type ImportFormat, type ImportRequest } from './import-request';
import { issueApiKey } from './issue-api-key';
import { reportText } from './report-text';
import { TownshipImport } from './township-import';

export interface AdminIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_REFUSED = 2;

const USAGE = `用法 usage:
  npm run admin -- create-township --code <编号> --name <名称> --center <经度,纬度> [--coord-system WGS84|GCJ02|BD09]
  npm run admin -- import --township <编号> --kind <${IMPORT_KINDS.join('|')}> --file <文件> [--format ${IMPORT_FORMATS.join('|')}]
                          [--coord-system WGS84|GCJ02|BD09] [--tolerance <m²>] [--dry-run]
  npm run admin -- issue-key --township <编号> --name <名称> [--integration ${INTEGRATION_KINDS.join('|')}]
  每个命令可加 --json 输出机器可读结果。需要环境变量 DATABASE_URL。
  Each command takes --json. DATABASE_URL is required.`;

const OPTIONS = {
  code: { type: 'string' },
  name: { type: 'string' },
  center: { type: 'string' },
  township: { type: 'string' },
  kind: { type: 'string' },
  file: { type: 'string' },
  format: { type: 'string' },
  'coord-system': { type: 'string' },
  tolerance: { type: 'string' },
  integration: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A mistake in the command line: printed with the usage, exit 1. */
class UsageError extends Error {}

function need(values: Values, name: 'code' | 'name' | 'center' | 'township' | 'kind' | 'file'): string {
  const value = values[name];
  if (!value) throw new UsageError(`缺少 --${name}（missing --${name}）`);
  return value;
}

function coordSystemOf(values: Values): CoordSystem | undefined {
  const said = values['coord-system']?.toUpperCase().replace('-', '');
  if (said === undefined) return undefined;
  if (!(COORD_SYSTEMS as readonly string[]).includes(said)) throw new UsageError(`--coord-system 应为 ${COORD_SYSTEMS.join('、')}（must be one of ${COORD_SYSTEMS.join(', ')}）`);
  return said as CoordSystem;
}

async function importRequest(values: Values): Promise<ImportRequest> {
  const kind = need(values, 'kind');
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind 应为 ${IMPORT_KINDS.join('、')}（must be one of ${IMPORT_KINDS.join(', ')}）`);
  const file = need(values, 'file');
  const format = (values.format ?? formatOfFileName(file)) as ImportFormat | null;
  if (!format || !(IMPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`无法从文件名判断格式，请加 --format ${IMPORT_FORMATS.join('|')}（say --format）`);
  const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) throw new UsageError('--tolerance 应为非负数（m²）');
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    throw new UsageError(`读不到文件 ${basename(file)}（cannot read the file）：${String(error)}`);
  }
  return { townshipCode: need(values, 'township'), kind: kind as ImportKind, format, content, coordSystem: coordSystemOf(values), toleranceM2: tolerance, dryRun: values['dry-run'] ?? false };
}

function townshipRequest(values: Values): ImportRequest {
  const [lng, lat] = need(values, 'center').split(/[,，\s]+/).map(Number);
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) throw new UsageError('--center 应为「经度,纬度」（lng,lat）');
  const code = need(values, 'code');
  const content = Buffer.from(JSON.stringify({ code, name: need(values, 'name'), center: { lng, lat } }));
  return { townshipCode: code, kind: 'township', format: 'json', content, coordSystem: coordSystemOf(values), dryRun: values['dry-run'] ?? false };
}

function printReport(io: AdminIo, report: ImportReport, json: boolean): number {
  io.out(json ? JSON.stringify(report, null, 2) : reportText(report));
  return report.refused ? EXIT_REFUSED : EXIT_OK;
}

async function issueKey(io: AdminIo, db: Database, values: Values): Promise<number> {
  const integration = (values.integration ?? '110') as IntegrationKind;
  if (!INTEGRATION_KINDS.includes(integration)) throw new UsageError(`--integration 应为 ${INTEGRATION_KINDS.join('、')}`);
  const township = need(values, 'township');
  const issued = await issueApiKey(db, township, need(values, 'name'), integration);
  if (!issued) {
    io.err(`乡镇「${township}」不存在（township "${township}" does not exist）`);
    return EXIT_REFUSED;
  }
  if (values.json) io.out(JSON.stringify({ township, integration, ...issued }, null, 2));
  else io.out(`已为 ${township} 签发 ${integration} 接入密钥（只显示这一次，请妥善保存 / shown once, keep it safe）：\n  key: ${issued.key}\n  signingSecret: ${issued.signingSecret}`);
  return EXIT_OK;
}

export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${String(error)}\n${USAGE}`);
    return EXIT_ERROR;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (!command || values.help || command === 'help') {
    io.out(USAGE);
    return command || values.help ? EXIT_OK : EXIT_ERROR;
  }
  const url = io.env.DATABASE_URL;
  if (!url) {
    io.err('需要环境变量 DATABASE_URL（指向 hub 使用的 PostgreSQL） / DATABASE_URL is required (the PostgreSQL the hub uses)');
    return EXIT_ERROR;
  }
  let db: Database | null = null;
  try {
    const request = command === 'import' ? await importRequest(values) : command === 'create-township' ? townshipRequest(values) : null;
    if (!request && command !== 'issue-key') throw new UsageError(`未知命令「${command}」（unknown command）`);
    db = await openDatabase(url, 2);
    if (!request) return await issueKey(io, db, values);
    const report = await new TownshipImport(db, new PasswordHasher()).run(request);
    return printReport(io, report, values.json ?? false);
  } catch (error) {
    io.err(error instanceof UsageError ? `${error.message}\n${USAGE}` : `出错了（error）：${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_ERROR;
  } finally {
    await db?.dataSource.destroy();
  }
}
