/** The core's state as Vue refs: one version bumped on every change, the second's tick, the language. */
import { computed, inject, shallowRef, type InjectionKey } from 'vue';
import { locale, t, type TextKey } from '../../../apps/web/src/shared/i18n';
import { serverNow } from '../../../apps/web/src/shared/server-clock';
import { todaysCases } from '../../../apps/web/src/phone/today-list';
import type { PhoneCore } from '../shared/phone-core';

export function phoneStore(core: PhoneCore) {
  const version = shallowRef(0);
  const now = shallowRef(serverNow());
  const lang = shallowRef(locale());
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
    /** t() that re-renders its component when the language changes. */
    tr: (key: TextKey) => (lang.value, t(key)),
    lang,
    view,
    offers: computed(() => view.value.pendingOffers()),
    active: computed(() => view.value.activeCase()),
    queued: computed(() => view.value.queuedCase()),
    today: computed(() => todaysCases(view.value.incidents.values(), core.workerId, now.value)),
  };
}

export type PhoneStore = ReturnType<typeof phoneStore>;
export const STORE: InjectionKey<PhoneStore> = Symbol('phone');

export function useStore(): PhoneStore {
  const store = inject(STORE);
  if (!store) throw new Error('phone store not provided');
  return store;
}
