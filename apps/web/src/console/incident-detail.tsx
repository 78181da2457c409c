/** The selected case in full: who called, where, who went, who was paged and how, the clocks and the timeline from the hub. */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  API,
  CATEGORY_LABELS,
  CHAIN_BREAK_LABELS,
  EVENT_SOURCE_LABELS,
  TEAM_LABELS,
  stateLabelOf,
  type IncidentDetailView,
  type IncidentView,
  type TimelineExportFormat,
  type WorkerView,
} from '@xiaonao/contracts';
import { distanceMeters, type TimelineVerdict } from '@xiaonao/domain';
import { errorText } from '../shared/api-client';
import { formatDateTime, formatDistance, formatTime } from '../shared/format-time';
import { label, locale, t, type TextKey } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { ClockChips } from '../shared/ui/clock-chips';
import { useLanguage } from '../shared/ui/page-signals';
import { CallerPhone, usePhoneReveals } from './caller-phone-reveal';
import { useActions } from './console-context';
import { selected, workers } from './console-store';
import { Recommendation } from './detail-recommendation';
import { downloadAttachment } from './download';
import { HandbackActions, HandbackFacts } from './handback-dialog';
import { IncidentReports, Placement } from './incident-reports';
import { PageAttemptsSection } from './page-attempts-section';
import { verdictText } from './reachability';
import { timelineDetailText, timelineEntryLabel } from './timeline-labels';

/** A burst of attempt changes (one offer's chain) refetches the timeline once. */
const TIMELINE_REFRESH_MS = 400;

/** The side panel's lower half: the selected case, or nothing (hidden) while none is. */
export function IncidentDetail() {
  const incident = selected.value;
  return (
    <div id="incident-detail" class="incident-detail" data-testid="incident-detail" hidden={!incident}>
      {incident ? <CaseDetail key={incident.id} incident={incident} /> : null}
    </div>
  );
}

/**
 * One case: its facts are always the store's copy (the one socket news keeps current); the fetched detail
 * adds only the timeline, the recommendation and the hub's check of the chain. Keyed by the case, so what
 * was opened, typed or revealed here goes with it.
 */
