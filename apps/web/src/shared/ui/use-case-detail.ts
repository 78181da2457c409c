/**
 * Reads one case's detail for a read-only drawer and, where the page may ask, the hub's verdict on its
 * timeline. Both answers are shown together; a verdict that fails to come must not hide the timeline.
 */
import { useEffect, useState } from 'preact/hooks';
import type { IncidentDetailView } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { errorText, type ApiClient } from '../api-client';

/** null while asked (or never asked), 'unavailable' when the hub could not answer. */
export type CaseVerdict = TimelineVerdict | 'unavailable' | null;

export interface CaseDetail {
  detail: IncidentDetailView | null;
  verdict: CaseVerdict;
  error: string | null;
}

/** `detailPath` null: nothing is open. `verifyPath` left out: the verdict is not asked and stays null. */
export function useCaseDetail(api: ApiClient, detailPath: string | null, verifyPath?: string): CaseDetail {
  const [shown, setShown] = useState<CaseDetail>({ detail: null, verdict: null, error: null });

  useEffect(() => {
    if (!detailPath) return;
    let current = true;
    setShown({ detail: null, verdict: null, error: null });
    // Asked alongside the detail, not after it.
    const checked: Promise<CaseVerdict> = verifyPath ? api.get<TimelineVerdict>(verifyPath).catch((): 'unavailable' => 'unavailable') : Promise.resolve(null);
    api
      .get<IncidentDetailView>(detailPath)
      .then(async (detail) => {
        const verdict = await checked;
        if (current) setShown({ detail, verdict, error: null });
      })
      .catch((e: unknown) => {
        if (current) setShown({ detail: null, verdict: null, error: errorText(e) });
      });
    return () => {
      current = false;
    };
  }, [api, detailPath, verifyPath]);

  return shown;
}
