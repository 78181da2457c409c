/**
 * The route sweep's generator (test/e2e/route-sweep.test.ts). It reads who may call each operation
 * from the hub's own OpenAPI document (`x-xiaonao-access`, see apps/hub/src/auth/guards.ts), so a
 * route added later is swept without anyone listing it: for every operation it builds a request (path
 * filled with real ids of one township, a minimal body from the schema) and says what each caller must
 * be answered. It also holds what the sweep measures with: a township's identifiers and personal data
 * to look for in answers, a fingerprint of its rows, and ids shared across townships.
 */
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, RequestBodyObject, SchemaObject } from '@nestjs/swagger';
import { API_KEY_HEADER, INTEGRATION_KINDS, ROLES, type IntegrationKind, type Role } from '@xiaonao/contracts';
import type { Client } from 'pg';
import request from 'supertest';
import { ACCESS_EXTENSION } from '../../apps/hub/src/auth/guards';
import { bearer, signedHeaders } from './clients';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What `x-xiaonao-access` may hold; anything else stops the sweep so it is taught the new kind. */
/** A key route may take only some kinds of key (`signed-api-key:12345`, `api-key:open311`); unqualified, any kind. */
type KeyAccess = 'api-key' | 'signed-api-key';
export type Access = Role | 'any-session' | KeyAccess | `${KeyAccess}:${IntegrationKind}`;
const KEY_ACCESS: readonly KeyAccess[] = ['api-key', 'signed-api-key'];
const ACCESS_KINDS: readonly string[] = [...ROLES, 'any-session', ...KEY_ACCESS, ...KEY_ACCESS.flatMap((k) => INTEGRATION_KINDS.map((kind) => `${k}:${kind}`))];
const isKeyAccess = (a: Access) => KEY_ACCESS.some((k) => a === k || a.startsWith(`${k}:`));
/** Whether a key of this kind may call a route with this access entry. */
const keyAdmits = (a: Access, kind: IntegrationKind) => KEY_ACCESS.includes(a as KeyAccess) || a.endsWith(`:${kind}`);

export interface SweptRoute {
  method: HttpMethod;
  /** As the document writes it, e.g. `/api/incidents/{id}`. */
  path: string;
  /** null: the operation names no access, it is public. */
  access: Access[] | null;
  operation: OperationObject;
}

export const routeName = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/** Every operation of the document with who may call it. */
export function documentedRoutes(doc: OpenAPIObject): SweptRoute[] {
  const routes: SweptRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const raw = (operation as OperationObject & Record<string, unknown>)[ACCESS_EXTENSION];
      if (raw !== undefined && (!Array.isArray(raw) || raw.length === 0 || raw.some((a) => typeof a !== 'string' || !ACCESS_KINDS.includes(a)))) {
        throw new Error(`${method.toUpperCase()} ${path}: ${ACCESS_EXTENSION} ${JSON.stringify(raw)} is not a list of ${ACCESS_KINDS.join(', ')}; teach the sweep the new kind`);
      }
      routes.push({ method, path, access: raw === undefined ? null : (raw as Access[]), operation });
    }
  }
  return routes;
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** What Express actually serves (documented or not), paths written as the document writes them. */
export function servedRoutes(app: NestExpressApplication): { method: HttpMethod; path: string }[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const served = new Map<string, { method: HttpMethod; path: string }>();
  for (const layer of express.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
    for (const method of HTTP_METHODS) if (layer.route.methods[method]) served.set(`${method} ${path}`, { method, path });
  }
  return [...served.values()];
}

export type Township = 'A' | 'B';

/** Who knocks: a person of one township with a session, an integration key, or nobody. */
export interface Caller {
  name: string;
  township: Township | null;
  kind: Role | 'api-key' | 'none';
  /** What an API key is (api_key.kind); default '110'. A key route for other kinds answers it 403. */
  keyKind?: IntegrationKind;
  token?: string;
  apiKey?: string;
  /** Signs in again: a swept route may end the caller's session (logout). */
  signIn?: () => Promise<string>;
}

/**
 * What a caller must be answered: 401 (`unauthenticated`), 403 (`forbidden`), reach the handler
 * (`own`: an allowed caller of the township whose objects fill the request), or be kept from
 * those objects (`foreign`: an allowed caller of the other township).
 */
export type Expected = 'unauthenticated' | 'forbidden' | 'own' | 'foreign';

