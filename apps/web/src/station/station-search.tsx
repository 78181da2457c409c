/**
 * The station's search bar: text (case number, address, caller's name) and filters (state, closure,
 * category, Beijing-time days, breach). What is chosen is the bar's own state, so it outlives language
 * switches and redraws; the bar tells the page the query whenever it changes, and the hub answers it
 * over the station's whole history.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { CATEGORIES, CATEGORY_LABELS, CLOSURES, CLOSURE_LABELS, INCIDENT_STATES, INCIDENT_STATE_LABELS, STATION_SEARCH_Q_MAX, type StationSearchQuery } from '@xiaonao/contracts';
import { label } from '../shared/i18n';
import { results, searching, useLanguage } from './station-store';
import { st } from './station-text';

/** Typing settles before the hub is asked; Enter asks at once. */
const TYPING_PAUSE_MS = 300;

type Values = Record<'q' | 'state' | 'closure' | 'category' | 'from' | 'to' | 'breached', string>;
const EMPTY: Values = { q: '', state: '', closure: '', category: '', from: '', to: '', breached: '' };

/** The hub's query for what is chosen; null when nothing is, and the table follows the live list. */
function queryOf(v: Values): StationSearchQuery | null {
  if (Object.values(v).every((value) => value === '')) return null;
  return {
    q: v.q.trim() || undefined,
    state: (v.state || undefined) as StationSearchQuery['state'],
    closure: (v.closure || undefined) as StationSearchQuery['closure'],
    category: (v.category || undefined) as StationSearchQuery['category'],
    from: v.from || undefined,
    to: v.to || undefined,
    breached: v.breached === '' ? undefined : v.breached === 'true',
  };
}

function Select({ name, value, options, onPick }: { name: keyof Values; value: string; options: [string, string][]; onPick: (value: string) => void }) {
  return (
    <select class="search-select" data-testid={`filter-${name}`} aria-label={options[0][1]} value={value} onChange={(e) => onPick(e.currentTarget.value)}>
      {options.map(([option, text]) => (
        <option key={option} value={option}>
          {text}
        </option>
      ))}
    </select>
  );
}

function DateFilter({ name, value, onPick }: { name: 'from' | 'to'; value: string; onPick: (value: string) => void }) {
  return (
    <label class="search-date-label">
      <span class="muted">{st(name)}</span>
      <input type="date" class="search-date" data-testid={`filter-${name}`} aria-label={st(name)} value={value} onChange={(e) => onPick(e.currentTarget.value)} />
    </label>
  );
}

export function StationSearchBar({ onSearch }: { onSearch: (query: StationSearchQuery | null) => void }) {
  useLanguage();
  const values = useSignal<Values>(EMPTY);
  /** The text as typed; it becomes `values.q` once typing pauses or Enter is pressed. */
  const draft = useSignal('');
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopTyping = () => {
    if (typing.current) clearTimeout(typing.current);
    typing.current = null;
  };
  useEffect(() => stopTyping, []);

  const set = (key: keyof Values, value: string, always = false) => {
    if (values.value[key] === value && !always) return;
    values.value = { ...values.value, [key]: value };
    onSearch(queryOf(values.value));
  };
  const clear = () => {
    stopTyping();
    values.value = EMPTY;
    draft.value = '';
    onSearch(null);
  };
  const v = values.value;
  return (
    <div id="station-search-bar" class="station-search-bar" data-testid="station-search-bar" role="search">
      <input
        type="search"
        class="search-input"
        data-testid="station-search"
        placeholder={st('searchPlaceholder')}
        aria-label={st('searchLabel')}
        maxLength={STATION_SEARCH_Q_MAX}
        value={draft.value}
        onInput={(e) => {
          draft.value = e.currentTarget.value;
          stopTyping();
          typing.current = setTimeout(() => set('q', draft.value), TYPING_PAUSE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          stopTyping();
          set('q', e.currentTarget.value, true);
        }}
      />
      <Select name="state" value={v.state} onPick={(x) => set('state', x)} options={[['', st('anyState')], ['open', st('openState')], ...INCIDENT_STATES.map((s): [string, string] => [s, label(INCIDENT_STATE_LABELS, s)])]} />
      <Select name="closure" value={v.closure} onPick={(x) => set('closure', x)} options={[['', st('anyClosure')], ...CLOSURES.map((c): [string, string] => [c, label(CLOSURE_LABELS, c)])]} />
      <Select name="category" value={v.category} onPick={(x) => set('category', x)} options={[['', st('anyCategory')], ...CATEGORIES.map((c): [string, string] => [c, label(CATEGORY_LABELS, c)])]} />
      <DateFilter name="from" value={v.from} onPick={(x) => set('from', x)} />
      <DateFilter name="to" value={v.to} onPick={(x) => set('to', x)} />
      <Select name="breached" value={v.breached} onPick={(x) => set('breached', x)} options={[['', st('anyBreach')], ['true', st('breachedOnly')], ['false', st('onTimeOnly')]]} />
      <button class="btn btn-ghost" type="button" data-testid="filter-clear" onClick={clear}>
        {st('clearFilters')}
      </button>
    </div>
  );
}

/** Under the bar: searching, the count of the hub's answer with 「加载更多」, or that the table is live. */
export function SearchStatus({ onMore }: { onMore: () => void }) {
  useLanguage();
  const answer = results.value;
  const more = answer?.nextCursor;
  return (
    <div id="station-search-status" class="station-search-status muted" data-testid="search-status" aria-live="polite">
      {searching.value ? (
        st('searching')
      ) : !answer ? (
        st('liveHint')
      ) : (
        <>
          <span data-testid="search-count" data-count={String(answer.items.length)}>
            {st(more ? 'resultCountMore' : 'resultCount', { n: answer.items.length })}
          </span>
          {more ? (
            <button class="btn btn-ghost" type="button" data-testid="load-more" onClick={onMore}>
              {st('loadMore')}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
