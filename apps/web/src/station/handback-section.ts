/**
 * 「退回我所」: cases the township returned to this station (a police matter after all), each with the
 * reason, the worker's notes from site, who returned it and when, and the station's 签收. Filled from
 * the hub's list and kept live from the case upserts the station's socket already receives.
 */
import { CATEGORY_LABELS, HANDBACK_API, POLICE_RETURN_REASON_LABELS, type IncidentView, type Locale, type PoliceReturnReason } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatDateTime } from '../shared/format-time';
import { label, locale } from '../shared/i18n';
import { showToast } from '../shared/toast';

const say = (text: Record<Locale, string>) => text[locale()];

const TEXT = {
  title: { zh: '退回我所', en: 'Returned to us' },
  empty: { zh: '暂无退回事件', en: 'No cases returned' },
  unsigned: { zh: '待签收', en: 'to sign' },
  reason: { zh: '退回理由', en: 'Reason' },
  notes: { zh: '现场情况', en: 'Notes from site' },
  by: { zh: '退回人', en: 'Returned by' },
  sign: { zh: '签收', en: 'Sign for it' },
  signed: { zh: '已签收', en: 'Signed' },
  fresh: { zh: '新退回事件', en: 'A case was returned' },
  role: { worker: { zh: '网格员', en: 'worker' }, operator: { zh: '值班员', en: 'operator' }, station: { zh: '派出所', en: 'station' } },
} as const;

function reasonText(category: string): string {
  const labels = POLICE_RETURN_REASON_LABELS as Record<string, Record<Locale, string>>;
  return labels[category] ? say(labels[category as PoliceReturnReason]) : category;
}

export class HandbackSection {
  private readonly cases = new Map<string, IncidentView>();
  private readonly signing = new Set<string>();
  private primed = false;
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
    private readonly stationId: string | null,
  ) {}

  /** The hub's list, afresh (at start and after a reconnect's reload). */
  async load(): Promise<void> {
    const list = await this.api.get<IncidentView[]>(HANDBACK_API.stationReturned);
    this.cases.clear();
    for (const incident of list) this.cases.set(incident.id, incident);
    this.render();
  }

  /** A case upsert from the socket: kept when it is a return to this station. */
  upsert(incident: IncidentView): void {
    if (incident.handback?.target !== 'police' || (this.stationId && incident.station?.id !== this.stationId)) return;
    const known = this.cases.get(incident.id);
    if (known && Date.parse(known.updatedAt) > Date.parse(incident.updatedAt)) return;
    if (!known && this.primed) showToast(`${say(TEXT.fresh)} · ${incident.caseNo}`, 'at_risk');
    this.cases.set(incident.id, incident);
    this.render();
  }

  render(): void {
    const list = [...this.cases.values()].sort((a, b) => Date.parse(b.handback?.at ?? '') - Date.parse(a.handback?.at ?? ''));
    const unsigned = list.filter((i) => !i.handback?.acknowledgedAt).length;
    this.root.replaceChildren(
      h(
        'div',
        { class: 'handback-head' },
        h('h2', {}, say(TEXT.title)),
        h('span', { class: 'handback-count num', 'data-testid': 'returned-unsigned', 'data-count': unsigned }, unsigned ? `${unsigned} ${say(TEXT.unsigned)}` : ''),
      ),
      list.length
        ? h('ol', { class: 'handback-list', 'data-testid': 'returned-list' }, ...list.map((incident) => this.item(incident)))
        : h('div', { class: 'empty', 'data-testid': 'returned-empty' }, say(TEXT.empty)),
    );
    for (const incident of list) this.seen.add(incident.id);
    this.primed = true;
  }

  private item(incident: IncidentView): HTMLElement {
    const hb = incident.handback;
    if (!hb) return h('li', {});
    const signed = hb.acknowledgedAt !== null;
    const fresh = this.primed && !this.seen.has(incident.id);
    const line = (title: Record<Locale, string>, value: string, cls = '') => h('div', { class: `handback-line ${cls}` }, h('span', { class: 'muted' }, `${say(title)}${locale() === 'zh' ? '：' : ': '}`), value);
    return h(
      'li',
      { class: `handback-item${fresh ? ' fresh' : ''}`, 'data-testid': 'returned-case', 'data-case-no': incident.caseNo, 'data-signed': signed ? 'true' : 'false' },
      h(
        'div',
        { class: 'handback-item-head' },
        h('span', { class: 'num case-no' }, incident.caseNo),
        h('span', { class: 'badge', 'data-closure': 'returned_to_police' }, reasonText(hb.reasonCategory)),
        h('span', {}, `${label(CATEGORY_LABELS, incident.category)} · ${incident.address}`),
        h('span', { class: 'muted num' }, formatDateTime(hb.at)),
      ),
      line(TEXT.reason, hb.reason, 'handback-reason'),
      hb.notes ? line(TEXT.notes, hb.notes, 'handback-notes') : null,
      line(TEXT.by, `${hb.by.name}（${say(TEXT.role[hb.by.role])}）`),
      h('div', { class: 'handback-sign' }, signed ? h('span', { class: 'handback-signed', 'data-testid': 'signed' }, `✓ ${say(TEXT.signed)} · ${hb.acknowledgedBy ?? ''} ${formatDateTime(hb.acknowledgedAt ?? '')}`) : this.signButton(incident)),
    );
  }

  private signButton(incident: IncidentView): HTMLElement {
    const button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'sign-button' }, say(TEXT.sign));
    if (this.signing.has(incident.id)) button.setAttribute('disabled', '');
    button.addEventListener('click', () => {
      this.signing.add(incident.id);
      button.setAttribute('disabled', '');
      this.api
        .post<IncidentView>(HANDBACK_API.acknowledge(incident.id))
        .then(
          (updated) => this.upsert(updated),
          (e: unknown) => showToast(errorText(e), 'error'),
        )
        .finally(() => {
          this.signing.delete(incident.id);
          this.render();
        });
    });
    return button;
  }
}
