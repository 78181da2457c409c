/**
 * 提醒链: how the hub pages a worker about an offer — the night window (Beijing time), and per chain
 * (全部类别, or a category of its own) the day and night steps: a channel and the seconds after the
 * offer. Steps can be added, removed and moved; saving PUTs the whole settings, and a field the hub
 * refuses is marked next to its input. Channels the hub has no provider for are shown as 「未配置」.
 */
import {
  API,
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNEL_KINDS,
  CHANNEL_LABELS,
  type Category,
  type ChannelKind,
  type NotifyChainView,
  type NotifySettingsRequest,
  type NotifySettingsView,
  type NotifyStepView,
} from '@xiaonao/contracts';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { label, onLocaleChange, t, type TextKey } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { fieldPath, moveStep, normaliseField } from './notify-settings-draft';

/** The hub allows this many steps per list (NotifyChainDto). */
const MAX_STEPS = 8;
const PARTS = ['day', 'night'] as const;
type Part = (typeof PARTS)[number];
const PART_TEXT: Readonly<Record<Part, TextKey>> = { day: 'notifyDay', night: 'notifyNightSteps' };

export class NotifySettingsPanel {
  private readonly button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'notify-settings-open' });
  private panel: HTMLElement | null = null;
  private configured: readonly ChannelKind[] = [];
  /** The settings being edited; inputs write into it, structural edits redraw from it. */
  private draft: NotifySettingsRequest | null = null;
  /** The field the hub refused (normalised to `chains[0].day[1].afterSeconds`) and its message. */
  private refused: { field: string; message: string } | null = null;

  /** `host`: where the panel floats (over the map). */
  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : void this.open()));
    this.button.textContent = t('notifySettings');
    onLocaleChange(() => {
      this.button.textContent = t('notifySettings');
      if (this.panel) this.paint();
    });
  }

  /** The 提醒链 button, first in `bar`. */
  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  async open(): Promise<void> {
    this.panel ??= h('div', { class: 'notify-panel', 'data-testid': 'notify-settings-panel' });
    if (!this.panel.isConnected) this.host.append(this.panel);
    await this.load();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
    this.draft = null;
    this.refused = null;
  }

  private async load(): Promise<void> {
    try {
      const view = await this.api.get<NotifySettingsView>(API.notifySettings);
      this.take(view);
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  private take(view: NotifySettingsView): void {
    const { configuredChannels, ...settings } = view;
    this.configured = configuredChannels;
    // The chain for every category first, as the hub falls back to it.
    this.draft = { ...settings, chains: [...settings.chains].sort((a, b) => (a.category === null ? -1 : b.category === null ? 1 : 0)) };
    this.refused = null;
    this.paint();
  }

  private paint(): void {
    if (!this.panel || !this.draft) return;
    const draft = this.draft;
    const close = h('button', { class: 'btn btn-ghost', type: 'button', title: t('notifyClose') }, '×');
    close.addEventListener('click', () => this.close());
    const save = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'notify-save' }, t('notifySave'));
    save.addEventListener('click', () => void this.save(save));
    const actions = h('div', { class: 'nc-actions' }, save);
    this.panel.replaceChildren(
      h('div', { class: 'notify-head' }, h('h3', { class: 'detail-sub' }, t('notifyTitle')), close),
      this.channelStates(),
      this.nightWindow(draft),
      ...draft.chains.map((chain, i) => this.chain(chain, i)),
      this.addChain(draft),
      actions,
    );
    // A refusal naming no input the panel has (say `chains`) is shown above the button.
    if (this.refused && !this.markRefused(this.refused)) actions.before(h('p', { class: 'error-text', 'data-testid': 'notify-error' }, this.refused.message));
  }

  /** Which channels the hub can use; the others are skipped (未发) when their step comes. */
  private channelStates(): HTMLElement {
    return h(
      'div',
      { class: 'notify-channels', 'data-testid': 'notify-channels' },
      h('span', { class: 'muted' }, t('notifyChannels')),
      ...CHANNEL_KINDS.map((c) => {
        const ok = this.configured.includes(c);
        return h('span', { class: 'notify-channel', 'data-configured': String(ok), 'data-channel': c }, label(CHANNEL_LABELS, c), ' ', h('em', {}, t(ok ? 'notifyConfigured' : 'notifyUnconfigured')));
      }),
    );
  }

  private nightWindow(draft: NotifySettingsRequest): HTMLElement {
    const time = (field: 'nightStart' | 'nightEnd') => {
      // Text, not type=time: the browser would show 12-hour times in some locales; the township reads 24-hour HH:MM.
      const input = h('input', { type: 'text', class: 'num notify-time', value: draft[field], inputmode: 'numeric', maxlength: 5, placeholder: 'HH:MM', 'data-field': field, 'data-testid': `notify-${field}` });
      input.addEventListener('input', () => {
        draft[field] = input.value.trim();
      });
      return input;
    };
    return h(
      'div',
      { class: 'notify-night' },
      h('label', {}, h('span', { class: 'muted' }, t('notifyNightStart')), time('nightStart')),
      h('label', {}, h('span', { class: 'muted' }, t('notifyNightEnd')), time('nightEnd')),
      h('p', { class: 'muted notify-hint' }, t('notifyNightHint')),
    );
  }

  private chain(chain: NotifyChainView, i: number): HTMLElement {
    const title = chain.category === null ? t('notifyAllCategories') : label(CATEGORY_LABELS, chain.category);
    let remove: HTMLElement | null = null;
    if (chain.category !== null) {
      remove = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'notify-remove-chain' }, t('notifyRemoveChain'));
      remove.addEventListener('click', () => this.edit((d) => d.chains.splice(i, 1)));
    }
    return h(
      'section',
      { class: 'notify-chain', 'data-testid': 'notify-chain', 'data-category': chain.category ?? '*', 'data-field': fieldPath(i, 'category') },
      h('div', { class: 'notify-head' }, h('h4', {}, title), remove),
      h('div', { class: 'notify-parts' }, ...PARTS.map((part) => this.steps(chain, i, part))),
    );
  }

  private steps(chain: NotifyChainView, i: number, part: Part): HTMLElement {
    const list = chain[part];
    const add = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'notify-add-step', disabled: list.length >= MAX_STEPS }, `+ ${t('notifyAddStep')}`);
    add.addEventListener('click', () =>
      this.edit(() => {
        const last = list.at(-1);
        list.push({ channel: 'sms', afterSeconds: last ? last.afterSeconds + 5 : 0 });
      }),
    );
    return h(
      'div',
      { class: 'notify-part', 'data-part': part, 'data-field': fieldPath(i, part) },
      h('h5', {}, t(PART_TEXT[part])),
      h(
        'ol',
        { class: 'notify-steps' },
        ...list.map((step, j) => this.step(list, step, j, fieldPath(i, part, j))),
      ),
      add,
    );
  }

  private step(list: NotifyStepView[], step: NotifyStepView, j: number, field: string): HTMLElement {
    const channel = h(
      'select',
      { 'data-field': `${field}.channel`, 'data-testid': 'notify-step-channel', 'aria-label': t('notifyChannel') },
      ...CHANNEL_KINDS.map((c) =>
        h('option', { value: c, selected: c === step.channel }, this.configured.includes(c) ? label(CHANNEL_LABELS, c) : `${label(CHANNEL_LABELS, c)}（${t('notifyUnconfigured')}）`),
      ),
    );
    const unconfigured = h('span', { class: 'notify-unconfigured', 'data-testid': 'notify-step-unconfigured', hidden: this.configured.includes(step.channel) }, t('notifyUnconfigured'));
    channel.addEventListener('change', () => {
      step.channel = channel.value as ChannelKind;
      unconfigured.hidden = this.configured.includes(step.channel);
    });
    const after = h('input', {
      type: 'number',
      min: 0,
      max: 3600,
      step: 1,
      value: step.afterSeconds,
      'data-field': `${field}.afterSeconds`,
      'data-testid': 'notify-step-after',
      'aria-label': t('notifyAfter'),
    });
    // Sent as typed: a blank or fractional value is the hub's to refuse, next to this input.
    after.addEventListener('input', () => {
      step.afterSeconds = after.value === '' ? Number.NaN : Number(after.value);
    });
    const button = (text: string, key: TextKey, disabled: boolean, act: () => void) => {
      const b = h('button', { class: 'btn btn-ghost notify-step-btn', type: 'button', title: t(key), 'aria-label': t(key), disabled }, text);
      b.addEventListener('click', () => this.edit(act));
      return b;
    };
    return h(
      'li',
      { class: 'notify-step', 'data-testid': 'notify-step', 'data-field': field },
      h('span', { class: 'num muted' }, String(j + 1)),
      channel,
      unconfigured,
      h('label', { class: 'notify-after' }, after, h('span', { class: 'muted' }, t('notifySecondsAfter'))),
      button('↑', 'notifyMoveUp', j === 0, () => moveStep(list, j, -1)),
      button('↓', 'notifyMoveDown', j === list.length - 1, () => moveStep(list, j, 1)),
      button('×', 'notifyRemoveStep', list.length <= 1, () => list.splice(j, 1)),
    );
  }

  /** A category without a chain of its own can get one, starting as a copy of the general chain. */
  private addChain(draft: NotifySettingsRequest): HTMLElement {
    const free = CATEGORIES.filter((c) => !draft.chains.some((chain) => chain.category === c));
    if (!free.length) return h('div', { hidden: true });
    const select = h('select', { 'data-testid': 'notify-chain-category' }, ...free.map((c) => h('option', { value: c }, label(CATEGORY_LABELS, c))));
    const add = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'notify-add-chain' }, `+ ${t('notifyAddChain')}`);
    add.addEventListener('click', () =>
      this.edit((d) => {
        const general = d.chains.find((c) => c.category === null);
        const copy = (steps: NotifyStepView[] | undefined) => (steps ?? [{ channel: 'socket', afterSeconds: 0 }]).map((s) => ({ ...s }));
        d.chains.push({ category: select.value as Category, day: copy(general?.day), night: copy(general?.night) });
      }),
    );
    return h('div', { class: 'nc-actions notify-add-chain' }, select, add);
  }

  /** A structural edit: the refused field may no longer point at the same input, so it is cleared. */
  private edit(change: (draft: NotifySettingsRequest) => unknown): void {
    if (!this.draft) return;
    change(this.draft);
    this.refused = null;
    this.paint();
  }

  private async save(button: HTMLElement): Promise<void> {
    if (!this.draft) return;
    button.setAttribute('disabled', '');
    this.refused = null;
    try {
      const view = await this.api.put<NotifySettingsView>(API.notifySettings, this.draft);
      showToast(t('notifySaved'));
      this.take(view);
    } catch (e) {
      button.removeAttribute('disabled');
      if (e instanceof ApiError && e.status === 400) {
        this.refused = { field: e.body?.field ? normaliseField(e.body.field) : '', message: e.display() };
        this.paint();
      } else {
        showToast(errorText(e), 'error');
      }
    }
  }

  /** The hub's message right after the input it names, and the input marked; false when no input has that name. */
  private markRefused(refused: { field: string; message: string }): boolean {
    const input = refused.field ? this.panel?.querySelector<HTMLElement>(`[data-field="${CSS.escape(refused.field)}"]`) : null;
    if (!input) return false;
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('notify-invalid');
    const message = h('span', { class: 'error-text notify-field-error', 'data-testid': 'notify-field-error', 'data-for': refused.field }, refused.message);
    // Within a step, on a line of its own under the step; elsewhere right after the input.
    const step = input.closest('.notify-step');
    if (step && step !== input) step.append(message);
    else input.after(message);
    input.focus();
    return true;
  }
}
