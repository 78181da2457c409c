/** The login page: sign in, keep the session for that role, go to the role's page. */
import { API, type LoginRequest, type LoginResponse } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { byId } from '../shared/dom';
import { applyStaticText, mountLocaleToggle, t } from '../shared/i18n';
import { PAGE_OF_ROLE, saveSession } from '../shared/session';

const form = byId<HTMLFormElement>('login-form');
const username = byId<HTMLInputElement>('username');
const password = byId<HTMLInputElement>('password');
const submit = byId<HTMLButtonElement>('login-submit');
const error = byId('login-error');
const api = createApiClient(null);

applyStaticText();
mountLocaleToggle(byId<HTMLButtonElement>('locale'));

async function logIn(): Promise<void> {
  const body: LoginRequest = { username: username.value.trim(), password: password.value };
  if (!body.username || !body.password) {
    (body.username ? password : username).focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = t('loggingIn');
  error.textContent = '';
  try {
    const login = await api.post<LoginResponse>(API.login, body);
    saveSession(login);
    location.assign(PAGE_OF_ROLE[login.user.role]);
  } catch (e) {
    error.textContent = errorText(e);
    password.select();
  } finally {
    submit.disabled = false;
    submit.textContent = t('loginButton');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void logIn();
});
