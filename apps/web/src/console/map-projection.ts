/**
 * Where a WGS-84 point from the hub is drawn. The hub sends every coordinate in WGS-84; OpenStreetMap
 * tiles are in WGS-84 too, but Chinese providers (AutoNavi/Gaode, Tencent) draw their streets in GCJ-02,
 * some hundreds of metres off. Over such tiles every point is shifted here, and only here, so polygons,
 * workers, cases and the lines between them stay together on the streets they belong to.
 */
import gcoord from 'gcoord';
import type { LngLat } from '@xiaonao/contracts';

export const TILE_KINDS = ['wgs84', 'gcj02'] as const;
export type TileKind = (typeof TILE_KINDS)[number];

/** The operator's choice, per browser. */
const KIND_KEY = 'xiaonao.tileKind';
/** The declared kind of a `localStorage.tiles` override; WGS-84 when not declared. */
export const OVERRIDE_KIND_KEY = 'tiles.kind';

type Listener = (kind: TileKind, previous: TileKind) => void;

let current: TileKind | null = null;
/** The township's datum (see tile-sources.ts): the kind shown until this browser picks one. */
let fallback: TileKind = 'wgs84';
const listeners = new Set<Listener>();

export function isTileKind(value: unknown): value is TileKind {
  return typeof value === 'string' && (TILE_KINDS as readonly string[]).includes(value);
}

function stored(key: string): string | null {
  return typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
}

/** The kind of the tiles on screen: the saved choice, else a custom layer's declared kind, else the township's. */
export function tileKind(): TileKind {
  if (current) return current;
  const saved = stored(KIND_KEY);
  const declared = stored('tiles') ? (stored(OVERRIDE_KIND_KEY) ?? 'wgs84') : fallback;
  current = isTileKind(saved) ? saved : isTileKind(declared) ? declared : fallback;
  return current;
}

/** The township's datum: the kind shown unless this browser chose one. Say `tilesChanged` after. */
export function setDefaultTileKind(kind: TileKind): void {
  fallback = kind;
  if (!stored(KIND_KEY)) current = null;
}

/** The tiles changed under the map (the township's source arrived): redraw as after a switch from `previous`. */
export function tilesChanged(previous: TileKind): void {
  const kind = tileKind();
  for (const listener of listeners) listener(kind, previous);
}

/** Remembers the choice and tells the map to redraw. */
export function setTileKind(kind: TileKind): void {
  const previous = tileKind();
  if (kind === previous) return;
  current = kind;
  if (typeof localStorage !== 'undefined') localStorage.setItem(KIND_KEY, kind);
  for (const listener of listeners) listener(kind, previous);
}

export function onTileKindChange(listener: Listener): void {
  listeners.add(listener);
}

/** A WGS-84 point as drawn over tiles of `kind`. */
export function toDisplayAs(kind: TileKind, p: LngLat): LngLat {
  if (kind === 'wgs84') return { lng: p.lng, lat: p.lat };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

/** The inverse: a point on tiles of `kind` back to WGS-84. */
export function fromDisplayAs(kind: TileKind, p: LngLat): LngLat {
  if (kind === 'wgs84') return { lng: p.lng, lat: p.lat };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lng, lat };
}

/** A WGS-84 point from the hub as drawn over the current tiles. */
export function toDisplay(p: LngLat): LngLat {
  return toDisplayAs(tileKind(), p);
}

/** The same as Leaflet's [lat, lng]. */
export function toDisplayLatLng(p: LngLat): [number, number] {
  const d = toDisplay(p);
  return [d.lat, d.lng];
}

/** For tests: forget the remembered kind and listeners. */
export function resetTileKindForTests(): void {
  current = null;
  fallback = 'wgs84';
  listeners.clear();
}
