/**
 * Two parts of a case's detail: how its point was found when it came with an address only (confidence,
 * and 确认位置 / 在地图上改点 while it waits), and the reports linked to it (how many, by which doors,
 * each with 拆分 when it was linked by mistake, and its photo).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  INCIDENT_SOURCE_LABELS,
  REPORT_API,
  REPORT_ROLE_LABELS,
  type ErrorBody,
  type IncidentReportsView,
  type IncidentView,
  type LngLat,
  type ReportView,
  type SplitReportAnswer,
} from '@xiaonao/contracts';
import { ApiError, errorText } from '../shared/api-client';
import { formatDistance, formatTime } from '../shared/format-time';
import { label, t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { CallerPhone, type PhoneReveals } from './caller-phone-reveal';
import { useActions } from './console-context';
import { mapPicker } from './map-pick';

/** The placement notice of a case placed from an address; while the point waits, 确认位置 and 在地图上改点. */
export function Placement({ incident }: { incident: IncidentView }) {
  const actions = useActions();
  const [busy, setBusy] = useState<'confirm' | 'move' | null>(null);
  const moving = useRef<((p: LngLat) => void) | null>(null);
  const release = () => {
    if (moving.current) mapPicker.release(moving.current);
    moving.current = null;
  };
  // Another case shown (or the detail closed): the map stops waiting for this one's point.
  useEffect(() => release, []);
  const p = incident.placement;
  if (!p) return null;
  const summary = `${t('placement')}：${p.placeName} · ${t('placementConfidence').replace('{p}', String(Math.round(p.confidence * 100)))}`;
  if (!p.needsConfirmation)
    return (
      <p class="muted placement-note" data-testid="placement">
        {summary}
      </p>
    );
  const confirm = async (location: LngLat | null, button: 'confirm' | 'move') => {
    setBusy(button);
    try {
      const updated = await actions.api.post<IncidentView>(REPORT_API.confirmPoint(incident.id), location ? { location, coordSystem: 'WGS84' } : {});
      release();
      setBusy(null);
      actions.upsertIncident(updated);
    } catch (e) {
      setBusy(null);
      showToast(errorText(e), 'error');
    }
  };
  const move = () => {
    release();
    const listener = (point: LngLat) => {
      mapPicker.mark(point);
      void confirm(point, 'move');
    };
    moving.current = listener;
    mapPicker.want(listener);
    showToast(t('movePointHint'), 'info');
  };
  return (
    <div class="placement-note needs-confirm" data-testid="placement">
      <p class="flag-risk">{`⚠ ${t('pointNeedsConfirm')}`}</p>
      <p class="muted">{summary}</p>
      <div class="assign-form">
        <button class="btn btn-primary" type="button" data-testid="confirm-point" disabled={busy === 'confirm'} onClick={() => void confirm(null, 'confirm')}>
          {t('confirmPoint')}
        </button>
        <button class="btn btn-ghost" type="button" data-testid="move-point" disabled={busy === 'move'} onClick={move}>
          {t('movePoint')}
        </button>
      </div>
    </div>
  );
}

