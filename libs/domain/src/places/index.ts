/** The township address gazetteer (标准地址): reading import files, the text keys, and match confidence. */
export { placeKey, placeTerms } from './place-text';
export {
  checkPlace,
  MAX_ADDRESS_LENGTH,
  MAX_ALIASES,
  MAX_NAME_LENGTH,
  rowError,
  settle,
  type ParsedPlaces,
  type PlaceFieldNames,
  type PlaceParseOptions,
  type PlaceRecord,
  type RawPlace,
  type RowLabel,
} from './place-record';
export { parsePlacesGeoJson } from './parse-places-geojson';
export * from './place-confidence';
