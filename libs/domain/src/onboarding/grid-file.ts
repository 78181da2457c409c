/**
 * A township's grid layer from one GeoJSON FeatureCollection of Polygon features. Properties:
 *   code (编号)   required, unique in the file;
 *   name (名称)   required;
 *   kind (类型)   a grid's kind: market_town / village / dedicated, or 集镇网格 / 村社网格 / 专属网格;
 *   parent (上级网格) a micro-grid names its grid's code here; a feature without it is a grid;
 *   leader (网格长) optional: the code of the worker who leads it.
 * The file's coordinate system is declared once, by the caller or in the file (top-level
 * `coordSystem`, or a GeoJSON-2008 `crs` name), and every vertex is converted from it to WGS-84 once.
 */
import { COORD_SYSTEMS, GRID_KIND_LABELS, GRID_KINDS, type CoordSystem, type GridKind, type PolygonCoordinates } from '@xiaonao/contracts';
import { toWgs84 } from '../geo/coordinates';
import { DEFAULT_OVERLAP_TOLERANCE_M2, overhangM2, ringProblem, selfCrosses, sharedAreaM2 } from './grid-geometry';
import { FEATURE_LABEL, fileIssue, issueAt, shown, type ImportIssue } from './import-report';
import { wordOf } from './table-rows';

export interface GridRecord {
  row: number;
  code: string;
  name: string;
  kind: GridKind;
  polygon: PolygonCoordinates;
  leaderCode: string | null;
}

export interface MicroGridRecord {
  row: number;
  code: string;
  name: string;
  parentCode: string;
  polygon: PolygonCoordinates;
  leaderCode: string | null;
}

/** A stored grid the file does not list: kept, so the file's grids must fit beside it. */
export interface StoredGrid {
  code: string;
  polygon: PolygonCoordinates;
}

export interface GridFileOptions {
  /** The caller's declaration (the CLI's --coord-system); must agree with the file's own if both say. */
  coordSystem?: CoordSystem;
  /** m² two grids (or two micro-grids) may share, and a micro-grid may stick out of its grid. */
  toleranceM2?: number;
  /** The township's stored grids: a parent may be one of them, and those not in the file must not be overlapped. */
  stored?: readonly StoredGrid[];
}

export interface GridFile {
  coordSystem: CoordSystem;
  grids: GridRecord[];
  microGrids: MicroGridRecord[];
  errors: ImportIssue[];
}

const PROPERTY_NAMES = {
  code: ['code', '编号', '网格编号'],
  name: ['name', '名称', '网格名称'],
  kind: ['kind', '类型', '网格类型'],
  parent: ['parent', '上级网格', '所属网格'],
  leader: ['leader', '网格长'],
} as const;

const KIND_WORDS: Record<string, GridKind> = { 集镇: 'market_town', 村社: 'village', 村: 'village', 社区: 'village', 专属: 'dedicated' };
const MAX_NAME = 100;
/** Kept to 1e-7° (about a centimetre): finer digits are conversion noise, and equal input must store equal. */
const round = (v: number): number => Math.round(v * 1e7) / 1e7;

