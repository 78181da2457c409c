/**
 * The township address gazetteer (标准地址): import address points and named places, search them by
 * fuzzy text, and place an address that came without coordinates (`locate`, for intake).
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  PLACE_SEARCH_DEFAULT_LIMIT,
  type CoordSystem,
  type PlaceImportAnswer,
  type PlaceImportFormat,
  type PlaceLocation,
  type PlaceRowError,
  type PlaceSearchResult,
} from '@xiaonao/contracts';
import { parsePlaces } from './parse-places';
import { DomainError, judgeLocation, locateArea, placeConfidence, placeKey, placeTerms, type LocationOptions } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { PlaceStore, toPlaceView, type PlaceWrite } from './place-store';

/** Entries fetched per result asked for: confidence re-ranks what similarity ordered. */
const FETCH_FACTOR = 3;
const MIN_FETCH = 20;
/** How many entries `locate` weighs against each other (enough to see a rival elsewhere). */
const LOCATE_CANDIDATES = 10;

export interface ImportOptions {
  source?: string;
  dryRun?: boolean;
}

/** Carries a dry run's counts out of the transaction it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly counts: { created: number; updated: number }) {
    super('dry run');
  }
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** The first bad row as the one error a refused import answers with, naming row and field. */
function refusal(errors: readonly PlaceRowError[]): DomainError {
  const [first] = errors;
  const more = errors.length > 1 ? `（另有 ${errors.length - 1} 处错误）` : '';
  const moreEn = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const field = first.row > 0 ? `content[${first.row}].${first.field}` : 'content';
  return new DomainError('INVALID_INPUT', `${first.message}${more}；未导入任何数据`, `${first.messageEn}${moreEn}; nothing was imported`, field);
}

@Injectable()
export class GazetteerService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PlaceStore) private readonly store: PlaceStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  /** Entries for an operator's text, most likely first. */
  async search(townshipId: string, text: string, limit = PLACE_SEARCH_DEFAULT_LIMIT): Promise<PlaceSearchResult[]> {
    const key = placeKey(text, (await this.townships.view(townshipId)).name);
    if (!key) return [];
    const rows = await this.db.transaction((tx) => this.store.candidates(tx, townshipId, key, Math.max(limit * FETCH_FACTOR, MIN_FETCH)));
    return rows
      .map((row) => ({ place: toPlaceView(row), similarity: round3(row.similarity), confidence: placeConfidence(key, row.match_term, row.similarity) }))
      .sort((a, b) => b.confidence - a.confidence || b.similarity - a.similarity)
      .slice(0, limit);
  }

  /**
   * Where a case given only as an address is, with how sure the hub is; null when nothing in the
   * gazetteer is a plausible match. Below the threshold (default 0.6) an operator should confirm the
   * point before dispatch. Call it outside a transaction: it opens its own.
   */
  async locate(townshipId: string, addressText: string, options: LocationOptions = {}): Promise<PlaceLocation | null> {
    const found = await this.search(townshipId, addressText, LOCATE_CANDIDATES);
    const judged = judgeLocation(found.map((r) => ({ place: r.place, confidence: r.confidence })), options);
    if (!judged) return null;
    const { place } = judged;
    return { placeId: place.id, location: place.location, confidence: judged.confidence, needsConfirmation: judged.needsConfirmation, name: place.name, address: place.address };
  }

  /**
   * Upserts a file's places in one transaction. Any bad row refuses the whole file (nothing is
   * written); a dry run writes nothing either and answers with every bad row instead.
   */
  async import(townshipId: string, format: PlaceImportFormat, content: string, coordSystem: CoordSystem, options: ImportOptions = {}): Promise<PlaceImportAnswer> {
    const township = await this.townships.view(townshipId);
    const parsed = parsePlaces(format, content, { coordSystem, bounds: await this.townships.bounds(townshipId) });
    const total = parsed.places.length + new Set(parsed.errors.filter((e) => e.row > 0).map((e) => e.row)).size;
    const dryRun = options.dryRun ?? false;
    if (parsed.errors.length) {
      if (!dryRun) throw refusal(parsed.errors);
      return { total, created: 0, updated: 0, unchanged: 0, dryRun, errors: parsed.errors };
    }
    const writes: PlaceWrite[] = parsed.places.map((p) => {
      const terms = placeTerms(p, township.name);
      return {
        kind: p.kind,
        name: p.name,
        address: p.address,
        aliases: p.aliases,
        grid_id: locateArea(p.location, township.grids)?.id ?? null,
        lng: p.location.lng,
        lat: p.location.lat,
        search_terms: terms,
        search_text: terms.join(' '),
      };
    });
    const origin = { source: options.source?.trim() || `${format}/${coordSystem}`, crs: coordSystem };
    const counts = await this.db
      .transaction(async (tx) => {
        const written = await this.store.upsert(tx, townshipId, writes, origin);
        if (dryRun) throw new DryRunRollback(written);
        return written;
      })
      .catch((error: unknown) => {
        if (error instanceof DryRunRollback) return error.counts;
        throw error;
      });
    return { total, ...counts, unchanged: total - counts.created - counts.updated, dryRun, errors: [] };
  }
}
