/**
 * One place as a file gives it, checked field by field and converted once to WGS-84. The CSV and
 * GeoJSON readers both end here, so a row is judged the same whichever format it came in.
 */
import { PLACE_KIND_LABELS, PLACE_KINDS, type CoordSystem, type LngLat, type PlaceKind, type PlaceRowError } from '@xiaonao/contracts';
import { withinBounds, type Bounds } from '../geo/bounds';
import { isValidLngLat, toWgs84 } from '../geo/coordinates';
import { judgeText, type TextReason } from '../text/text-field';
import { placeKey } from './place-text';

export interface PlaceRecord {
  /** Where it sits in the file (see PlaceRowError.row). */
  row: number;
  kind: PlaceKind;
  name: string;
  address: string;
  aliases: string[];
  /** WGS-84, converted from the declared system. */
  location: LngLat;
}

export interface ParsedPlaces {
  places: PlaceRecord[];
  errors: PlaceRowError[];
}

export interface PlaceParseOptions {
  /** The system the file's coordinates are in, as the sender declared it. */
  coordSystem: CoordSystem;
  /** The township's box with its margin: a point outside it is swapped, or in another system than declared. */
  bounds?: Bounds | null;
}

/** The fields of one row before checking: strings from CSV, anything from GeoJSON. */
export interface RawPlace {
  kind: unknown;
  name: unknown;
  address: unknown;
  aliases: unknown;
  lng: unknown;
  lat: unknown;
}

/** What each field is called in the file (a CSV column, a GeoJSON path), for the error to name it. */
export type PlaceFieldNames = Record<keyof RawPlace, string>;

