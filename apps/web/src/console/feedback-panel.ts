/**
 * 结果反馈: each integration's feedback subscription at a glance (where results go, how many wait,
 * how many are dead letters) and the dead letters themselves, each re-sendable, or all of an
 * integration at once. A resend puts them back at the head of their case's queue (docs/feedback-110.md).
 */
import { FEEDBACK_API, type FeedbackDeadLetterView, type FeedbackSubscriptionView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { locale, onLocaleChange } from '../shared/i18n';
import { showToast } from '../shared/toast';

/** Chinese first; English when the page is switched to it. */
const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

const TYPE_TEXT: Record<string, [string, string]> = {
  'case.accepted': ['已接单', 'Accepted'],
  'case.contacted': ['已联系', 'Contacted'],
  'case.arrived': ['已到场', 'Arrived'],
  'case.closed': ['办结', 'Closed'],
  'case.returned_to_police': ['退回公安', 'Returned to police'],
  'case.handed_to_12345': ['移交12345', 'Handed to 12345'],
  'case.reopened': ['重新办理', 'Reopened'],
  'case.followed_up': ['回访', 'Return visit'],
  'case.signed_off': ['销号', 'Signed off'],
};
const typeText = (type: string) => {
  const words = TYPE_TEXT[type];
  return words ? tx(words[0], words[1]) : type;
};
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export class FeedbackPanel {
  private readonly button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'feedback-open' });
  private panel: HTMLElement | null = null;
  private subscriptions: FeedbackSubscriptionView[] = [];
  private dead: FeedbackDeadLetterView[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : void this.open()));
    this.label();
    onLocaleChange(() => {
      this.label();
      this.paint();
    });
  }

  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  async open(): Promise<void> {
    this.panel ??= h('div', { class: 'feedback-panel', 'data-testid': 'feedback-panel' });
    if (!this.panel.isConnected) this.host.append(this.panel);
    await this.load();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
  }

  private label(): void {
    this.button.textContent = tx('结果反馈', 'Feedback');
  }

  private async load(): Promise<void> {
    try {
      [this.subscriptions, this.dead] = await Promise.all([
        this.api.get<FeedbackSubscriptionView[]>(FEEDBACK_API.subscriptions),
        this.api.get<FeedbackDeadLetterView[]>(FEEDBACK_API.deadLetters),
      ]);
      this.paint();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  private async resend(body: { eventId?: string; door?: string; integrationId?: string }, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const { requeued } = await this.api.post<{ requeued: number }>(FEEDBACK_API.resend, body);
      showToast(tx(`已重新排队 ${requeued} 条`, `${requeued} re-queued`), 'info');
      await this.load();
    } catch (e) {
      button.disabled = false;
      showToast(errorText(e), 'error');
    }
  }

  private paint(): void {
    if (!this.panel) return;
    const close = h('button', { class: 'btn btn-ghost', type: 'button', title: tx('关闭', 'Close') }, '×');
    close.addEventListener('click', () => this.close());
    const refresh = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'feedback-refresh' }, tx('刷新', 'Refresh'));
    refresh.addEventListener('click', () => void this.load());
    this.panel.replaceChildren(
      h('div', { class: 'feedback-head' }, h('h3', { class: 'detail-sub' }, tx('结果反馈', 'Results back to the sender')), h('span', {}, refresh, close)),
      this.subscriptionTable(),
      h('h4', {}, tx(`死信（${this.dead.length}）`, `Dead letters (${this.dead.length})`)),
      this.deadTable(),
    );
  }

  private subscriptionTable(): HTMLElement {
    const rows = this.subscriptions.map((s) => {
      const resendAll = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'feedback-resend-all' }, tx('全部重发', 'Resend all'));
      resendAll.disabled = s.counts.dead === 0;
      resendAll.addEventListener('click', () => void this.resend({ integrationId: s.integrationId }, resendAll));
      const doors = [s.webhookUrl ? `Webhook ${s.webhookUrl}` : null, s.jetstream ? `JetStream ${s.subject}` : null].filter(Boolean).join(' · ') || tx('未配置', 'not configured');
      const state = s.enabled ? tx('启用', 'on') : s.disabledReason === 'gone_410' ? tx('对方已停用(410)', 'off: receiver gone (410)') : tx('停用', 'off');
      return h(
        'tr',
        { 'data-integration': s.integrationId },
        h('td', {}, s.integrationName, h('div', { class: 'muted' }, s.integrationKind)),
        h('td', { class: 'feedback-doors' }, doors),
        h('td', {}, state),
        h('td', { class: 'num' }, String(s.counts.pending)),
        h('td', { class: 'num' }, String(s.counts.delivered)),
        h('td', { class: 'num', 'data-testid': 'feedback-dead-count' }, String(s.counts.dead)),
        h('td', {}, resendAll),
      );
    });
    return h(
      'table',
      { class: 'feedback-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[tx('对接方', 'Integration'), tx('推送到', 'Doors'), tx('状态', 'State'), tx('待发', 'Pending'), tx('已送达', 'Delivered'), tx('死信', 'Dead'), ''].map((c) => h('th', {}, c)),
        ),
      ),
      h('tbody', {}, ...rows),
    );
  }

  private deadTable(): HTMLElement {
    if (!this.dead.length) return h('p', { class: 'muted' }, tx('没有死信', 'No dead letters'));
    const rows = this.dead.map((d) => {
      const resend = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'feedback-resend' }, tx('重发', 'Resend'));
      resend.addEventListener('click', () => void this.resend({ eventId: d.eventId, door: d.door }, resend));
      return h(
        'tr',
        { 'data-event': d.eventId },
        h('td', {}, d.integrationName),
        h('td', {}, d.caseNo),
        h('td', {}, typeText(d.type)),
        h('td', {}, time(d.occurredAt)),
        h('td', {}, d.door),
        h('td', { class: 'num' }, String(d.attempts)),
        h('td', { class: 'feedback-error', title: d.lastError ?? '' }, d.lastStatus ? `HTTP ${d.lastStatus}` : (d.lastError ?? '')),
        h('td', {}, resend),
      );
    });
    return h(
      'table',
      { class: 'feedback-table', 'data-testid': 'feedback-dead' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[tx('对接方', 'Integration'), tx('对方警情编号', 'Their case no.'), tx('事件', 'Event'), tx('发生时间', 'Occurred'), tx('出口', 'Door'), tx('次数', 'Attempts'), tx('最后错误', 'Last error'), ''].map((c) =>
            h('th', {}, c),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    );
  }
}
