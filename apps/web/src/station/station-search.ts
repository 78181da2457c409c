/**
 * The station's search bar: text (case number, address, caller's name) and filters (state, closure,
 * category, Beijing-time days, breach). It keeps what was chosen across language switches and tells
 * the page the query whenever it changes; the hub answers it over the station's whole history.
 */
import { CATEGORIES, CATEGORY_LABELS, CLOSURES, CLOSURE_LABELS, INCIDENT_STATES, INCIDENT_STATE_LABELS, STATION_SEARCH_Q_MAX, type StationSearchQuery } from '@xiaonao/contracts';
import { h } from '../shared/dom';
import { label } from '../shared/i18n';
import { st } from './station-text';

/** Typing settles before the hub is asked; Enter asks at once. */
const TYPING_PAUSE_MS = 300;

type Values = Record<'q' | 'state' | 'closure' | 'category' | 'from' | 'to' | 'breached', string>;
const EMPTY: Values = { q: '', state: '', closure: '', category: '', from: '', to: '', breached: '' };

export class StationSearchBar {
  private values: Values = { ...EMPTY };
  private typing: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly onChange: (query: StationSearchQuery) => void,
  ) {}

  /** Any text or filter chosen: the table shows the hub's answer instead of the live list. */
  get active(): boolean {
    return Object.values(this.values).some((v) => v !== '');
  }

  query(): StationSearchQuery {
    const v = this.values;
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

  render(): void {
    const select = (key: keyof Values, options: [string, string][]) => {
      const el = h('select', { class: 'search-select', 'data-testid': `filter-${key}`, 'aria-label': options[0][1] }, ...options.map(([value, text]) => h('option', { value }, text)));
      el.value = this.values[key];
      el.addEventListener('change', () => this.set(key, el.value));
      return el;
    };
    const date = (key: 'from' | 'to') => {
      const el = h('input', { type: 'date', class: 'search-date', 'data-testid': `filter-${key}`, 'aria-label': st(key) });
      el.value = this.values[key];
      el.addEventListener('change', () => this.set(key, el.value));
      return h('label', { class: 'search-date-label' }, h('span', { class: 'muted' }, st(key)), el);
    };
    const text = h('input', { type: 'search', class: 'search-input', 'data-testid': 'station-search', placeholder: st('searchPlaceholder'), 'aria-label': st('searchLabel'), maxlength: STATION_SEARCH_Q_MAX });
    text.value = this.values.q;
    text.addEventListener('input', () => {
      if (this.typing) clearTimeout(this.typing);
      this.typing = setTimeout(() => this.set('q', text.value), TYPING_PAUSE_MS);
    });
    text.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      if (this.typing) clearTimeout(this.typing);
      this.set('q', text.value, true);
    });
    const clear = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'filter-clear' }, st('clearFilters'));
    clear.addEventListener('click', () => {
      this.values = { ...EMPTY };
      this.render();
      this.onChange(this.query());
    });
    this.root.replaceChildren(
      text,
      select('state', [['', st('anyState')], ['open', st('openState')], ...INCIDENT_STATES.map((s): [string, string] => [s, label(INCIDENT_STATE_LABELS, s)])]),
      select('closure', [['', st('anyClosure')], ...CLOSURES.map((c): [string, string] => [c, label(CLOSURE_LABELS, c)])]),
      select('category', [['', st('anyCategory')], ...CATEGORIES.map((c): [string, string] => [c, label(CATEGORY_LABELS, c)])]),
      date('from'),
      date('to'),
      select('breached', [['', st('anyBreach')], ['true', st('breachedOnly')], ['false', st('onTimeOnly')]]),
      clear,
    );
  }

  private set(key: keyof Values, value: string, always = false): void {
    if (this.values[key] === value && !always) return;
    this.values[key] = value;
    this.onChange(this.query());
  }
}
