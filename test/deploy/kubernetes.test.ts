/**
 * deploy/k8s: no cluster runs here, so the manifests are checked by parsing them, and, where this machine
 * has kubectl, by rendering each overlay with `kubectl kustomize` and checking what it renders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY, K8S, envFileEntries, filesUnder, hubEnvNames, kubectl, kustomization, kustomizeObjects, referencedPaths, renderOverlay, shown, yamlDocuments, type K8sObject } from './deploy-files';
import { cnpgClusters, hubContainer, hubEnvironment, hubWiringProblems, SAMPLE_JWT_SECRET } from './hub-wiring';

const OVERLAYS = ['staging', 'production'];
const overlayDir = (name: string) => join(K8S, 'overlays', name);
/** The hub with its PostgreSQL, as the files hold them (no overlay applied). */
const baseObjects = (): K8sObject[] => [...kustomizeObjects(join(K8S, 'base')), ...kustomizeObjects(join(K8S, 'postgres'))];
/** Every kustomization directory under deploy/k8s. */
const kustomizationDirs = () => filesUnder(K8S, ['kustomization.yaml']).map((f) => f.slice(0, -'/kustomization.yaml'.length));

/** The Secret an overlay generates for the hub, with the keys its committed example names (commented ones too). */
function overlaySecrets(overlay: string): Record<string, Record<string, string>> {
  const dir = overlayDir(overlay);
  return Object.fromEntries(
    (kustomization(dir).secretGenerator ?? []).map((g) => {
      const entries: Record<string, string> = {};
      for (const env of g.envs ?? []) Object.assign(entries, envFileEntries(join(dir, `${env}.example`)));
      return [g.name, entries];
    }),
  );
}

/** Keys an overlay's secrets.env.example offers, commented out or not: each must be a variable the hub reads. */
function exampleKeys(overlay: string): string[] {
  return (kustomization(overlayDir(overlay)).secretGenerator ?? []).flatMap((g) =>
    (g.envs ?? []).flatMap((env) => [...readFileSync(join(overlayDir(overlay), `${env}.example`), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])),
  );
}

describe('the deploy files', () => {
  it('every YAML file under deploy/ parses, and each Kubernetes document names its kind and itself', () => {
    const files = filesUnder(DEPLOY, ['.yaml', '.yml']);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const docs = yamlDocuments(file);
      expect(docs.length, shown(file)).toBeGreaterThan(0);
      if (!file.startsWith(`${K8S}/`)) continue;
      for (const doc of docs as Partial<K8sObject>[]) {
        expect(doc.apiVersion, shown(file)).toBeTruthy();
        expect(doc.kind, shown(file)).toBeTruthy();
        if (doc.kind !== 'Kustomization') expect(doc.metadata?.name, shown(file)).toBeTruthy();
      }
    }
  });
});

