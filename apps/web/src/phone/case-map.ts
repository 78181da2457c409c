/**
 * A small map of the worker and the site on the active case, over the township's base map (read at
 * start, see tile-sources.ts). Tiles are decoration: offline they fail, the map says so, and the two
 * markers (vectors, no image files) still show where each is. One map lives for the case, driven
 * from outside Preact: CaseMap (case-map-view.tsx) places its element once and moves the markers.
 */
import { circleMarker, latLngBounds, map as leafletMap, tileLayer, type CircleMarker, type Map as LeafletMap, type TileLayer } from 'leaflet';
import type { LngLat } from '@xiaonao/contracts';
import { onTileKindChange, toDisplayLatLng, tileKind } from '../console/map-projection';
import { tileSource } from '../console/tile-sources';
import { watchTiles } from '../shared/tile-notice';
import { t } from '../shared/i18n';

interface Shown {
  incidentId: string;
  el: HTMLElement;
  map: LeafletMap;
  site: CircleMarker;
  self: CircleMarker | null;
  framed: string;
  /** The base and overlay layers, and how to stop watching the base. */
  tiles: { layers: TileLayer[]; unwatch: () => void };
  /** The last points drawn (WGS-84), to draw again over other tiles. */
  points: { site: LngLat; self: LngLat | undefined };
}

let shown: Shown | null = null;

// The township's source arrived after the map was drawn: its tiles, and the points moved to their datum.
onTileKindChange(() => {
  if (!shown) return;
  shown.tiles.unwatch();
  for (const layer of shown.tiles.layers) layer.remove();
  shown.tiles = showTiles(shown.map, shown.el);
  shown.site.setLatLng(toDisplayLatLng(shown.points.site));
  if (shown.self && shown.points.self) shown.self.setLatLng(toDisplayLatLng(shown.points.self));
  shown.map.setView(toDisplayLatLng(shown.points.site), shown.map.getZoom(), { animate: false });
});

/** The map element for this case, with the markers moved to `site` and `self`. */
export function caseMap(incidentId: string, site: LngLat, self: LngLat | undefined): HTMLElement {
  if (shown?.incidentId !== incidentId) {
    shown?.map.remove();
    shown = create(incidentId, site);
  }
  const current = shown;
  current.points = { site, self };
  current.site.setLatLng(toDisplayLatLng(site));
  if (self) {
    if (current.self) current.self.setLatLng(toDisplayLatLng(self));
    else current.self = circleMarker(toDisplayLatLng(self), { radius: 7, color: '#fff', weight: 2, fillColor: '#3b82f6', fillOpacity: 1 }).bindTooltip(t('mapSelf'), { permanent: true, direction: 'right', offset: [10, 0], className: 'case-map-label' }).addTo(current.map);
  }
  // Re-frame when the worker first appears, not on every fix (the worker may have zoomed).
  const framing = self ? 'both' : 'site';
  if (current.framed !== framing) {
    current.framed = framing;
    requestAnimationFrame(() => frame(current, site, self));
  }
  return current.el;
}

/** The map was put into the page: let Leaflet measure it again. */
export function refreshCaseMap(): void {
  shown?.map.invalidateSize({ animate: false });
}

function create(incidentId: string, site: LngLat): Shown {
  const el = document.createElement('div');
  el.className = 'case-map';
  el.dataset.testid = 'case-map';
  const map = leafletMap(el, { zoomControl: false, attributionControl: true, dragging: true }).setView(toDisplayLatLng(site), 16);
  const tiles = showTiles(map, el);
  const siteMarker = circleMarker(toDisplayLatLng(site), { radius: 9, color: '#fff', weight: 2, fillColor: '#ef4444', fillOpacity: 1 })
    .bindTooltip(t('mapSite'), { permanent: true, direction: 'right', offset: [10, 0], className: 'case-map-label' })
    .addTo(map);
  return { incidentId, el, map, site: siteMarker, self: null, framed: '', tiles, points: { site, self: undefined } };
}

function showTiles(map: LeafletMap, el: HTMLElement): Shown['tiles'] {
  const source = tileSource(tileKind());
  const base = tileLayer(source.url, { subdomains: source.subdomains, attribution: source.attribution, className: source.className, maxZoom: source.maxZoom });
  const unwatch = watchTiles(base, el, source.server);
  base.addTo(map);
  const layers = [base];
  if (source.overlay) layers.push(tileLayer(source.overlay, { subdomains: source.subdomains, maxZoom: source.maxZoom, zIndex: 2 }).addTo(map));
  return { layers, unwatch };
}

function frame(current: Shown, site: LngLat, self: LngLat | undefined): void {
  current.map.invalidateSize({ animate: false });
  if (!self) {
    current.map.setView(toDisplayLatLng(site), 16, { animate: false });
    return;
  }
  current.map.fitBounds(latLngBounds([toDisplayLatLng(site), toDisplayLatLng(self)]), { padding: [28, 28], maxZoom: 17, animate: false });
}

/** The case is no longer active: drop its map (only if it is still that case's, when one is named). */
export function dropCaseMap(incidentId?: string): void {
  if (incidentId !== undefined && shown?.incidentId !== incidentId) return;
  shown?.map.remove();
  shown = null;
}
