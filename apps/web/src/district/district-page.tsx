/**
 * 区级视图 (#13, docs/regions.md): a district's (or city's) command centre and its admin watch every
 * township under their region — the map of open cases and workers, each township's 1-3-8 rates and
 * open and breached cases, the breaches as they happen — and open every case read-only. The hub scopes
 * every answer to the region; the page only picks the session (district first, else admin).
 */
import { render } from 'preact';
import type { RegionRole } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { applyStaticText } from '../shared/i18n';
import { loadSession, requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { showToast } from '../shared/toast';
import { followPageSignals, online, useLanguage } from '../shared/ui/page-signals';
import { BreachesList } from './breaches-list';
import { CaseDrawer } from './case-drawer';
import { DistrictMap } from './district-map';
import { DistrictStore } from './district-store';
import { dt } from './district-text';
import { DistrictTopbar } from './district-topbar';
import { TownshipsTable } from './townships-table';
import type { ApiClient } from '../shared/api-client';
import 'leaflet/dist/leaflet.css';
import '../shared/case-timeline.css';
import './district.css';

/** Positions are not pushed to regions; rates come from roll-ups: both are read again this often. */
const REFRESH_MS = 30_000;

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

function DistrictPage({ store, api, role, userName }: { store: DistrictStore; api: ApiClient; role: RegionRole; userName: string }) {
  useLanguage();
  const cases = store.incidents.value.size;
  const workers = store.workers.value.filter((w) => w.position).length;
  return (
    <>
      <DistrictTopbar store={store} role={role} userName={userName} />
      <main class="district-main">
        <section class="district-card map-card">
          <h2>
            {dt('map')} <span class="muted">{`${dt('cases')} ${cases} · ${dt('workers')} ${workers}`}</span>
          </h2>
          <DistrictMap store={store} />
        </section>
        <BreachesList store={store} />
        <TownshipsTable store={store} />
      </main>
      <CaseDrawer api={api} store={store} />
    </>
  );
}

const role: RegionRole = loadSession('district') ? 'district' : 'admin';
const session = await requireSession(role);
const expire = () => sessionExpired(role);
const api = createApiClient(session, expire);
const store = new DistrictStore(api);

applyStaticText();
followPageSignals();
const root = document.getElementById('district-root');
if (root) render(<DistrictPage store={store} api={api} role={role} userName={session.user.displayName} />, root);

connectHub(session, {
  onConnect: (again) => {
    online.value = true;
    // Region pages keep no catch-up log: after a drop they read the state again.
    if (again) report(store.loadAll());
  },
  onDisconnect: () => {
    online.value = false;
  },
  onUnauthorized: expire,
}).on('incident.upserted', (incident) => store.upsert(incident))
  .on('clock.alert', (alert) => store.alert(alert));

report(
  store.loadAll().then(() => {
    document.body.dataset.loaded = 'true';
  }),
);
setInterval(() => report(store.loadAll()), REFRESH_MS);
