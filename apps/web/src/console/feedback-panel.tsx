/**
 * 结果反馈: each integration's feedback subscription at a glance (where results go, how many wait,
 * how many are dead letters) and the dead letters themselves, each re-sendable, or all of an
 * integration at once. A resend puts them back at the head of their case's queue (docs/feedback-110.md).
 */
import { FEEDBACK_API, type FeedbackDeadLetterView, type FeedbackSubscriptionView } from '@xiaonao/contracts';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../shared/api-client';
import { locale } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';

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

type Resend = (body: { eventId?: string; door?: string; integrationId?: string }) => Promise<void>;

export function FeedbackPanel() {
  useLanguage();
  const actions = useActions();
  const [subscriptions, setSubscriptions] = useState<readonly FeedbackSubscriptionView[]>([]);
  const [dead, setDead] = useState<readonly FeedbackDeadLetterView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const load = async () => {
    try {
      const [subs, letters] = await Promise.all([
        actions.api.get<FeedbackSubscriptionView[]>(FEEDBACK_API.subscriptions),
        actions.api.get<FeedbackDeadLetterView[]>(FEEDBACK_API.deadLetters),
      ]);
      setSubscriptions(subs);
      setDead(letters);
      setLoaded(true);
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };
  useEffect(() => void load(), []);
  const resend: Resend = async (body) => {
    try {
      const { requeued } = await actions.api.post<{ requeued: number }>(FEEDBACK_API.resend, body);
      showToast(tx(`已重新排队 ${requeued} 条`, `${requeued} re-queued`), 'info');
      await load();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };
  if (!loaded) return <div class="feedback-panel" data-testid="feedback-panel" />;
  return (
    <div class="feedback-panel" data-testid="feedback-panel">
      <div class="feedback-head">
        <h3 class="detail-sub">{tx('结果反馈', 'Results back to the sender')}</h3>
        <span>
          <button class="btn btn-ghost" type="button" data-testid="feedback-refresh" onClick={() => void load()}>
            {tx('刷新', 'Refresh')}
          </button>
          <button class="btn btn-ghost" type="button" title={tx('关闭', 'Close')} onClick={() => actions.togglePanel('feedback', false)}>
            ×
          </button>
        </span>
      </div>
      <table class="feedback-table">
        <thead>
          <tr>
            {[tx('对接方', 'Integration'), tx('推送到', 'Doors'), tx('状态', 'State'), tx('待发', 'Pending'), tx('已送达', 'Delivered'), tx('死信', 'Dead'), ''].map((c, i) => (
              <th key={i}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {subscriptions.map((s) => (
            <SubscriptionRow key={s.integrationId} s={s} resend={resend} />
          ))}
        </tbody>
      </table>
      <h4>{tx(`死信（${dead.length}）`, `Dead letters (${dead.length})`)}</h4>
      {dead.length ? (
        <table class="feedback-table" data-testid="feedback-dead">
          <thead>
            <tr>
              {[tx('对接方', 'Integration'), tx('对方警情编号', 'Their case no.'), tx('事件', 'Event'), tx('发生时间', 'Occurred'), tx('出口', 'Door'), tx('次数', 'Attempts'), tx('最后错误', 'Last error'), ''].map((c, i) => (
                <th key={i}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dead.map((d) => (
              <DeadRow key={`${d.eventId}/${d.door}`} d={d} resend={resend} />
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{tx('没有死信', 'No dead letters')}</p>
      )}
    </div>
  );
}

/** A resend button, disabled while its request and the reload after it are under way. */
function ResendButton({ testId, text, disabled = false, act }: { testId: string; text: string; disabled?: boolean; act: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      class="btn btn-ghost"
      type="button"
      data-testid={testId}
      disabled={disabled || busy}
      onClick={() => {
        setBusy(true);
        void act().finally(() => setBusy(false));
      }}
    >
      {text}
    </button>
  );
}

function SubscriptionRow({ s, resend }: { s: FeedbackSubscriptionView; resend: Resend }) {
  const doors = [s.webhookUrl ? `Webhook ${s.webhookUrl}` : null, s.jetstream ? `JetStream ${s.subject}` : null].filter(Boolean).join(' · ') || tx('未配置', 'not configured');
  const state = s.enabled ? tx('启用', 'on') : s.disabledReason === 'gone_410' ? tx('对方已停用(410)', 'off: receiver gone (410)') : tx('停用', 'off');
  return (
    <tr data-integration={s.integrationId}>
      <td>
        {s.integrationName}
        <div class="muted">{s.integrationKind}</div>
      </td>
      <td class="feedback-doors">{doors}</td>
      <td>{state}</td>
      <td class="num">{String(s.counts.pending)}</td>
      <td class="num">{String(s.counts.delivered)}</td>
      <td class="num" data-testid="feedback-dead-count">
        {String(s.counts.dead)}
      </td>
      <td>
        <ResendButton testId="feedback-resend-all" text={tx('全部重发', 'Resend all')} disabled={s.counts.dead === 0} act={() => resend({ integrationId: s.integrationId })} />
      </td>
    </tr>
  );
}

function DeadRow({ d, resend }: { d: FeedbackDeadLetterView; resend: Resend }) {
  return (
    <tr data-event={d.eventId}>
      <td>{d.integrationName}</td>
      <td>{d.caseNo}</td>
      <td>{typeText(d.type)}</td>
      <td>{time(d.occurredAt)}</td>
      <td>{d.door}</td>
      <td class="num">{String(d.attempts)}</td>
      <td class="feedback-error" title={d.lastError ?? ''}>
        {d.lastStatus ? `HTTP ${d.lastStatus}` : (d.lastError ?? '')}
      </td>
      <td>
        <ResendButton testId="feedback-resend" text={tx('重发', 'Resend')} act={() => resend({ eventId: d.eventId, door: d.door })} />
      </td>
    </tr>
  );
}
