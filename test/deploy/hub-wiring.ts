/**
 * Whether a set of Kubernetes objects holding the hub is wired together: ports, probes, the autoscaler,
 * the disruption budget, the Ingress, the Secrets and ConfigMaps the pods name, and the environment the hub
 * would start with. The same checks run on the files as written and on what `kubectl kustomize` renders.
 */
import { readFileSync } from 'node:fs';
import { REPORT_PHOTO_MAX_BYTES } from '@xiaonao/contracts';
import { loadHubConfig, type HubConfig } from '../../apps/hub/src/config/hub-config';
import { hubEnvNames, hubHealthPath, imageEnv, type K8sObject } from './deploy-files';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
}
interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
}
interface ServiceSpec {
  selector: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: string | number }[];
}
interface IngressBackend {
  service: { name: string; port: { name?: string; number?: number } };
}
interface IngressSpec {
  rules: { host?: string; http: { paths: { path: string; backend: IngressBackend }[] } }[];
}
interface HpaSpec {
  scaleTargetRef: { apiVersion: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: { type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }[];
}
interface PdbSpec {
  selector: { matchLabels: Record<string, string> };
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}
interface CnpgClusterSpec {
  instances: number;
  bootstrap?: { initdb?: { database?: string; owner?: string } };
  storage?: { size?: string };
}

export const HUB_DEPLOYMENT = 'xiaonao-hub';
/** The keys CloudNativePG writes to a cluster's `<cluster>-app` Secret. */
export const CNPG_APP_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'pgpass', 'uri', 'jdbc-uri', 'fqdn-uri', 'fqdn-jdbc-uri'];
/** Stands for what an operator puts in the hub's Secret: only its length is checked by the hub. */
export const SAMPLE_JWT_SECRET = 'sample-secret-for-the-deploy-tests-0123456789';

const spec = <T>(o: K8sObject) => o.spec as T;
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const subset = (inner: Record<string, string>, outer: Record<string, string>) => Object.entries(inner).every(([k, v]) => outer[k] === v);
/** Kubernetes quantities as plain numbers: `4m` body size is 4 MiB to ingress-nginx. */
const bytes = (size: string) => Number(/^(\d+)/.exec(size)?.[1] ?? NaN) * ({ k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[size.slice(-1).toLowerCase()] ?? 1);

export function hubDeployment(objects: K8sObject[]): DeploymentSpec {
  const d = named(objects, 'Deployment', HUB_DEPLOYMENT);
  if (!d) throw new Error(`no Deployment ${HUB_DEPLOYMENT}`);
  return spec<DeploymentSpec>(d);
}

export function hubContainer(objects: K8sObject[]): Container {
  const c = hubDeployment(objects).template.spec.containers.find((x) => x.name === 'hub');
  if (!c) throw new Error('no container "hub"');
  return c;
}

/** A container port by name or number. */
function containerPort(c: Container, port: string | number | undefined): number | null {
  const found = (c.ports ?? []).find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
  return found ? found.containerPort : null;
}

/** The values of a Secret object (rendered `data` is base64). */
function secretValues(o: K8sObject): Record<string, string> {
  return { ...Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])), ...(o.stringData ?? {}) };
}

export interface WiringOptions {
  /** Secrets a kustomize generator makes where these objects do not hold them (an overlay's), with their keys. */
  generatedSecrets?: Record<string, Record<string, string>>;
}

/** The CloudNativePG cluster whose app Secret is `name`, if `name` is one. */
function cnpgClusterOf(objects: K8sObject[], name: string): K8sObject | undefined {
  return ofKind(objects, 'Cluster').find((c) => c.apiVersion.startsWith('postgresql.cnpg.io/') && `${c.metadata.name}-app` === name);
}

/**
 * The environment the hub container starts with: the image's ENV, then its envFrom sources, then its env,
 * with Secrets CloudNativePG makes stood in for by a connection string to that cluster's primary.
 */
