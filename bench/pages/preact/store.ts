/** The core's state as Preact signals: a version bumped on every change, the second's tick, the language. */
import { computed, signal } from '@preact/signals';
import { locale, t, type TextKey } from '../../../apps/web/src/shared/i18n';
import { serverNow } from '../../../apps/web/src/shared/server-clock';
import { todaysCases } from '../../../apps/web/src/phone/today-list';
import type { PhoneCore } from '../shared/phone-core';

export function phoneStore(core: PhoneCore) {
  const version = signal(0);
  const now = signal(serverNow());
  const lang = signal(locale());
  core.onChange(() => {
    version.value++;
    lang.value = locale();
  });
  core.onTick((at) => {
    now.value = at;
  });
  const view = computed(() => (version.value, core.shown()));
  return {
    core,
    version,
    now,
    lang,
    /** t() that re-renders its component when the language changes. */
    tr: (key: TextKey) => (lang.value, t(key)),
    view,
    offers: computed(() => view.value.pendingOffers()),
    active: computed(() => view.value.activeCase()),
    queued: computed(() => view.value.queuedCase()),
    today: computed(() => todaysCases(view.value.incidents.values(), core.workerId, now.value)),
  };
}

export type PhoneStore = ReturnType<typeof phoneStore>;
