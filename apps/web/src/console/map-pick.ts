/**
 * One map, two things that want a point from it: the new-case form and moving a case's point. The
 * latest to ask gets the next clicks until it lets go; the map shows a crosshair while anyone asks.
 */
import type { LngLat } from '@xiaonao/contracts';
import type { MapView } from './map-view';

type Listener = (p: LngLat) => void;

class MapPicker {
  private map: MapView | null = null;
  private listener: Listener | null = null;

  attach(map: MapView): void {
    this.map = map;
    map.onGroundClick((p) => this.listener?.(p));
  }

  want(listener: Listener): void {
    this.listener = listener;
    this.map?.markPick(null, true);
  }

  /** Shows the picked point; the asker keeps listening (a second click moves it). */
  mark(p: LngLat | null): void {
    this.map?.markPick(p, this.listener !== null);
  }

  /** Lets go, if `listener` is still the one asking (or unconditionally without one). */
  release(listener?: Listener): void {
    if (listener && this.listener !== listener) return;
    this.listener = null;
    this.map?.markPick(null, false);
  }
}

export const mapPicker = new MapPicker();
