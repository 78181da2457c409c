/**
 * Reading deploy/ the way the tools that use it would: multi-document YAML, kustomizations with their
 * generators, the compose file with its variables, and the names of the environment variables the hub
 * reads, taken from the hub's own source so that a renamed variable fails the tests that use them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const DEPLOY = 'deploy';
export const K8S = join(DEPLOY, 'k8s');

/** A Kubernetes object as far as these tests look into it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** Every file under `dir` (recursively) whose name ends with one of `endings`. */
export function filesUnder(dir: string, endings: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, endings);
    return endings.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

/** The documents of a YAML file; a syntax error anywhere throws, naming the file. */
export function yamlDocuments(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { merge: true });
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  return docs.map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
}

// --- kustomize -----------------------------------------------------------------------------------

export interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  envs?: string[];
  files?: string[];
}

export interface HelmChart {
  name: string;
  repo: string;
  version: string;
  releaseName: string;
  valuesInline?: Record<string, unknown>;
}

export interface Kustomization {
  namespace?: string;
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  images?: { name: string; newName?: string; newTag?: string }[];
  helmCharts?: HelmChart[];
}

export function kustomization(dir: string): Kustomization {
  return parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
}

/** `KEY=value` lines of an env file (kustomize's `envs`), comments and blank lines skipped. */
export function envFileEntries(path: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) entries[m[1]] = m[2];
  }
  return entries;
}

/** The keys a generator's Secret or ConfigMap holds, with their values (an env file's as written there). */
export function generatorEntries(dir: string, generator: Generator, envFile: (path: string) => string = (p) => p): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    entries[literal.slice(0, at)] = literal.slice(at + 1);
  }
  for (const env of generator.envs ?? []) Object.assign(entries, envFileEntries(join(dir, envFile(env))));
  for (const file of generator.files ?? []) entries[file.split('=')[0].split('/').pop() as string] = readFileSync(join(dir, file.split('=').pop() as string), 'utf8');
  return entries;
}

/**
 * The objects a kustomization directory holds without running kustomize: the documents of its resources
 * (directories followed), and a ConfigMap or Secret for each generator. Overlays' patches are not applied.
 */
export function kustomizeObjects(dir: string): K8sObject[] {
  const k = kustomization(dir);
  const objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) objects.push(...kustomizeObjects(path));
    else objects.push(...(yamlDocuments(path) as K8sObject[]));
  }
  for (const g of k.configMapGenerator ?? []) objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data: generatorEntries(dir, g) });
  return objects;
}

/** Every path a kustomization names (resources, patch files, generator files), resolved from its directory. */
export function referencedPaths(dir: string): string[] {
  const k = kustomization(dir);
  const generated = [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])].flatMap((g) => [...(g.envs ?? []), ...(g.files ?? []).map((f) => f.split('=').pop() as string)]);
  return [...(k.resources ?? []), ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])), ...generated].map((p) => join(dir, p));
}

/** kubectl, when this machine has one (nothing is downloaded for the tests). */
export function kubectl(): string | null {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return null;
  }
}

/**
 * An overlay rendered by `kubectl kustomize`, from a copy of deploy/k8s in which the overlay's secrets.env
 * is its committed example and the NATS chart is left out (inflating it needs helm and the network).
 */
export function renderOverlay(kubectlPath: string, overlay: string): K8sObject[] {
  const work = mkdtempSync(join(tmpdir(), 'xiaonao-kustomize-'));
  try {
    cpSync(K8S, join(work, 'k8s'), { recursive: true });
    const dir = join(work, 'k8s', 'overlays', overlay);
    const k = kustomization(dir);
    k.resources = (k.resources ?? []).filter((r) => !existsSync(join(dir, r, 'kustomization.yaml')) || !kustomization(join(dir, r)).helmCharts);
    writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify(k));
    for (const g of k.secretGenerator ?? []) for (const env of g.envs ?? []) writeFileSync(join(dir, env), readFileSync(join(dir, `${env}.example`), 'utf8'));
    const out = execFileSync(kubectlPath, ['kustomize', dir], { encoding: 'utf8' });
    return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// --- the hub --------------------------------------------------------------------------------------

const HUB_SRC = 'apps/hub/src';

/**
 * The environment variables the hub reads: in every source file that reads an environment (a parameter
 * typed `Env` or `NodeJS.ProcessEnv`, or `process.env`), the names read as `env.NAME` or `env['NAME']`
 * and the upper-case names passed as strings to the readers (`int(env, 'PORT', 3000)`; not a `Symbol('…')` token).
 */
export function hubEnvNames(): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder(HUB_SRC, ['.ts']).filter((f) => !f.endsWith('.spec.ts'))) {
    const source = readFileSync(file, 'utf8');
    if (!/\b(?:env: (?:Env|NodeJS\.ProcessEnv)|process\.env)\b/.test(source)) continue;
    for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1]);
    for (const m of source.matchAll(/\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) names.add(m[1]);
    for (const m of source.matchAll(/(?<!Symbol\()'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) names.add(m[1]);
  }
  return names;
}

/** The path of the hub's health check: the ops controller's `@Get(...)` under its `@Controller(...)` prefix. */
export function hubHealthPath(): string {
  const source = readFileSync(join(HUB_SRC, 'ops/ops.controller.ts'), 'utf8');
  const prefix = /@Controller\(\s*(?:'([^']*)')?\s*\)/.exec(source);
  const route = /@Get\('([^']*health[^']*)'\)/.exec(source);
  if (!prefix || !route) throw new Error('no health route found in apps/hub/src/ops/ops.controller.ts');
  if (/setGlobalPrefix/.test(readFileSync(join(HUB_SRC, 'start-hub.ts'), 'utf8'))) throw new Error('start-hub.ts sets a global prefix: read it here too');
  return `/${[prefix[1], route[1]].filter(Boolean).join('/')}`;
}

/** The `ENV` settings of deploy/Dockerfile's final stage (what every container of the image starts with). */
export function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const line of finalStage.matchAll(/^ENV (.+)$/gm)) for (const m of line[1].matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[m[1]] = m[2];
  return env;
}

/** A path relative to the repository, for messages. */
export const shown = (path: string) => relative(process.cwd(), resolve(path));
