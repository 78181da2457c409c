/** The phone's first screen in Vue 3 (SFCs, Composition API) over the same core as the other ports. */
import { createApp } from 'vue';
import { byId } from '../../../apps/web/src/shared/dom';
import { startPhoneCore } from '../shared/phone-core';
import PhoneMain from './PhoneMain.vue';
import { phoneStore, STORE } from './store';

const core = await startPhoneCore();
createApp(PhoneMain).provide(STORE, phoneStore(core)).mount(byId('phone-main'));
await core.start();
