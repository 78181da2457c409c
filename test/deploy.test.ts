import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MetricsService } from '../apps/hub/src/ops/metrics.service';
import { startTestHub, type TestHub } from './support/hub';

interface ComposeService {
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

// Merge keys on: the hubs share one definition (`<<: *hub`). The compose file's own wiring: test/deploy/compose.test.ts.
const compose = () => parse(readFileSync('deploy/docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const HUBS = ['hub-1', 'hub-2'];

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alertRules = () => (parse(readFileSync('deploy/prometheus/alerts.yml', 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] }).groups.flatMap((g) => g.rules);

interface DashboardPanel {
  title: string;
  targets?: { expr: string }[];
}

const dashboard = () =>
  JSON.parse(readFileSync('deploy/grafana/xiaonao-dashboard.json', 'utf8')) as {
    uid: string;
    panels: DashboardPanel[];
    templating: { list: { name: string; query: { query: string } }[] };
  };

/** Series Prometheus makes itself, not the hub. */
const PROMETHEUS_SERIES = new Set(['up']);
/** Labels Prometheus adds to every scraped series, and the bucket bound of a histogram. */
const ADDED_LABELS = new Set(['instance', 'job', 'le']);
const PROMQL_WORDS = new Set(['by', 'without', 'and', 'or', 'unless', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool']);

/** Metric names in a PromQL expression: identifiers that are neither functions, keywords, label names nor strings. */
function metricsIn(expr: string): string[] {
  const bare = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]').replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const names = [...bare.matchAll(/(?<![\w:])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g)].map((m) => m[0]);
  return [...new Set(names.filter((n) => !PROMQL_WORDS.has(n) && !/^\d/.test(n)))];
}

/** Label names an expression uses: in selectors (`{stage="accept"}`) and in by (...) clauses. */
function labelsIn(expr: string): { metric: string | null; label: string }[] {
  const out: { metric: string | null; label: string }[] = [];
  for (const m of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)?\{([^}]*)\}/g)) {
    for (const l of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) out.push({ metric: m[1] ?? null, label: l[1] });
  }
  for (const m of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
    for (const l of m[1].split(',').map((s) => s.trim()).filter(Boolean)) out.push({ metric: null, label: l });
  }
  return out;
}

// No Docker engine runs here: the deployment files are checked by parsing, not by running.
describe('deployment files', () => {
  it('the image builds the hub and the pages and starts the hub', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm run build && npm run build:web');
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/hub\/src\/main.js"\]$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK .*\/health/);
  });

  it('Prometheus scrapes the metrics port of each hub, which is not published beside the public one, and loads the alert rules', () => {
    const { services } = compose();
    const port = services['hub-1'].environment?.METRICS_PORT;
    expect(port).toMatch(/^\d+$/);
    for (const hub of HUBS) {
      expect(services[hub].environment?.METRICS_PORT, hub).toBe(port);
      expect(services[hub].ports ?? [], hub).not.toContainEqual(expect.stringContaining(String(port)));
    }
    const config = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    const job = config.scrape_configs.find((j) => j.job_name === 'xiaonao-hub');
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.static_configs.flatMap((s) => s.targets)).toEqual(HUBS.map((hub) => `${hub}:${port}`));
    const mounted = (services.prometheus.volumes ?? []).map((v) => v.split(':'));
    for (const file of config.rule_files) expect(mounted.find(([, inside]) => inside === file)?.[0]).toBe('./prometheus/alerts.yml');
    expect(mounted.find(([, inside]) => inside === '/etc/prometheus/prometheus.yml')?.[0]).toBe('./prometheus/prometheus.yml');
  });

  it('the alert rules cover the outbox, the timers, the accept stage, the notifiers and a hub down', () => {
    const rules = alertRules();
    const byName = new Map(rules.map((r) => [r.alert, r]));
    expect([...byName.keys()].sort()).toEqual(['XiaonaoAcceptMetRateLow', 'XiaonaoHubDown', 'XiaonaoNotifyFailuresRising', 'XiaonaoOutboxLag', 'XiaonaoTimerLatenessHigh', 'XiaonaoTimersStalled']);
    expect(byName.get('XiaonaoOutboxLag')?.expr).toMatch(/xiaonao_outbox_lag_seconds\) > 30$/);
    expect(byName.get('XiaonaoTimerLatenessHigh')?.expr).toMatch(/histogram_quantile\(0\.99, .*xiaonao_timer_lateness_seconds_bucket.*\) > 5$/);
    expect(byName.get('XiaonaoAcceptMetRateLow')?.expr).toMatch(/stage="accept".*\[1h\][\s\S]*< 0\.9/);
    for (const rule of rules) {
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning)$/);
    }
  });
});

describe('metrics named in the dashboard and the alert rules', () => {
  let t: TestHub;
  /** Every series name the hub exposes (histograms with their _bucket, _sum and _count). */
  let exposed: Set<string>;

  beforeAll(async () => {
    t = await startTestHub({ env: { METRICS_PORT: '0' } });
    const text = (await request(t.hub.metricsUrl as string).get('').expect(200)).text;
    exposed = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : type === 'summary' ? [name, `${name}_sum`, `${name}_count`] : [name])),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The label names the hub gives a series, read from its registry. */
  const labelNamesOf = (series: string): string[] => {
    const registry = t.hub.app.get(MetricsService).registry;
    const metric = registry.getSingleMetric(series) ?? registry.getSingleMetric(series.replace(/_(bucket|sum|count)$/, ''));
    return (metric as unknown as { labelNames?: string[] } | undefined)?.labelNames ?? [];
  };

  const expressions = (): { where: string; expr: string }[] => [
    ...alertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ...dashboard().panels.flatMap((p) => (p.targets ?? []).map((target) => ({ where: `panel ${p.title}`, expr: target.expr }))),
    ...dashboard().templating.list.map((v) => ({ where: `variable ${v.name}`, expr: v.query.query.replace(/^label_values\((\w+),\s*(\w+)\)$/, '$1{$2=""}') })),
  ];

  it('names only series the hub exposes, each expression at least one', () => {
    for (const { where, expr } of expressions()) {
      const names = metricsIn(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exposed.has(name) || PROMETHEUS_SERIES.has(name), `${where} names ${name}, which the hub does not expose`).toBe(true);
    }
  });

  it('uses only labels the hub puts on those series', () => {
    for (const { where, expr } of expressions()) {
      const metrics = metricsIn(expr).filter((n) => !PROMETHEUS_SERIES.has(n));
      const known = new Set([...ADDED_LABELS, ...metrics.flatMap(labelNamesOf)]);
      for (const { metric, label } of labelsIn(expr)) {
        if (metric && PROMETHEUS_SERIES.has(metric)) continue;
        expect(metric ? new Set([...ADDED_LABELS, ...labelNamesOf(metric)]).has(label) : known.has(label), `${where} uses label ${label}${metric ? ` on ${metric}` : ''}`).toBe(true);
      }
    }
  });

  it('the dashboard shows the 1-3-8 rates, queues, outbox lag, timer lateness, notifier failures, HTTP p99 and sockets', () => {
    const used = new Set(dashboard().panels.flatMap((p) => (p.targets ?? []).flatMap((x) => metricsIn(x.expr))));
    for (const name of [
      'xiaonao_clock_stage_outcomes_total',
      'xiaonao_offers_pending',
      'xiaonao_cases_waiting',
      'xiaonao_outbox_lag_seconds',
      'xiaonao_timer_lateness_seconds_bucket',
      'xiaonao_notify_failures_total',
      'xiaonao_http_request_duration_seconds_bucket',
      'xiaonao_socket_connections',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
  });
});
