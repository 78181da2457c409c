/*
 * Runs the hub's migrations (`node dist/apps/hub/src/persistence/migrate-cli.js`, what `npm run migration:run`
 * runs in the image) while holding a PostgreSQL advisory lock, so that pods starting together migrate one after
 * another: the first applies what is pending, the others then find the schema up to date. The hub's own
 * migration at start (persistence/database.ts) takes no lock, which is why this exists.
 *
 * Environment: DATABASE_URL; APP_DIR, where the built hub is (default /app, the image's WORKDIR).
 * Plain CommonJS, mounted from a ConfigMap, resolving `pg` from the image's node_modules.
 */
'use strict';
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const path = require('node:path');

const appDir = process.env.APP_DIR || '/app';
const { Client } = createRequire(path.join(appDir, 'package.json'))('pg');
/** One lock for every process migrating this database; the key is a fixed hash of a name. */
const LOCK = "SELECT pg_advisory_lock(hashtextextended('xiaonao:schema-migrations', 0))";

async function main() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(LOCK);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(appDir, 'dist/apps/hub/src/persistence/migrate-cli.js')], { cwd: appDir, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (status) => resolve(status === null ? 1 : status));
  });
  // Ending the session releases the lock.
  await client.end();
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
