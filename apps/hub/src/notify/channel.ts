/**
 * One way of reaching a worker's phone (DingTalk work notice, WeCom message, SMS, voice call, Web
 * Push). Each provider sits behind this interface; the pager (notify/pager.ts) decides when to use
 * which, records every attempt on the case's timeline and moves the chain on after a failure.
 */
import type { ChannelKind } from '@xiaonao/contracts';

/** Who is paged, with the addresses the providers know them by. */
export interface PagedWorker {
  id: string;
  name: string;
  /** Mainland mobile number, digits only (e.g. 13905712345). */
  phone: string;
  /** The worker's DingTalk userid in the township's organisation; null when unknown. */
  dingtalkUserId: string | null;
  /** The worker's WeCom userid; null when unknown. */
  wecomUserId: string | null;
}

/** What one attempt says. Texts are Simplified Chinese and short (SMS and TTS templates take few characters). */
export interface PageMessage {
  /** Stable id of this attempt; providers that take an out id (OutId) get it. */
  attemptId: string;
  worker: PagedWorker;
  caseNo: string;
  /** e.g. 「纠纷」. */
  categoryLabel: string;
  address: string;
  /** When the offer lapses: the message says how long is left. */
  expiresAt: Date;
  /** The phone page, absolute (opened from the DingTalk card or the SMS). */
  url: string;
}

/** The provider took the request (`sent`, with its reference for later checks) or refused it (`failed`). */
export interface SendResult {
  status: 'sent' | 'failed';
  /** The provider's id for this send: DingTalk task_id, SMS BizId, voice CallId. */
  ref: string | null;
  /** The provider's code and words on a failure, e.g. `isv.BUSINESS_LIMIT_CONTROL 触发号码天级流控`. */
  detail: string | null;
}

/** What became of an earlier send, as the provider reports it now. */
export interface CheckResult {
  status: 'sent' | 'delivered' | 'read' | 'answered' | 'failed';
  detail: string | null;
  /** Nothing more will change: stop asking. */
  final: boolean;
}

/**
 * Thrown by `send` when the request may or may not have reached the provider (a timeout after the
 * body was written, a connection reset before the answer). The pager does not resend such an attempt
 * (SMS and calls are not idempotent and are billed); it records it as `unknown` and moves on.
 */
export class UnknownOutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownOutcomeError';
  }
}

export interface NotifyChannel {
  readonly kind: Exclude<ChannelKind, 'socket'>;
  /**
   * Sends one message. Resolves `failed` for a known failure (the provider refused it, or the
   * connection was refused before anything was sent); throws UnknownOutcomeError when unsure.
   */
  send(message: PageMessage): Promise<SendResult>;
  /** Asks the provider what became of a send (`ref` from SendResult). */
  check(ref: string, message: PageMessage, sentAt: Date): Promise<CheckResult>;
}
