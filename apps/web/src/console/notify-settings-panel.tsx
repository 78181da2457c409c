/**
 * 提醒链: how the hub pages a worker about an offer — the night window (Beijing time), and per chain
 * (全部类别, or a category of its own) the day and night steps: a channel and the seconds after the
 * offer. Steps can be added, removed and moved; saving PUTs the whole settings, and a field the hub
 * refuses is marked next to its input. Channels the hub has no provider for are shown as 「未配置」.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
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
import { ApiError, errorText } from '../shared/api-client';
import { label, t, type TextKey } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { fieldPath, moveStep, normaliseField } from './notify-settings-draft';

/** The hub allows this many steps per list (NotifyChainDto). */
const MAX_STEPS = 8;
const PARTS = ['day', 'night'] as const;
type Part = (typeof PARTS)[number];
const PART_TEXT: Readonly<Record<Part, TextKey>> = { day: 'notifyDay', night: 'notifyNightSteps' };

/** The field the hub refused (normalised to `chains[0].day[1].afterSeconds`) and its message. */
interface Refused {
  field: string;
  message: string;
}

/** Every field the panel has an element for: a refusal naming another (say `chains`) is shown above the button. */
function fieldsOf(draft: NotifySettingsRequest): Set<string> {
  const fields = new Set(['nightStart', 'nightEnd']);
  draft.chains.forEach((chain, i) => {
    fields.add(fieldPath(i, 'category'));
    for (const part of PARTS) {
      fields.add(fieldPath(i, part));
      chain[part].forEach((_, j) => {
        const step = fieldPath(i, part, j);
        fields.add(step).add(`${step}.channel`).add(`${step}.afterSeconds`);
      });
    }
  });
  return fields;
}

/** What an element named `field` carries when the hub refused it: marked, and its message. */
function refusal(refused: Refused | null, field: string) {
  const on = refused?.field === field;
  return {
    mark: on ? { 'aria-invalid': 'true' as const } : {},
    invalid: on ? ' notify-invalid' : '',
    message: on ? (
      <span class="error-text notify-field-error" data-testid="notify-field-error" data-for={field}>
        {refused.message}
      </span>
    ) : null,
  };
}

interface Editing {
  draft: NotifySettingsRequest;
  configured: readonly ChannelKind[];
  refused: Refused | null;
  /** A structural edit: the refused field may no longer point at the same input, so it is cleared. */
  edit: (change: (draft: NotifySettingsRequest) => unknown) => void;
  /** Draws the draft again as it is (a channel changed), the refusal kept. */
  repaint: () => void;
}

export function NotifySettingsPanel() {
  useLanguage();
  const actions = useActions();
  const panel = useRef<HTMLDivElement>(null);
  /** The settings being edited; inputs write into it, structural edits draw again from it. */
  const [draft, setDraft] = useState<NotifySettingsRequest | null>(null);
  const [configured, setConfigured] = useState<readonly ChannelKind[]>([]);
  const [refused, setRefused] = useState<Refused | null>(null);
  const [busy, setBusy] = useState(false);
  const [, setPaints] = useState(0);

  const take = (view: NotifySettingsView) => {
    const { configuredChannels, ...settings } = view;
    setConfigured(configuredChannels);
    // The chain for every category first, as the hub falls back to it.
    setDraft({ ...settings, chains: [...settings.chains].sort((a, b) => (a.category === null ? -1 : b.category === null ? 1 : 0)) });
    setRefused(null);
  };
  useEffect(() => {
    actions.api.get<NotifySettingsView>(API.notifySettings).then(take, (e: unknown) => showToast(errorText(e), 'error'));
  }, []);
  // The refused input takes the focus, so the operator types the fix at once.
  useEffect(() => {
    if (refused) panel.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refused]);

  const repaint = () => setPaints((n) => n + 1);
  const edit = (change: (d: NotifySettingsRequest) => unknown) => {
    if (!draft) return;
    change(draft);
    setRefused(null);
    repaint();
  };
  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setRefused(null);
    try {
      const view = await actions.api.put<NotifySettingsView>(API.notifySettings, draft);
      showToast(t('notifySaved'));
      setBusy(false);
      take(view);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 400) setRefused({ field: e.body?.field ? normaliseField(e.body.field) : '', message: e.display() });
      else showToast(errorText(e), 'error');
    }
  };

  if (!draft) return <div ref={panel} class="notify-panel" data-testid="notify-settings-panel" />;
  const editing: Editing = { draft, configured, refused, edit, repaint };
  const unplaced = refused && !fieldsOf(draft).has(refused.field);
  return (
    <div ref={panel} class="notify-panel" data-testid="notify-settings-panel">
      <div class="notify-head">
        <h3 class="detail-sub">{t('notifyTitle')}</h3>
        <button class="btn btn-ghost" type="button" title={t('notifyClose')} onClick={() => actions.togglePanel('notify', false)}>
          ×
        </button>
      </div>
      <ChannelStates configured={configured} />
      <NightWindow editing={editing} />
      {draft.chains.map((chain, i) => (
        <ChainSection key={i} editing={editing} chain={chain} i={i} />
      ))}
      <AddChain editing={editing} />
      {unplaced ? (
        <p class="error-text" data-testid="notify-error">
          {refused.message}
        </p>
      ) : null}
      <div class="nc-actions">
        <button class="btn btn-primary" type="button" data-testid="notify-save" disabled={busy} onClick={() => void save()}>
          {t('notifySave')}
        </button>
      </div>
    </div>
  );
}

