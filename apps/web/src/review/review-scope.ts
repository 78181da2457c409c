/** Whose figures these are, as the header and the printed report name them. */
import type { SessionUser, TownshipView } from '@xiaonao/contracts';

export function scopeName(user: SessionUser, township: TownshipView | null): string {
  if (!township) return '';
  if (user.role !== 'station') return township.name;
  const station = township.stations.find((s) => s.id === user.stationId);
  return station ? `${station.name} → ${township.name}` : township.name;
}
