/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) served on a loopback port over the
 * Postgres wire protocol, so the same `pg` driver and the same migrations serve both set-ups.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  // pg_trgm is a contrib extension: PGlite has to load it before a migration can CREATE EXTENSION it.
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  // Several connections may attach (the hub's pool of one, a migration run, psql for a look around);
  // the hub itself keeps to one, see start-hub.ts.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