/** Which channels the hub can use; the others are skipped (未发) when their step comes. */
function ChannelStates({ configured }: { configured: readonly ChannelKind[] }) {
  return (
    <div class="notify-channels" data-testid="notify-channels">
      <span class="muted">{t('notifyChannels')}</span>
      {CHANNEL_KINDS.map((c) => {
        const ok = configured.includes(c);
        return (
          <span key={c} class="notify-channel" data-configured={String(ok)} data-channel={c}>
            {label(CHANNEL_LABELS, c)} <em>{t(ok ? 'notifyConfigured' : 'notifyUnconfigured')}</em>
          </span>
        );
      })}
    </div>
  );
}

function NightWindow({ editing }: { editing: Editing }) {
  const { draft, refused } = editing;
  const time = (field: 'nightStart' | 'nightEnd') => {
    const r = refusal(refused, field);
    return (
      <>
        {/* Text, not type=time: the browser would show 12-hour times in some locales; the township reads 24-hour HH:MM. */}
        <input
          type="text"
          class={`num notify-time${r.invalid}`}
          value={draft[field]}
          inputMode="numeric"
          maxLength={5}
          placeholder="HH:MM"
          data-field={field}
          data-testid={`notify-${field}`}
          {...r.mark}
          onInput={(e) => {
            draft[field] = e.currentTarget.value.trim();
          }}
        />
        {r.message}
      </>
    );
  };
  return (
    <div class="notify-night">
      <label>
        <span class="muted">{t('notifyNightStart')}</span>
        {time('nightStart')}
      </label>
      <label>
        <span class="muted">{t('notifyNightEnd')}</span>
        {time('nightEnd')}
      </label>
      <p class="muted notify-hint">{t('notifyNightHint')}</p>
    </div>
  );
}

function ChainSection({ editing, chain, i }: { editing: Editing; chain: NotifyChainView; i: number }) {
  const field = fieldPath(i, 'category');
  const r = refusal(editing.refused, field);
  return (
    <>
      <section class={`notify-chain${r.invalid}`} data-testid="notify-chain" data-category={chain.category ?? '*'} data-field={field} {...r.mark}>
        <div class="notify-head">
          <h4>{chain.category === null ? t('notifyAllCategories') : label(CATEGORY_LABELS, chain.category)}</h4>
          {chain.category !== null ? (
            <button class="btn btn-ghost" type="button" data-testid="notify-remove-chain" onClick={() => editing.edit((d) => d.chains.splice(i, 1))}>
              {t('notifyRemoveChain')}
            </button>
          ) : null}
        </div>
        <div class="notify-parts">
          {PARTS.map((part) => (
            <Steps key={part} editing={editing} chain={chain} i={i} part={part} />
          ))}
        </div>
      </section>
      {r.message}
    </>
  );
}

function Steps({ editing, chain, i, part }: { editing: Editing; chain: NotifyChainView; i: number; part: Part }) {
  const list = chain[part];
  const field = fieldPath(i, part);
  const r = refusal(editing.refused, field);
  return (
    <>
      <div class={`notify-part${r.invalid}`} data-part={part} data-field={field} {...r.mark}>
        <h5>{t(PART_TEXT[part])}</h5>
        <ol class="notify-steps">
          {list.map((step, j) => (
            <Step key={j} editing={editing} list={list} step={step} j={j} field={fieldPath(i, part, j)} />
          ))}
        </ol>
        <button
          class="btn btn-ghost"
          type="button"
          data-testid="notify-add-step"
          disabled={list.length >= MAX_STEPS}
          onClick={() =>
            editing.edit(() => {
              const last = list.at(-1);
              list.push({ channel: 'sms', afterSeconds: last ? last.afterSeconds + 5 : 0 });
            })
          }
        >
          {`+ ${t('notifyAddStep')}`}
        </button>
      </div>
      {r.message}
    </>
  );
}