function property(props: Record<string, unknown>, key: keyof typeof PROPERTY_NAMES): unknown {
  const name = PROPERTY_NAMES[key].find((n) => props[n] !== undefined && props[n] !== null && props[n] !== '');
  return name === undefined ? undefined : props[name];
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The system a name in the file stands for: GCJ02, GCJ-02, EPSG:4326, CRS84… */
function systemNamed(name: string): CoordSystem | null {
  const word = name.toUpperCase().replace(/[^A-Z0-9:]/g, '');
  if (word.endsWith('CRS84') || word.endsWith('4326') || word === 'WGS84') return 'WGS84';
  return COORD_SYSTEMS.find((s) => word === s) ?? null;
}

/** The system the file declares, if any: top-level `coordSystem`, or `crs.properties.name`. */
function declaredInFile(doc: Record<string, unknown>): { system: CoordSystem | null; said: string | null } {
  const crs = doc.crs as { properties?: { name?: unknown } } | undefined;
  const said = text(doc.coordSystem) ?? text(crs?.properties?.name);
  return { system: said ? systemNamed(said) : null, said };
}

function convert(rings: number[][][], system: CoordSystem): PolygonCoordinates {
  return rings.map((ring) =>
    ring.map((p) => {
      const w = toWgs84({ lng: p[0], lat: p[1] }, system);
      return [round(w.lng), round(w.lat)] as [number, number];
    }),
  );
}

interface Shaped {
  row: number;
  code: string;
  polygon: PolygonCoordinates;
}

/** Pairs of shapes sharing more than the tolerance: the later one is refused, naming the earlier. */
function overlaps(items: readonly Shaped[], others: readonly StoredGrid[], toleranceM2: number, what: { zh: string; en: string }): ImportIssue[] {
  const issues: ImportIssue[] = [];
  items.forEach((b, j) => {
    for (const a of items.slice(0, j)) {
      const shared = sharedAreaM2(a.polygon, b.polygon);
      if (shared > toleranceM2)
        issues.push(
          issueAt(FEATURE_LABEL, b.row, 'geometry', `与${what.zh}「${a.code}」（第 ${a.row} 个要素）重叠 ${Math.round(shared)} m²，超过容差 ${toleranceM2} m²`, `overlaps ${what.en} "${a.code}" (feature ${a.row}) by ${Math.round(shared)} m², over the ${toleranceM2} m² tolerance`, b.code),
        );
    }
    for (const a of others) {
      const shared = sharedAreaM2(a.polygon, b.polygon);
      if (shared > toleranceM2)
        issues.push(
          issueAt(FEATURE_LABEL, b.row, 'geometry', `与已有网格「${a.code}」（不在本文件中）重叠 ${Math.round(shared)} m²，超过容差 ${toleranceM2} m²`, `overlaps the stored grid "${a.code}" (not in this file) by ${Math.round(shared)} m², over the ${toleranceM2} m² tolerance`, b.code),
        );
    }
  });
  return issues;
}

/** Reads and checks the file; every problem is reported, each naming its feature and field. */
export function readGridFile(content: string, options: GridFileOptions = {}): GridFile {
  const toleranceM2 = options.toleranceM2 ?? DEFAULT_OVERLAP_TOLERANCE_M2;
  const empty = (coordSystem: CoordSystem, errors: ImportIssue[]): GridFile => ({ coordSystem, grids: [], microGrids: [], errors });
  let doc: unknown;
  try {
    doc = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    return empty(options.coordSystem ?? 'WGS84', [fileIssue('不是有效的 JSON', `not valid JSON: ${String(error)}`)]);
  }
  if (typeof doc !== 'object' || doc === null || (doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((doc as { features?: unknown }).features)) {
    return empty(options.coordSystem ?? 'WGS84', [fileIssue('应为 GeoJSON FeatureCollection', 'must be a GeoJSON FeatureCollection', 'type')]);
  }
  const file = declaredInFile(doc as Record<string, unknown>);
  if (file.said && !file.system) return empty(options.coordSystem ?? 'WGS84', [fileIssue(`无法识别文件声明的坐标系「${file.said}」（应为 WGS84、GCJ02 或 BD09）`, `unknown coordinate system "${file.said}" (WGS84, GCJ02 or BD09)`, 'crs')]);
  if (file.system && options.coordSystem && file.system !== options.coordSystem) {
    return empty(options.coordSystem, [fileIssue(`文件声明坐标系 ${file.system}，导入时又声明 ${options.coordSystem}：只能声明一次`, `the file says ${file.system} and the import says ${options.coordSystem}: declare it once`, 'crs')]);
  }
  // RFC 7946: GeoJSON without a declaration is WGS-84.
  const coordSystem = options.coordSystem ?? file.system ?? 'WGS84';
  const errors: ImportIssue[] = [];
  const grids: GridRecord[] = [];
  const microGrids: MicroGridRecord[] = [];
  const seen = new Map<string, number>();

  (doc as { features: unknown[] }).features.forEach((feature, i) => {
    const row = i + 1;
    const f = (typeof feature === 'object' && feature !== null ? feature : {}) as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    const props = (typeof f.properties === 'object' && f.properties !== null ? f.properties : {}) as Record<string, unknown>;
    const code = text(property(props, 'code')) ?? '';
    const item = code || undefined;
    const fail = (field: string, zh: string, en: string) => errors.push(issueAt(FEATURE_LABEL, row, field, zh, en, item));
    if (f.type !== 'Feature') return fail('type', '应为 Feature', 'must be a Feature');
    if (!code) fail('properties.code', '缺少编号（code）', 'code is missing');
    else if (seen.has(code)) fail('properties.code', `编号与第 ${seen.get(code)} 个要素重复`, `code repeats feature ${seen.get(code)}`);
    else seen.set(code, row);
    const name = text(property(props, 'name')) ?? '';
    if (!name) fail('properties.name', '缺少名称（name）', 'name is missing');
    else if (name.length > MAX_NAME) fail('properties.name', `名称不能超过 ${MAX_NAME} 个字`, `name is longer than ${MAX_NAME} characters`);
    const parentCode = text(property(props, 'parent')) || null;
    const leaderCode = text(property(props, 'leader')) || null;
    let kind: GridKind | null = null;
    if (!parentCode) {
      const said = property(props, 'kind');
      kind = typeof said === 'string' ? wordOf(said.replace(/网格$/u, ''), GRID_KINDS, GRID_KIND_LABELS, KIND_WORDS) ?? wordOf(said, GRID_KINDS, GRID_KIND_LABELS) : null;
      if (!kind) fail('properties.kind', `类型应为 market_town（集镇网格）、village（村社网格）或 dedicated（专属网格），收到「${shown(said)}」`, `kind must be market_town, village or dedicated, got "${shown(said)}"`);
    }
    const geometry = f.geometry;
    if (!geometry || geometry.type !== 'Polygon') {
      const got = geometry ? shown(geometry.type) : 'null';
      return fail('geometry', `几何类型应为 Polygon（一个网格一个多边形），收到 ${got}`, `geometry must be a Polygon (one per grid), got ${got}`);
    }
    const problem = ringProblem(geometry.coordinates);
    if (problem) return fail('geometry.coordinates', problem.zh, problem.en);
    const polygon = convert(geometry.coordinates as number[][][], coordSystem);
    if (selfCrosses(polygon)) return fail('geometry.coordinates', '边界自相交（8 字形或点序错乱）', 'the boundary crosses itself (a figure of eight, or points out of order)');
    if (!code || !name) return;
    if (parentCode) microGrids.push({ row, code, name, parentCode, polygon, leaderCode });
    else if (kind) grids.push({ row, code, name, kind, polygon, leaderCode });
  });

  const fileCodes = new Set([...grids, ...microGrids].map((g) => g.code));
  const retained = (options.stored ?? []).filter((g) => !fileCodes.has(g.code));
  errors.push(...overlaps(grids, retained, toleranceM2, { zh: '网格', en: 'grid' }));
  errors.push(...overlaps(microGrids, [], toleranceM2, { zh: '微网格', en: 'micro-grid' }));

  const parents = new Map<string, PolygonCoordinates>([...retained.map((g) => [g.code, g.polygon] as const), ...grids.map((g) => [g.code, g.polygon] as const)]);
  for (const m of microGrids) {
    const parent = parents.get(m.parentCode);
    if (!parent) {
      errors.push(issueAt(FEATURE_LABEL, m.row, 'properties.parent', `上级网格「${m.parentCode}」不在本文件中，也不是已有网格`, `parent grid "${m.parentCode}" is neither in this file nor stored`, m.code));
      continue;
    }
    const outside = overhangM2(m.polygon, parent);
    if (outside > toleranceM2)
      errors.push(
        issueAt(FEATURE_LABEL, m.row, 'geometry', `超出上级网格「${m.parentCode}」${Math.round(outside)} m²，超过容差 ${toleranceM2} m²`, `lies ${Math.round(outside)} m² outside its parent grid "${m.parentCode}", over the ${toleranceM2} m² tolerance`, m.code),
      );
  }
  errors.sort((a, b) => a.row - b.row);
  return { coordSystem, grids, microGrids, errors };
}
