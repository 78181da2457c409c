/**
 * The console's top bar: the township, the counts, the panels' buttons, the sounds, the connection, the
 * hub's time, who is signed in, 研判, 中/EN and 退出.
 */
import { useEffect } from 'preact/hooks';
import { locale, t } from '../shared/i18n';
import { logout } from '../shared/session';
import { WallClock } from '../shared/ui/clock-chips';
import { ConnectionBadge, LocaleToggle } from '../shared/ui/topbar-parts';
import { useLanguage } from '../shared/ui/page-signals';
import type { AlertSound } from './alert-sound';
import { useActions } from './console-context';
import { followUps, township, type PanelName } from './console-store';
import { HeaderStats } from './header-stats';
import { SoundToggle } from './sound-toggle';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

function PanelButton({ panel, testId, primary = false, children }: { panel: PanelName; testId: string; primary?: boolean; children: preact.ComponentChildren }) {
  const actions = useActions();
  return (
    <button class={primary ? 'btn btn-primary' : 'btn btn-ghost'} type="button" data-testid={testId} onClick={() => actions.togglePanel(panel)}>
      {children}
    </button>
  );
}

/** 回访 with the number overdue (回访 and 督办): the console's alarm for them. */
function FollowUpButton() {
  useLanguage();
  const list = followUps.value;
  const late = list.overdue.length + list.supervision.filter((i) => i.followUp?.supervision?.status === 'overdue').length;
  return (
    <PanelButton panel="followUp" testId="followup-open">
      {tx('回访', 'Return visits')}
      {late ? (
        <span class="followup-alarm" data-testid="followup-alarm">
          {String(late)}
        </span>
      ) : null}
    </PanelButton>
  );
}

export function ConsoleHeader({ userName, sound }: { userName: string; sound: AlertSound }) {
  useLanguage();
  const place = township.value;
  useEffect(() => {
    if (place) document.title = `${place.name} · 小脑`;
  }, [place?.name]);
  return (
    <header class="topbar">
      <div class="brand-line">
        <span class="logo">小脑</span>
        <span id="township-name" class="township-name" data-testid="township-name">
          {place?.name ?? ''}
        </span>
      </div>
      <HeaderStats />
      <div class="topbar-right">
        <SoundToggle sound={sound} />
        <PanelButton panel="gridIndex" testId="grid-index-open">
          {tx('网格指数', 'Grid index')}
        </PanelButton>
        <FollowUpButton />
        <PanelButton panel="feedback" testId="feedback-open">
          {tx('结果反馈', 'Feedback')}
        </PanelButton>
        <PanelButton panel="notify" testId="notify-settings-open">
          {t('notifySettings')}
        </PanelButton>
        <PanelButton panel="roster" testId="roster-open">
          {t('roster')}
        </PanelButton>
        <a class="btn btn-ghost" href="./review.html?as=operator" data-testid="review-link">
          {t('reviewLink')}
        </a>
        <PanelButton panel="newCase" testId="new-case" primary>
          {`＋ ${t('newCase')}`}
        </PanelButton>
        <ConnectionBadge />
        <WallClock />
        <span id="user-name" class="user-name muted">
          {userName}
        </span>
        <LocaleToggle />
        <button id="logout" class="btn btn-ghost" type="button" onClick={() => logout('operator')}>
          {t('logout')}
        </button>
      </div>
    </header>
  );
}
