/** Sends one queued step to the hub, with its idempotency key; errors are thrown as ApiError. */
import { API, IDEMPOTENCY_KEY_HEADER, REPORT_API, type ErrorBody } from '@xiaonao/contracts';
import { ApiError, type ApiClient } from '../shared/api-client';
import { noteServerDate } from '../shared/server-clock';
import type { QueuedStep, StepSender } from './step-queue';

export function stepSender(api: ApiClient, token: string, onUnauthorized: () => void): StepSender {
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
        return postReport(step, token, onUnauthorized);
    }
  };
}

/** A patrol report as multipart (the report as JSON text, the photo as a file), so the photo need not fit a JSON body. */
async function postReport(step: Extract<QueuedStep, { kind: 'report' }>, token: string, onUnauthorized: () => void): Promise<unknown> {
  const form = new FormData();
  form.append('report', JSON.stringify(step.body));
  if (step.photo) form.append('photo', step.photo, 'photo.jpg');
  let response: Response;
  try {
    response = await fetch(REPORT_API.patrolReport, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', [IDEMPOTENCY_KEY_HEADER]: step.key },
      body: form,
    });
  } catch {
    throw new ApiError(0, null);
  }
  noteServerDate(response.headers.get('date'));
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, body !== null && typeof body === 'object' && 'message' in body && 'code' in body ? (body as ErrorBody) : null);
  }
  return body;
}