describe('Kubernetes manifests as written', () => {
  it('wire the hub together: ports, probes on /health, autoscaler, budget, Ingress, Secrets and its environment', () => {
    for (const overlay of OVERLAYS) expect(hubWiringProblems(baseObjects(), { generatedSecrets: overlaySecrets(overlay) }), overlay).toEqual([]);
  });

  it('give the hub its database from the CloudNativePG app Secret and NATS at the chart\'s client Service', () => {
    const objects = baseObjects();
    const [cluster] = cnpgClusters(objects);
    expect(cnpgClusters(objects)).toHaveLength(1);
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.bootstrap?.initdb).toEqual({ database: expect.stringMatching(/^\w+$/), owner: expect.stringMatching(/^\w+$/) });
    expect(cluster.spec.storage?.size).toMatch(/^\d+Gi$/);
    const db = hubContainer(objects).env?.find((v) => v.name === 'DATABASE_URL');
    expect(db?.valueFrom?.secretKeyRef).toEqual({ name: `${cluster.name}-app`, key: 'uri' });

    const [chart] = kustomization(join(K8S, 'nats')).helmCharts ?? [];
    const values = chart.valuesInline as { config: { cluster: { enabled: boolean; replicas: number }; jetstream: { enabled: boolean; fileStore: { enabled: boolean; pvc: { enabled: boolean; size: string } } }; nats?: { port?: number } } };
    // The chart names its Services after the release when the release name holds the chart's name (nats.fullname).
    const service = chart.releaseName.includes(chart.name) ? chart.releaseName : `${chart.releaseName}-${chart.name}`;
    const nats = new URL(hubEnvironment(objects, { generatedSecrets: overlaySecrets('production') }).NATS_URL);
    expect(`${nats.hostname}:${nats.port}`).toBe(`${service}:${values.config.nats?.port ?? 4222}`);
    expect(chart).toMatchObject({ name: 'nats', repo: 'https://nats-io.github.io/k8s/helm/charts/' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream).toMatchObject({ enabled: true, fileStore: { enabled: true, pvc: { enabled: true } } });
  });

  it('give the migration and the hub the same image, and the hub an environment it reads in full', () => {
    const names = hubEnvNames();
    for (const overlay of OVERLAYS) {
      for (const key of exampleKeys(overlay)) expect(names.has(key), `${overlay}/secrets.env.example offers ${key}`).toBe(true);
      expect(Object.keys(overlaySecrets(overlay)['xiaonao-hub-secrets'] ?? {}), overlay).toContain('JWT_SECRET');
      for (const g of kustomization(overlayDir(overlay)).configMapGenerator ?? []) for (const literal of g.literals ?? []) expect(names.has(literal.split('=')[0]), `${overlay} sets ${literal}`).toBe(true);
    }
  });

  it('name only files and directories that exist, and patch only what their bases hold', () => {
    for (const dir of kustomizationDirs()) for (const path of referencedPaths(dir)) expect(existsSync(path) || existsSync(`${path}.example`), `${shown(dir)} names ${shown(path)}`).toBe(true);
    for (const overlay of OVERLAYS) {
      const dir = overlayDir(overlay);
      const k = kustomization(dir);
      const bases = (k.resources ?? []).filter((r) => existsSync(join(dir, r, 'kustomization.yaml')));
      expect(bases.map((b) => join(dir, b)).sort()).toEqual([join(K8S, 'base'), join(K8S, 'nats'), join(K8S, 'postgres')].sort());
      const objects = bases.filter((b) => !kustomization(join(dir, b)).helmCharts).flatMap((b) => kustomizeObjects(join(dir, b)));
      for (const patch of k.patches ?? []) {
        const target = patch.target ?? (patch.path ? (yamlDocuments(join(dir, patch.path))[0] as K8sObject) : undefined);
        const name = patch.target?.name ?? (target as K8sObject | undefined)?.metadata?.name;
        expect(objects.some((o) => o.kind === target?.kind && o.metadata.name === name), `${overlay} patches ${target?.kind} ${name}`).toBe(true);
      }
      const hubImage = hubContainer(objects).image;
      expect(k.images?.map((i) => i.name), overlay).toEqual([hubImage]);
      expect(k.images?.[0].newTag, overlay).toMatch(/^[\w.-]+$/);
      for (const g of k.configMapGenerator ?? []) expect(g.behavior === 'merge' && objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === g.name), `${overlay} merges into ConfigMap ${g.name}`).toBe(true);
      expect(k.namespace, overlay).toBeTruthy();
    }
  });

  it('keep the secrets out of git: each overlay commits an example and ignores the file itself', () => {
    const ignored = readFileSync(join(K8S, '.gitignore'), 'utf8');
    for (const overlay of OVERLAYS) {
      for (const g of kustomization(overlayDir(overlay)).secretGenerator ?? []) {
        for (const env of g.envs ?? []) {
          expect(existsSync(join(overlayDir(overlay), `${env}.example`)), `${overlay}/${env}.example`).toBe(true);
          expect(ignored).toContain(`overlays/*/${env}`);
        }
      }
    }
  });

  it('run the migration with the command `npm run migration:run` runs (which holds the advisory lock)', () => {
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['migration:run'];
    const cli = /node (\S+migrate-cli\.js)/.exec(script)?.[1];
    expect(cli).toBeTruthy();
    const deployment = readFileSync(join(K8S, 'base', 'hub-deployment.yaml'), 'utf8');
    expect(deployment).toContain(`command: ["node", "${cli}"]`);
    expect(readFileSync('apps/hub/src/persistence/database.ts', 'utf8')).toMatch(/pg_advisory_lock\(/);
  });
});

const kubectlPath = kubectl();

describe.skipIf(!kubectlPath)('Kubernetes overlays as kubectl kustomize renders them', () => {
  it.each(OVERLAYS)('%s: the hub is wired together, in the overlay\'s namespace, with its image, host and replicas', (overlay) => {
    const objects = renderOverlay(kubectlPath as string, overlay);
    expect(hubWiringProblems(objects)).toEqual([]);
    const k = kustomization(overlayDir(overlay));
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(k.namespace);
    const image = k.images?.[0];
    expect(hubContainer(objects).image).toBe(`${image?.newName}:${image?.newTag}`);
    const env = hubEnvironment(objects);
    expect(env.JWT_SECRET).toBe(SAMPLE_JWT_SECRET);
    const ingress = objects.find((o) => o.kind === 'Ingress') as K8sObject & { spec: { rules: { host: string }[]; tls: { hosts: string[] }[] } };
    expect(new URL(env.PUBLIC_URL).host).toBe(ingress.spec.rules[0].host);
    expect(ingress.spec.tls[0].hosts).toEqual([ingress.spec.rules[0].host]);
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as K8sObject & { spec: { minReplicas: number; maxReplicas: number } };
    const patch = yamlDocuments(join(overlayDir(overlay), 'hub-replicas.yaml'))[0] as { spec: { minReplicas: number; maxReplicas: number } };
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([patch.spec.minReplicas, patch.spec.maxReplicas]);
  });
});
