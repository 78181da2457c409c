/** The police station's view: every case it handed over, how fast each 1-3-8 stage went, and the result. */
import { render } from 'preact';
import { createApiClient, errorText } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { byId } from '../shared/dom';
import { applyStaticText, t } from '../shared/i18n';
import { requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { showClockAlert, showToast } from '../shared/toast';
import { CaseDrawer } from './case-drawer';
import { HandbackSection } from './handback-section';
import { StationHeader } from './station-header';
import { SearchStatus, StationSearchBar } from './station-search';
import { StationStats, StationTable } from './station-table';
import { stationActions, type StationActions } from './station-actions';
import { followPageSignals, online, useLanguage } from '../shared/ui/page-signals';

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

function StationPage({ actions, stationId, userName }: { actions: StationActions; stationId: string | null; userName: string }) {
  useLanguage();
  return (
    <>
      <StationHeader stationId={stationId} userName={userName} />
      <main class="station-main">
        <HandbackSection onSign={(incident) => report(actions.sign(incident))} />
        <div class="station-head">
          <h1>{t('stationCases')}</h1>
          <StationStats />
        </div>
        <StationSearchBar onSearch={(query) => report(actions.search(query))} />
        <SearchStatus onMore={() => report(actions.loadMore())} />
        <StationTable onOpen={actions.open} />
      </main>
      <CaseDrawer onClose={actions.close} />
    </>
  );
}

const session = await requireSession('station');
const expire = () => sessionExpired('station');
const api = createApiClient(session, expire);
const actions = stationActions(api, session.user.stationId);

// The document's lang attribute; the page's own text is rendered by its components.
applyStaticText();
followPageSignals();
render(<StationPage actions={actions} stationId={session.user.stationId} userName={session.user.displayName} />, byId('station-root'));
// The names are a nicety; the table works without them.
actions.loadTownship().catch(() => undefined);

const socket = connectHub(session, {
  onConnect: () => {
    online.value = true;
    report(catchUp.reconnected());
  },
  onDisconnect: () => {
    online.value = false;
  },
  onUnauthorized: expire,
});
// Alarms that came through catch-up wait behind one button instead of a burst of toasts.
const missedAlarms = new MissedAlarms();
const catchUp = new CatchUp({
  page: 'station',
  userId: session.user.id,
  api,
  socket,
  reload: actions.loadCases,
  handlers: {
    'incident.upserted': actions.upsertCase,
    'clock.alert': (alert, missed) => (missed ? missedAlarms.add(alert) : showClockAlert(alert)),
  },
});
report(catchUp.start());
