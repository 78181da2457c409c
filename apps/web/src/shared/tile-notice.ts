/**
 * Says on the map when its base map cannot load (no internet, a government network without the tile
 * server, a wrong key): 「地图底图无法加载：https://t{s}.tianditu.gov.cn」. The map then shows a plain
 * background, and the grids, workers and cases it draws as vectors stay on it. Judged from the tile
 * layer's own events (tile-health.ts); the notice goes as soon as a tile loads.
 */
import type { TileLayer } from 'leaflet';
import type { Locale } from '@xiaonao/contracts';
import { h } from './dom';
import { locale, onLocaleChange } from './i18n';
import { HEALTHY, nextTileHealth, type TileEvent, type TileHealth } from './tile-health';
import './map-overlays.css';

/** A view whose tiles have neither loaded nor failed by then is taken as a server that does not answer. */
export const TILE_TIMEOUT_MS = 12_000;

const TEXT: Record<'title' | 'still', Record<Locale, string>> = {
  title: { zh: '地图底图无法加载：', en: 'Base map tiles cannot load: ' },
  still: { zh: '网格、人员和事件照常显示', en: 'Grids, workers and cases are still shown' },
};

const notices = new WeakMap<HTMLElement, HTMLElement>();

function noticeOf(container: HTMLElement): HTMLElement {
  let el = notices.get(container);
  if (!el) {
    el = h('div', { class: 'tile-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'tile-notice', hidden: '' });
    container.append(el);
    notices.set(container, el);
    const notice = el;
    onLocaleChange(() => {
      if (!notice.hidden) paint(notice, notice.dataset.server ?? '');
    });
  }
  return el;
}

function paint(el: HTMLElement, server: string): void {
  const lang = locale();
  el.dataset.server = server;
  el.replaceChildren(h('strong', {}, TEXT.title[lang], h('span', { class: 'tile-notice-server' }, server)), h('span', { class: 'tile-notice-still' }, TEXT.still[lang]));
}

/**
 * Watches `layer` on the map in `container` and shows or hides the notice naming `server`.
 * Returns the way to stop watching (the layer is being replaced).
 */
export function watchTiles(layer: TileLayer, container: HTMLElement, server: string): () => void {
  const notice = noticeOf(container);
  let health: TileHealth = HEALTHY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (down: boolean) => {
    container.classList.toggle('tiles-down', down);
    if (down && notice.hidden) paint(notice, server);
    notice.hidden = !down;
  };
  const on = (event: TileEvent) => () => {
    health = nextTileHealth(health, event);
    if (event === 'loading') {
      clearTimeout(timer);
      timer = setTimeout(on('timeout'), TILE_TIMEOUT_MS);
    }
    if (event === 'load') clearTimeout(timer);
    show(health.down);
  };
  const handlers = { loading: on('loading'), tileload: on('tileload'), tileerror: on('tileerror'), load: on('load') };
  layer.on(handlers);
  show(false);
  return () => {
    clearTimeout(timer);
    layer.off(handlers);
    show(false);
  };
}
