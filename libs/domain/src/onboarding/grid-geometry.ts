/**
 * The shape rules a grid layer must keep before the hub places cases in it: every boundary a closed,
 * simple ring; no two grids sharing more than a sliver of ground; every micro-grid inside its grid.
 * Areas are in square metres on WGS-84 (turf's spherical area), so the tolerance means the same
 * everywhere. Slivers under the tolerance come from digitising two neighbours by hand and are let be.
 */
import turfArea from '@turf/area';
import { featureCollection, polygon } from '@turf/helpers';
import turfIntersect from '@turf/intersect';
import turfKinks from '@turf/kinks';
import type { PolygonCoordinates } from '@xiaonao/contracts';

/** Default overlap (and overhang) tolerance: 50 m², about a 1 m strip along a 50 m shared edge. */
export const DEFAULT_OVERLAP_TOLERANCE_M2 = 50;

export interface Box {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export function boxOf(rings: PolygonCoordinates): Box {
  const outer = rings[0] ?? [];
  return {
    minLng: Math.min(...outer.map((p) => p[0])),
    minLat: Math.min(...outer.map((p) => p[1])),
    maxLng: Math.max(...outer.map((p) => p[0])),
    maxLat: Math.max(...outer.map((p) => p[1])),
  };
}

export function boxesMeet(a: Box, b: Box): boolean {
  return a.minLng <= b.maxLng && b.minLng <= a.maxLng && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

/** Why a ring list as read from a file is not a polygon's rings, or null; checked before turf sees it. */
export function ringProblem(rings: unknown): { zh: string; en: string } | null {
  if (!Array.isArray(rings) || rings.length === 0) return { zh: '多边形没有边界环', en: 'the polygon has no ring' };
  for (const [i, ring] of (rings as unknown[]).entries()) {
    const which = i === 0 ? { zh: '外边界', en: 'the outer ring' } : { zh: `第 ${i} 个内环`, en: `inner ring ${i}` };
    if (!Array.isArray(ring)) return { zh: `${which.zh}不是坐标列表`, en: `${which.en} is not a list of positions` };
    const points = ring as unknown[];
    const bad = points.findIndex((p) => !Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v)));
    if (bad >= 0) return { zh: `${which.zh}第 ${bad + 1} 个点不是 [经度, 纬度]`, en: `${which.en} point ${bad + 1} is not [lng, lat]` };
    const pts = points as number[][];
    const outOfRange = pts.findIndex((p) => Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90);
    if (outOfRange >= 0) return { zh: `${which.zh}第 ${outOfRange + 1} 个点超出经纬度范围（经纬度写反了？）`, en: `${which.en} point ${outOfRange + 1} is out of range (lng and lat swapped?)` };
    if (pts.length < 4) return { zh: `${which.zh}至少需要 4 个点（首尾相同），收到 ${pts.length} 个`, en: `${which.en} needs at least 4 positions (first repeated last), got ${pts.length}` };
    const first = pts[0];
    const last = pts[pts.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return { zh: `${which.zh}未闭合：首点与末点不同`, en: `${which.en} is not closed: the first and last positions differ` };
  }
  return null;
}

/** True when an edge of the polygon crosses another (a figure-of-eight boundary). */
export function selfCrosses(rings: PolygonCoordinates): boolean {
  return turfKinks(polygon(rings)).features.length > 0;
}

export function areaM2(rings: PolygonCoordinates): number {
  return turfArea(polygon(rings));
}

/** The area two polygons share, in m² (0 when they only touch). */
export function sharedAreaM2(a: PolygonCoordinates, b: PolygonCoordinates): number {
  if (!boxesMeet(boxOf(a), boxOf(b))) return 0;
  const shared = turfIntersect(featureCollection([polygon(a), polygon(b)]));
  return shared ? turfArea(shared) : 0;
}

/** The area of `inner` outside `outer`, in m². */
export function overhangM2(inner: PolygonCoordinates, outer: PolygonCoordinates): number {
  return Math.max(0, areaM2(inner) - sharedAreaM2(inner, outer));
}
