/**
 * Phone sessions for every worker of the generated city, written straight into the database and signed
 * with the hubs' JWT secret: the same rows and claims the hub's login makes, without 20,000 argon2
 * password checks (seconds each under load) that a bench of sockets does not mean to measure.
 * live-supply.bench.ts does the same for one township.
 */
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import type { LngLat, SessionUser } from '@xiaonao/contracts';
import { insertWorkerSessions } from './worker-sessions';

export interface PhoneSession {
  workerId: string;
  townshipId: string;
  home: LngLat;
  token: string;
}

/** One account and one open session per worker of the townships whose codes start with `codePrefix`. */
export async function mintPhoneSessions(databaseUrl: string, codePrefix: string, secret: string): Promise<PhoneSession[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; code: string; lng: number; lat: number; township_id: string; township_code: string }>(
      `SELECT w.id, w.code, w.lng, w.lat, w.township_id, t.code AS township_code FROM worker w JOIN township t ON t.id = w.township_id
       WHERE t.code LIKE $1 || '%' ORDER BY t.code, w.code`,
      [codePrefix],
    );
    const users: SessionUser[] = rows.map((r) => ({
      id: randomUUID(),
      username: `${r.township_code}-${r.code.toLowerCase()}`,
      displayName: r.code,
      role: 'worker',
      townshipId: r.township_id,
      workerId: r.id,
      stationId: null,
    }));
    const sessionOf = await insertWorkerSessions(client, users);
    const jwt = new JwtService({ secret });
    return Promise.all(
      rows.map(async (r, i) => ({
        workerId: r.id,
        townshipId: r.township_id,
        home: { lng: r.lng, lat: r.lat },
        token: await jwt.signAsync({ ...users[i], sid: sessionOf.get(users[i].id) ?? '' }, { expiresIn: 12 * 3600 }),
      })),
    );
  } finally {
    await client.end();
  }
}
