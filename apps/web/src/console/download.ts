/**
 * Exports (a case's timeline, the grid index as CSV) are attachments behind the operator's token, so a
 * plain link cannot fetch them: fetched with the token, then handed to the browser under the hub's
 * (Chinese) file name.
 */
import type { ErrorBody } from '@xiaonao/contracts';
import { ApiError, type ApiClient } from '../shared/api-client';

export async function downloadAttachment(api: ApiClient, path: string, fallbackName: string): Promise<void> {
  const response = await api.fetch(path);
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, body !== null && typeof body === 'object' && 'message' in body ? (body as ErrorBody) : null);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has handed the blob to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
