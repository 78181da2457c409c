/**
 * 研判 page: the daily review of the command room, the township's leaders and the police stations
 * (docs/review.md). `?from=&to=&by=` make a review linkable; `?print=1` is its printable report.
 */
import { render } from 'preact';
import { createApiClient } from '../shared/api-client';
import { applyStaticText } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { sessionExpired } from '../shared/session';
import { followPageSignals } from '../shared/ui/page-signals';
import { PrintView } from './print-view';
import { ReviewApp } from './review-app';
import { beijingDayOf, readQuery } from './review-period';
import { reviewSession, seesTownship } from './review-session';
import { ReviewStore } from './review-store';
// The shared drawer's sheets; review.css sets only what they leave open, as the build may load them in either order.
import '../shared/case-drawer.css';
import '../shared/case-timeline.css';
import './review.css';

const session = await reviewSession(location.search);
const api = createApiClient(session, () => sessionExpired(session.role));
const today = beijingDayOf(new Date(serverNow()));
const query = readQuery(location.search, today);
const townshipWide = seesTownship(session.role);
applyStaticText();
followPageSignals();

const root = document.getElementById('review-root');
if (root) {
  if (query.print) {
    document.body.classList.add('print-body');
    render(<PrintView api={api} session={session} period={query.period} townshipWide={townshipWide} />, root);
  } else {
    const store = new ReviewStore(api, query, townshipWide);
    render(<ReviewApp store={store} session={session} today={today} />, root);
    void store.loadAll();
  }
}
