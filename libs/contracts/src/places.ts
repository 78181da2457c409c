/**
 * The township address gazetteer (标准地址): address points and named places an operator imports
 * and searches, and that intake uses to place a case that came with an address but no coordinates.
 */
import type { CoordSystem, LngLat } from './geo';
import type { Locale } from './vocabulary';

/** address: a door plate (门牌地址); named_place: a place people name (小区、村委会、菜市场、学校…). */
export const PLACE_KINDS = ['address', 'named_place'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PLACE_KIND_LABELS: Record<PlaceKind, Record<Locale, string>> = {
  address: { zh: '门牌地址', en: 'Address point' },
  named_place: { zh: '地名', en: 'Named place' },
};

export const PLACE_IMPORT_FORMATS = ['csv', 'geojson'] as const;
export type PlaceImportFormat = (typeof PLACE_IMPORT_FORMATS)[number];

/** HTTP paths of the gazetteer (kept here rather than in `API`, which belongs to the core routes). */
export const PLACES_API = {
  /** GET with `q` (text) and optional `limit`. */
  search: '/api/places',
  /** POST a PlaceImportRequest. */
  import: '/api/places/import',
} as const;

/** How many results a search returns when the caller does not say, and at most. */
export const PLACE_SEARCH_DEFAULT_LIMIT = 10;
export const PLACE_SEARCH_MAX_LIMIT = 50;

export interface PlaceView {
  id: string;
  kind: PlaceKind;
  /** Empty for a bare address point. */
  name: string;
  /** Empty for a named place imported without one. */
  address: string;
  /** Other names people use (俗称), e.g. 「河庄菜市场」 for 河庄农贸市场. */
  aliases: string[];
  /** The grid that holds the point, or null outside every grid. */
  gridId: string | null;
  /** WGS-84, whatever system the sender declared. */
  location: LngLat;
  /** The system the sender declared; the point was converted from it once, at import. */
  sourceCoordSystem: CoordSystem;
  /** Which import the row came from (a label given by the sender, or the format and system). */
  source: string;
  updatedAt: string;
}

export interface PlaceSearchResult {
  place: PlaceView;
  /** pg_trgm similarity of the best-matching name, address or alias, 0..1. */
  similarity: number;
  /** How sure the hub is that this is the place meant, 0..1 (similarity weighed by length and house numbers). */
  confidence: number;
}

/**
 * A case's address placed from the gazetteer. Below the confirmation threshold an operator confirms
 * the point before dispatch.
 */
export interface PlaceLocation {
  placeId: string;
  /** WGS-84. */
  location: LngLat;
  confidence: number;
  needsConfirmation: boolean;
  name: string;
  address: string;
}

export interface PlaceImportRequest {
  format: PlaceImportFormat;
  /** The system the coordinates in `content` are in; the hub converts them to WGS-84 once. */
  coordSystem: CoordSystem;
  /**
   * The file's text. CSV: a header row, then one place per row; columns kind/类型, name/名称,
   * address/地址, aliases/别名 (separated by ; or 、), lng/经度, lat/纬度. GeoJSON: a FeatureCollection
   * of Point features whose properties hold kind, name, address and aliases.
   */
  content: string;
  /** A label for where the rows came from (e.g. 「钱塘区标准地址库 2026-05」); default: format and system. */
  source?: string;
  /** Check and count only; nothing is written. */
  dryRun?: boolean;
}

/**
 * One bad row. `row` is the line of a CSV file where the row starts (the header is line 1, as in a
 * spreadsheet) or the 1-based feature of a GeoJSON file; 0 for the file as a whole. `field` is the
 * CSV column as its header names it, or the GeoJSON path (`geometry.coordinates`). In a 400 the first
 * bad row is named in the body's `field` as `content[row].field`.
 */
export interface PlaceRowError {
  row: number;
  field: string;
  message: string;
  messageEn: string;
}

export interface PlaceImportAnswer {
  /** Rows in the file. */
  total: number;
  created: number;
  updated: number;
  /** Rows already there exactly as sent (a re-import changes nothing). */
  unchanged: number;
  dryRun: boolean;
  /** Every bad row; only a dry run answers with any (a real import with bad rows is refused whole). */
  errors: PlaceRowError[];
}
