/**
 * 「导出 CSV」 for one table. The export needs the session's bearer token, which a plain link does not
 * carry: the click fetches the file with it and saves the answer through a temporary download link.
 */
import { REVIEW_API, type ReviewTable } from '@xiaonao/contracts';
import type { JSX } from 'preact';
import { errorText, type ApiClient } from '../shared/api-client';
import { showToast } from '../shared/toast';
import { rt } from './review-text';

/** The name the hub gives the file (RFC 5987 `filename*` first), else one of our own. */
function fileNameOf(disposition: string | null, table: ReviewTable): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? `review-${table}.csv`;
}

export async function downloadCsv(api: ApiClient, table: ReviewTable, query: string): Promise<void> {
  const response = await api.fetch(`${REVIEW_API.export}?${query}`, { headers: { accept: 'text/csv' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(response.headers.get('content-disposition'), table);
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the blob by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function CsvLink({ api, table, query }: { api: ApiClient; table: ReviewTable; query: string }): JSX.Element {
  const onClick = (e: MouseEvent) => {
    e.preventDefault();
    downloadCsv(api, table, query).catch((error: unknown) => showToast(rt('csvFailed', { m: errorText(error) }), 'error'));
  };
  return (
    <a class="csv-link" href={`${REVIEW_API.export}?${query}`} data-testid={`csv-${table}`} onClick={onClick}>
      {rt('csv')}
    </a>
  );
}
