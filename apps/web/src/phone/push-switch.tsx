/** 「开启浏览器推送：已开启」: the switch for push-subscription.ts, shown once the hub and the browser both can push. */
import { useEffect, useState } from 'preact/hooks';
import { locale } from '../shared/i18n';
import type { ApiClient } from '../shared/api-client';
import { showToast } from '../shared/toast';
import { browserPush, disablePush, enablePush, hubPush, pushState } from './push-subscription';
import { useLanguage } from './phone-store';

const TEXT = {
  label: { zh: '开启浏览器推送', en: 'Browser push' },
  on: { zh: '已开启', en: 'On' },
  off: { zh: '未开启', en: 'Off' },
  denied: { zh: '未允许通知，无法开启浏览器推送（可在浏览器设置中允许）', en: 'Notifications are blocked; allow them in the browser settings' },
  unreachable: { zh: '此浏览器连不上推送服务（国内常见），派单仍会通过钉钉、短信和电话送达', en: 'This browser cannot reach its push service; offers still come by DingTalk, SMS and calls' },
  failed: { zh: '浏览器推送设置失败', en: 'Could not change browser push' },
} as const;

const say = (key: keyof typeof TEXT): string => TEXT[key][locale()];

/** Nothing until the hub's key and the browser's state are read; nothing at all where push cannot work. */
export function PushSwitch({ api }: { api: ApiClient }) {
  useLanguage();
  const [browser] = useState(browserPush);
  const [hub] = useState(() => hubPush(api));
  const [publicKey, setPublicKey] = useState<string | null>(null);
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!browser) return;
    pushState(hub, browser)
      .then((state) => {
        if (!state) return;
        setOn(state.on);
        setPublicKey(state.publicKey);
      })
      .catch(() => undefined);
  }, [browser, hub]);
  if (!browser || publicKey === null) return null;

  const toggle = () => {
    setBusy(true);
    (on ? disablePush(hub, browser) : enablePush(hub, browser, publicKey))
      .then((outcome) => {
        setOn(outcome === 'on');
        if (outcome === 'denied' || outcome === 'unreachable') showToast(say(outcome), 'info');
      })
      .catch(() => showToast(say('failed'), 'error'))
      .finally(() => setBusy(false));
  };
  return (
    <button class="btn btn-ghost push-switch" type="button" role="switch" aria-checked={on} data-testid="push-switch" disabled={busy} onClick={toggle}>
      {`${say('label')}：`}
      <span class="muted">{on ? say('on') : say('off')}</span>
    </button>
  );
}
