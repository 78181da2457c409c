/**
 * The side panel's list: open cases most urgent first (breached, at risk, then the nearest deadline),
 * then today's closed cases, folded. A clock turning reorders the list on the next tick.
 */
import { refreshClockChips } from '../shared/clock-chips';
import { worstRunningStatus } from '../shared/countdown';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import type { ConsoleStore } from './console-store';
import { incidentCard } from './incident-card';

export class IncidentList {
  private closedOpen = false;
  private readonly seen = new Set<string>();
  private primed = false;
  /** The open cases' ids in the order drawn, to redraw when a clock turning changes it. */
  private order = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly store: ConsoleStore,
    private readonly onPick: (id: string) => void,
  ) {
    root.addEventListener('click', (event) => this.pick(event));
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.pick(event);
    });
  }

  private pick(event: Event): void {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('.closed-toggle')) {
      this.closedOpen = !this.closedOpen;
      this.render(serverNow());
      return;
    }
    const card = target?.closest<HTMLElement>('[data-testid="incident-card"]');
    const id = card?.dataset.incidentId;
    if (id) this.onPick(id);
  }

  render(now: number): void {
    const open = this.store.openByUrgency(now);
    this.order = open.map((i) => i.id).join(',');
    const closed = this.store.closedToday(now);
    const selected = this.store.selectedId;
    const cards = open.map((incident) => {
      const card = incidentCard(incident, now, incident.id === selected);
      // Cases that arrive while the console is open flash once.
      if (this.primed && !this.seen.has(incident.id)) card.classList.add('fresh');
      this.seen.add(incident.id);
      return card;
    });
    this.primed = true;
    const scroll = this.root.scrollTop;
    const children: HTMLElement[] = [
      h('h2', { class: 'list-title' }, t('openCases'), h('span', { class: 'count num' }, String(open.length))),
      ...(cards.length ? cards : [h('div', { class: 'empty' }, t('noOpenCases'))]),
    ];
    if (closed.length) {
      children.push(
        h(
          'button',
          { class: 'closed-toggle', type: 'button', 'aria-expanded': this.closedOpen ? 'true' : 'false' },
          `${this.closedOpen ? '▾' : '▸'} ${t('closedToday')}`,
          h('span', { class: 'count num' }, String(closed.length)),
        ),
      );
      if (this.closedOpen) children.push(...closed.map((incident) => incidentCard(incident, now, incident.id === selected)));
    }
    this.root.replaceChildren(...children);
    this.root.scrollTop = scroll;
  }

  /**
   * Once a second: clocks and card colours move on without rebuilding the list, unless a clock turning
   * changed the order. Returns true when the list was drawn again (its cards need decorating again).
   */
  tick(now: number): boolean {
    if (this.store.openByUrgency(now).map((i) => i.id).join(',') !== this.order) {
      this.render(now);
      return true;
    }
    refreshClockChips(this.root, now);
    for (const card of this.root.querySelectorAll<HTMLElement>('[data-testid="incident-card"]')) {
      const incident = this.store.incidents.get(card.dataset.incidentId ?? '');
      if (!incident || incident.state === 'closed') continue;
      const worst = worstRunningStatus(incident, now);
      if (card.dataset.worst !== worst) card.dataset.worst = worst;
    }
    return false;
  }
}
