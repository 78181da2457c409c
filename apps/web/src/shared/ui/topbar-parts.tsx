/** The top bar's connection badge and 中/EN switch, as every Preact page shows them. */
import { locale, setLocale, t } from '../i18n';
import { online, useLanguage } from './page-signals';

export function ConnectionBadge() {
  useLanguage();
  const on = online.value;
  return (
    <span id="conn" class="conn" data-online={String(on)} data-testid="connection">
      {t(on ? 'online' : 'reconnecting')}
    </span>
  );
}

/** The 中/EN switch, with the current language highlighted. */
export function LocaleToggle() {
  const zh = useLanguage() === 'zh';
  return (
    <button id="locale" class="btn btn-ghost locale-toggle" type="button" title={zh ? 'Switch to English' : '切换到中文'} onClick={() => setLocale(locale() === 'zh' ? 'en' : 'zh')}>
      <span class={zh ? 'on' : undefined}>中</span>
      <span class={zh ? undefined : 'on'}>EN</span>
    </button>
  );
}
