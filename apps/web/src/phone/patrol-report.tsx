/**
 * 上报: what a worker finds on patrol — category, description, a photo from the camera, and where the
 * phone is. The report joins the phone's step queue (photo included, as a Blob in IndexedDB) and is
 * sent as multipart (the report as JSON text, the photo as a file) with its idempotency key, so a
 * report made in a dead spot goes out when the network is back. A photo is shrunk on the phone first,
 * since cameras take pictures far over the hub's 2 MB. With 由我直接处置 the reporter takes the case
 * at once when the hub allows it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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
import { label, t, type TextKey } from '../shared/i18n';
import { position, useLanguage } from './phone-store';

/** Longest edge of a sent photo: plenty to see a blocked stairway, a few hundred kB as JPEG. */
const MAX_EDGE_PX = 1600;
const QUALITIES = [0.82, 0.68, 0.5];
const FIX_TIMEOUT_MS = 10_000;
const REPORT_CATEGORIES = CATEGORIES.filter((c) => !(POLICE_CATEGORIES as readonly Category[]).includes(c));

/** Puts the report in the step queue (the hub's answer comes through the queue). */
export type SubmitReport = (request: PatrolReportRequest, photo: Blob | null) => Promise<void>;

/** The 上报 button in the duty bar, opening the report sheet. */
export function PatrolReport({ submit }: { submit: SubmitReport }) {
  useLanguage();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button class="btn btn-primary patrol-button" type="button" data-testid="patrol-report" onClick={() => setOpen(true)}>
        {`＋ ${t('patrolReport')}`}
      </button>
      {open ? <PatrolSheet submit={submit} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function PatrolSheet({ submit, onClose }: { submit: SubmitReport; onClose: () => void }) {
  useLanguage();
  const form = useRef<HTMLFormElement>(null);
  const description = useRef<HTMLTextAreaElement>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const fix = position.value;
  useEffect(() => description.current?.focus(), []);

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const fields = form.current?.elements;
    if (sending || !fields) return;
    const field = <T extends Element>(name: string) => fields.namedItem(name) as T;
    setError('');
    setSending(true);
    const place = field<HTMLInputElement>('address').value.trim();
    const request: Omit<PatrolReportRequest, 'position'> = {
      category: field<HTMLSelectElement>('category').value as Category,
      description: field<HTMLTextAreaElement>('description').value.trim(),
      ...(place ? { address: place } : {}),
      takeIt: field<HTMLInputElement>('takeIt').checked,
    };
    queue(request, field<HTMLInputElement>('photo').files?.[0] ?? null, submit).then(onClose, (err: unknown) => {
      setError(err instanceof PrepareError ? err.message : errorText(err));
      setSending(false);
    });
  };

  const row = (key: TextKey, control: ComponentChildren) => (
    <label class="patrol-field">
      <span class="muted">{t(key)}</span>
      {control}
    </label>
  );
  return (
    <div class="patrol-sheet" role="dialog" aria-modal="true">
      <form ref={form} class="card patrol-form" data-testid="patrol-form" onSubmit={onSubmit}>
        <h2>{t('patrolTitle')}</h2>
        {row(
          'category',
          <select name="category" data-testid="patrol-category">
            {REPORT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {label(CATEGORY_LABELS, c)}
              </option>
            ))}
          </select>,
        )}
        {row('description', <textarea ref={description} name="description" rows={3} maxLength={2000} data-testid="patrol-description" />)}
        {row('placeHint', <input name="address" maxLength={200} placeholder={t('placeHint')} />)}
        {row('takePhoto', <input name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/*" capture="environment" data-testid="patrol-photo" />)}
        <p class="muted num" data-testid="patrol-position">
          {`${t('currentPosition')}：${fix ? `${fix.lng.toFixed(5)}, ${fix.lat.toFixed(5)}${fix.accuracyM ? ` ±${fix.accuracyM} m` : ''}` : t('noPositionYet')}`}
        </p>
        <label class="patrol-check">
          <input name="takeIt" type="checkbox" defaultChecked />
          {` ${t('takeItMyself')}`}
        </label>
        <p class="error-text">{error}</p>
        <div class="patrol-actions">
          <button class="btn btn-ghost" type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button class="btn btn-primary big" type="submit" data-testid="patrol-submit" disabled={sending}>
            {sending ? t('sending') : t('submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** A report the phone cannot make (no description, no fix, photo too large): said in the sheet. */
class PrepareError extends Error {}

async function queue(request: Omit<PatrolReportRequest, 'position'>, file: File | null, submit: SubmitReport): Promise<void> {
  if (!request.description) throw new PrepareError(t('descriptionRequired'));
  const fix = position.peek() ?? (await freshFix());
  if (!fix) throw new PrepareError(t('noPositionYet'));
  await submit({ ...request, position: fix }, file ? await shrink(file) : null);
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
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of QUALITIES) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= REPORT_PHOTO_MAX_BYTES) return blob;
  }
  throw new PrepareError(t('photoTooLarge'));
}
