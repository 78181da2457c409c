/**
 * deploy/docker-compose.yml and deploy/proxy/haproxy.cfg: two hubs behind HAProxy. No Docker engine runs
 * here, so the files are parsed and their wiring checked against the hub's own source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadHubConfig } from '../../apps/hub/src/config/hub-config';
import { DEPLOY, hubEnvNames, hubHealthPath, imageEnv } from './deploy-files';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

const compose = () => parse(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const HUBS = ['hub-1', 'hub-2'];
/** What an operator puts in deploy/.env; everything else takes the file's defaults. */
const DOT_ENV: Record<string, string> = { JWT_SECRET: 'sample-secret-for-the-deploy-tests-0123456789' };

/** Compose's variable substitution: ${NAME}, ${NAME:-default}, ${NAME:?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_all, name: string, op: string | undefined, arg: string) => {
    const set = vars[name];
    if (op === '-') return set || arg;
    if (op === '?' && !set) throw new Error(`${name}: ${arg}`);
    return set ?? '';
  });
}

/** A hub service's environment as the hub process sees it: the image's ENV, then the file's, substituted. */
function hubEnv(service: ComposeService): Record<string, string> {
  return { ...imageEnv(), ...Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), DOT_ENV)])) };
}

/** HAProxy's configuration as sections (`backend hubs`) of directive lines, comments dropped. */
function haproxySections(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const raw of readFileSync(join(DEPLOY, 'proxy/haproxy.cfg'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (!line.trim()) continue;
    if (/^\S/.test(line)) sections.set(line.trim(), (current = []));
    else current.push(line.trim().replace(/\s+/g, ' '));
  }
  return sections;
}

/** HAProxy time values in seconds (`1h`, `60s`, `500ms`; a bare number is milliseconds). */
const seconds = (t: string) => Number.parseFloat(t) * ({ ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[/[a-z]+$/.exec(t)?.[0] ?? 'ms'] ?? NaN);

describe('compose: two hubs behind a proxy', () => {
  it('runs two hubs, a one-off migration, the proxy, PostgreSQL, NATS with JetStream and Prometheus', () => {
    const { services } = compose();
    expect(Object.keys(services).sort()).toEqual(['hub-1', 'hub-2', 'migrate', 'nats', 'postgres', 'prometheus', 'proxy']);
    expect(services.nats.command).toContain('-js');
    for (const name of [...HUBS, 'migrate']) expect(services[name].build?.dockerfile, name).toBe('deploy/Dockerfile');
  });

  it('gives each hub only variables the hub reads, and a configuration it accepts for several processes', () => {
    const { services } = compose();
    const names = hubEnvNames();
    const db = services.postgres.environment ?? {};
    const instances = new Set<string>();
    for (const name of HUBS) {
      for (const key of Object.keys(services[name].environment ?? {})) expect(names.has(key), `${name} sets ${key}`).toBe(true);
      const config = loadHubConfig(hubEnv(services[name]));
      expect(config.databaseUrl).toBe(`postgres://${db.POSTGRES_USER}:${db.POSTGRES_PASSWORD}@postgres:5432/${db.POSTGRES_DB}`);
      expect(config.natsUrl).toBe('nats://nats:4222');
      expect(config.host).toBe('0.0.0.0');
      expect(config.security.trustProxy, 'the proxy is one hop: X-Forwarded-For names the client').toBe(1);
      instances.add(config.instanceId);
    }
    expect(instances.size, 'each hub names itself in shared records').toBe(HUBS.length);
    for (const name of HUBS) expect(() => interpolate(services[name].environment?.JWT_SECRET ?? '', {}), `${name}: compose stops without deploy/.env`).toThrow(/JWT_SECRET/);
  });

  it('migrates once, with the command `npm run migration:run` runs, before either hub starts', () => {
    const { services } = compose();
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['migration:run'];
    const cli = /node (\S+migrate-cli\.js)/.exec(script)?.[1];
    expect(services.migrate.command).toEqual(['node', cli]);
    expect(services.migrate.environment?.DATABASE_URL).toBe(services['hub-1'].environment?.DATABASE_URL);
    expect(services.migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const name of HUBS) {
      expect(services[name].depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(services[name].ports, `${name} is reached through the proxy only`).toBeUndefined();
    }
  });

  it('starts the proxy after both hubs answer /health, and publishes only the proxy and Prometheus', () => {
    const { services } = compose();
    expect(Object.fromEntries(HUBS.map((h) => [h, services.proxy.depends_on?.[h]?.condition]))).toEqual({ 'hub-1': 'service_healthy', 'hub-2': 'service_healthy' });
    // service_healthy means the image's HEALTHCHECK, which asks the hub's health route.
    expect(readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`HEALTHCHECK .*${hubHealthPath()}`));
    expect(Object.entries(services).filter(([, s]) => s.ports).map(([name]) => name).sort()).toEqual(['prometheus', 'proxy']);
  });
});

describe('the proxy (HAProxy)', () => {
  const sections = haproxySections();
  const section = (prefix: string) => [...sections.entries()].find(([name]) => name.startsWith(prefix))?.[1] ?? [];

  it('is the configuration compose mounts, listening on the port compose publishes', () => {
    const { services } = compose();
    expect(services.proxy.volumes).toContain('./proxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const inside = services.proxy.ports?.[0].split(':').at(-1);
    expect(section('frontend')).toContain(`bind :${inside}`);
  });

  it('sends to both hubs on their public port, checking each on /health', () => {
    const { services } = compose();
    const backend = section('backend');
    const servers = backend.filter((l) => l.startsWith('server ')).map((l) => l.split(' '));
    const ports = HUBS.map((h) => loadHubConfig(hubEnv(services[h])).port);
    expect(servers.map((s) => s[2])).toEqual(HUBS.map((h, i) => `${h}:${ports[i]}`));
    for (const s of servers) expect(s, s[1]).toContain('check');
    expect(backend).toContain(`option httpchk GET ${hubHealthPath()}`);
  });

  it('carries websockets: HTTP mode relays Upgrade and Connection itself, and a tunnel timeout keeps idle sockets open', () => {
    const defaults = section('defaults');
    expect(defaults).toContain('mode http');
    const all = [...sections.values()].flat();
    expect(all.filter((l) => /mode tcp|option httpclose|(del|set)-header (Upgrade|Connection)/i.test(l))).toEqual([]);
    const tunnel = defaults.find((l) => l.startsWith('timeout tunnel'))?.split(' ')[2] ?? '0';
    // Longer than socket.io's ping interval plus timeout (25 s + 20 s) by a wide margin.
    expect(seconds(tunnel)).toBeGreaterThanOrEqual(600);
    expect(defaults).toContain('option forwardfor');
  });

  it('keeps a browser on one hub with a cookie, so socket.io long polling reaches the process that holds its session', () => {
    const backend = section('backend');
    const cookie = backend.find((l) => l.startsWith('cookie '))?.split(' ');
    expect(cookie?.slice(2, 3)).toEqual(['insert']);
    const values = backend.filter((l) => l.startsWith('server ')).map((l) => /\bcookie (\S+)/.exec(l)?.[1]);
    expect(values.every(Boolean) && new Set(values).size === HUBS.length, 'each server has its own cookie value').toBe(true);
    // The pages are what need it: they fall back to polling.
    expect(readFileSync('apps/web/src/shared/socket.ts', 'utf8')).toMatch(/transports: \['websocket', 'polling'\]/);
  });
});