export function expectationFor(access: Access[], caller: Caller): Expected {
  if (caller.kind === 'none') return 'unauthenticated';
  const keyKind = caller.keyKind ?? '110';
  const allowed = caller.kind === 'api-key' ? access.some((a) => isKeyAccess(a) && keyAdmits(a, keyKind)) : access.includes('any-session') || access.includes(caller.kind);
  if (allowed) return caller.township === 'A' ? 'own' : 'foreign';
  // A key where a session is wanted (or the reverse) is no credential at all for that route.
  const sessionRoute = access.some((a) => !isKeyAccess(a));
  // A key of another kind at a key route is known but not admitted.
  if (caller.kind === 'api-key' && access.some(isKeyAccess)) return 'forbidden';
  return caller.kind === 'api-key' || !sessionRoute ? 'unauthenticated' : 'forbidden';
}

/** Real values of township A's objects, by the names requests give them. */
export interface Fixture {
  /** A path or query parameter or body property of this name takes this value (workerId, cameraCode, lng…). */
  byName: Record<string, unknown>;
  /** `{id}` after this path segment: incidents → an incident id, cameras → a camera id… */
  idAfter: Record<string, string>;
  /** Ids of A's objects: a request carrying one in its path must be refused to township B. */
  objectIds: ReadonlySet<string>;
}

export interface SweepRequest {
  route: SweptRoute;
  /** Path with parameters filled, and the query. */
  url: string;
  /** JSON text of the body, or null for none. */
  body: string | null;
  /** Parameters the fixture had no value for, filled with a random uuid. */
  guessed: string[];
  /** The path names one of A's objects (township B must get 403 or 404). */
  namesObject: boolean;
  /** The body or query carries one of A's ids. */
  carriesIds: boolean;
}

function deref<T extends object>(doc: OpenAPIObject, item: T | ReferenceObject): T {
  if (!('$ref' in item)) return item;
  const name = item.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`unknown schema ${item.$ref}`);
  return found as T;
}

/**
 * A minimal value the schema accepts: the fixture's value for the property's name, else its example,
 * its first enum value, the largest number allowed (long windows, high thresholds: a swept write
 * should not set clocks racing), one element for arrays of objects. Only required properties, and
 * optional ones the fixture names.
 */
export function sample(doc: OpenAPIObject, schemaOrRef: SchemaObject | ReferenceObject, fixture: Fixture, name?: string, depth = 0): unknown {
  if (name !== undefined && name in fixture.byName) return fixture.byName[name];
  const schema = deref(doc, schemaOrRef);
  if (schema.example !== undefined) return schema.example as unknown;
  if (schema.allOf?.length) return sample(doc, schema.allOf[0], fixture, undefined, depth + 1);
  if (schema.enum?.length) return schema.enum[0] as unknown;
  if (depth > 8) return null;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.properties || type === 'object') {
    if (!schema.properties) return schema.nullable ? null : {};
    const body: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      if (schema.required?.includes(key) || key in fixture.byName) body[key] = sample(doc, property, fixture, key, depth + 1);
    }
    return body;
  }
  switch (type ?? 'untyped') {
    case 'array': {
      const items = schema.items ? deref(doc, schema.items) : undefined;
      return items && (items.properties || items.allOf) ? [sample(doc, items, fixture, undefined, depth + 1)] : [];
    }
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      return 'sweep';
    case 'number':
    case 'integer':
      return schema.maximum ?? schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** A value as a path or query parameter carries it. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function containsId(value: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((v) => containsId(v, ids));
  if (value && typeof value === 'object') return Object.values(value).some((v) => containsId(v, ids));
  return false;
}

/** The request the sweep sends for one operation, filled from the fixture. */
export function buildRequest(doc: OpenAPIObject, route: SweptRoute, fixture: Fixture): SweepRequest {
  const parameters = (route.operation.parameters ?? []).map((p) => deref<ParameterObject>(doc, p));
  const guessed: string[] = [];
  let namesObject = false;
  const segments = route.path.split('/');
  const path = segments
    .map((segment, i) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!param) return segment;
      const known = param === 'id' ? fixture.idAfter[segments[i - 1]] : fixture.byName[param];
      if (known === undefined) {
        guessed.push(`${routeName(route)} {${param}}`);
        return randomUUID();
      }
      if (typeof known === 'string' && fixture.objectIds.has(known)) namesObject = true;
      return encodeURIComponent(asText(known));
    })
    .join('/');
  const query = new URLSearchParams();
  for (const p of parameters.filter((x) => x.in === 'query')) {
    const value = p.name in fixture.byName ? fixture.byName[p.name] : p.required ? (p.example ?? (p.schema ? sample(doc, p.schema, fixture, p.name) : 'sweep')) : undefined;
    if (value !== undefined && value !== null) query.set(p.name, asText(value));
  }
  const queryIds = [...query.values()].some((v) => fixture.objectIds.has(v));
  const content = route.operation.requestBody ? deref<RequestBodyObject>(doc, route.operation.requestBody).content : undefined;
  // Multipart routes (a photo) take JSON too; the sweep only needs the request to reach the guard and the handler.
  const schema = content ? (content['application/json'] ?? Object.values(content)[0])?.schema : undefined;
  const body = route.method === 'get' || route.method === 'delete' ? undefined : schema ? sample(doc, schema, fixture) : {};
  const search = query.toString();
  return {
    route,
    url: search ? `${path}?${search}` : path,
    body: body === undefined ? null : JSON.stringify(body),
    guessed,
    namesObject,
    carriesIds: queryIds || containsId(body, fixture.objectIds),
  };
}

