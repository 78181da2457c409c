/**
 * The township on a Leaflet map: grid polygons by kind, workers as dots by status, open cases as pins,
 * and a dashed line from each case to the worker who holds it. Tiles are decoration: when they cannot
 * load (offline command rooms) the map says so (tile-notice.ts) and the vectors still draw on a plain
 * background. Workers and grids carry their names, thinned where they would overlap (map-labels.ts). Every point from the hub
 * is WGS-84 and goes through `toDisplayLatLng` to match the tiles' datum (see map-projection.ts).
 */
import {
  divIcon,
  latLngBounds,
  layerGroup,
  map as leafletMap,
  marker,
  polygon,
  polyline,
  tileLayer,
  type LatLngExpression,
  type LeafletMouseEvent,
  type Map as LeafletMap,
  type Marker,
  type TileLayer,
} from 'leaflet';
import {
  CATEGORY_LABELS,
  GRID_KIND_LABELS,
  INCIDENT_STATE_LABELS,
  type IncidentView,
  type LngLat,
  type TownshipView,
  type WorkerView,
} from '@xiaonao/contracts';
import { worstRunningStatus } from '../shared/countdown';
import { h } from '../shared/dom';
import { label, locale } from '../shared/i18n';
import { watchTiles } from '../shared/tile-notice';
import { GRID_COLOURS } from './map-colours';
import { LABEL_PRIORITY, MapLabels } from './map-labels';
import { fromDisplayAs, tileKind, toDisplayAs, toDisplayLatLng, type TileKind } from './map-projection';
import { tileSource } from './tile-sources';
import { WorkerMarkers } from './worker-markers';

/** Grid names from this zoom on (below it a township's names are a smear); workers' names from WORKER_LABEL_ZOOM. */
const GRID_LABEL_ZOOM = 12;
const WORKER_LABEL_ZOOM = 11;

export class MapView {
  private readonly map: LeafletMap;
  private readonly gridLayer = layerGroup();
  private readonly linkLayer = layerGroup();
  private readonly workerLayer = layerGroup();
  private readonly incidentLayer = layerGroup();
  private labels: MapLabels | null = null;
  private readonly workers = new WorkerMarkers(this.workerLayer, () => this.labels?.schedule());
  private readonly incidentMarkers = new Map<string, { marker: Marker; key: string; incident: IncidentView }>();
  private fitted = false;
  private tiles: TileLayer | null = null;
  private overlayTiles: TileLayer | null = null;
  private unwatchTiles: (() => void) | null = null;
  /** The point being picked for a case (new case, moved point), WGS-84. */
  private picked: { point: LngLat; marker: Marker } | null = null;

  constructor(
    el: HTMLElement,
    private readonly onPickIncident: (id: string) => void,
  ) {
    this.map = leafletMap(el, { zoomControl: true, attributionControl: true, zoomSnap: 0.25 }).setView([30.3, 120.4], 13);
    this.labels = new MapLabels(this.map);
    // Names stay on the map when zoomed in enough to read them; those that would overlap are thinned.
    const paintZoom = () => {
      el.classList.toggle('show-grid-labels', this.map.getZoom() >= GRID_LABEL_ZOOM);
      el.classList.toggle('show-worker-labels', this.map.getZoom() >= WORKER_LABEL_ZOOM);
    };
    this.map.on('zoomend', paintZoom);
    paintZoom();
    this.showTiles();
    for (const layer of [this.gridLayer, this.linkLayer, this.workerLayer, this.incidentLayer]) layer.addTo(this.map);
  }

  /**
   * After the tile kind changed from `previous`: the new tiles, and the view kept on the same ground.
   * The caller then redraws the township, workers and cases.
   */
  retile(previous: TileKind): void {
    this.showTiles();
    const centre = this.map.getCenter();
    const moved = toDisplayAs(tileKind(), fromDisplayAs(previous, { lng: centre.lng, lat: centre.lat }));
    this.map.setView([moved.lat, moved.lng], this.map.getZoom(), { animate: false });
    if (this.picked) this.markPick(this.picked.point);
  }

  /** Clicks on the ground (not on a pin) as WGS-84 points, for picking a case's site. */
  onGroundClick(listener: (p: LngLat) => void): void {
    this.map.on('click', (e: LeafletMouseEvent) => listener(fromDisplayAs(tileKind(), { lng: e.latlng.lng, lat: e.latlng.lat })));
  }

  /** A crosshair cursor while a point is wanted, and a marker where it was picked (null clears it). */
  markPick(p: LngLat | null, picking = p !== null): void {
    this.picked?.marker.remove();
    this.picked = null;
    this.map.getContainer().classList.toggle('picking', picking);
    if (!p) return;
    const icon = divIcon({ html: h('div', { class: 'pick-pin' }), className: 'pick-pin-wrap', iconSize: [22, 22], iconAnchor: [11, 11] });
    this.picked = { point: p, marker: marker(toDisplayLatLng(p), { icon, interactive: false, keyboard: false, zIndexOffset: 2000 }).addTo(this.map) };
  }

