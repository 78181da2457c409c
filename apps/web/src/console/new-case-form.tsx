/**
 * 登记事件: an operator enters a case that came by phone or in person. The site is a point picked on
 * the map, a place chosen from the gazetteer search, or else the typed address (the hub places it, and
 * a weak match waits for the operator to confirm the point). The hub answers with the case it made, or
 * the open case of the same event the entry joined.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  INTAKE_CHANNELS,
  INTAKE_CHANNEL_LABELS,
  PLACES_API,
  POLICE_CATEGORIES,
  REPORT_API,
  type Category,
  type IntakeChannel,
  type LngLat,
  type OperatorEntryRequest,
  type PlaceSearchResult,
  type ReportAnswer,
} from '@xiaonao/contracts';
import { errorText } from '../shared/api-client';
import { label, t, type TextKey } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { mapPicker } from './map-pick';

const SEARCH_DELAY_MS = 300;
const SEARCH_LIMIT = 6;
/** Police matters are refused back to 110 wherever they arrive; the form does not offer them. */
const ENTRY_CATEGORIES = CATEGORIES.filter((c) => !(POLICE_CATEGORIES as readonly Category[]).includes(c));

interface Point {
  point: LngLat;
  from: 'map' | 'place';
}

function Field({ text, children }: { text: TextKey; children: preact.ComponentChildren }) {
  return (
    <label class="nc-field">
      <span class="muted">{t(text)}</span>
      {children}
    </label>
  );
}

/** The form, floating over the map while its panel is open; the map gives points while it is. */
export function NewCaseForm() {
  useLanguage();
  const actions = useActions();
  const form = useRef<HTMLFormElement>(null);
  const address = useRef<HTMLInputElement>(null);
  const [point, setPointState] = useState<Point | null>(null);
  const [found, setFound] = useState<readonly PlaceSearchResult[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const searchSeq = useRef(0);

  const setPoint = (p: LngLat | null, from: Point['from']) => {
    setPointState(p ? { point: p, from } : null);
    mapPicker.mark(p);
  };
  useEffect(() => {
    const pick = (p: LngLat) => setPoint(p, 'map');
    mapPicker.want(pick);
    address.current?.focus();
    return () => {
      mapPicker.release(pick);
      if (searchTimer.current) clearTimeout(searchTimer.current);
    };
  }, []);

  const close = () => actions.togglePanel('newCase', false);

  const search = async (q: string) => {
    const seq = ++searchSeq.current;
    if (!q) {
      setFound([]);
      return;
    }
    let answer: PlaceSearchResult[] = [];
    try {
      answer = await actions.api.get<PlaceSearchResult[]>(`${PLACES_API.search}?q=${encodeURIComponent(q)}&limit=${SEARCH_LIMIT}`);
    } catch {
      // A failed search leaves the typed address, which the hub places itself.
    }
    if (seq === searchSeq.current) setFound(answer);
  };
  const searchSoon = (text: string) => {
    if (searchTimer.current) clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => void search(text.trim()), SEARCH_DELAY_MS);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const el = form.current;
    if (busy || !el) return;
    const value = (name: string) => (el.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null)?.value.trim() ?? '';
    const typed = value('address');
    const missing = !typed && !point ? t('needAddressOrPoint') : !value('description') ? t('descriptionRequired') : '';
    if (missing) {
      setError(missing);
      return;
    }
    const body: OperatorEntryRequest = {
      channel: value('channel') as IntakeChannel,
      callerName: value('callerName'),
      callerPhone: value('callerPhone'),
      category: value('category') as Category,
      description: value('description'),
      ...(typed ? { address: typed } : {}),
      ...(point ? { location: point.point, coordSystem: 'WGS84' as const } : {}),
    };
    setBusy(true);
    setError('');
    try {
      const answer = await actions.api.post<ReportAnswer>(REPORT_API.operatorEntry, body);
      showToast(t(answer.linked ? 'caseLinked' : 'caseEntered').replace('{no}', answer.linked ? answer.incident.caseNo : answer.caseNo), 'success');
      close();
      actions.upsertIncident(answer.incident);
      actions.pick(answer.incident.id);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div class="new-case-panel">
      <form ref={form} class="new-case-form" data-testid="new-case-form" onSubmit={(e) => void submit(e)}>
        <h3 class="detail-sub">{t('newCaseTitle')}</h3>
        <div class="nc-row">
          <Field text="channel">
            <select name="channel">
              {INTAKE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {label(INTAKE_CHANNEL_LABELS, c)}
                </option>
              ))}
            </select>
          </Field>
          <Field text="category">
            <select name="category" data-testid="new-case-category">
              {ENTRY_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {label(CATEGORY_LABELS, c)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div class="nc-row">
          <Field text="callerName">
            <input name="callerName" maxLength={50} autocomplete="off" />
          </Field>
          <Field text="callerPhone">
            <input name="callerPhone" type="tel" maxLength={20} autocomplete="off" />
          </Field>
        </div>
        <Field text="address">
          <input
            ref={address}
            name="address"
            type="search"
            maxLength={200}
            autocomplete="off"
            placeholder={t('addressSearch')}
            data-testid="new-case-address"
            onInput={(e) => searchSoon(e.currentTarget.value)}
          />
        </Field>
        <ul class="nc-results" data-role="results">
          {found.map((r, i) => (
            <li
              key={i}
              data-testid="place-result"
              onClick={() => {
                if (address.current) address.current.value = r.place.address || r.place.name;
                setFound([]);
                setPoint(r.place.location, 'place');
              }}
            >
              <strong>{r.place.name || r.place.address}</strong>
              {r.place.name && r.place.address ? <span class="muted">{` ${r.place.address}`}</span> : null}
              <span class="muted num">{` · ${Math.round(r.confidence * 100)}%`}</span>
            </li>
          ))}
        </ul>
        <p class="nc-point muted" data-role="point">
          {point ? (
            <>
              {`${t(point.from === 'place' ? 'pointFromPlace' : 'pointFromMap')} · ${point.point.lng.toFixed(5)}, ${point.point.lat.toFixed(5)} `}
              <button class="btn btn-ghost nc-clear" type="button" onClick={() => setPoint(null, 'map')}>
                {t('clearPoint')}
              </button>
            </>
          ) : (
            `${t('noPointYet')} · ${t('pickOnMapHint')}`
          )}
        </p>
        <Field text="description">
          <textarea name="description" rows={3} maxLength={2000} data-testid="new-case-description" />
        </Field>
        <p class="error-text" data-role="error">
          {error}
        </p>
        <div class="nc-actions">
          <button class="btn btn-ghost" type="button" onClick={close}>
            {t('cancel')}
          </button>
          <button class="btn btn-primary" type="submit" data-testid="new-case-submit" disabled={busy}>
            {t('submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
