/**
 * Who may read a worker's position track (sensitive personal information under PIPL: where a person
 * was, minute by minute) and over what window. The worker may read their own; an operator of the
 * township may, saying why (and every read is logged); a police station or a township leader never. Nothing older than the
 * retention is shown, even before the sweeper has deleted it.
 */
import type { Role } from '@xiaonao/contracts';
import { DomainError } from '../errors';

export type TrackAccess = 'own' | 'with_reason' | 'refused';

export function trackAccess(reader: { role: Role; workerId: string | null }, workerId: string): TrackAccess {
  switch (reader.role) {
    case 'worker':
      return reader.workerId === workerId ? 'own' : 'refused';
    case 'operator':
      return 'with_reason';
    // Region accounts (admin, district) see on-duty workers' last positions on the district map, never a track.
    case 'station':
    case 'leader':
    case 'admin':
    case 'district':
      return 'refused';
  }
}

/** The window to read: within [now − retention, now], `from` to `to` as asked where they fall inside it. */
export function trackWindow(now: Date, retentionHours: number, asked: { from?: Date; to?: Date } = {}): { from: Date; to: Date } {
  if (asked.from && asked.to && asked.from > asked.to) throw new DomainError('INVALID_INPUT', 'from：开始时间晚于结束时间', 'from: after to', 'from');
  const oldest = now.getTime() - retentionHours * 3_600_000;
  const from = Math.max(asked.from?.getTime() ?? oldest, oldest);
  // A window wholly past the retention is an empty one at its edge: such points are not to be read.
  const to = Math.max(from, Math.min(asked.to?.getTime() ?? now.getTime(), now.getTime()));
  return { from: new Date(from), to: new Date(to) };
}