function Step({ editing, list, step, j, field }: { editing: Editing; list: NotifyStepView[]; step: NotifyStepView; j: number; field: string }) {
  const { configured, refused } = editing;
  const own = refusal(refused, field);
  const channel = refusal(refused, `${field}.channel`);
  const after = refusal(refused, `${field}.afterSeconds`);
  const button = (text: string, key: TextKey, disabled: boolean, act: () => void) => (
    <button class="btn btn-ghost notify-step-btn" type="button" title={t(key)} aria-label={t(key)} disabled={disabled} onClick={() => editing.edit(act)}>
      {text}
    </button>
  );
  return (
    <>
      <li class={`notify-step${own.invalid}`} data-testid="notify-step" data-field={field} {...own.mark}>
        <span class="num muted">{String(j + 1)}</span>
        <select
          class={channel.invalid.trim() || undefined}
          value={step.channel}
          data-field={`${field}.channel`}
          data-testid="notify-step-channel"
          aria-label={t('notifyChannel')}
          {...channel.mark}
          onChange={(e) => {
            step.channel = e.currentTarget.value as ChannelKind;
            editing.repaint();
          }}
        >
          {CHANNEL_KINDS.map((c) => (
            <option key={c} value={c}>
              {configured.includes(c) ? label(CHANNEL_LABELS, c) : `${label(CHANNEL_LABELS, c)}（${t('notifyUnconfigured')}）`}
            </option>
          ))}
        </select>
        <span class="notify-unconfigured" data-testid="notify-step-unconfigured" hidden={configured.includes(step.channel)}>
          {t('notifyUnconfigured')}
        </span>
        <label class="notify-after">
          <input
            type="number"
            class={after.invalid.trim() || undefined}
            min={0}
            max={3600}
            step={1}
            value={Number.isNaN(step.afterSeconds) ? '' : step.afterSeconds}
            data-field={`${field}.afterSeconds`}
            data-testid="notify-step-after"
            aria-label={t('notifyAfter')}
            {...after.mark}
            // Sent as typed: a blank or fractional value is the hub's to refuse, next to this input.
            onInput={(e) => {
              const typed = e.currentTarget.value;
              step.afterSeconds = typed === '' ? Number.NaN : Number(typed);
            }}
          />
          <span class="muted">{t('notifySecondsAfter')}</span>
        </label>
        {button('↑', 'notifyMoveUp', j === 0, () => moveStep(list, j, -1))}
        {button('↓', 'notifyMoveDown', j === list.length - 1, () => moveStep(list, j, 1))}
        {button('×', 'notifyRemoveStep', list.length <= 1, () => list.splice(j, 1))}
        {/* Within a step, the message of the step's own inputs on a line of its own under the step. */}
        {channel.message}
        {after.message}
      </li>
      {own.message}
    </>
  );
}

/** A category without a chain of its own can get one, starting as a copy of the general chain. */
function AddChain({ editing }: { editing: Editing }) {
  const select = useRef<HTMLSelectElement>(null);
  const free = CATEGORIES.filter((c) => !editing.draft.chains.some((chain) => chain.category === c));
  if (!free.length) return <div hidden />;
  return (
    <div class="nc-actions notify-add-chain">
      <select ref={select} data-testid="notify-chain-category">
        {free.map((c) => (
          <option key={c} value={c}>
            {label(CATEGORY_LABELS, c)}
          </option>
        ))}
      </select>
      <button
        class="btn btn-ghost"
        type="button"
        data-testid="notify-add-chain"
        onClick={() =>
          editing.edit((d) => {
            const general = d.chains.find((c) => c.category === null);
            const copy = (steps: NotifyStepView[] | undefined) => (steps ?? [{ channel: 'socket', afterSeconds: 0 }]).map((s) => ({ ...s }));
            d.chains.push({ category: (select.current?.value ?? free[0]) as Category, day: copy(general?.day), night: copy(general?.night) });
          })
        }
      >
        {`+ ${t('notifyAddChain')}`}
      </button>
    </div>
  );
}
