/**
 * What every Preact page follows the same way: the hub's time once a second (read only by clocks, so the
 * tick re-renders them and nothing else), the language, and whether the socket is up.
 */
import { signal } from '@preact/signals';
import type { Locale } from '@xiaonao/contracts';
import { locale, onLocaleChange } from '../i18n';
import { serverNow } from '../server-clock';
import { everySecond } from '../ticker';

export const now = signal(serverNow());
export const lang = signal<Locale>(locale());
export const online = signal(false);

let following = false;

/** Starts the second's tick and follows the language switch; once per page, idempotent. */
export function followPageSignals(): void {
  if (following) return;
  following = true;
  onLocaleChange(() => {
    lang.value = locale();
  });
  everySecond((at) => {
    now.value = at;
  });
}

/**
 * Subscribes the calling component to the language, so its text is read again on a switch. A component
 * that reads signals is re-rendered only by them or by changed props, not by its parent; every such
 * component that shows text calls this.
 */
export function useLanguage(): Locale {
  return lang.value;
}