export function hubEnvironment(objects: K8sObject[], options: WiringOptions = {}, container: Container = hubContainer(objects)): Record<string, string> {
  const env: Record<string, string> = { ...imageEnv() };
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, named(objects, 'ConfigMap', from.configMapRef.name)?.data ?? {});
    if (from.secretRef) {
      const secret = named(objects, 'Secret', from.secretRef.name);
      Object.assign(env, secret ? secretValues(secret) : (options.generatedSecrets?.[from.secretRef.name] ?? {}));
    }
  }
  for (const v of container.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    const cluster = ref ? cnpgClusterOf(objects, ref.name) : undefined;
    if (v.value !== undefined) env[v.name] = v.value;
    else if (cluster && ref?.key === 'uri') {
      const initdb = spec<CnpgClusterSpec>(cluster).bootstrap?.initdb;
      env[v.name] = `postgresql://${initdb?.owner ?? 'app'}:password@${cluster.metadata.name}-rw:5432/${initdb?.database ?? 'app'}`;
    } else if (ref) {
      const secret = named(objects, 'Secret', ref.name);
      const value = secret ? secretValues(secret)[ref.key] : options.generatedSecrets?.[ref.name]?.[ref.key];
      if (value !== undefined) env[v.name] = value;
    } else if (v.valueFrom?.fieldRef) env[v.name] = 'xiaonao-hub-7d9f8-abcde';
  }
  // The Secret's example leaves JWT_SECRET for the operator to fill in: the key is there, its value is theirs.
  if (env.JWT_SECRET === '') env.JWT_SECRET = SAMPLE_JWT_SECRET;
  return env;
}

