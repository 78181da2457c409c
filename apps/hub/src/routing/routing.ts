/**
 * Travel times from a routing server (the OSRM HTTP API's table service), for a shortlist only and
 * with a timeout: when it is slow, down or absent, dispatch keeps the straight-line estimate.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LngLat, TravelMode } from '@xiaonao/contracts';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';

export interface RouteQuery {
  workerId: string;
  from: LngLat;
  mode: TravelMode;
}

/** OSRM profile names; a server built for one profile answers for that one whatever the name. */
const PROFILE: Record<TravelMode, string> = { foot: 'foot', ebike: 'bike', car: 'driving' };

@Injectable()
export class Routing {
  private readonly logger = new Logger('Routing');

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  get enabled(): boolean {
    return this.config.routing.osrmUrl !== null;
  }

  /** Seconds from each worker to `to`, for those the server could route; empty on any failure. */
  async travelSeconds(queries: readonly RouteQuery[], to: LngLat): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.config.routing.osrmUrl || !queries.length) return out;
    const byMode = new Map<TravelMode, RouteQuery[]>();
    for (const q of queries) byMode.set(q.mode, [...(byMode.get(q.mode) ?? []), q]);
    try {
      await Promise.all(
        [...byMode].map(async ([mode, group]) => {
          const durations = await this.table(this.config.routing.osrmUrl as string, PROFILE[mode], group.map((q) => q.from), to);
          group.forEach((q, i) => {
            const seconds = durations[i];
            if (typeof seconds === 'number' && Number.isFinite(seconds)) out.set(q.workerId, seconds);
          });
        }),
      );
      return out;
    } catch (error) {
      this.logger.warn(`routing failed, using estimates: ${String(error)}`);
      return new Map();
    }
  }

  private async table(base: string, profile: string, sources: readonly LngLat[], to: LngLat): Promise<(number | null)[]> {
    const coords = [...sources, to].map((p) => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
    const url = `${base.replace(/\/$/, '')}/table/v1/${profile}/${coords}?sources=${sources.map((_, i) => i).join(';')}&destinations=${sources.length}&annotations=duration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(this.config.routing.timeoutMs) });
    if (!res.ok) throw new Error(`OSRM answered ${res.status}`);
    const body = (await res.json()) as { code?: string; durations?: (number | null)[][] };
    if (body.code !== 'Ok' || !body.durations) throw new Error(`OSRM said ${body.code ?? 'nothing'}`);
    return body.durations.map((row) => row[0] ?? null);
  }
}
