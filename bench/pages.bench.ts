/**
 * The page layer, measured for issue 12's decision: today's phone page beside the same first screen
 * (offer card, case in hand, 今日 list) ported to Vue 3, Preact (+ signals) and Lit (bench/pages/).
 *
 * Bundle: a vite production build of the real pages (apps/web/vite.config.mts) and of the ports
 * (bench/pages/vite.config.mts) into one scratch directory; a page's bytes are its HTML plus the JS and
 * CSS its entry loads statically (from vite's manifest), raw, gzip -9 and brotli -q 11.
 *
 * First render: Chromium at a phone's size (390×844, DPR 3, touch), CPU slowed 4× and the network shaped
 * like DevTools' classic 'Fast 3G' through CDP, against a real hub serving that directory (in this
 * process, over the real PostgreSQL). The worker is signed in (the session stored as the sign-in page
 * stores it) and the page opened cold (new context, empty cache, no service worker); the figure is the
 * time from navigation start to the first frame showing the offer card, the case in hand and every
 * row of 今日 with the hub's data; the median of BENCH_PAGES_RUNS runs per page, pages interleaved.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { API, API_KEY_HEADER, type Category, type LoginResponse, type OfferView, type TownshipSeed } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../apps/hub/src/auth/request-signature';
import { startHub } from '../apps/hub/src/start-hub';
import { demoCaseGenerator } from '../apps/sim/src/township/case-templates';
import { buildHezhuangTownship, DEMO_WORKER_PASSWORD, HUMAN_DEMO_WORKER } from '../apps/sim/src/township/hezhuang';
import { createRandom } from '../apps/sim/src/township/random';
import { BENCH_JWT_SECRET, freshDatabase } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const RUNS = Number(process.env.BENCH_PAGES_RUNS || 11);
const CLOSED_TODAY = Number(process.env.BENCH_PAGES_CLOSED || 6);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const CPU_SLOWDOWN = 4;
/** DevTools' classic 'Fast 3G' preset, as its source defines it: 1.6 Mbit/s down, 750 kbit/s up, each ×0.9; 150 ms RTT ×3.75. */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1000 * 1000 * 0.9) / 8, uploadThroughput: (750 * 1000 * 0.9) / 8, connectionType: 'cellular3g' as const };
const VIEWPORT = { width: 390, height: 844 };

interface Variant {
  key: 'today' | 'hand' | 'vue' | 'preact' | 'lit';
  page: string;
  what: string;
  /** The files that hold this page's view code for the measured screen. */
  viewFiles: string[];
}

/** The hand-written views as they were when the decision was measured, frozen here (the phone page itself is Preact now). */
const LEGACY = 'bench/pages/hand/legacy';
const HAND_VIEW = [
  'bench/pages/hand/main.ts',
  `${LEGACY}/offer-card.ts`,
  `${LEGACY}/active-case.ts`,
  `${LEGACY}/case-facts.ts`,
  `${LEGACY}/queued-case.ts`,
  `${LEGACY}/pending-badge.ts`,
  `${LEGACY}/today-list.ts`,
  'apps/web/src/shared/clock-chips.ts',
  'apps/web/src/shared/icons.ts',
  'apps/web/src/shared/dom.ts',
];
const PORT_SHARED = ['bench/pages/shared/view-model.ts', 'bench/pages/shared/icon-paths.ts'];