/** The reports linked to the case; read again with every change of the case. */
export function IncidentReports({ incident, reveals }: { incident: IncidentView; reveals: PhoneReveals }) {
  const actions = useActions();
  const [view, setView] = useState<IncidentReportsView | null>(null);
  const [error, setError] = useState('');
  const [photos, setPhotos] = useState<ReadonlyMap<string, string>>(new Map());
  const seq = useRef(0);
  const version = `${incident.id}@${incident.updatedAt}`;
  /** Bumped by a split, so the list is read again even if the case's copy does not move. */
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const mine = ++seq.current;
    actions.api.get<IncidentReportsView>(REPORT_API.incidentReports(incident.id)).then(
      (answer) => {
        if (mine !== seq.current) return;
        setView(answer);
        setError('');
      },
      (e: unknown) => {
        if (mine === seq.current) setError(errorText(e));
      },
    );
  }, [version, reload]);
  const shownPhotos = useRef(photos);
  shownPhotos.current = photos;
  useEffect(
    () => () => {
      seq.current++;
      for (const url of shownPhotos.current.values()) URL.revokeObjectURL(url);
    },
    [],
  );

  const split = async (r: ReportView, done: () => void) => {
    if (!window.confirm(t('splitConfirm'))) return done();
    try {
      const answer = await actions.api.post<SplitReportAnswer>(REPORT_API.split(incident.id, r.id));
      showToast(t('splitDone').replace('{no}', answer.incident.caseNo), 'success');
      setReload((n) => n + 1);
      actions.upsertIncident(answer.from);
    } catch (e) {
      done();
      showToast(errorText(e), 'error');
    }
  };

  /** The photo is behind the operator's token, so an <img src> cannot fetch it: fetched here, shown from a blob. */
  const showPhoto = async (r: ReportView, done: () => void) => {
    if (!r.photoUrl) return;
    try {
      const response = await actions.api.fetch(r.photoUrl);
      if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => null)) as ErrorBody | null) ?? null);
      const url = URL.createObjectURL(await response.blob());
      setPhotos((known) => new Map(known).set(r.id, url));
    } catch (e) {
      done();
      showToast(errorText(e), 'error');
    }
  };

  const v = view?.incidentId === incident.id ? view : null;
  return (
    <section class="reports-section" data-testid="incident-reports">
      <h3 class="detail-sub">{t('reports')}</h3>
      {error || !v ? (
        error ? (
          <p class="error-text">{error}</p>
        ) : (
          <p class="muted">{t('loading')}</p>
        )
      ) : (
        <>
          <p class="muted" data-testid="reports-summary">
            {t('reportsSummary')
              .replace('{n}', String(v.count))
              .replace('{sources}', v.sources.map((s) => label(INCIDENT_SOURCE_LABELS, s)).join('、'))}
          </p>
          <ol class="report-list">
            {v.reports.map((r) => (
              <ReportItem key={r.id} incident={incident} report={r} photo={photos.get(r.id)} reveals={reveals} onSplit={split} onPhoto={showPhoto} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

type ReportAct = (r: ReportView, done: () => void) => Promise<void>;

function ReportItem({ incident, report: r, photo, reveals, onSplit, onPhoto }: { incident: IncidentView; report: ReportView; photo: string | undefined; reveals: PhoneReveals; onSplit: ReportAct; onPhoto: ReportAct }) {
  const [busy, setBusy] = useState<'split' | 'photo' | null>(null);
  const facts = [
    formatTime(r.receivedAt),
    label(INCIDENT_SOURCE_LABELS, r.source),
    r.caseNo,
    label(REPORT_ROLE_LABELS, r.role),
    r.distanceM === null ? null : t('reportDistance').replace('{d}', formatDistance(r.distanceM)),
  ].filter(Boolean);
  const whoParts = [
    r.callerName,
    r.callerPhone ? <CallerPhone incidentId={incident.id} maskedPhone={r.callerPhone} reportId={r.id} reveals={reveals} /> : '',
    r.address,
  ].filter((p) => p !== '');
  const who = whoParts.flatMap((p, i) => (i ? [' · ', p] : [p]));
  const canSplit = r.role === 'linked' && incident.state !== 'closed';
  const canView = Boolean(r.photoUrl) && !photo;
  return (
    <li data-role={r.role} data-testid="report-item">
      <div class="num">{facts.join(' · ')}</div>
      {who.length ? <div class="muted">{who}</div> : null}
      <div>{r.description}</div>
      {photo ? <img class="report-photo" src={photo} alt={t('photo')} /> : null}
      {canSplit || canView ? (
        <div class="assign-form">
          {canSplit ? (
            <button
              class="btn btn-ghost"
              type="button"
              data-testid="split-report"
              disabled={busy === 'split'}
              onClick={() => {
                setBusy('split');
                void onSplit(r, () => setBusy(null));
              }}
            >
              {t('splitReport')}
            </button>
          ) : null}
          {canView ? (
            <button
              class="btn btn-ghost"
              type="button"
              data-testid="view-photo"
              disabled={busy === 'photo'}
              onClick={() => {
                setBusy('photo');
                void onPhoto(r, () => setBusy(null));
              }}
            >
              {t('viewPhoto')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
