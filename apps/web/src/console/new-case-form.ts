/**
 * 登记事件: an operator enters a case that came by phone or in person. The site is a point picked on
 * the map, a place chosen from the gazetteer search, or else the typed address (the hub places it, and
 * a weak match waits for the operator to confirm the point). The hub answers with the case it made, or
 * the open case of the same event the entry joined.
 */
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
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { label, onLocaleChange, t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { mapPicker } from './map-pick';

const SEARCH_DELAY_MS = 300;
const SEARCH_LIMIT = 6;
/** Police matters are refused back to 110 wherever they arrive; the form does not offer them. */
const ENTRY_CATEGORIES = CATEGORIES.filter((c) => !(POLICE_CATEGORIES as readonly Category[]).includes(c));

interface Draft {
  point: LngLat | null;
  pointFrom: 'map' | 'place' | null;
  busy: boolean;
}

export class NewCaseForm {
  private readonly button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'new-case' });
  private panel: HTMLElement | null = null;
  private draft: Draft = { point: null, pointFrom: null, busy: false };
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchSeq = 0;
  private readonly pick = (p: LngLat) => this.setPoint(p, 'map');

  /** `host`: where the form floats (over the map); `onEntered`: the answer, to show the case. */
  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
    private readonly onEntered: (answer: ReportAnswer) => void,
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : this.open()));
    this.paintButton();
    onLocaleChange(() => {
      this.paintButton();
      if (this.panel) this.open();
    });
  }

  /** The 登记事件 button, first in `bar`. */
  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  private paintButton(): void {
    this.button.textContent = `＋ ${t('newCase')}`;
  }

  open(): void {
    this.panel?.remove();
    this.draft = { point: null, pointFrom: null, busy: false };
    this.panel = this.build();
    this.host.append(this.panel);
    mapPicker.want(this.pick);
    this.panel.querySelector<HTMLElement>('[name="address"]')?.focus();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
    mapPicker.release(this.pick);
  }

  private build(): HTMLElement {
    const field = (key: Parameters<typeof t>[0], control: HTMLElement) => h('label', { class: 'nc-field' }, h('span', { class: 'muted' }, t(key)), control);
    const channel = h('select', { name: 'channel' }, ...INTAKE_CHANNELS.map((c) => h('option', { value: c }, label(INTAKE_CHANNEL_LABELS, c))));
    const category = h('select', { name: 'category', 'data-testid': 'new-case-category' }, ...ENTRY_CATEGORIES.map((c) => h('option', { value: c }, label(CATEGORY_LABELS, c))));
    const address = h('input', { name: 'address', type: 'search', maxlength: 200, autocomplete: 'off', placeholder: t('addressSearch'), 'data-testid': 'new-case-address' });
    address.addEventListener('input', () => this.searchSoon(address.value));
    const description = h('textarea', { name: 'description', rows: 3, maxlength: 2000, 'data-testid': 'new-case-description' });
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'new-case-submit' }, t('submit'));
    const cancel = h('button', { class: 'btn btn-ghost', type: 'button' }, t('cancel'));
    cancel.addEventListener('click', () => this.close());

    const form = h(
      'form',
      { class: 'new-case-form', 'data-testid': 'new-case-form' },
      h('h3', { class: 'detail-sub' }, t('newCaseTitle')),
      h('div', { class: 'nc-row' }, field('channel', channel), field('category', category)),
      h(
        'div',
        { class: 'nc-row' },
        field('callerName', h('input', { name: 'callerName', maxlength: 50, autocomplete: 'off' })),
        field('callerPhone', h('input', { name: 'callerPhone', type: 'tel', maxlength: 20, autocomplete: 'off' })),
      ),
      field('address', address),
      h('ul', { class: 'nc-results', 'data-role': 'results' }),
      h('p', { class: 'nc-point muted', 'data-role': 'point' }),
      field('description', description),
      h('p', { class: 'error-text', 'data-role': 'error' }),
      h('div', { class: 'nc-actions' }, cancel, submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit(form);
    });
    this.paintPoint(form);
    return h('div', { class: 'new-case-panel' }, form);
  }

  private setPoint(p: LngLat | null, from: Draft['pointFrom']): void {
    this.draft.point = p;
    this.draft.pointFrom = p ? from : null;
    mapPicker.mark(p);
    if (this.panel) this.paintPoint(this.panel);
  }

  private paintPoint(root: HTMLElement): void {
    const el = root.querySelector<HTMLElement>('[data-role="point"]');
    if (!el) return;
    const { point, pointFrom } = this.draft;
    if (!point) {
      el.replaceChildren(`${t('noPointYet')} · ${t('pickOnMapHint')}`);
      return;
    }
    const clear = h('button', { class: 'btn btn-ghost nc-clear', type: 'button' }, t('clearPoint'));
    clear.addEventListener('click', () => this.setPoint(null, null));
    el.replaceChildren(`${t(pointFrom === 'place' ? 'pointFromPlace' : 'pointFromMap')} · ${point.lng.toFixed(5)}, ${point.lat.toFixed(5)} `, clear);
  }

  private searchSoon(text: string): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(text.trim()), SEARCH_DELAY_MS);
  }

  private async search(q: string): Promise<void> {
    const seq = ++this.searchSeq;
    const list = this.panel?.querySelector<HTMLElement>('[data-role="results"]');
    if (!list) return;
    if (!q) {
      list.replaceChildren();
      return;
    }
    let found: PlaceSearchResult[] = [];
    try {
      found = await this.api.get<PlaceSearchResult[]>(`${PLACES_API.search}?q=${encodeURIComponent(q)}&limit=${SEARCH_LIMIT}`);
    } catch {
      // A failed search leaves the typed address, which the hub places itself.
    }
    if (seq !== this.searchSeq) return;
    list.replaceChildren(
      ...found.map((r) => {
        const item = h(
          'li',
          { 'data-testid': 'place-result' },
          h('strong', {}, r.place.name || r.place.address),
          r.place.name && r.place.address ? h('span', { class: 'muted' }, ` ${r.place.address}`) : null,
          h('span', { class: 'muted num' }, ` · ${Math.round(r.confidence * 100)}%`),
        );
        item.addEventListener('click', () => {
          const input = this.panel?.querySelector<HTMLInputElement>('[name="address"]');
          if (input) input.value = r.place.address || r.place.name;
          list.replaceChildren();
          this.setPoint(r.place.location, 'place');
        });
        return item;
      }),
    );
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    if (this.draft.busy) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null)?.value.trim() ?? '';
    const error = form.querySelector<HTMLElement>('[data-role="error"]');
    const fail = (text: string) => {
      if (error) error.textContent = text;
    };
    const address = value('address');
    const missing = !address && !this.draft.point ? t('needAddressOrPoint') : !value('description') ? t('descriptionRequired') : '';
    if (missing) {
      fail(missing);
      return;
    }
    const body: OperatorEntryRequest = {
      channel: value('channel') as IntakeChannel,
      callerName: value('callerName'),
      callerPhone: value('callerPhone'),
      category: value('category') as Category,
      description: value('description'),
      ...(address ? { address } : {}),
      ...(this.draft.point ? { location: this.draft.point, coordSystem: 'WGS84' as const } : {}),
    };
    this.draft.busy = true;
    form.querySelector('[type="submit"]')?.setAttribute('disabled', '');
    fail('');
    try {
      const answer = await this.api.post<ReportAnswer>(REPORT_API.operatorEntry, body);
      showToast(t(answer.linked ? 'caseLinked' : 'caseEntered').replace('{no}', answer.linked ? answer.incident.caseNo : answer.caseNo), 'success');
      this.close();
      this.onEntered(answer);
    } catch (e) {
      fail(errorText(e));
    } finally {
      this.draft.busy = false;
      form.querySelector('[type="submit"]')?.removeAttribute('disabled');
    }
  }
}