const VARIANTS: Variant[] = [
  { key: 'today', page: 'phone.html', what: "today's phone page, whole (Preact + signals since the migration; hand-written DOM when the decision was measured)", viewFiles: [] },
  { key: 'hand', page: 'phone-hand.html', what: "the hand-written components (frozen in bench/pages/hand/legacy) at the ports' scope", viewFiles: HAND_VIEW },
  {
    key: 'vue',
    page: 'phone-vue.html',
    what: 'Vue 3 SFCs (<script setup>), refs over the core',
    viewFiles: [...['store.ts', 'main.ts', 'PhoneMain.vue', 'OfferCard.vue', 'ActiveCase.vue', 'CaseFacts.vue', 'ClockChips.vue', 'TodayList.vue', 'Icon.vue'].map((f) => `bench/pages/vue/${f}`), ...PORT_SHARED],
  },
  { key: 'preact', page: 'phone-preact.html', what: 'Preact + @preact/signals (hyperscript h, no JSX)', viewFiles: [...['store.ts', 'main.ts', 'cards.ts', 'parts.ts'].map((f) => `bench/pages/preact/${f}`), ...PORT_SHARED] },
  { key: 'lit', page: 'phone-lit.html', what: 'Lit 3, one light-DOM element with template functions', viewFiles: ['bench/pages/lit/main.ts', ...PORT_SHARED] },
];

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface Bytes {
  raw: number;
  gzip: number;
  brotli: number;
}

const kb = (n: number) => round(n / 1024, 1);

function bytesOf(paths: string[]): Bytes {
  const total: Bytes = { raw: 0, gzip: 0, brotli: 0 };
  for (const path of paths) {
    const data = readFileSync(path);
    total.raw += data.length;
    total.gzip += gzipSync(data, { level: 9 }).length;
    total.brotli += brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** The JS and CSS an HTML entry loads before it runs: its chunk, the chunks those import statically, and their CSS. */
function staticFiles(manifest: Manifest, entry: string): { js: string[]; css: string[]; lazyJs: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  const lazy = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const next of chunk.imports ?? []) visit(next);
    for (const next of chunk.dynamicImports ?? []) lazy.add(next);
  };
  visit(entry);
  return { js: [...js], css: [...css], lazyJs: [...lazy].map((k) => manifest[k]?.file ?? k).filter((f) => !js.has(f)) };
}

