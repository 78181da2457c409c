/**
 * `npm start`: the hub on the embedded default (unless DATABASE_URL / NATS_URL say otherwise) with
 * the demo township of Hezhuang street, and the simulator keeping it alive. The hub pages workers
 * through local stand-ins of DingTalk and Aliyun, so the console shows real attempts. Prints the demo
 * accounts and the stand-ins' addresses.
 */
import { ROLE_LABELS, type TownshipSeed } from '@xiaonao/contracts';
import { defaultSigningSecret } from '../../hub/src/auth/request-signature';
import { startHub, type RunningHub } from '../../hub/src/start-hub';
import { importDemoGazetteer } from './gazetteer/import-demo-gazetteer';
import { startSimulator } from './simulator';
import { startDemoProviders, withDemoDingtalkUserIds, type DemoProviders } from './standins/demo-providers';
import { buildHezhuangTownship, HUMAN_DEMO_WORKER } from './township/hezhuang';

/** Each demo integration's key, and for the signed doors (110, 12345, cameras) the secret it signs with. */
function keyLines(seed: TownshipSeed): string[] {
  return seed.apiKeys.flatMap((k) => {
    const kind = k.kind ?? '110';
    const lines = [`  ${k.name} (${kind}) API 密钥 x-api-key: ${k.key}`];
    // Open311 clients send the key alone (GeoReport v2 has no signatures); the other doors want a signature.
    if (kind !== 'open311') lines.push(`    签名密钥 signing secret: ${k.signingSecret ?? defaultSigningSecret(k.key)}（请求须签名，见 docs/intake-110.md / requests must be signed）`);
    return lines;
  });
}

function banner(url: string, description: string, seed: TownshipSeed, providers: DemoProviders): string {
  const human = seed.users.find((u) => u.username === HUMAN_DEMO_WORKER);
  const accounts = [
    ...seed.users.filter((u) => u.role !== 'worker'),
    ...(human ? [human] : []),
    ...(seed.regions ?? []).flatMap((r) => r.users ?? []),
  ].map((u) => `  ${ROLE_LABELS[u.role].zh.padEnd(8, '　')} ${u.username.padEnd(14)} 密码 ${u.password}   ${u.displayName}`);
  return [
    '',
    `小脑 Xiaonao — ${seed.name} 演示 / demo`,
    `  ${description}`,
    '',
    `  指挥室地图 console   ${url}/console.html`,
    `  网格员手机 phone     ${url}/phone.html`,
    `  派出所     station   ${url}/station.html`,
    `  研判       review    ${url}/review.html`,
    `  区级视图   district  ${url}/district.html`,
    `  接口文档   API docs  ${url}/api/docs`,
    '',
    '演示账号 / demo accounts:',
    ...accounts,
    `  其余网格员 w002…w${String(seed.workers.length).padStart(3, '0')} 密码 ${seed.users.find((u) => u.role === 'worker' && u.username !== HUMAN_DEMO_WORKER)?.password ?? ''}（由模拟器驱动 / driven by the simulator）`,
    '',
    '对接方 / integrations:',
    ...keyLines(seed),
    '',
    ...providers.banner,
    '',
  ].join('\n');
}

/** Stops in reverse order of start; each part is stopped even if an earlier one fails to. */
class Shutdown {
  private readonly parts: (() => Promise<void>)[] = [];

  add(stop: () => Promise<void>): void {
    this.parts.unshift(stop);
  }

  async run(): Promise<void> {
    for (const stop of this.parts.splice(0)) await stop().catch((error: unknown) => console.error(error));
  }
}

/**
 * The hub's close, without waiting on idle connections: the simulator's fetch keeps its keep-alive
 * connections to the hub open for about 4 s after its last request, and the HTTP server's close would wait
 * for them (Node counts them as busy). Once the hub has stopped listening, whatever is still connected is cut.
 */
async function closeHub(hub: RunningHub): Promise<void> {
  const server = hub.app.getHttpServer();
  const cut = setInterval(() => {
    if (!server.listening) server.closeAllConnections();
  }, 50);
  try {
    await hub.close();
  } finally {
    clearInterval(cut);
  }
}

async function main(shutdown: Shutdown): Promise<void> {
  const seed = withDemoDingtalkUserIds(buildHezhuangTownship());
  // The stand-ins first: the hub reads their addresses from its environment at boot.
  const providers = await startDemoProviders(seed);
  shutdown.add(() => providers.close());
  // XIAONAO_DEMO: the one start allowed without JWT_SECRET; the hub makes a throwaway secret for this run
  // (access tokens of an earlier run stop working; the pages refresh or sign in again).
  const hub = await startHub({ seeds: [seed], env: { PORT: process.env.PORT || '3000', LOG_LEVEL: process.env.LOG_LEVEL || 'warn', XIAONAO_DEMO: '1', ...providers.env } });
  shutdown.add(() => closeHub(hub));
  await importDemoGazetteer(hub.url, seed);
  console.log(banner(hub.url, hub.description, seed, providers));
  const simulator = await startSimulator({ hubUrl: hub.url, seed });
  shutdown.add(() => simulator.stop());
}

const shutdown = new Shutdown();
let stopping = false;
/** Stops everything once, then exits with `code`; later calls (a second signal) change nothing. */
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  void shutdown.run().then(() => process.exit(code));
};
// Registered before anything starts, so a stop during start-up stops what has started so far. Every
// signal, not once: a Ctrl-C reaches this process twice (from the terminal and through the launcher,
// scripts/start.mjs), and the second must not kill it half-way through closing the database.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));
// Started by the launcher, with an IPC channel: it closes when the launcher is gone, even killed outright,
// and the ports must not outlive it.
if (process.send) process.on('disconnect', () => stop(0));

main(shutdown).catch((error: unknown) => {
  console.error(error);
  stop(1);
});
