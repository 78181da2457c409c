/** The base-map switch in the map corner: 底图 OpenStreetMap (WGS-84) / 高德 (GCJ-02). Redrawn on language change. */
import { h } from '../shared/dom';
import { t, type TextKey } from '../shared/i18n';
import { TILE_KINDS, setTileKind, tileKind, type TileKind } from './map-projection';
import { tileSource } from './tile-sources';

const NAMES: Record<TileKind, TextKey> = { wgs84: 'tilesOsm', gcj02: 'tilesGaode' };
const DATUMS: Record<TileKind, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02' };

export function renderTileSwitch(root: HTMLElement): void {
  const options = TILE_KINDS.map((kind) => {
    const name = tileSource(kind).custom ? t('tilesCustom') : t(NAMES[kind]);
    const on = kind === tileKind();
    const button = h(
      'button',
      { type: 'button', class: `tile-option${on ? ' on' : ''}`, 'aria-pressed': String(on), 'data-kind': kind, 'data-testid': `tiles-${kind}` },
      `${name} (${DATUMS[kind]})`,
    );
    button.addEventListener('click', () => {
      setTileKind(kind);
      renderTileSwitch(root);
    });
    return button;
  });
  root.dataset.kind = tileKind();
  root.replaceChildren(h('span', { class: 'tile-switch-label' }, t('baseMap')), ...options);
}
