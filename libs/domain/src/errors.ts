/** A broken rule of the domain. The hub maps `code` to an HTTP status in one filter. */
export type DomainErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_YOUR_CASE'
  /** The case was this worker's (offered or held) but went to someone else meanwhile: 「该事件已改派给他人」. */
  | 'CASE_REASSIGNED'
  /** An Idempotency-Key used again for a different step. */
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'OFFER_NOT_OPEN'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'DUPLICATE_CONFLICT'
  | 'POLICE_MATTER'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  /** An address the gazetteer cannot place, with no point given instead. */
  | 'PLACE_NOT_FOUND'
  /** An upload over its limit (a patrol photo). */
  | 'PAYLOAD_TOO_LARGE'
  /** Too many attempts from one address (sign-in): try again after a while. */
  | 'TOO_MANY_REQUESTS'
  /** An account locked after repeated failed sign-ins, until the lock ends. */
  | 'LOCKED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** Simplified Chinese, shown to people. */
    message: string,
    readonly messageEn: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
