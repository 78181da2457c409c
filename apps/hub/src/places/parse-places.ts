/** Reads a gazetteer file of either format into checked places and every row error. */
import type { PlaceImportFormat } from '@xiaonao/contracts';
import { parsePlacesCsv } from './parse-places-csv';
import { parsePlacesGeoJson, type ParsedPlaces, type PlaceParseOptions } from '@xiaonao/domain';

export function parsePlaces(format: PlaceImportFormat, content: string, options: PlaceParseOptions): ParsedPlaces {
  switch (format) {
    case 'csv':
      return parsePlacesCsv(content, options);
    case 'geojson':
      return parsePlacesGeoJson(content, options);
  }
}
