/** The base-map switch in the map corner: 底图 OpenStreetMap (WGS-84) / 高德 (GCJ-02). */
import { t, type TextKey } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { tiles } from './console-store';
import { TILE_KINDS, setTileKind, type TileKind } from './map-projection';
import { tileSource } from './tile-sources';

const NAMES: Record<TileKind, TextKey> = { wgs84: 'tilesOsm', gcj02: 'tilesGaode' };
const DATUMS: Record<TileKind, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02' };

export function TileSwitch() {
  useLanguage();
  // Read for the kind shown and for the township's own source (its name is 自定义 when it has one).
  const shown = tiles.value.kind;
  return (
    <div id="tile-switch" class="tile-switch" role="group" data-testid="tile-switch" data-kind={shown}>
      <span class="tile-switch-label">{t('baseMap')}</span>
      {TILE_KINDS.map((kind) => {
        const on = kind === shown;
        return (
          <button key={kind} type="button" class={`tile-option${on ? ' on' : ''}`} aria-pressed={on} data-kind={kind} data-testid={`tiles-${kind}`} onClick={() => setTileKind(kind)}>
            {`${tileSource(kind).custom ? t('tilesCustom') : t(NAMES[kind])} (${DATUMS[kind]})`}
          </button>
        );
      })}
    </div>
  );
}