/** Every wiring problem found, as sentences; none is the aim. */
export function hubWiringProblems(objects: K8sObject[], options: WiringOptions = {}): string[] {
  const problems: string[] = [];
  const problem = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const deployment = hubDeployment(objects);
  const pod = deployment.template.spec;
  const podLabels = deployment.template.metadata.labels;
  const hub = hubContainer(objects);
  const names = hubEnvNames();
  const health = hubHealthPath();

  problem(deployment.replicas === undefined, 'the Deployment sets replicas, which the HorizontalPodAutoscaler owns');
  problem(subset(deployment.selector.matchLabels, podLabels), 'the Deployment selector does not match its pod labels');

  // The environment: names the hub reads, and a configuration the hub accepts for several processes.
  const allContainers = [...pod.containers, ...(pod.initContainers ?? [])];
  for (const c of allContainers) {
    for (const v of c.env ?? []) problem(names.has(v.name), `container ${c.name} sets ${v.name}, which the hub does not read`);
    for (const from of c.envFrom ?? []) {
      const ref = from.configMapRef ?? from.secretRef;
      const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
      const o = ref && named(objects, kind, ref.name);
      const keys = o ? Object.keys(kind === 'Secret' ? secretValues(o) : (o.data ?? {})) : Object.keys(options.generatedSecrets?.[ref?.name ?? ''] ?? {});
      problem(Boolean(o) || (kind === 'Secret' && ref?.name !== undefined && options.generatedSecrets?.[ref.name] !== undefined), `container ${c.name} takes its environment from ${kind} ${ref?.name}, which nothing makes`);
      for (const key of keys) problem(names.has(key), `${kind} ${ref?.name} sets ${key}, which the hub does not read`);
    }
  }
  const env = hubEnvironment(objects, options);
  let config: HubConfig | null = null;
  try {
    config = loadHubConfig(env);
  } catch (error) {
    problems.push(`the hub refuses the environment the manifests give it: ${(error as Error).message}`);
  }
  const httpPort = containerPort(hub, 'http');
  const metricsPort = containerPort(hub, 'metrics');
  if (config) {
    problem(config.databaseUrl !== null, 'DATABASE_URL is not set: each pod would keep its own embedded database');
    problem(config.natsUrl !== null, 'NATS_URL is not set: each pod would have its own in-process bus');
    problem(!['127.0.0.1', 'localhost', '::1'].includes(config.host), `HOST is ${config.host}: nothing outside the pod could reach the hub`);
    problem(config.port === httpPort, `the hub listens on ${config.port}, the container port "http" is ${httpPort}`);
    problem(config.metrics.port === metricsPort, `the hub serves metrics on ${config.metrics.port}, the container port "metrics" is ${metricsPort}`);
    problem(deployment.template.metadata.annotations?.['prometheus.io/port'] === String(config.metrics.port), 'the scrape annotation names another port than METRICS_PORT');
  }

  // Probes: the hub's health path on its public port.
  for (const [kind, probe] of [
    ['readiness', hub.readinessProbe],
    ['liveness', hub.livenessProbe],
  ] as const) {
    problem(probe?.httpGet?.path === health, `the ${kind} probe asks ${probe?.httpGet?.path}, the hub answers ${health}`);
    problem(probe !== undefined && containerPort(hub, probe.httpGet?.port) === httpPort && httpPort !== null, `the ${kind} probe is not on the hub's public port`);
  }
  if (hub.startupProbe) problem(hub.startupProbe.httpGet?.path === health && containerPort(hub, hub.startupProbe.httpGet.port) === httpPort, 'the startup probe is not /health on the public port');

  // Services that select the hub's pods send every port to a port the container has.
  const hubServices = ofKind(objects, 'Service').filter((s) => subset(spec<ServiceSpec>(s).selector ?? {}, podLabels));
  problem(hubServices.length > 0, 'no Service selects the hub pods');
  for (const s of hubServices) {
    for (const p of spec<ServiceSpec>(s).ports) problem(containerPort(hub, p.targetPort ?? p.port) !== null, `Service ${s.metadata.name} port ${p.name ?? p.port} targets ${p.targetPort}, which the hub container does not have`);
  }

  // The Ingress reaches the hub's public port through a Service, with a cookie pinning each browser to one pod.
  const ingresses = ofKind(objects, 'Ingress');
  problem(ingresses.length > 0, 'no Ingress');
  for (const ing of ingresses) {
    const a = ing.metadata.annotations ?? {};
    problem(a['nginx.ingress.kubernetes.io/affinity'] === 'cookie', `Ingress ${ing.metadata.name} has no cookie affinity (socket.io polling needs one pod per session)`);
    problem(Boolean(a['nginx.ingress.kubernetes.io/session-cookie-name']), `Ingress ${ing.metadata.name} names no affinity cookie`);
    for (const t of ['proxy-read-timeout', 'proxy-send-timeout']) problem(Number(a[`nginx.ingress.kubernetes.io/${t}`]) >= 60, `Ingress ${ing.metadata.name}: ${t} under a minute cuts idle websockets`);
    problem(bytes(a['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m') > REPORT_PHOTO_MAX_BYTES, `Ingress ${ing.metadata.name} refuses a report photo of ${REPORT_PHOTO_MAX_BYTES} bytes`);
    for (const rule of spec<IngressSpec>(ing).rules) {
      for (const path of rule.http.paths) {
        const svc = named(objects, 'Service', path.backend.service.name);
        const port = svc && spec<ServiceSpec>(svc).ports.find((p) => (path.backend.service.port.name ? p.name === path.backend.service.port.name : p.port === path.backend.service.port.number));
        problem(Boolean(port), `Ingress ${ing.metadata.name} sends ${path.path} to a Service port that does not exist`);
        if (port) problem(containerPort(hub, port.targetPort ?? port.port) === httpPort, `Ingress ${ing.metadata.name} reaches a port other than the hub's public one`);
      }
    }
  }

  // The autoscaler scales this Deployment on CPU; the budget counts these pods.
  const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
  problem(hpas.length === 1, `${hpas.length} HorizontalPodAutoscalers`);
  for (const h of hpas) {
    const s = spec<HpaSpec>(h);
    problem(h.apiVersion === 'autoscaling/v2', `HPA ${h.metadata.name} is ${h.apiVersion}`);
    problem(s.scaleTargetRef.kind === 'Deployment' && s.scaleTargetRef.apiVersion === 'apps/v1' && s.scaleTargetRef.name === HUB_DEPLOYMENT, `HPA ${h.metadata.name} targets ${s.scaleTargetRef.kind} ${s.scaleTargetRef.name}`);
    problem((s.metrics ?? []).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.type === 'Utilization'), `HPA ${h.metadata.name} does not scale on CPU`);
    problem((s.minReplicas ?? 1) >= 2 && (s.minReplicas ?? 1) <= s.maxReplicas, `HPA ${h.metadata.name}: minReplicas ${s.minReplicas}, maxReplicas ${s.maxReplicas}`);
  }
  const pdbs = ofKind(objects, 'PodDisruptionBudget').filter((p) => subset(spec<PdbSpec>(p).selector.matchLabels, podLabels));
  problem(pdbs.length === 1, `${pdbs.length} PodDisruptionBudgets select the hub pods`);
  for (const p of pdbs) problem(p.apiVersion === 'policy/v1' && (spec<PdbSpec>(p).maxUnavailable !== undefined || spec<PdbSpec>(p).minAvailable !== undefined), `PDB ${p.metadata.name} is not a policy/v1 budget`);

  // Secrets and ConfigMaps named by the pods exist (or are made by CloudNativePG, with a key it writes).
  for (const c of allContainers) {
    for (const v of c.env ?? []) {
      const ref = v.valueFrom?.secretKeyRef;
      if (!ref) continue;
      const cluster = cnpgClusterOf(objects, ref.name);
      const made = named(objects, 'Secret', ref.name) ?? options.generatedSecrets?.[ref.name];
      problem(Boolean(made) || (Boolean(cluster) && CNPG_APP_SECRET_KEYS.includes(ref.key)) || ref.optional === true, `${c.name}: ${v.name} comes from Secret ${ref.name}, which nothing makes`);
    }
  }
  for (const vol of pod.volumes ?? []) if (vol.configMap) problem(Boolean(named(objects, 'ConfigMap', vol.configMap.name)), `volume ${vol.name} mounts ConfigMap ${vol.configMap.name}, which nothing makes`);

  // Not root, no escalation, and the scheduler knows what each container needs.
  problem(pod.securityContext?.runAsNonRoot === true && (pod.securityContext.runAsUser ?? 0) !== 0, 'the pod may run as root');
  for (const c of allContainers) {
    problem(c.securityContext?.allowPrivilegeEscalation === false, `${c.name} may escalate privileges`);
    problem(Boolean(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.memory), `${c.name} lacks CPU/memory requests or a memory limit`);
  }

  // The migration runs before the hub, with the hub's database and image, as `npm run migration:run` runs it.
  const migrate = (pod.initContainers ?? []).find((c) => c.name === 'migrate');
  problem(Boolean(migrate), 'no init container migrates the schema');
  if (migrate) {
    const dbOf = (c: Container) => JSON.stringify(c.env?.find((v) => v.name === 'DATABASE_URL')?.valueFrom);
    problem(dbOf(migrate) === dbOf(hub), 'the migration and the hub use different databases');
    problem(migrate.image === hub.image, 'the migration runs another image than the hub');
    const script = migrate.command?.at(-1) ?? '';
    const npmScript = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['migration:run'] ?? '';
    problem(script.endsWith('migrate-cli.js') && npmScript.includes(script), `the migration runs ${script}, not what npm run migration:run runs`);
  }
  return problems;
}

/** The CloudNativePG clusters among `objects`, with their specs. */
export function cnpgClusters(objects: K8sObject[]): { name: string; spec: CnpgClusterSpec }[] {
  return ofKind(objects, 'Cluster').map((c) => ({ name: c.metadata.name, spec: spec<CnpgClusterSpec>(c) }));
}
