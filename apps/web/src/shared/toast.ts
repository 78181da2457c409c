/** Toasts in a corner stack: plain notices, errors, and 1-3-8 alarms that pulse until dismissed or timed out. */
import { CLOCK_STAGE_LABELS, CLOCK_STATUS_LABELS, ESCALATION_ACTION_LABELS, type ClockAlert } from '@xiaonao/contracts';
import { h } from './dom';
import { label } from './i18n';

export type ToastKind = 'info' | 'success' | 'error' | 'at_risk' | 'breached';

function stack(): HTMLElement {
  let el = document.getElementById('toasts');
  if (!el) {
    el = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

export function showToast(message: string, kind: ToastKind = 'info', onClick?: () => void): void {
  const toast = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, message);
  const dismiss = () => toast.remove();
  toast.addEventListener('click', () => {
    onClick?.();
    dismiss();
  });
  stack().prepend(toast);
  setTimeout(dismiss, kind === 'breached' ? 20_000 : kind === 'at_risk' ? 12_000 : 6_000);
}

/** 「110-2025…」1分钟接单 已超时 */
export function showClockAlert(alert: ClockAlert, onClick?: () => void): void {
  // A breach says what the escalation chain set off, so nobody wonders whether anyone was told.
  const actions = alert.escalation.filter((a) => a !== 'console_alarm').map((a) => label(ESCALATION_ACTION_LABELS, a));
  const text = [`⚠ ${alert.caseNo}`, label(CLOCK_STAGE_LABELS, alert.stage), label(CLOCK_STATUS_LABELS, alert.status), ...actions].join(' · ');
  showToast(text, alert.status, onClick);
}
