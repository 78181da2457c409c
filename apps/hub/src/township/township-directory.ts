/** Townships, grids and stations change rarely: read once per township and kept in memory. */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { busSubject, CATEGORIES, type BusEnvelope, type Category, type DispatchMode, type OfferMode, type GridView, type RefView, type ResponsibilityView, type Team, type TownshipView } from '@xiaonao/contracts';
import type { ClockStage, EscalationAction, ReturnToPoliceRule } from '@xiaonao/contracts';
import { boundsOf, defaultReturnToPolice, escalationChains, type Bounds, type ClockRule, type EscalationChains } from '@xiaonao/domain';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';

interface TownshipEntry {
  view: TownshipView;
  stationsByCode: Map<string, RefView>;
  responsibilities: Map<Category, ResponsibilityView>;
  clockRules: ClockRule[];
  escalation: EscalationChains;
}

const CACHE_MS = 30_000;

/** A category the table does not list: every team may answer it, at normal priority, dispatched at once. */
const OPEN_RESPONSIBILITY = { teams: [] as Team[], priority: 2, dispatchMode: 'auto', offerMode: 'sequential', raceSize: 3, queueWhenBusy: false, offerWindowSeconds: null, policeOnly: false } as const;

@Injectable()
export class TownshipDirectory implements OnModuleDestroy {
  private readonly cache = new Map<string, { entry: Promise<TownshipEntry>; loadedAt: number }>();

