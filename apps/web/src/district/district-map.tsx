/**
 * The district map: Leaflet on the deployment's tiles, every open case of the region as a dot coloured
 * by its worst clock (red breached, amber at risk, blue running) and every on-duty worker as a small
 * green or grey dot. Points come in WGS-84 and are shifted to GCJ-02 over Chinese tiles. A click on a
 * case opens it read-only. The container carries what it shows (data-case-ids, data-workers) for tests.
 */
import { useEffect, useRef } from 'preact/hooks';
import gcoord from 'gcoord';
import { circleMarker, layerGroup, map as leafletMap, tileLayer, type LayerGroup, type Map as LeafletMap, type TileLayer } from 'leaflet';
import type { LngLat, MapTileSource } from '@xiaonao/contracts';
import { watchTiles } from '../shared/tile-notice';
import { markOf, type CaseMark, type DistrictStore } from './district-store';

const CASE_COLOUR: Record<CaseMark, string> = { breached: '#dc2626', at_risk: '#f59e0b', ok: '#2563eb' };

function toScreen(p: LngLat, tiles: MapTileSource | null): [number, number] {
  if (tiles?.coordSystem !== 'gcj02') return [p.lat, p.lng];
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return [lat, lng];
}

export function DistrictMap({ store }: { store: DistrictStore }) {
  const box = useRef<HTMLDivElement>(null);
  const view = useRef<{ map: LeafletMap; cases: LayerGroup; workers: LayerGroup; tiles: TileLayer | null; unwatch: (() => void) | null; fitted: boolean } | null>(null);
  const tiles = store.tiles.value;
  const incidents = store.incidents.value;
  const workers = store.workers.value;

  useEffect(() => {
    if (!box.current) return;
    const map = leafletMap(box.current, { zoomControl: true, attributionControl: true }).setView([30.28, 120.5], 11);
    view.current = { map, cases: layerGroup().addTo(map), workers: layerGroup().addTo(map), tiles: null, unwatch: null, fitted: false };
    return () => {
      view.current?.unwatch?.();
      map.remove();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || !tiles || !box.current) return;
    v.unwatch?.();
    v.tiles?.remove();
    v.tiles = tileLayer(tiles.urlTemplate, { maxZoom: tiles.maxZoom, subdomains: tiles.subdomains || 'abc', attribution: tiles.attribution }).addTo(v.map);
    v.tiles.bringToBack();
    v.unwatch = watchTiles(v.tiles, box.current, new URL(tiles.urlTemplate.replace(/\{s\}/g, 'a'), location.href).origin);
  }, [tiles]);

  useEffect(() => {
    const v = view.current;
    const el = box.current;
    if (!v || !el) return;
    v.cases.clearLayers();
    v.workers.clearLayers();
    for (const w of workers) {
      if (!w.position) continue;
      circleMarker(toScreen(w.position, tiles), { radius: 4, color: w.status === 'available' ? '#16a34a' : '#6b7280', weight: 1, fillOpacity: 0.8, className: 'worker-marker' })
        .bindTooltip(w.name)
        .addTo(v.workers);
    }
    const shown = [...incidents.values()];
    for (const i of shown) {
      const mark = markOf(i);
      circleMarker(toScreen(i.location, tiles), { radius: 8, color: CASE_COLOUR[mark], weight: 2, fillOpacity: 0.7, className: `case-marker case-${mark} case-id-${i.id}` })
        .bindTooltip(`${i.caseNo} · ${i.address}`)
        .on('click', () => store.open(i.id))
        .addTo(v.cases);
    }
    el.dataset.caseIds = shown.map((i) => i.id).sort().join(',');
    el.dataset.workers = String(workers.filter((w) => w.position).length);
    const around = [...shown.map((i) => toScreen(i.location, tiles)), ...workers.flatMap((w) => (w.position ? [toScreen(w.position, tiles)] : []))];
    // Fitted once: later news must not pull the map from where the user moved it.
    if (!v.fitted && around.length) {
      v.map.fitBounds(around, { padding: [24, 24], maxZoom: 15 });
      v.fitted = true;
    }
  }, [incidents, workers, tiles]);

  return <div ref={box} class="district-map" data-testid="district-map" />;
}