/** How a row is named to a person: 「第 5 行」 in a CSV file, 「第 3 个要素」 in a GeoJSON file. */
export interface RowLabel {
  zh: (row: number) => string;
  en: (row: number) => string;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 200;
export const MAX_ALIASES = 20;
/** Coordinates are kept to 1e-7° (about a centimetre): finer digits are conversion noise. */
const COORD_DECIMALS = 1e7;

/** Kind as written in a file: the code, or its Chinese label, or the plain words township staff use. */
const KIND_WORDS: Record<string, PlaceKind> = {
  ...Object.fromEntries(PLACE_KINDS.map((k) => [k, k])),
  ...Object.fromEntries(PLACE_KINDS.map((k) => [PLACE_KIND_LABELS[k].zh, k])),
  地址: 'address',
  门牌: 'address',
  标准地址: 'address',
  地名: 'named_place',
  兴趣点: 'named_place',
  poi: 'named_place',
};

const ALIAS_SEPARATORS = /[;；、|｜]/u;

export function rowError(row: number, field: string, label: RowLabel, zh: string, en: string): PlaceRowError {
  return { row, field, message: `${label.zh(row)} ${field}：${zh}`, messageEn: `${label.en(row)} ${field}: ${en}` };
}

/** Trims and collapses inner runs of spaces, so a re-import of the same file finds the same key. */
function tidy(value: string): string {
  return value.trim().replace(/\s+/gu, ' ');
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return tidy(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * Why a text the file gave cannot be taken (unstorable or control characters, bidi overrides, nothing
 * visible), as every door's text is judged; lengths and emptiness are checked field by field below.
 */
function unfit(value: unknown): TextReason | null {
  if (typeof value !== 'string') return null;
  const verdict = judgeText(value, { max: Number.MAX_SAFE_INTEGER, multiline: true, allowEmpty: true });
  return verdict.ok ? null : verdict.reason;
}

function coordinate(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

function aliasList(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(ALIAS_SEPARATORS) : Array.isArray(value) ? value : null;
  if (!items || !items.every((a) => typeof a === 'string')) return null;
  return [...new Set(items.map(tidy).filter((a) => a.length > 0))];
}

/** A received value as an error message quotes it: text as is, anything else as JSON, cut short. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const round = (v: number): number => Math.round(v * COORD_DECIMALS) / COORD_DECIMALS;

/** Checks one row; every wrong field is reported, not just the first. */
export function checkPlace(raw: RawPlace, row: number, fields: PlaceFieldNames, label: RowLabel, options: PlaceParseOptions): { place: PlaceRecord | null; errors: PlaceRowError[] } {
  const errors: PlaceRowError[] = [];
  const fail = (field: keyof RawPlace, zh: string, en: string) => errors.push(rowError(row, fields[field], label, zh, en));

  const kindWord = text(raw.kind);
  const kind = kindWord === null ? undefined : KIND_WORDS[kindWord.toLowerCase()];
  if (!kind) fail('kind', `类型应为 address（门牌地址）或 named_place（地名），收到「${shown(raw.kind)}」`, `kind must be address or named_place, got "${shown(raw.kind)}"`);

  const badName = unfit(raw.name);
  const badAddress = unfit(raw.address);
  const name = badName ? null : text(raw.name);
  const address = badAddress ? null : text(raw.address);
  if (badName) fail('name', `名称${badName.zh}`, `name ${badName.en}`);
  else if (name === null) fail('name', '名称应为文字', 'name must be text');
  else if (name.length > MAX_NAME_LENGTH) fail('name', `名称不能超过 ${MAX_NAME_LENGTH} 个字`, `name is longer than ${MAX_NAME_LENGTH} characters`);
  else if (kind === 'named_place' && !name) fail('name', '地名必须填写名称', 'a named place needs a name');
  if (badAddress) fail('address', `地址${badAddress.zh}`, `address ${badAddress.en}`);
  else if (address === null) fail('address', '地址应为文字', 'address must be text');
  else if (address.length > MAX_ADDRESS_LENGTH) fail('address', `地址不能超过 ${MAX_ADDRESS_LENGTH} 个字`, `address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  else if (kind === 'address' && !address) fail('address', '门牌地址必须填写地址', 'an address point needs an address');

  // Text of punctuation alone would be stored but never found.
  if (name !== null && address !== null && (name || address) && !placeKey(name) && !placeKey(address)) fail('name', '名称和地址中没有可检索的文字', 'name and address both lack letters and digits');

  const badAlias = Array.isArray(raw.aliases) ? raw.aliases.map(unfit).find((r) => r !== null) : unfit(raw.aliases);
  const aliases = badAlias ? null : aliasList(raw.aliases);
  if (badAlias) fail('aliases', `别名${badAlias.zh}`, `aliases ${badAlias.en}`);
  else if (!aliases) fail('aliases', '别名应为文字，多个别名用分号或顿号隔开', 'aliases must be text, several separated by ; or 、');
  else if (aliases.length > MAX_ALIASES) fail('aliases', `别名不能超过 ${MAX_ALIASES} 个`, `more than ${MAX_ALIASES} aliases`);
  else if (aliases.some((a) => a.length > MAX_NAME_LENGTH)) fail('aliases', `每个别名不能超过 ${MAX_NAME_LENGTH} 个字`, `an alias is longer than ${MAX_NAME_LENGTH} characters`);

  const lng = coordinate(raw.lng);
  const lat = coordinate(raw.lat);
  if (lng === null || Math.abs(lng) > 180) fail('lng', `经度应为 -180 到 180 之间的数字，收到「${shown(raw.lng)}」`, `lng must be a number from -180 to 180, got "${shown(raw.lng)}"`);
  if (lat === null || Math.abs(lat) > 90) fail('lat', `纬度应为 -90 到 90 之间的数字，收到「${shown(raw.lat)}」`, `lat must be a number from -90 to 90, got "${shown(raw.lat)}"`);

  let location: LngLat | null = null;
  if (lng !== null && lat !== null && isValidLngLat({ lng, lat })) {
    const wgs = toWgs84({ lng, lat }, options.coordSystem);
    location = { lng: round(wgs.lng), lat: round(wgs.lat) };
    if (options.bounds && !withinBounds(location, options.bounds)) {
      fail('lng', '位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'outside the township (swapped, or another coordinate system than declared?)');
      location = null;
    }
  }

  if (errors.length || !kind || name === null || address === null || !aliases || !location) return { place: null, errors };
  return { place: { row, kind, name, address, aliases, location }, errors };
}

/** The same kind, name and address twice in one file: which row wins is a guess, so neither does. */
export function duplicateErrors(places: readonly PlaceRecord[], fields: PlaceFieldNames, label: RowLabel): PlaceRowError[] {
  const first = new Map<string, number>();
  const errors: PlaceRowError[] = [];
  for (const p of places) {
    const key = JSON.stringify([p.kind, p.name, p.address]);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, p.row);
    else errors.push(rowError(p.row, fields.name, label, `与${label.zh(seen)}重复（类型、名称、地址都相同）`, `repeats ${label.en(seen)} (same kind, name and address)`));
  }
  return errors;
}

/** The outcome of a reader: only the rows that passed, and every error, sorted by row. */
export function settle(checked: readonly { place: PlaceRecord | null; errors: PlaceRowError[] }[], fields: PlaceFieldNames, label: RowLabel): ParsedPlaces {
  const places = checked.flatMap((c) => (c.place ? [c.place] : []));
  const errors = [...checked.flatMap((c) => c.errors), ...duplicateErrors(places, fields, label)].sort((a, b) => a.row - b.row);
  return { places, errors };
}
