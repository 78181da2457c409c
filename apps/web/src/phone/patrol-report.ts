/**
 * 上报: what a worker finds on patrol — category, description, a photo from the camera, and where the
 * phone is. The report joins the phone's step queue (photo included, as a Blob in IndexedDB) and is
 * sent as multipart (the report as JSON text, the photo as a file) with its idempotency key, so a
 * report made in a dead spot goes out when the network is back. A photo is shrunk on the phone first,
 * since cameras take pictures far over the hub's 2 MB. With 由我直接处置 the reporter takes the case
 * at once when the hub allows it.
 */
import {
  CATEGORIES,
  CATEGORY_LABELS,
  POLICE_CATEGORIES,
  REPORT_PHOTO_MAX_BYTES,
  type Category,
  type PatrolReportRequest,
  type PositionFix,
} from '@xiaonao/contracts';
import { errorText } from '../shared/api-client';
import { h } from '../shared/dom';
import { label, onLocaleChange, t } from '../shared/i18n';

/** Longest edge of a sent photo: plenty to see a blocked stairway, a few hundred kB as JPEG. */
const MAX_EDGE_PX = 1600;
const QUALITIES = [0.82, 0.68, 0.5];
const FIX_TIMEOUT_MS = 10_000;
const REPORT_CATEGORIES = CATEGORIES.filter((c) => !(POLICE_CATEGORIES as readonly Category[]).includes(c));

export interface PatrolReportHooks {
  /** The phone's latest fix, if it has one. */
  position: () => PositionFix | undefined;
  /** Puts the report in the step queue (the hub's answer comes through the queue). */
  submit: (request: PatrolReportRequest, photo: Blob | null) => Promise<void>;
}

/** The 上报 button in `bar`, opening the report sheet. */
export function mountPatrolReport(bar: HTMLElement, hooks: PatrolReportHooks): void {
  const button = h('button', { class: 'btn btn-primary patrol-button', type: 'button', 'data-testid': 'patrol-report' });
  const paint = () => (button.textContent = `＋ ${t('patrolReport')}`);
  paint();
  onLocaleChange(paint);
  button.addEventListener('click', () => openSheet(hooks));
  bar.append(button);
}

function openSheet(hooks: PatrolReportHooks): void {
  document.querySelector('.patrol-sheet')?.remove();
  const category = h('select', { name: 'category', 'data-testid': 'patrol-category' }, ...REPORT_CATEGORIES.map((c) => h('option', { value: c }, label(CATEGORY_LABELS, c))));
  const description = h('textarea', { name: 'description', rows: 3, maxlength: 2000, 'data-testid': 'patrol-description' });
  const place = h('input', { name: 'address', maxlength: 200, placeholder: t('placeHint') });
  const photo = h('input', { name: 'photo', type: 'file', accept: 'image/jpeg,image/png,image/webp,image/*', capture: 'environment', 'data-testid': 'patrol-photo' });
  const takeIt = h('input', { name: 'takeIt', type: 'checkbox', checked: true });
  const where = h('p', { class: 'muted num', 'data-testid': 'patrol-position' });
  const error = h('p', { class: 'error-text' });
  const submit = h('button', { class: 'btn btn-primary big', type: 'submit', 'data-testid': 'patrol-submit' }, t('submit'));
  const cancel = h('button', { class: 'btn btn-ghost', type: 'button' }, t('cancel'));
  const paintWhere = () => {
    const fix = hooks.position();
    where.textContent = `${t('currentPosition')}：${fix ? `${fix.lng.toFixed(5)}, ${fix.lat.toFixed(5)}${fix.accuracyM ? ` ±${fix.accuracyM} m` : ''}` : t('noPositionYet')}`;
  };
  paintWhere();
  const row = (key: Parameters<typeof t>[0], control: HTMLElement) => h('label', { class: 'patrol-field' }, h('span', { class: 'muted' }, t(key)), control);
  const form = h(
    'form',
    { class: 'card patrol-form', 'data-testid': 'patrol-form' },
    h('h2', {}, t('patrolTitle')),
    row('category', category),
    row('description', description),
    row('placeHint', place),
    row('takePhoto', photo),
    where,
    h('label', { class: 'patrol-check' }, takeIt, ` ${t('takeItMyself')}`),
    error,
    h('div', { class: 'patrol-actions' }, cancel, submit),
  );
  const sheet = h('div', { class: 'patrol-sheet', role: 'dialog', 'aria-modal': 'true' }, form);
  const close = () => sheet.remove();
  cancel.addEventListener('click', close);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = t('sending');
    const request: Omit<PatrolReportRequest, 'position'> = {
      category: category.value as Category,
      description: description.value.trim(),
      ...(place.value.trim() ? { address: place.value.trim() } : {}),
      takeIt: takeIt.checked,
    };
    queue(request, photo.files?.[0] ?? null, hooks)
      .then(close)
      .catch((err: unknown) => {
        error.textContent = err instanceof PrepareError ? err.message : errorText(err);
        paintWhere();
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t('submit');
      });
  });
  document.body.append(sheet);
  description.focus();
}

/** A report the phone cannot make (no description, no fix, photo too large): said in the sheet. */
class PrepareError extends Error {}

async function queue(request: Omit<PatrolReportRequest, 'position'>, file: File | null, hooks: PatrolReportHooks): Promise<void> {
  if (!request.description) throw new PrepareError(t('descriptionRequired'));
  const position = hooks.position() ?? (await freshFix());
  if (!position) throw new PrepareError(t('noPositionYet'));
  await hooks.submit({ ...request, position }, file ? await shrink(file) : null);
}

/** One fix now, when the tracker has none yet (the page just opened). */
function freshFix(): Promise<PositionFix | undefined> {
  if (!('geolocation' in navigator)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, coordSystem: 'WGS84', at: new Date(p.timestamp).toISOString(), accuracyM: Math.round(p.coords.accuracy) }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: FIX_TIMEOUT_MS, maximumAge: 30_000 },
    );
  });
}

/** The photo as a JPEG of at most MAX_EDGE_PX and REPORT_PHOTO_MAX_BYTES; a photo the browser cannot draw is sent as it is if small enough. */
async function shrink(file: File): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    if (file.size <= REPORT_PHOTO_MAX_BYTES) return file;
    throw new PrepareError(t('photoTooLarge'));
  }
  const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = h('canvas', { width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale) });
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of QUALITIES) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= REPORT_PHOTO_MAX_BYTES) return blob;
  }
  throw new PrepareError(t('photoTooLarge'));
}
