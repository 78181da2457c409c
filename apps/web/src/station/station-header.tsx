/** The station's top bar: its name and township, the connection, the hub's time, who is signed in, 中/EN, 退出. */
import { useEffect } from 'preact/hooks';
import { locale, setLocale, t } from '../shared/i18n';
import { logout } from '../shared/session';
import { WallClock } from './clock-chips';
import { online, township, useLanguage } from './station-store';

function ConnectionBadge() {
  useLanguage();
  const on = online.value;
  return (
    <span id="conn" class="conn" data-online={String(on)} data-testid="connection">
      {t(on ? 'online' : 'reconnecting')}
    </span>
  );
}

/** The 中/EN switch, with the current language highlighted. */
function LocaleToggle() {
  const zh = useLanguage() === 'zh';
  return (
    <button id="locale" class="btn btn-ghost locale-toggle" type="button" title={zh ? 'Switch to English' : '切换到中文'} onClick={() => setLocale(locale() === 'zh' ? 'en' : 'zh')}>
      <span class={zh ? 'on' : undefined}>中</span>
      <span class={zh ? undefined : 'on'}>EN</span>
    </button>
  );
}

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