  private readonly logger = new Logger('Townships');
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    // A change made through another hub process reaches this one as news; the cache's life is the fallback.
    this.unsubscribe = bus.subscribe((envelope) => {
      if (envelope.event === 'township.changed') this.invalidate(envelope.townshipId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /**
   * After this process changed a township's set-up: forget it here at once and tell the other hub
   * processes. A lost message costs them at most the cache's 30 s, so it is sent straight, not by outbox.
   */
  async changed(townshipId: string, what: string): Promise<void> {
    this.invalidate(townshipId);
    try {
      const [row] = await this.db.query<{ code: string }>('SELECT code FROM township WHERE id = $1', [townshipId]);
      if (!row) return;
      const envelope: BusEnvelope<'township.changed'> = { event: 'township.changed', townshipId, townshipCode: row.code, at: this.clock.now().toISOString(), payload: { what } };
      await this.bus.publish(busSubject(row.code, 'township.changed'), envelope);
    } catch (error) {
      this.logger.warn(`township.changed not sent (${what}): ${String(error)}`);
    }
  }

  async view(townshipId: string): Promise<TownshipView> {
    return (await this.entry(townshipId)).view;
  }

  async codeOf(townshipId: string): Promise<string> {
    return (await this.entry(townshipId)).view.code;
  }

  async grids(townshipId: string): Promise<GridView[]> {
    return (await this.entry(townshipId)).view.grids;
  }

  /** The township's box plus the configured margin: positions and cases beyond it are refused. */
  async bounds(townshipId: string): Promise<Bounds | null> {
    return boundsOf((await this.grids(townshipId)).map((g) => g.polygon), this.config.positions.boundsMarginM);
  }

  async station(townshipId: string, code: string): Promise<RefView | null> {
    return (await this.entry(townshipId)).stationsByCode.get(code) ?? null;
  }

  async stationById(townshipId: string, id: string): Promise<RefView | null> {
    return (await this.entry(townshipId)).view.stations.find((s) => s.id === id) ?? null;
  }

  async responsibility(townshipId: string, category: Category): Promise<ResponsibilityView> {
    return (await this.entry(townshipId)).responsibilities.get(category) ?? { category, ...OPEN_RESPONSIBILITY, teams: [], returnToPolice: defaultReturnToPolice(category) };
  }

  /** The whole table: every category, the ones the township has not set at their open default. */
  async responsibilities(townshipId: string): Promise<ResponsibilityView[]> {
    return Promise.all(CATEGORIES.map((category) => this.responsibility(townshipId, category)));
  }

  /** The township's 1-3-8 rules by category and priority (the hub default applies where none matches). */
  async clockRules(townshipId: string): Promise<ClockRule[]> {
    return (await this.entry(townshipId)).clockRules;
  }

  async escalation(townshipId: string): Promise<EscalationChains> {
    return (await this.entry(townshipId)).escalation;
  }

  /** Forget what was read (after seeding or editing a township). */
  invalidate(townshipId?: string): void {
    if (townshipId) this.cache.delete(townshipId);
    else this.cache.clear();
  }

  private entry(townshipId: string): Promise<TownshipEntry> {
    const cached = this.cache.get(townshipId);
    // Another hub process may have changed the table: read again after a while.
    if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.entry;
    const entry = this.load(townshipId);
    entry.catch(() => this.cache.delete(townshipId));
    this.cache.set(townshipId, { entry, loadedAt: Date.now() });
    return entry;
  }

  private async load(townshipId: string): Promise<TownshipEntry> {
    const [t] = await this.db.query<{ id: string; code: string; name: string; center_lng: number; center_lat: number }>('SELECT * FROM township WHERE id = $1', [townshipId]);
    if (!t) throw new Error(`unknown township ${townshipId}`);
    const grids = await this.db.query<GridView>('SELECT id, code, name, kind, polygon FROM grid WHERE township_id = $1 ORDER BY code', [townshipId]);
    const rules = await this.db.query<{
      category: Category | null;
      priority: number | null;
      accept_seconds: number;
      contact_seconds: number;
      arrive_seconds: number;
      warn_share: number;
    }>('SELECT category, priority, accept_seconds, contact_seconds, arrive_seconds, warn_share FROM clock_rule WHERE township_id = $1 ORDER BY id', [townshipId]);
    const chains = await this.db.query<{ stage: ClockStage; actions: EscalationAction[] }>('SELECT stage, actions FROM escalation_chain WHERE township_id = $1', [townshipId]);
    const stations = await this.db.query<RefView>('SELECT id, code, name FROM police_station WHERE township_id = $1 ORDER BY code', [townshipId]);
    const table = await this.db.query<{
      category: Category;
      teams: Team[];
      priority: number;
      dispatch_mode: DispatchMode;
      offer_mode: OfferMode;
      race_size: number;
      queue_when_busy: boolean;
      offer_window_seconds: number | null;
      police_only: boolean;
      return_to_police: ReturnToPoliceRule;
    }>(
      'SELECT category, teams, priority, dispatch_mode, offer_mode, race_size, queue_when_busy, offer_window_seconds, police_only, return_to_police FROM responsibility WHERE township_id = $1 ORDER BY category',
      [townshipId],
    );
    return {
      view: { id: t.id, code: t.code, name: t.name, center: { lng: t.center_lng, lat: t.center_lat }, grids, stations },
      stationsByCode: new Map(stations.map((s) => [s.code, s])),
      clockRules: rules.map((r) => ({
        category: r.category,
        priority: r.priority,
        acceptSeconds: r.accept_seconds,
        contactSeconds: r.contact_seconds,
        arriveSeconds: r.arrive_seconds,
        warnShare: r.warn_share,
      })),
      escalation: escalationChains(Object.fromEntries(chains.map((c) => [c.stage, c.actions]))),
      responsibilities: new Map(
        table.map((r) => [
          r.category,
          {
            category: r.category,
            teams: r.teams,
            priority: r.priority,
            dispatchMode: r.dispatch_mode,
            offerMode: r.offer_mode,
            raceSize: r.race_size,
            queueWhenBusy: r.queue_when_busy,
            offerWindowSeconds: r.offer_window_seconds,
            policeOnly: r.police_only,
            returnToPolice: r.return_to_police,
          },
        ]),
      ),
    };
  }
}
