/**
 * A DomainError whose answer carries a finer code than its status family: a 401 that says
 * SIGNATURE_EXPIRED rather than only UNAUTHORIZED, so a sender can tell a clock problem from a bad secret.
 */
import { DomainError, type DomainErrorCode } from '@xiaonao/domain';

export class RefinedDomainError extends DomainError {
  constructor(
    code: DomainErrorCode,
    /** What `ErrorBody.code` says; the status still follows `code`. */
    readonly answerCode: string,
    message: string,
    messageEn: string,
    field?: string,
    /** For a refusal that ends by itself: seconds until a retry can succeed, sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message, messageEn, field);
  }
}
