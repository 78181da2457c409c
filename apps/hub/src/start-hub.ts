/**
 * Starts a hub: embedded PostgreSQL unless DATABASE_URL is set, in-process bus unless NATS_URL is
 * set, migrations, then the NestJS app (REST, socket.io, sweeper) and the web pages.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { API, INTAKE_MAX_BODY_BYTES, type TownshipSeed } from '@xiaonao/contracts';
import type { Request, Response, NextFunction } from 'express';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { EventBus } from './bus/event-bus';
import { InProcessBus } from './bus/in-process-bus';
import { NatsBus } from './bus/nats-bus';
import { Clock, SystemClock } from './clock/clock';
import { loadHubConfig, type HubConfig } from './config/hub-config';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { IntakeRefusals } from './incidents/intake/intake-refusals';
import { recordParseRefusals } from './incidents/intake/parse-refusals';
import { createValidationPipe } from './errors/validation';
import { MetricsService } from './ops/metrics.service';
import { mountOpenApi } from './openapi';
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
}

export interface RunningHub {
  url: string;
  /** Where the data lives and which bus carries the news, for the start-up line. */
  description: string;
  config: HubConfig;
  app: NestExpressApplication;
  townships: { code: string; id: string; created: boolean }[];
  close(): Promise<void>;
}

const LEVELS: Record<HubConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const config = loadHubConfig({ ...process.env, ...options.env });
  const embedded: EmbeddedPostgres | null = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  // PGlite is one session behind the socket server: statements of concurrent connections can interleave
  // mid extended-protocol (Parse/Bind), so the embedded database gets exactly one connection.
  const db = await openDatabase(config.databaseUrl ?? (embedded as EmbeddedPostgres).url, embedded ? 1 : 10);
  const bus: EventBus = config.natsUrl ? await NatsBus.connect(config.natsUrl) : new InProcessBus();
  const clock = options.clock ?? new SystemClock();

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with({ config, db, bus, clock }), {
    logger: LEVELS[config.logLevel],
    bodyParser: false,
    // The 110 doors verify a signature over the exact bytes sent: the JSON parser keeps them as req.rawBody.
    rawBody: true,
  });
  app.useBodyParser('json', { limit: INTAKE_MAX_BODY_BYTES });
  app.use(recordParseRefusals(app.get(IntakeRefusals), app.get(AuthService), { [API.intake110]: '110-http' }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  // Pages read the hub's time from the Date header (countdowns, device times of queued steps): it is
  // the hub's own clock, the one that decides the 1-3-8 stages, not whatever the process clock says.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Date', clock.now().toUTCString());
    next();
  });
  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route as { path?: string } | undefined)?.path ?? 'other', status: String(res.statusCode) }));
    next();
  });
  mountOpenApi(app);
  const webDir = resolve(config.webDir);
  if (existsSync(webDir)) app.useStaticAssets(webDir, { index: 'index.html' });

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

  return {
    url,
    description: `database: ${embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, bus: ${bus.kind === 'nats' ? 'NATS JetStream' : 'in-process'}`,
    config,
    app,
    townships,
    async close() {
      await app.get(Outbox).flush().catch(() => undefined);
      await app.close();
      await bus.close();
      await db.dataSource.destroy();
      await embedded?.stop();
    },
  };
}
