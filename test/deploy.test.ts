import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs here: the deployment files are checked by parsing, not by running.
describe('deployment files', () => {
  it('compose runs the hub against its own PostgreSQL and NATS with JetStream', () => {
    const compose = parse(readFileSync('deploy/docker-compose.yml', 'utf8')) as {
      services: Record<string, { environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, unknown>; build?: { dockerfile: string } }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['hub', 'nats', 'postgres']);
    const hub = compose.services.hub;
    expect(hub.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(hub.environment?.NATS_URL).toBe('nats://nats:4222');
    expect(compose.services.nats.command).toContain('-js');
    expect(Object.keys(hub.depends_on ?? {})).toEqual(['postgres', 'nats']);
    expect(hub.build?.dockerfile).toBe('deploy/Dockerfile');
  });

  it('the image builds the hub and the pages and starts the hub', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm run build && npm run build:web');
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/hub\/src\/main.js"\]$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK .*\/health/);
  });
});
