/** The header's online / reconnecting dot, kept in the current language. */
import { onLocaleChange, t } from './i18n';

export function connectionBadge(el: HTMLElement): (online: boolean) => void {
  const paint = () => {
    el.textContent = t(el.dataset.online === 'true' ? 'online' : 'reconnecting');
  };
  paint();
  onLocaleChange(paint);
  return (online) => {
    el.dataset.online = String(online);
    paint();
  };
}
