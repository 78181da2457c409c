/**
 * Reads a gazetteer GeoJSON: a FeatureCollection of Point features whose properties hold kind, name,
 * address and aliases (an array, or text separated by ; or 、). GeoJSON says WGS-84, but exports from
 * Chinese map services are usually GCJ-02 or BD-09, so the sender's declaration decides.
 */
import { checkPlace, rowError, settle, type ParsedPlaces, type PlaceFieldNames, type PlaceParseOptions, type RowLabel } from './place-record';

const FEATURE: RowLabel = { zh: (row) => `第 ${row} 个要素`, en: (row) => `feature ${row}` };

const FIELDS: PlaceFieldNames = {
  kind: 'properties.kind',
  name: 'properties.name',
  address: 'properties.address',
  aliases: 'properties.aliases',
  lng: 'geometry.coordinates',
  lat: 'geometry.coordinates',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeFileError(zh: string, en: string): ParsedPlaces {
  return { places: [], errors: [rowError(0, 'content', FEATURE, zh, en)] };
}

export function parsePlacesGeoJson(content: string, options: PlaceParseOptions): ParsedPlaces {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (error) {
    return wholeFileError('不是有效的 JSON', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const features = isObject(doc) && doc.type === 'FeatureCollection' && Array.isArray(doc.features) ? (doc.features as unknown[]) : null;
  if (!features) return wholeFileError('应为 GeoJSON FeatureCollection（type 与 features）', 'must be a GeoJSON FeatureCollection (type and features)');
  if (features.length === 0) return wholeFileError('文件中没有地点（features 为空）', 'no places in the file (features is empty)');

  const checked = features.map((feature, i) => {
    const row = i + 1;
    const geometry = isObject(feature) ? feature.geometry : undefined;
    if (!isObject(feature) || !isObject(geometry) || geometry.type !== 'Point') {
      return { place: null, errors: [rowError(row, 'geometry.type', FEATURE, '应为 Point（点）要素', 'must be a Point feature')] };
    }
    const coordinates = Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : [];
    const properties = isObject(feature.properties) ? feature.properties : {};
    return checkPlace(
      { kind: properties.kind, name: properties.name, address: properties.address, aliases: properties.aliases, lng: coordinates[0], lat: coordinates[1] },
      row,
      FIELDS,
      FEATURE,
      options,
    );
  });
  return settle(checked, FIELDS, FEATURE);
}

