/**
 * The Leaflet map as a component: created once when it mounts, then fed from the store by signal effects
 * (the township, workers, case pins, cameras, 网格指数, the second's tick); a re-render of the page never
 * creates it again. The map itself stays imperative (map-view.ts and its layers).
 */
import { effect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useActions } from './console-context';
import { cameras, gridIndexOn, lang, now, openIncidents, selectedId, tiles, township, workers } from './console-store';
import { CameraLayer } from './camera-layer';
import { GridIndexLayer } from './grid-index-layer';
import { mapPicker } from './map-pick';
import { MapView } from './map-view';

export function MapHost() {
  const actions = useActions();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const map = new MapView(el.current, actions.pick);
    const cameraLayer = new CameraLayer(actions.raiseFromCamera);
    const gridIndex = new GridIndexLayer(actions.api);
    map.addOverlay(cameraLayer.layer);
    map.addOverlay(gridIndex.layer);
    mapPicker.attach(map);
    actions.onFocus((incident) => map.flyTo(incident));

    const drawTownship = () => {
      const place = township.peek();
      if (!place) return;
      map.setTownship(place);
      gridIndex.setTownship(place);
    };
    const drawIncidents = () => map.setIncidents(openIncidents.peek(), workers.peek(), selectedId.peek(), now.peek());
    let tilesSeen = tiles.peek().version;
    const stops = [
      // Each effect reads what it draws and the language (names and tooltips carry it).
      effect(() => {
        void township.value;
        void lang.value;
        drawTownship();
      }),
      effect(() => {
        void lang.value;
        map.setWorkers(workers.value.values(), now.peek());
      }),
      effect(() => {
        void openIncidents.value;
        void workers.value;
        void selectedId.value;
        void lang.value;
        drawIncidents();
      }),
      effect(() => {
        void lang.value;
        cameraLayer.set(cameras.value);
      }),
      effect(() => gridIndex.switch(gridIndexOn.value)),
      // Pins turn amber or red as their clocks run out; workers' positions go stale.
      effect(() => map.tick(now.value)),
      // Other tiles: the view kept on the same ground, then everything drawn again in their datum.
      effect(() => {
        const shown = tiles.value;
        if (shown.version === tilesSeen) return;
        tilesSeen = shown.version;
        map.retile(shown.previous);
        drawTownship();
        map.setWorkers(workers.peek().values(), now.peek());
        cameraLayer.draw();
        drawIncidents();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  return <div id="map" ref={el} class="map" data-testid="map" />;
}
