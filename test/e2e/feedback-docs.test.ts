/**
 * The worked signature example in docs/feedback-110.md stays true: the documented signature is what
 * Standard Webhooks' library, a plain HMAC and the hub's own signing give for the documented inputs,
 * and the documented event types and default codes are the code's.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { FEEDBACK_EVENT_TYPES } from '@xiaonao/contracts';
import { DEFAULT_RESULT_CODES } from '@xiaonao/domain';
import { signedWebhookHeaders } from '../../apps/hub/src/feedback/webhook-door';

const doc = readFileSync('docs/feedback-110.md', 'utf8');
/** The value of the worked example's row `label` (the last such row: the header table has some of the same names). */
const cell = (label: string) => {
  const rows = [...doc.matchAll(new RegExp(`\\| ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| \`([^\`]+)\` \\|`, 'g'))];
  const last = rows.at(-1);
  if (!last) throw new Error(`no row ${label} in docs/feedback-110.md`);
  return last[1];
};

describe('the feedback contract document', () => {
  const secret = cell('密钥 secret');
  const id = cell('`webhook-id`');
  const timestamp = cell('`webhook-timestamp`');
  const signature = cell('`webhook-signature`');
  const body = /```json\n(.+)\n```/.exec(doc)?.[1] ?? '';

  it('shows a signature that Standard Webhooks, a plain HMAC and the hub all compute from its inputs', () => {
    expect(body).toContain(`"id":"${id}"`);
    const at = new Date(Number(timestamp) * 1000);
    expect(new Webhook(secret).sign(id, at, body)).toBe(signature);
    const hmac = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(`v1,${hmac}`).toBe(signature);
    expect(signedWebhookHeaders(secret, id, at, body)).toEqual({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
    // The same example in the openssl lines.
    expect(doc).toContain(`body='${body}'`);
    expect(doc).toContain(`# ${signature.slice(3)}`);
  });

  it('lists every event type and the default result codes as the code has them', () => {
    for (const type of FEEDBACK_EVENT_TYPES) expect(doc).toContain(`| \`${type}\` |`);
    for (const [kind, code] of Object.entries(DEFAULT_RESULT_CODES)) expect(doc).toMatch(new RegExp(`\\| \`${kind}\` \\| [^|]+ \\| \`${code}\` \\|`));
  });
});
