/** The district view's top bar: the region's name, the connection, the hub's time, who is signed in, 中/EN, 退出. */
import type { Role } from '@xiaonao/contracts';
import { logout } from '../shared/session';
import { WallClock } from '../shared/ui/clock-chips';
import { ConnectionBadge, LocaleToggle } from '../shared/ui/topbar-parts';
import { useLanguage } from '../shared/ui/page-signals';
import { dt } from './district-text';
import type { DistrictStore } from './district-store';

export function DistrictTopbar({ store, role, userName }: { store: DistrictStore; role: Role; userName: string }) {
  useLanguage();
  const region = store.overview.value?.regions[0];
  return (
    <header class="topbar">
      <div class="brand-line">
        <span class="logo">小脑</span>
        <span class="region-name" data-testid="region-name">
          {region?.name ?? ''}
        </span>
        <span class="muted">{dt('title')}</span>
      </div>
      <div class="topbar-right">
        <ConnectionBadge />
        <WallClock />
        <span class="muted" data-testid="user-name">
          {userName}
        </span>
        <LocaleToggle />
        <button class="btn btn-ghost" type="button" data-testid="logout" onClick={() => logout(role)}>
          {dt('logout')}
        </button>
      </div>
    </header>
  );
}
