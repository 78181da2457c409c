/**
 * Starts a hub: embedded PostgreSQL unless DATABASE_URL is set, in-process bus unless NATS_URL is
 * set, migrations, then the NestJS app (REST, socket.io, sweeper) and the web pages.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { API, CAMERA_API, INTAKE_12345_PATH, IMPORT_MAX_BYTES, INTAKE_MAX_BODY_BYTES, REPORT_API, type TownshipSeed } from '@xiaonao/contracts';
import { raw, type Request, type Response, type NextFunction } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { OriginCheckedIoAdapter } from './auth/origin-io-adapter';
import { corsFor, refuseForeignOrigins } from './auth/origin-policy';
import { securityHeaders } from './auth/security-headers';
import { plainHttpTileOrigins } from './township/map-tile-rules';
import { EventBus } from './bus/event-bus';
import { InProcessBus } from './bus/in-process-bus';
import { NatsBus } from './bus/nats-bus';
import { Clock, SystemClock } from './clock/clock';
import { loadHubConfig, type HubConfig } from './config/hub-config';
import { RefusalCountingFilter } from './errors/refusal-counter.filter';
import { IntakeRefusals } from './incidents/intake/intake-refusals';
import { recordParseRefusals } from './incidents/intake/parse-refusals';
import { createValidationPipe } from './errors/validation';
import type { LogDestination } from './logging/hub-logging';
import { assignRequestId } from './logging/request-id';
import { startMetricsListener, type MetricsListener } from './ops/metrics-server';
import { MetricsService } from './ops/metrics.service';
import { routeLabel } from './ops/route-label';
import { mountOpenApi } from './openapi';
import { mountOpen311Body } from './open311/open311-body';
import { Outbox } from './outbox/outbox';
import { openDatabase } from './persistence/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './persistence/embedded-postgres';
import { SeedTownship } from './township/seed-township';
import { TownshipDirectory } from './township/township-directory';

export interface StartHubOptions {
  /** Overrides of environment variables (tests, the demo launcher). */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Townships to load if they are not there yet. */
  seeds?: TownshipSeed[];
  /** Log lines go here instead of standard output (tests wait on them). */
  logDestination?: LogDestination;
}

export interface RunningHub {
  url: string;
  /** Where the data lives and which bus carries the news, for the start-up line. */
  description: string;
  config: HubConfig;
  app: NestExpressApplication;
  townships: { code: string; id: string; created: boolean }[];
  /** Where Prometheus scrapes (METRICS_HOST:METRICS_PORT), or null when METRICS_PORT is unset. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const config = loadHubConfig({ ...process.env, ...options.env });
  const embedded: EmbeddedPostgres | null = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  // PGlite is one session behind the socket server: statements of concurrent connections can interleave
  // mid extended-protocol (Parse/Bind), so the embedded database gets exactly one connection.
  const db = await openDatabase(config.databaseUrl ?? (embedded as EmbeddedPostgres).url, embedded ? 1 : 10, embedded ? 0 : config.databaseConnectTimeoutMs);
  const bus: EventBus = config.natsUrl ? await NatsBus.connect(config.natsUrl, config.natsStreamReplicas) : new InProcessBus();
  const clock = options.clock ?? new SystemClock();

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with({ config, db, bus, clock, logDestination: options.logDestination }), {
    // Held until the pino logger takes over below, so start-up lines come out as JSON too.
    bufferLogs: true,
    bodyParser: false,
    // The 110 doors verify a signature over the exact bytes sent: the JSON parser keeps them as req.rawBody.
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  // Before the body parser: a request it refuses still answers with its id.
  app.use(assignRequestId);
  // Which proxies name the client (the sign-in limit counts per address); then, before anything reads a
  // body, the origin allow-list (browser pages on foreign origins go no further), CORS for the listed
  // other origins, and helmet's headers with the pages' Content-Security-Policy on every answer.
  app.set('trust proxy', config.security.trustProxy);
  app.use(refuseForeignOrigins(config.security.allowedOrigins));
  app.enableCors(corsFor(config.security.allowedOrigins));
  // The environment's tile server may be an intranet one over http: its images are admitted like IMAGE_ORIGINS.
  app.use(securityHeaders([...config.security.imageOrigins, ...(config.mapTiles ? plainHttpTileOrigins(config.mapTiles) : [])]));
  app.useWebSocketAdapter(new OriginCheckedIoAdapter(app, config.security.allowedOrigins));
  // An admin's import is the file itself, whatever its type (CSV, XLSX, GeoJSON), as bytes; before the JSON parser, which then leaves it.
  app.use('/api/admin/townships', raw({ type: () => true, limit: IMPORT_MAX_BYTES }));
  app.useBodyParser('json', { limit: INTAKE_MAX_BODY_BYTES });
  app.use(
    recordParseRefusals(app.get(IntakeRefusals), app.get(AuthService), {
      [API.intake110]: '110-http',
      [INTAKE_12345_PATH]: '12345-http',
      [CAMERA_API.intake]: 'camera-http',
      [REPORT_API.operatorEntry]: 'operator-http',
      [REPORT_API.patrolReport]: 'patrol-http',
    }),
  );
  mountOpen311Body(app);
  // The pipe checks each body's shape (depth, size, storable text) without recursion before anything recursive reads it.
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new RefusalCountingFilter(app.get(MetricsService)));
  // Pages read the hub's time from the Date header (countdowns, device times of queued steps): it is
  // the hub's own clock, the one that decides the 1-3-8 stages, not whatever the process clock says.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Date', clock.now().toUTCString());
    next();
  });
  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: routeLabel(req), status: String(res.statusCode) }));
    next();
  });
  mountOpenApi(app);
  const webDir = resolve(config.webDir);
  if (existsSync(webDir)) {
    // The pages' files gzipped: the phone page is ~310 KiB as built and ~100 KiB compressed, about a second
    // on a 3G phone (docs/adr/0001-page-layer.md). The API and the sockets are left as they are.
    app.use(compression({ filter: (req: Request, res: Response) => !/^\/(api|socket\.io|eido|open311)\b/.test(req.path) && compression.filter(req, res) }));
    app.useStaticAssets(webDir, { index: 'index.html' });
  }

  const townships: RunningHub['townships'] = [];
  const seeder = app.get(SeedTownship);
  for (const seed of options.seeds ?? []) {
    const result = await seeder.seed(seed);
    townships.push({ code: seed.code, id: result.townshipId, created: result.created });
  }
  app.get(TownshipDirectory).invalidate();

  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  const metricsListener: MetricsListener | null =
    config.metrics.port === null ? null : await startMetricsListener(app.get(MetricsService).registry, { host: config.metrics.host, port: config.metrics.port, token: config.metrics.token });

  return {
    url,
    description: `database: ${embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, bus: ${bus.kind === 'nats' ? 'NATS JetStream' : 'in-process'}`,
    config,
    app,
    townships,
    metricsUrl: metricsListener?.url ?? null,
    async close() {
      await metricsListener?.close();
      await app.get(Outbox).flush().catch(() => undefined);
      await app.close();
      await bus.close();
      await db.dataSource.destroy();
      await embedded?.stop();
    },
  };
}