function linesOf(files: string[]): number {
  return files.reduce((n, file) => n + readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').length, 0);
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(join('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Both vite builds into `outDir`, each with its own manifest. */
function buildPages(outDir: string): { real: Manifest; ports: Manifest } {
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  const run = (args: string[], env: Record<string, string> = {}) => execFileSync(process.execPath, [vite, 'build', '--logLevel', 'error', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  run(['--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--manifest', 'real-manifest.json']);
  run(['--config', 'bench/pages/vite.config.mts', '--manifest', 'ports-manifest.json'], { PAGES_OUT_DIR: outDir });
  const read = (name: string) => JSON.parse(readFileSync(join(outDir, name), 'utf8')) as Manifest;
  return { real: read('real-manifest.json'), ports: read('ports-manifest.json') };
}

async function post<T>(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function get<T>(url: string, path: string, token: string): Promise<T> {
  const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** The demo worker's day: CLOSED_TODAY cases done, one in hand, one more offered (queued behind it). */
async function seedTheDay(url: string, seed: TownshipSeed, login: () => Promise<LoginResponse>): Promise<{ today: number; ensureOffer: () => Promise<boolean> }> {
  const worker = seed.workers.find((w) => w.code.toLowerCase() === HUMAN_DEMO_WORKER);
  const home = worker?.location;
  if (!home) throw new Error('the demo worker has no place');
  const key = seed.apiKeys[0].key;
  const secret = defaultSigningSecret(key);
  const cases = demoCaseGenerator(seed, createRandom(12));
  const token = (await login()).token;
  const auth = { authorization: `Bearer ${token}` };
  // A breached accept clock would hand the standing offer on (next_offer) in the middle of an open: alarm only.
  const operator = seed.users.find((u) => u.role === 'operator');
  if (!operator) throw new Error('no operator in the seed');
  const operatorToken = (await post<LoginResponse>(url, API.login, { username: operator.username, password: operator.password })).token;
  const settings = await fetch(url + API.clockSettings, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` },
    body: JSON.stringify({ rules: [], escalation: { accept: ['console_alarm'] } }),
  });
  if (!settings.ok) throw new Error(`clock settings answered ${settings.status}: ${await settings.text()}`);
  let n = 0;
  const offerFor = async (category: Category): Promise<OfferView | null> => {
    const { request } = cases.next(new Date());
    n++;
    const body = { ...request, caseNo: `PAGES-${Date.now().toString(36)}-${n}`, category, coordSystem: 'WGS84' as const, location: { lng: home.lng + 0.0004 * n, lat: home.lat + 0.0003 } };
    const { incidentId } = await post<{ incidentId: string }>(url, API.intake110, body, { [API_KEY_HEADER]: key, ...signatureHeaders(secret, JSON.stringify(body)) });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const offer = (await get<OfferView[]>(url, API.myOffers, token)).find((o) => o.incidentId === incidentId);
      if (offer) return offer;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  };
  for (let i = 0; i < CLOSED_TODAY; i++) {
    const offer = await offerFor('dispute');
    if (!offer) throw new Error('the demo worker got no offer');
    for (const step of ['accept', 'contact', 'arrive'] as const) await post(url, `/api/incidents/${offer.incidentId}/${step}`, {}, auth);
    await post(url, API.close(offer.incidentId), { result: '已调解，双方和解' }, auth);
  }
  const active = await offerFor('dispute');
  if (!active) throw new Error('the demo worker got no offer for the case in hand');
  await post(url, API.accept(active.incidentId), {}, auth);
  // Noise queues behind a busy worker (权责清单 queueWhenBusy), so the offer card shows above the case in hand.
  // A fresh one whenever none stands (an offer that runs out is withdrawn), so each open shows one.
  const ensureOffer = async (): Promise<boolean> => {
    const standing = (await get<OfferView[]>(url, API.myOffers, token)).some((o) => Date.parse(o.expiresAt) > Date.now() + 120_000);
    return standing || (await offerFor('noise')) !== null;
  };
  return { today: CLOSED_TODAY + 1, ensureOffer };
}

interface Sample {
  content: number;
  fcp: number;
  warm: number;
}

/** One cold open of `page` and one reload, signed in as the worker; ms from navigation start. */
async function openOnce(browser: Browser, url: string, page: string, session: string, want: { offered: boolean; today: number }, errors: string[]): Promise<Sample> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
  try {
    // Map tiles would come from the internet: this network has none.
    const origin = new URL(url).origin;
    await context.route((u) => u.origin !== origin, (route) => route.abort());
    await context.addInitScript(
      ({ session, offered, today }) => {
        localStorage.setItem('xiaonao.session.worker', session);
        const marks = window as unknown as Record<string, number>;
        const ready = () =>
          document.querySelector('[data-testid="active-case"]') !== null &&
          document.querySelectorAll('[data-testid="today-case"]').length >= today &&
          (!offered || document.querySelector('[data-testid="offer-card"]') !== null);
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          // After the frame that shows it is painted.
          requestAnimationFrame(() => setTimeout(() => (marks.__xnFirstContent = performance.now()), 0));
        });
        observer.observe(document, { childList: true, subtree: true });
      },
      { session, ...want },
    );
    const tab = await context.newPage();
    tab.on('pageerror', (e) => errors.push(`${page}: ${e.message}`));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    const measure = async () => {
      try {
        await tab.waitForFunction(() => (window as unknown as Record<string, number>).__xnFirstContent !== undefined, null, { timeout: 60_000, polling: 250 });
      } catch (error) {
        const shot = join(tmpdir(), `xiaonao-pages-${Date.now()}.png`);
        await tab.screenshot({ path: shot }).catch(() => undefined);
        const found = await tab.evaluate(() => ['active-case', 'today-case', 'offer-card', 'idle'].map((id) => `${id}=${document.querySelectorAll(`[data-testid="${id}"]`).length}`).join(' '));
        throw new Error(`${page}: no first content within 60 s (${found}; errors: ${errors.join(' | ') || 'none'}; screenshot ${shot})`, { cause: error });
      }
      return tab.evaluate(() => ({
        content: (window as unknown as Record<string, number>).__xnFirstContent,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      }));
    };
    await tab.goto(`${url}/${page}`, { waitUntil: 'commit' });
    const cold = await measure();
    // BENCH_PAGES_SHOTS=<dir>: what each page showed, to compare the ports by eye.
    if (process.env.BENCH_PAGES_SHOTS) await tab.screenshot({ path: join(process.env.BENCH_PAGES_SHOTS, page.replace('.html', '.png')), fullPage: true });
    await tab.reload({ waitUntil: 'commit' });
    const warm = await measure();
    return { content: cold.content, fcp: cold.fcp, warm: warm.content };
  } finally {
    await context.close();
  }
}

export const pages: Benchmark = {
  name: 'pages',
  description: "phone page bundle (raw/gzip/brotli) and first render at 390×844, CPU 4×, Fast 3G: today's hand-written page vs Vue 3, Preact, Lit ports",
  async run(): Promise<BenchResult[]> {
    const outDir = mkdtempSync(join(tmpdir(), 'xiaonao-pages-'));
    const database = await freshDatabase();
    let browser: Browser | undefined;
    const seed = buildHezhuangTownship();
    // Only the demo worker is on duty, so every case is offered to the phone under test.
    seed.workers = seed.workers.map((w) => ({ ...w, onDuty: w.code.toLowerCase() === HUMAN_DEMO_WORKER }));
    const hub = await startHub({
      env: {
        JWT_SECRET: BENCH_JWT_SECRET,
        DATABASE_URL: database.url,
        NATS_URL: undefined,
        PORT: '0',
        LOG_LEVEL: 'error',
        WEB_DIR: outDir,
        OFFER_TIMEOUT_MS: String(3_600_000),
        REPORT_LINK_RADIUS_M: '0',
        ACCESS_TOKEN_TTL_SECONDS: String(12 * 3600),
      },
      seeds: [seed],
    });
    try {
      const manifests = buildPages(outDir);
      const sizes = new Map<Variant['key'], { total: Bytes; js: Bytes; css: Bytes; lazyJs: Bytes; html: Bytes }>();
      for (const v of VARIANTS) {
        const manifest = v.key === 'today' ? manifests.real : manifests.ports;
        const files = staticFiles(manifest, v.page);
        if (!files.js.length) throw new Error(`no build output for ${v.page}`);
        const at = (list: string[]) => list.map((f) => join(outDir, f));
        const html = bytesOf([join(outDir, v.page)]);
        const js = bytesOf(at(files.js));
        const css = bytesOf(at(files.css));
        const total = { raw: html.raw + js.raw + css.raw, gzip: html.gzip + js.gzip + css.gzip, brotli: html.brotli + js.brotli + css.brotli };
        sizes.set(v.key, { total, js, css, html, lazyJs: bytesOf(at(files.lazyJs)) });
      }

      const user = seed.users.find((u) => u.workerCode?.toLowerCase() === HUMAN_DEMO_WORKER);
      if (!user) throw new Error('no user for the demo worker');
      const login = () => post<LoginResponse>(hub.url, API.login, { username: user.username, password: DEMO_WORKER_PASSWORD });
      const day = await seedTheDay(hub.url, seed, login);
      let offerEveryTime = true;

      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const errors: string[] = [];
      const samples = new Map<Variant['key'], Sample[]>(VARIANTS.map((v) => [v.key, []]));
      // One warm-up open per page (the hub's first answers, Chromium's own start), then the runs, pages interleaved.
      for (let run = -1; run < RUNS; run++) {
        for (const v of VARIANTS) {
          const offered = await day.ensureOffer();
          offerEveryTime &&= offered;
          const answer = await login();
          const session = JSON.stringify({ ...answer, localExpiresAt: Date.now() + answer.expiresIn * 1000 });
          const sample = await openOnce(browser, hub.url, v.page, session, { offered, today: day.today }, errors);
          if (run >= 0) samples.get(v.key)?.push(sample);
        }
      }
      if (errors.length) throw new Error(`page errors:\n${[...new Set(errors)].join('\n')}`);

      const median = (key: Variant['key'], pick: (s: Sample) => number) => percentile((samples.get(key) ?? []).map(pick), 50);
      const base = sizes.get('today');
      const baseFirst = median('today', (s) => s.content);
      const baseWarm = median('today', (s) => s.warm);
      if (!base) throw new Error('no baseline size');
      const common = {
        viewport: `${VIEWPORT.width}x${VIEWPORT.height}@3x`,
        cpuThrottling: `${CPU_SLOWDOWN}x (CDP Emulation.setCPUThrottlingRate)`,
        network: `Fast 3G: ${round(FAST_3G.downloadThroughput / 1024)} KiB/s down, ${round(FAST_3G.uploadThroughput / 1024)} KiB/s up, ${FAST_3G.latency} ms latency (CDP Network.emulateNetworkConditions)`,
        hubCompression: 'none (the hub serves the files as built)',
        runs: RUNS,
        closedToday: CLOSED_TODAY,
        offerShown: offerEveryTime,
        vue: versionOf('vue'),
        preact: versionOf('preact'),
        signals: versionOf('@preact/signals'),
        lit: versionOf('lit'),
        vite: versionOf('vite'),
        baselineIs: "today's phone.html, whole page",
      };
      const results: BenchResult[] = [];
      for (const v of VARIANTS) {
        const size = sizes.get(v.key);
        if (!size) continue;
        const contents = (samples.get(v.key) ?? []).map((s) => s.content);
        const first = median(v.key, (s) => s.content);
        const warm = median(v.key, (s) => s.warm);
        const params = {
          ...common,
          what: v.what,
          rawKiB: kb(size.total.raw),
          gzipKiB: kb(size.total.gzip),
          brotliKiB: kb(size.total.brotli),
          jsRawKiB: kb(size.js.raw),
          jsGzipKiB: kb(size.js.gzip),
          cssRawKiB: kb(size.css.raw),
          cssGzipKiB: kb(size.css.gzip),
          htmlRawKiB: kb(size.html.raw),
          lazyJsRawKiB: kb(size.lazyJs.raw),
          lazyJsGzipKiB: kb(size.lazyJs.gzip),
          viewLines: v.viewFiles.length ? linesOf(v.viewFiles) : 0,
        };
        results.push(
          { name: `pages_${v.key}_bundle_raw_kib`, value: kb(size.total.raw), unit: 'KiB', baseline: kb(base.total.raw), ratio: round(size.total.raw / base.total.raw), params },
          { name: `pages_${v.key}_bundle_gzip_kib`, value: kb(size.total.gzip), unit: 'KiB', baseline: kb(base.total.gzip), ratio: round(size.total.gzip / base.total.gzip), params },
          {
            name: `pages_${v.key}_first_content_ms`,
            value: round(first, 0),
            unit: 'ms',
            baseline: round(baseFirst, 0),
            ratio: round(first / baseFirst),
            params: { ...params, p25: round(percentile(contents, 25), 0), p75: round(percentile(contents, 75), 0), min: round(Math.min(...contents), 0), max: round(Math.max(...contents), 0), fcpMedian: round(median(v.key, (s) => s.fcp), 0) },
          },
          { name: `pages_${v.key}_reload_content_ms`, value: round(warm, 0), unit: 'ms', baseline: round(baseWarm, 0), ratio: round(warm / baseWarm), params: { ...params, cache: 'HTTP cache of the cold open (revalidated), no service worker' } },
        );
      }
      return results;
    } finally {
      await browser?.close();
      await hub.close();
      await database.drop();
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
