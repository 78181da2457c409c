/** The header bar as on the other pages: 小脑 · 研判, whose review it is, the user, 中/EN and sign-out. */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Role } from '@xiaonao/contracts';
import { mountLocaleToggle } from '../shared/i18n';
import { logout } from '../shared/session';
import { rt } from './review-text';

export interface TopbarProps {
  role: Role;
  userName: string;
  /** The township, or the station and its township. */
  scope: string;
}

/** Where an operator or a station goes back to; a leader's home is this page. */
const HOME: Partial<Record<Role, { href: string; key: 'backToConsole' | 'backToStation' }>> = {
  operator: { href: './console.html', key: 'backToConsole' },
  station: { href: './station.html', key: 'backToStation' },
};

export function ReviewTopbar({ role, userName, scope }: TopbarProps): JSX.Element {
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (toggle.current) mountLocaleToggle(toggle.current);
  }, []);
  return (
    <header class="topbar no-print">
      <div class="brand-line">
        <span class="logo">小脑</span>
        <span class="township-name">{rt('title')}</span>
        <span class="muted" data-testid="review-scope">
          {scope}
        </span>
      </div>
      <div class="topbar-right">
        {HOME[role] ? (
          <a class="btn btn-ghost" href={HOME[role].href} data-testid="home-link">
            {rt(HOME[role].key)}
          </a>
        ) : null}
        <span class="user-name muted" data-testid="user-name">
          {userName}
        </span>
        <button ref={toggle} class="btn btn-ghost" type="button" data-testid="locale-toggle" />
        <button class="btn btn-ghost" type="button" data-testid="logout" onClick={() => logout(role)}>
          {rt('logout')}
        </button>
      </div>
    </header>
  );
}