export interface Answer {
  status: number;
  /** The `code` of an error body, if the answer is one. */
  code: string | null;
  body: Buffer;
}

/** Sends one swept request as one caller; keys sign the body when the route wants a signature. */
export async function send(baseUrl: string, req: SweepRequest, caller: Caller): Promise<Answer> {
  let call = request(baseUrl)[req.route.method](req.url);
  if (caller.token) call = call.set(bearer(caller.token));
  if (caller.apiKey) call = req.route.access?.some((a) => a.startsWith('signed-api-key')) ? call.set(signedHeaders(caller.apiKey, req.body ?? '')) : call.set(API_KEY_HEADER, caller.apiKey);
  if (req.body !== null) call = call.set('content-type', 'application/json').send(req.body);
  const res = await call.buffer(true).parse((stream, done) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const body = res.body as Buffer;
  let code: string | null = null;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'code' in parsed && typeof parsed.code === 'string') code = parsed.code;
  } catch {
    code = null;
  }
  return { status: res.status, code, body };
}

interface Column {
  table: string;
  column: string;
  type: string;
}

/** The schema is read once per connection: migrations ran before the hub started, and information_schema is slow to ask. */
const schemas = new WeakMap<Client, Promise<Column[]>>();

function columns(pg: Client): Promise<Column[]> {
  let found = schemas.get(pg);
  if (!found) {
    found = pg
      .query<Column>(`SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)
      .then((r) => r.rows);
    schemas.set(pg, found);
  }
  return found;
}

function byTable(cols: Column[]): Map<string, Column[]> {
  const tables = new Map<string, Column[]>();
  for (const c of cols) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
  return tables;
}
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows of a township in a table: its own column, or through the worker or incident they belong to; null when neither. */
function townshipFilter(cols: Column[]): string | null {
  const has = (name: string) => cols.some((c) => c.column === name);
  if (has('township_id')) return 'township_id = $1';
  if (has('worker_id')) return 'worker_id IN (SELECT id FROM worker WHERE township_id = $1)';
  if (has('incident_id')) return 'incident_id IN (SELECT id FROM incident WHERE township_id = $1)';
  return null;
}

/**
 * Text columns that hold identifiers or personal data (names, numbers, addresses, case numbers,
 * codes, free text, push endpoints and keys). Others hold vocabulary (states, kinds, channels) that
 * both townships share.
 */
const PERSONAL = /(name|phone|address|case_no|code|description|endpoint|p256dh|auth|key_hash|secret|_ref|result|_user_id|aliases)$/;
const VOCABULARY = /^[a-z]+(_[a-z]+)*$|^[A-Z]+(_[A-Z]+)*$/;

/** A phone number as the hub masks it (139****2345): masked, it still belongs to its township. */
const masked = (value: string) => (/^(\+?86)?1\d{10}$/.test(value) ? [`${value.slice(-11, -8)}****${value.slice(-4)}`] : []);

async function valuesOf(pg: Client, townshipId: string): Promise<{ ids: Set<string>; texts: Set<string> }> {
  const ids = new Set<string>();
  const texts = new Set<string>();
  for (const [table, cols] of byTable(await columns(pg))) {
    const where = townshipFilter(cols);
    const wanted = cols.filter((c) => c.type === 'uuid' || (['text', 'character varying', 'character'].includes(c.type) && PERSONAL.test(c.column)));
    if (!where || wanted.length === 0) continue;
    const { rows } = await pg.query<Record<string, string | null>>(`SELECT ${wanted.map((c) => `${quote(c.column)}::text`).join(', ')} FROM ${quote(table)} WHERE ${where}`, [townshipId]);
    for (const row of rows) {
      for (const c of wanted) {
        const value = row[c.column];
        if (value === null || value === townshipId) continue;
        if (c.type === 'uuid') ids.add(value);
        else for (const v of [value, ...masked(value)]) texts.add(v);
      }
    }
  }
  return { ids, texts };
}

/** Township A's data as it could leak: every uuid of its rows, and its identifiers and personal data that B does not share. */
export interface Secrets {
  ids: Set<string>;
  values: Buffer[];
}

/**
 * What of `own` must never reach the other township: all ids of its rows, and its names, numbers,
 * addresses and codes that the other township does not hold too and that are not vocabulary (the
 * OpenAPI document's own words, snake_case or CONSTANT codes) nor shorter than 8 bytes (a two-character
 * word such as 排班 is vocabulary too; a three-character name is not).
 */
export async function secretsOf(pg: Client, own: string, other: string, vocabulary: string): Promise<Secrets> {
  const mine = await valuesOf(pg, own);
  const theirs = await valuesOf(pg, other);
  const texts = [...mine.texts].filter((v) => !theirs.texts.has(v) && !VOCABULARY.test(v) && Buffer.byteLength(v) >= 8 && !vocabulary.includes(JSON.stringify(v).slice(1, -1)));
  return { ids: mine.ids, values: [...new Set([own, ...mine.ids, ...texts])].map((v) => Buffer.from(v, 'utf8')) };
}

/** Looks for one township's data in the answers another township's callers (or nobody) get. */
export class LeakDetector {
  private readonly texts: { text: string; bytes: Buffer }[];
  /** Names and codes the callers typed themselves: their own refusal records may say them back later. */
  private readonly typed = new Set<string>();

  constructor(readonly secrets: Secrets) {
    this.texts = secrets.values.map((bytes) => ({ text: bytes.toString('utf8'), bytes }));
  }

  /** Notes what a caller sent. Ids stay suspect in later answers; an id is only excused in the answer to the request that carried it. */
  sent(request: string): void {
    for (const { text } of this.texts) if (!this.secrets.ids.has(text) && request.includes(text)) this.typed.add(text);
  }

  /** Bytes of the township's data in `answer` (each occurrence counted), leaving out what `request` carried and what the callers typed before. */
  found(answer: Buffer, request = ''): { bytes: number; found: string[] } {
    let bytes = 0;
    const found: string[] = [];
    for (const { text, bytes: secret } of this.texts) {
      if (this.typed.has(text) || request.includes(text)) continue;
      let count = 0;
      for (let at = answer.indexOf(secret); at !== -1; at = answer.indexOf(secret, at + secret.length)) count++;
      if (count > 0) {
        bytes += count * secret.length;
        found.push(text);
      }
    }
    return { bytes, found };
  }
}

/**
 * A cheap fingerprint of a township's rows: per table its count and a hash of the rows, without the
 * columns in `ignore` (table → columns, or '*' for the whole table) that background work moves.
 */
export async function fingerprint(pg: Client, townshipId: string, ignore: Record<string, readonly string[] | '*'>): Promise<Record<string, string>> {
  const parts: string[] = [];
  for (const [table, cols] of byTable(await columns(pg))) {
    const skip = ignore[table];
    const where = townshipFilter(cols);
    if (skip === '*' || !where) continue;
    const kept = cols.filter((c) => !skip?.includes(c.column)).map((c) => quote(c.column));
    parts.push(
      // A sum of row hashes: independent of order, so nothing is sorted (the sweep takes hundreds of these).
      `SELECT '${table}' AS t, count(*)::text || ':' || coalesce(sum(hashtextextended(r::text, 0)), 0)::text AS f FROM (SELECT ${kept.join(', ')} FROM ${quote(table)} WHERE ${where}) r`,
    );
  }
  const { rows } = await pg.query<{ t: string; f: string }>(parts.join(' UNION ALL '), [townshipId]);
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

/** Tables whose fingerprint differs, but for those in `allowed`. */
export function changedTables(before: Record<string, string>, after: Record<string, string>, allowed: readonly string[] = []): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t] && !allowed.includes(t));
}

/** Ids that rows of both townships hold: one township's row pointing at the other's object. */
export async function sharedIds(pg: Client, a: string, b: string): Promise<string[]> {
  const [ofA, ofB] = [await valuesOf(pg, a), await valuesOf(pg, b)];
  return [...ofA.ids].filter((id) => ofB.ids.has(id));
}
