/** The gazetteer (标准地址) through the places readers (CSV or GeoJSON), upserted by kind, name and address. */
import type { PlaceKind, PolygonCoordinates } from '@xiaonao/contracts';
import { boundsOf, locateArea, placeTerms } from '@xiaonao/domain';
import { diffItems, type Fields } from '@xiaonao/domain';
import { parsePlaces } from '../../places/parse-places';
import { PlaceStore, type PlaceWrite } from '../../places/place-store';
import { refusedWith, wrongFormat, type KindImporter } from './kind-context';

/** The margin around the township's grids within which a place may lie (the hub's default for positions). */
const BOUNDS_MARGIN_M = 2_000;
const store = new PlaceStore();

const keyOf = (p: { kind: PlaceKind; name: string; address: string }): string => [p.kind, p.name, p.address].filter((s) => s).join(' · ');

export const importGazetteer: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['csv', 'geojson', 'json']);
  if (refused) return refused;
  const coordSystem = input.coordSystem ?? 'WGS84';
  const grids = await tx.query<{ id: string; code: string; polygon: PolygonCoordinates }>('SELECT id, code, polygon FROM grid WHERE township_id = $1 ORDER BY code', [township.id]);
  const parsed = parsePlaces(input.format === 'csv' ? 'csv' : 'geojson', input.content.toString('utf8'), { coordSystem, bounds: boundsOf(grids.map((g) => g.polygon), BOUNDS_MARGIN_M) });
  if (parsed.errors.length) return refusedWith(parsed.errors, coordSystem);
  const writes: PlaceWrite[] = parsed.places.map((p) => {
    const terms = placeTerms(p, township.name);
    return { kind: p.kind, name: p.name, address: p.address, aliases: p.aliases, grid_id: locateArea(p.location, grids)?.id ?? null, lng: p.location.lng, lat: p.location.lat, search_terms: terms, search_text: terms.join(' ') };
  });
  const stored = await tx.query<{ kind: PlaceKind; name: string; address: string; aliases: string[]; lng: number; lat: number; grid_id: string | null }>(
    'SELECT kind, name, address, aliases, lng, lat, grid_id FROM place WHERE township_id = $1',
    [township.id],
  );
  const fields = (p: { aliases: string[]; lng: number; lat: number; grid_id: string | null }): Fields => ({ aliases: p.aliases, lng: p.lng, lat: p.lat, grid: p.grid_id });
  const changes = diffItems('place', new Map(writes.map((w) => [keyOf(w), fields(w)])), new Map(stored.map((s) => [keyOf(s), fields(s)])));
  await store.upsert(tx, township.id, writes, { source: `onboarding/${input.format}/${coordSystem}`, crs: coordSystem });
  return { errors: [], warnings: [], changes: [changes], coordSystem };
};