function CaseDetail({ incident }: { incident: IncidentView }) {
  useLanguage();
  const actions = useActions();
  const [detail, setDetail] = useState<IncidentDetailView | null>(null);
  /** The hub's check of the timeline: null while it is being asked, 'unavailable' when it could not answer. */
  const [verdict, setVerdict] = useState<TimelineVerdict | 'unavailable' | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const reveals = usePhoneReveals();
  const seq = useRef(0);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const version = `${incident.id}@${incident.updatedAt}`;

  const fetchDetail = async () => {
    const mine = ++seq.current;
    // Asked alongside the detail; a check that fails to answer must not hide the timeline.
    const checked = actions.api.get<TimelineVerdict>(API.timelineVerify(incident.id)).catch((): 'unavailable' => 'unavailable');
    try {
      const answer = await actions.api.get<IncidentDetailView>(API.incident(incident.id));
      const v = await checked;
      if (mine !== seq.current) return;
      setDetail(answer);
      setVerdict(v);
      setLoadError(null);
    } catch (e) {
      if (mine === seq.current) setLoadError(errorText(e));
    }
  };
  useEffect(() => void fetchDetail(), [version]);

  // The hub wrote a `paged` entry (page.updated) or 预警 / 超时 with its 升级处置 (clock.alert) into this
  // case's timeline: it is read again at once, without waiting for the case's next change of state.
  useEffect(() => {
    const soon = () => {
      if (refresh.current) return;
      refresh.current = setTimeout(() => {
        refresh.current = null;
        void fetchDetail();
      }, TIMELINE_REFRESH_MS);
    };
    const stop = actions.listenDetail({
      pageUpdated: (attempt) => attempt.incidentId === incident.id && soon(),
      clockAlert: (alert) => alert.incidentId === incident.id && soon(),
    });
    return () => {
      stop();
      seq.current++;
      if (refresh.current) clearTimeout(refresh.current);
    };
  }, []);

  const put = (updated: IncidentView) => void actions.upsertIncident(updated);
  const fail = (e: unknown) => setLoadError(errorText(e));
  const row = (key: TextKey, value: preact.ComponentChildren) =>
    value ? (
      <div class="detail-row">
        <dt>{t(key)}</dt>
        <dd>{value}</dd>
      </div>
    ) : null;
  return (
    <>
      <div class="detail-head">
        <button class="btn btn-ghost detail-back" type="button" onClick={() => actions.select(null)}>
          {`← ${t('back')}`}
        </button>
        <span class="case-no num">{incident.caseNo}</span>
        <span class="badge" data-state={incident.state} data-closure={incident.closure ?? undefined}>
          {stateLabelOf(incident)[locale()]}
        </span>
      </div>
      <div class="detail-title">{`${label(CATEGORY_LABELS, incident.category)} · ${incident.address}`}</div>
      <ClockChips incident={incident} />
      <dl class="detail-grid">
        {row('receivedAt', formatDateTime(incident.receivedAt))}
        {/* The caller's number comes masked; the full one only through 查看完整号码, with a reason. */}
        {row(
          'caller',
          incident.callerPhone ? (
            <span>
              {`${incident.callerName} `}
              <CallerPhone incidentId={incident.id} maskedPhone={incident.callerPhone} reveals={reveals} />
            </span>
          ) : (
            incident.callerName
          ),
        )}
        {row('station', incident.station?.name ?? null)}
        {row('grid', incident.grid?.name ?? null)}
        {row(
          'worker',
          incident.worker ? (
            <span>
              {`${incident.worker.name} `}
              <a href={`tel:${incident.worker.phone}`} class="num">
                {incident.worker.phone}
              </a>
            </span>
          ) : (
            t('unassigned')
          ),
        )}
        {row('description', incident.description)}
        {row('result', incident.result)}
      </dl>
      {/* How the case left the township's hands, or the actions to hand it back while it is open. */}
      <HandbackFacts incident={incident} />
      <HandbackActions incident={incident} />
      {/* A point still to be confirmed is confirmed first (the placement notice below), which dispatches. */}
      {incident.awaitingConfirmation && !incident.placement?.needsConfirmation ? <ConfirmButton incident={incident} onDone={put} onFail={fail} /> : null}
      {incident.state === 'closed' ? null : <AssignForm incident={incident} onDone={put} onFail={fail} />}
      <Placement incident={incident} />
      <IncidentReports incident={incident} reveals={reveals} />
      <h3 class="detail-sub">{t('pageRecords')}</h3>
      <PageAttemptsSection incidentId={incident.id} version={version} timeline={detail?.timeline ?? []} />
      <h3 class="detail-sub">{t('recommendation')}</h3>
      <Recommendation detail={detail} />
      <h3 class="detail-sub">
        {t('timeline')} <ChainBadge verdict={verdict} />
      </h3>
      <ExportButtons incident={incident} />
      <Timeline detail={detail} loadError={loadError} />
    </>
  );
}

type Answered = { incident: IncidentView; onDone: (updated: IncidentView) => void; onFail: (e: unknown) => void };

/** Assign by hand, or reassign a case in hand: free, on-duty workers, nearest first. */
function AssignForm({ incident, onDone, onFail }: Answered) {
  const actions = useActions();
  const select = useRef<HTMLSelectElement>(null);
  const [busy, setBusy] = useState(false);
  const near = (w: WorkerView) => (w.location ? distanceMeters(w.location, incident.location) : Number.POSITIVE_INFINITY);
  const free = [...workers.value.values()].filter((w) => w.onDuty && w.status === 'available' && w.id !== incident.worker?.id).sort((a, b) => near(a) - near(b));
  const assign = () => {
    setBusy(true);
    actions.api.post<IncidentView>(API.assign(incident.id), { workerId: select.current?.value ?? '' }).then(
      (updated) => {
        setBusy(false);
        onDone(updated);
      },
      (e: unknown) => {
        setBusy(false);
        onFail(e);
      },
    );
  };
  const inHand = incident.state === 'accepted' || incident.state === 'contacted' || incident.state === 'arrived';
  return (
    <div class="assign-form">
      <span class="muted">{t(inHand ? 'reassignTo' : 'assignTo')}</span>
      <select ref={select} class="assign-select" data-testid="assign-select">
        {free.map((w) => (
          <option key={w.id} value={w.id}>
            {[w.name, label(TEAM_LABELS, w.team), w.location ? formatDistance(near(w)) : null, w.reachability ? verdictText(w.reachability.verdict) : null].filter(Boolean).join(' · ')}
          </option>
        ))}
      </select>
      <button class="btn" type="button" data-testid="assign-button" disabled={busy || !free.length} onClick={assign}>
        {t('assign')}
      </button>
    </div>
  );
}

