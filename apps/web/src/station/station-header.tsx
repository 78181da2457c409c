/** The station's top bar: its name and township, the connection, the hub's time, who is signed in, 中/EN, 退出. */
import { useEffect } from 'preact/hooks';
import { t } from '../shared/i18n';
import { logout } from '../shared/session';
import { WallClock } from '../shared/ui/clock-chips';
import { ConnectionBadge, LocaleToggle } from '../shared/ui/topbar-parts';
import { useLanguage } from '../shared/ui/page-signals';
import { township } from './station-store';

export function StationHeader({ stationId, userName }: { stationId: string | null; userName: string }) {
  useLanguage();
  const place = township.value;
  const station = place?.stations.find((s) => s.id === stationId);
  useEffect(() => {
    if (station) document.title = `${station.name} · 小脑`;
  }, [station?.name]);
  return (
    <header class="topbar">
      <div class="brand-line">
        <span class="logo">小脑</span>
        <span id="station-name" class="station-name" data-testid="station-name">
          {station?.name ?? userName}
        </span>
        <span id="township-name" class="muted">
          {place ? `→ ${place.name}` : ''}
        </span>
      </div>
      <div class="topbar-right">
        <ConnectionBadge />
        <WallClock />
        <span id="user-name" class="muted">
          {userName}
        </span>
        <a class="btn btn-ghost" href="./review.html?as=station" data-testid="review-link">
          {t('reviewLink')}
        </a>
        <LocaleToggle />
        <button id="logout" class="btn btn-ghost" type="button" onClick={() => logout('station')}>
          {t('logout')}
        </button>
      </div>
    </header>
  );
}
