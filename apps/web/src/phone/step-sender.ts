/**
 * Sends one queued step to the hub, with its idempotency key; errors are thrown as ApiError. Every
 * send goes through the page's API client, so a step replayed after the access token expired (the
 * phone was offline a while) is sent with a refreshed token rather than refused.
 */
import { API, IDEMPOTENCY_KEY_HEADER, REPORT_API, type ErrorBody } from '@xiaonao/contracts';
import { ApiError, type ApiClient } from '../shared/api-client';
import type { QueuedStep, StepSender } from './step-queue';

export function stepSender(api: ApiClient): StepSender {
  return (step) => {
    const headers = { [IDEMPOTENCY_KEY_HEADER]: step.key };
    switch (step.kind) {
      case 'accept':
        return api.post(API.accept(step.incidentId), step.body, headers);
      case 'decline':
        return api.post(API.decline(step.incidentId), step.body, headers);
      case 'call':
        return api.post(API.callAttempt(step.incidentId), step.body, headers);
      case 'contact':
        return api.post(API.contact(step.incidentId), step.body, headers);
      case 'arrive':
        return api.post(API.arrive(step.incidentId), step.body, headers);
      case 'close':
        return api.post(API.close(step.incidentId), step.body, headers);
      case 'report':
        return postReport(api, step);
    }
  };
}

/** A patrol report as multipart (the report as JSON text, the photo as a file), so the photo need not fit a JSON body. */
async function postReport(api: ApiClient, step: Extract<QueuedStep, { kind: 'report' }>): Promise<unknown> {
  const form = new FormData();
  form.append('report', JSON.stringify(step.body));
  if (step.photo) form.append('photo', step.photo, 'photo.jpg');
  const response = await api.fetch(REPORT_API.patrolReport, { method: 'POST', headers: { accept: 'application/json', [IDEMPOTENCY_KEY_HEADER]: step.key }, body: form });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body !== null && typeof body === 'object' && 'message' in body && 'code' in body ? (body as ErrorBody) : null);
  return body;
}
