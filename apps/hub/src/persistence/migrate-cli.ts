/** `npm run migration:run` (and `npm run db:reset` with --reset) against DATABASE_URL or the embedded database. */
import { loadHubConfig } from '../config/hub-config';
import { createDataSource, runMigrationsLocked } from './database';
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  // Migrating signs nothing: without a JWT_SECRET a throwaway one does (the demo's rule, XIAONAO_DEMO).
  const config = loadHubConfig({ XIAONAO_DEMO: '1', ...process.env });
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  const dataSource = createDataSource(config.databaseUrl ?? (embedded as { url: string }).url, 1);
  await dataSource.initialize();
  if (process.argv.includes('--reset')) {
    await dataSource.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    console.log('schema dropped');
  }
  const applied = await runMigrationsLocked(dataSource);
  console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  await dataSource.destroy();
  await embedded?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
