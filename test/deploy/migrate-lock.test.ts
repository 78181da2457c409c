/**
 * The hub's migration (`npm run migration:run`'s command, the pods' init container), several started at
 * once on an empty database, against the real PostgreSQL. Without the advisory lock two at once fail with
 * a duplicate pg_type row; with it they take turns. Runs the built command (`npm run build` first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/hub';

const CLI = 'dist/apps/hub/src/persistence/migrate-cli.js';
/** Pods started together, as a rollout of a Deployment with several replicas does. */
const PODS = 3;

/** Runs the init container's command as the pod would, with the repository standing in for the image's /app. */
function runInitContainer(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the migration init container', () => {
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await drop?.();
    drop = null;
  });

  it(`lets ${PODS} pods started together on an empty database migrate one after another: one applies, the rest find it done`, async () => {
    expect(existsSync(CLI), `${CLI} is built by npm run build`).toBe(true);
    const db = await createTestDatabase();
    drop = () => db.drop();
    const runs = await Promise.all(Array.from({ length: PODS }, () => runInitContainer(db.url)));
    expect(runs.map((r) => r.code), runs.map((r) => r.output).join('\n---\n')).toEqual(Array.from({ length: PODS }, () => 0));
    expect(runs.filter((r) => /^applied: /m.test(r.output))).toHaveLength(1);
    expect(runs.filter((r) => /^schema is up to date$/m.test(r.output))).toHaveLength(PODS - 1);
  });
});