function ConfirmButton({ incident, onDone, onFail }: Answered) {
  const actions = useActions();
  const [busy, setBusy] = useState(false);
  const confirm = () => {
    setBusy(true);
    actions.api.post<IncidentView>(API.confirmDispatch(incident.id)).then(
      (updated) => {
        setBusy(false);
        onDone(updated);
      },
      (e: unknown) => {
        setBusy(false);
        onFail(e);
      },
    );
  };
  return (
    <button class="btn btn-primary" type="button" data-testid="confirm-dispatch" disabled={busy} onClick={confirm}>
      {t('confirmDispatch')}
    </button>
  );
}

/** 「链校验通过」 or 「链校验失败（第 N 条）」 with the reason; the events not rebuilding the case shows too. */
function ChainBadge({ verdict: v }: { verdict: TimelineVerdict | 'unavailable' | null }) {
  const badge = (text: string, ok: boolean | null, title?: string) => (
    // Reuses the state colours: green as a closed case, red as a waiting one.
    <span class="badge chain-badge" data-state={ok === null ? undefined : ok ? 'closed' : 'received'} data-testid="chain-badge" title={title}>
      {text}
    </span>
  );
  if (v === null) return badge(t('chainChecking'), null);
  if (v === 'unavailable') return badge(t('chainUnavailable'), null);
  if (!v.chain.ok) return badge(`${t('chainBroken').replace('{n}', String(v.chain.seq))} · ${label(CHAIN_BREAK_LABELS, v.chain.reason)}`, false);
  if (v.mismatches.length) return badge(t('chainMismatch'), false, v.mismatches.map((m) => `${m.field}: ${m.fromEvents ?? '—'} ≠ ${m.onRow ?? '—'}`).join('\n'));
  return badge(t('chainOk'), true);
}

function ExportButton({ incident, format }: { incident: IncidentView; format: TimelineExportFormat }) {
  const { api } = useActions();
  const [busy, setBusy] = useState(false);
  const download = () => {
    setBusy(true);
    downloadAttachment(api, API.timelineExport(incident.id, format), `timeline-${incident.id}.${format}`)
      .catch((e: unknown) => showToast(errorText(e), 'error'))
      .finally(() => setBusy(false));
  };
  return (
    <button class="btn btn-ghost" type="button" data-testid={`export-${format}`} disabled={busy} onClick={download}>
      {t(format === 'json' ? 'exportJson' : 'exportCsv')}
    </button>
  );
}

function ExportButtons({ incident }: { incident: IncidentView }) {
  return (
    <div class="assign-form">
      <ExportButton incident={incident} format="json" />
      <ExportButton incident={incident} format="csv" />
    </div>
  );
}

function Timeline({ detail, loadError }: { detail: IncidentDetailView | null; loadError: string | null }) {
  if (loadError) return <p class="error-text">{loadError}</p>;
  if (!detail) return <p class="muted">{t('loading')}</p>;
  // In chain order: the order the hub recorded them, which the hashes vouch for.
  const entries = [...detail.timeline].sort((a, b) => a.seq - b.seq);
  const names = workers.value;
  return (
    <ol class="timeline">
      {entries.map((entry) => (
        <li key={entry.seq} data-type={entry.type}>
          <span class="tl-time num">{formatTime(entry.at)}</span>
          <span class="tl-type">
            {timelineEntryLabel(entry)}{' '}
            <span class="badge tl-source" data-source={entry.source} title={`#${entry.seq} · ${entry.hash.slice(0, 12)}…`}>
              {label(EVENT_SOURCE_LABELS, entry.source)}
            </span>
          </span>
          <span class="tl-actor muted">{timelineDetailText(entry, (id) => names.get(id)?.name, detail.station?.name)}</span>
        </li>
      ))}
    </ol>
  );
}