  setTownship(township: TownshipView): void {
    this.gridLayer.clearLayers();
    const bounds = latLngBounds([]);
    for (const grid of township.grids) {
      const rings = grid.polygon.map((ring) => ring.map(([lng, lat]) => toDisplayLatLng({ lng, lat })));
      const colour = GRID_COLOURS[grid.kind];
      const shape = polygon(rings, { color: colour, weight: 1.5, opacity: 0.8, fillColor: colour, fillOpacity: 0.1 });
      shape.bindTooltip(`${grid.name} · ${label(GRID_KIND_LABELS, grid.kind)}`, { sticky: true, className: 'map-tip' });
      shape.addTo(this.gridLayer);
      // Under the grid's top edge, where case pins rarely sit.
      const top: LatLngExpression = [shape.getBounds().getNorth(), shape.getCenter().lng];
      const text = h('span', { 'data-label-key': `grid:${grid.id}`, 'data-label-priority': LABEL_PRIORITY.grid, 'data-testid': 'grid-name' }, grid.name);
      const icon = divIcon({ html: text, className: 'grid-label', iconSize: [140, 16], iconAnchor: [70, -6] });
      const name = marker(top, { icon, interactive: false, keyboard: false });
      name.addTo(this.gridLayer);
      bounds.extend(shape.getBounds());
    }
    this.labels?.schedule();
    if (!this.fitted) {
      // Says when the first view of the township has settled (the fit is animated): tests wait on it.
      const container = this.map.getContainer();
      this.map.once('moveend', () => (container.dataset.fitted = 'true'));
      if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [24, 24] });
      else this.map.setView(toDisplayLatLng(township.center), 14);
      this.fitted = true;
    }
  }

  /** A layer drawn by someone else (cameras), above the grids and below the case pins. */
  addOverlay(layer: ReturnType<typeof layerGroup>): void {
    layer.addTo(this.map);
  }

  setWorkers(workers: Iterable<WorkerView>, now: number): void {
    this.workers.set(workers, now);
  }

  /** On-duty workers drawn as stale right now. */
  staleWorkers(): number {
    return this.workers.staleCount();
  }

  /** Open cases as pins; `workers` to draw the case-to-worker lines. */
  setIncidents(open: readonly IncidentView[], workers: ReadonlyMap<string, WorkerView>, selectedId: string | null, now: number): void {
    const seen = new Set<string>();
    this.linkLayer.clearLayers();
    for (const incident of open) {
      seen.add(incident.id);
      const worst = worstRunningStatus(incident, now);
      const key = `${incident.state}|${incident.id === selectedId}|${incident.updatedAt}|${locale()}|${tileKind()}`;
      const known = this.incidentMarkers.get(incident.id);
      if (!known || known.key !== key) {
        known?.marker.remove();
        const pin = marker(toDisplayLatLng(incident.location), { icon: this.pinIcon(incident, worst, incident.id === selectedId), zIndexOffset: 1000 });
        pin.bindTooltip(`${incident.caseNo} · ${label(CATEGORY_LABELS, incident.category)} · ${label(INCIDENT_STATE_LABELS, incident.state)}`, {
          className: 'map-tip',
          direction: 'top',
          offset: [0, -12],
        });
        pin.on('click', () => this.onPickIncident(incident.id));
        pin.addTo(this.incidentLayer);
        this.incidentMarkers.set(incident.id, { marker: pin, key, incident });
      } else {
        known.incident = incident;
      }
      const holder = incident.worker ? workers.get(incident.worker.id) : undefined;
      if (holder?.location && incident.state !== 'received') {
        polyline([toDisplayLatLng(holder.location), toDisplayLatLng(incident.location)], { color: '#f97316', weight: 2, opacity: 0.8, dashArray: '4 6', interactive: false }).addTo(
          this.linkLayer,
        );
      }
    }
    for (const [id, { marker: pin }] of this.incidentMarkers) {
      if (seen.has(id)) continue;
      pin.remove();
      this.incidentMarkers.delete(id);
    }
  }

  /** Once a second: pins turn amber or red as their clocks run out; workers' positions go stale. */
  tick(now: number): void {
    this.workers.tick(now);
    for (const { marker: pin, incident } of this.incidentMarkers.values()) {
      const el = pin.getElement()?.querySelector<HTMLElement>('.inc-pin');
      const worst = worstRunningStatus(incident, now);
      if (el && el.dataset.worst !== worst) el.dataset.worst = worst;
    }
  }

  flyTo(incident: IncidentView): void {
    this.map.flyTo(toDisplayLatLng(incident.location), Math.max(this.map.getZoom(), 15.5), { duration: 0.8 });
  }

  /** After the panel changes width. */
  resize(): void {
    this.map.invalidateSize();
  }

  private showTiles(): void {
    this.unwatchTiles?.();
    this.tiles?.remove();
    this.overlayTiles?.remove();
    const source = tileSource(tileKind());
    this.tiles = tileLayer(source.url, { maxZoom: source.maxZoom, subdomains: source.subdomains, attribution: source.attribution, className: source.className });
    this.unwatchTiles = watchTiles(this.tiles, this.map.getContainer(), source.server);
    this.tiles.addTo(this.map);
    this.overlayTiles = source.overlay ? tileLayer(source.overlay, { maxZoom: source.maxZoom, subdomains: source.subdomains, zIndex: 2 }).addTo(this.map) : null;
  }

  private pinIcon(incident: IncidentView, worst: string, selected: boolean) {
    const html = h('div', { class: `inc-pin${selected ? ' selected' : ''}`, 'data-state': incident.state, 'data-worst': worst }, h('span', {}, '!'));
    return divIcon({ html, className: 'inc-pin-wrap', iconSize: [26, 26], iconAnchor: [13, 13] });
  }
}
