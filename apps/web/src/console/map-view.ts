/**
 * The township on a Leaflet map: grid polygons by kind, workers as dots by status, open cases as pins,
 * and a dashed line from each case to the worker who holds it. Tiles are decoration: when they cannot
 * load (offline command rooms) the vectors still draw on the plain background.
 */
import {
  circleMarker,
  divIcon,
  latLngBounds,
  layerGroup,
  map as leafletMap,
  marker,
  polygon,
  polyline,
  tileLayer,
  type CircleMarker,
  type LatLngExpression,
  type Map as LeafletMap,
  type Marker,
} from 'leaflet';
import {
  CATEGORY_LABELS,
  GRID_KIND_LABELS,
  INCIDENT_STATE_LABELS,
  TEAM_LABELS,
  WORKER_STATUS_LABELS,
  type IncidentView,
  type LngLat,
  type TownshipView,
  type WorkerView,
} from '@xiaonao/contracts';
import { worstRunningStatus } from '../shared/countdown';
import { h } from '../shared/dom';
import { label, locale, t } from '../shared/i18n';
import { GRID_COLOURS, workerColour } from './map-colours';

const DEFAULT_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; OpenStreetMap contributors';

const toLatLng = (p: LngLat): LatLngExpression => [p.lat, p.lng];

export class MapView {
  private readonly map: LeafletMap;
  private readonly gridLayer = layerGroup();
  private readonly linkLayer = layerGroup();
  private readonly workerLayer = layerGroup();
  private readonly incidentLayer = layerGroup();
  private readonly workerMarkers = new Map<string, CircleMarker>();
  private readonly incidentMarkers = new Map<string, { marker: Marker; key: string; incident: IncidentView }>();
  private fitted = false;

  constructor(
    el: HTMLElement,
    private readonly onPickIncident: (id: string) => void,
  ) {
    this.map = leafletMap(el, { zoomControl: true, attributionControl: true, zoomSnap: 0.25 }).setView([30.3, 120.4], 13);
    // Grid names stay on the map when zoomed in enough to read them.
    const paintZoom = () => el.classList.toggle('show-grid-labels', this.map.getZoom() >= 14);
    this.map.on('zoomend', paintZoom);
    paintZoom();
    const custom = localStorage.getItem('tiles');
    tileLayer(custom || DEFAULT_TILES, { maxZoom: 19, attribution: custom ? '' : OSM_ATTRIBUTION, className: custom ? '' : 'osm-tiles' }).addTo(this.map);
    for (const layer of [this.gridLayer, this.linkLayer, this.workerLayer, this.incidentLayer]) layer.addTo(this.map);
  }

  setTownship(township: TownshipView): void {
    this.gridLayer.clearLayers();
    const bounds = latLngBounds([]);
    for (const grid of township.grids) {
      const rings = grid.polygon.map((ring) => ring.map(([lng, lat]) => [lat, lng] as [number, number]));
      const colour = GRID_COLOURS[grid.kind];
      const shape = polygon(rings, { color: colour, weight: 1.5, opacity: 0.8, fillColor: colour, fillOpacity: 0.1 });
      shape.bindTooltip(`${grid.name} · ${label(GRID_KIND_LABELS, grid.kind)}`, { sticky: true, className: 'map-tip' });
      shape.addTo(this.gridLayer);
      // Under the grid's top edge, where case pins rarely sit.
      const top: LatLngExpression = [shape.getBounds().getNorth(), shape.getCenter().lng];
      const icon = divIcon({ html: h('span', {}, grid.name), className: 'grid-label', iconSize: [140, 16], iconAnchor: [70, -6] });
      const name = marker(top, { icon, interactive: false, keyboard: false });
      name.addTo(this.gridLayer);
      bounds.extend(shape.getBounds());
    }
    if (!this.fitted) {
      if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [24, 24] });
      else this.map.setView(toLatLng(township.center), 14);
      this.fitted = true;
    }
  }

  setWorkers(workers: Iterable<WorkerView>): void {
    const seen = new Set<string>();
    for (const worker of workers) {
      if (!worker.location) continue;
      seen.add(worker.id);
      const colour = workerColour(worker);
      const tip = `${worker.name} · ${label(TEAM_LABELS, worker.team)} · ${worker.onDuty ? label(WORKER_STATUS_LABELS, worker.status) : t('offDuty')}`;
      let dot = this.workerMarkers.get(worker.id);
      if (!dot) {
        dot = circleMarker(toLatLng(worker.location), { radius: 6, weight: 2 }).bindTooltip(tip, { className: 'map-tip' });
        dot.addTo(this.workerLayer);
        this.workerMarkers.set(worker.id, dot);
      }
      dot.setLatLng(toLatLng(worker.location));
      dot.setStyle({ color: worker.onDuty ? '#0b1220' : '#334155', fillColor: colour, fillOpacity: worker.onDuty ? 0.95 : 0.55 });
      dot.setTooltipContent(tip);
    }
    for (const [id, dot] of this.workerMarkers) {
      if (seen.has(id)) continue;
      dot.remove();
      this.workerMarkers.delete(id);
    }
  }

  /** Open cases as pins; `workers` to draw the case-to-worker lines. */
  setIncidents(open: readonly IncidentView[], workers: ReadonlyMap<string, WorkerView>, selectedId: string | null, now: number): void {
    const seen = new Set<string>();
    this.linkLayer.clearLayers();
    for (const incident of open) {
      seen.add(incident.id);
      const worst = worstRunningStatus(incident, now);
      const key = `${incident.state}|${incident.id === selectedId}|${incident.updatedAt}|${locale()}`;
      const known = this.incidentMarkers.get(incident.id);
      if (!known || known.key !== key) {
        known?.marker.remove();
        const pin = marker(toLatLng(incident.location), { icon: this.pinIcon(incident, worst, incident.id === selectedId), zIndexOffset: 1000 });
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
        polyline([toLatLng(holder.location), toLatLng(incident.location)], { color: '#f97316', weight: 2, opacity: 0.8, dashArray: '4 6', interactive: false }).addTo(
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

  /** Once a second: pins turn amber or red as their clocks run out. */
  tick(now: number): void {
    for (const { marker: pin, incident } of this.incidentMarkers.values()) {
      const el = pin.getElement()?.querySelector<HTMLElement>('.inc-pin');
      const worst = worstRunningStatus(incident, now);
      if (el && el.dataset.worst !== worst) el.dataset.worst = worst;
    }
  }

  flyTo(incident: IncidentView): void {
    this.map.flyTo(toLatLng(incident.location), Math.max(this.map.getZoom(), 15.5), { duration: 0.8 });
  }

  /** After the panel changes width. */
  resize(): void {
    this.map.invalidateSize();
  }

  private pinIcon(incident: IncidentView, worst: string, selected: boolean) {
    const html = h('div', { class: `inc-pin${selected ? ' selected' : ''}`, 'data-state': incident.state, 'data-worst': worst }, h('span', {}, '!'));
    return divIcon({ html, className: 'inc-pin-wrap', iconSize: [26, 26], iconAnchor: [13, 13] });
  }
}
