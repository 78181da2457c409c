/**
 * The heat map of cases: Leaflet with the township's tiles, the grids as outlines and leaflet.heat's
 * layer over them. Points come in WGS-84 and are drawn where the current tiles put them (GCJ-02 for
 * Chinese providers). When the tiles cannot load the map says so (shared/tile-notice.ts) and the heat
 * still draws on the plain background.
 */
import type { GridView, HeatmapView, LngLat } from '@xiaonao/contracts';
import type { HeatLayer, LayerGroup, Map as LeafletMap, TileLayer } from 'leaflet';
import L from './leaflet-global';
import 'leaflet.heat';
import type { ApiClient } from '../shared/api-client';
import { watchTiles } from '../shared/tile-notice';
import { onTileKindChange, tileKind, toDisplayLatLng } from '../console/map-projection';
import { loadTownshipTiles, tileSource } from '../console/tile-sources';

const GRADIENT = { 0.3: '#1d4ed8', 0.5: '#06b6d4', 0.7: '#a3e635', 0.85: '#facc15', 1: '#ef4444' };

export class HeatMap {
  private readonly map: LeafletMap;
  private readonly heat: HeatLayer;
  private readonly outlines: LayerGroup;
  private tiles: TileLayer | null = null;
  private overlay: TileLayer | null = null;
  private unwatch: (() => void) | null = null;
  private view: HeatmapView | null = null;
  private grids: readonly GridView[] = [];
  private center: LngLat | null = null;

  constructor(private readonly container: HTMLElement, api: ApiClient) {
    this.map = L.map(container, { zoomControl: true, attributionControl: true }).setView([30.28, 120.5], 13);
    this.outlines = L.layerGroup().addTo(this.map);
    // leaflet.heat fades points below its maxZoom (by half each level): at a township's zooms the busiest cell keeps full colour.
    this.heat = L.heatLayer([], { radius: 28, blur: 20, minOpacity: 0.35, maxZoom: 12, gradient: GRADIENT }).addTo(this.map);
    this.useTiles();
    // The township's source replaces the built-in one when it arrives; a switch of datum moves every point.
    onTileKindChange(() => {
      this.useTiles();
      this.draw(false);
    });
    void loadTownshipTiles(api);
  }

  show(view: HeatmapView | null, grids: readonly GridView[], center: LngLat | null): void {
    this.view = view;
    this.grids = grids;
    this.center = center;
    this.draw(true);
  }

  destroy(): void {
    this.unwatch?.();
    this.map.remove();
  }

  private useTiles(): void {
    this.unwatch?.();
    this.tiles?.remove();
    this.overlay?.remove();
    const source = tileSource(tileKind());
    this.tiles = L.tileLayer(source.url, { maxZoom: source.maxZoom, subdomains: source.subdomains, attribution: source.attribution, className: source.className }).addTo(this.map);
    this.tiles.bringToBack();
    this.unwatch = watchTiles(this.tiles, this.container, source.server);
    this.overlay = source.overlay ? L.tileLayer(source.overlay, { maxZoom: source.maxZoom, subdomains: source.subdomains, zIndex: 2 }).addTo(this.map) : null;
  }

  private draw(fit: boolean): void {
    const points = this.view?.points ?? [];
    const max = Math.max(1, ...points.map((p) => p.weight));
    this.heat.setOptions({ max });
    this.heat.setLatLngs(points.map((p) => [...toDisplayLatLng(p), p.weight] as [number, number, number]));
    this.outlines.clearLayers();
    for (const grid of this.grids) {
      const rings = grid.polygon.map((ring) => ring.map(([lng, lat]) => toDisplayLatLng({ lng, lat })));
      L.polygon(rings, { color: '#60a5fa', weight: 1, opacity: 0.7, fill: false, interactive: false }).addTo(this.outlines);
    }
    this.container.dataset.heatPoints = String(points.length);
    this.container.dataset.heatCases = String(points.reduce((n, p) => n + p.weight, 0));
    if (!fit) return;
    const around: [number, number][] = points.length ? points.map((p) => toDisplayLatLng(p)) : this.grids.flatMap((g) => g.polygon.flatMap((ring) => ring.map(([lng, lat]) => toDisplayLatLng({ lng, lat }))));
    if (around.length) this.map.fitBounds(around, { padding: [24, 24], maxZoom: 16 });
    else if (this.center) this.map.setView(toDisplayLatLng(this.center), 13);
  }
}
