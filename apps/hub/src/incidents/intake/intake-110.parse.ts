/** The message doors' body parsing for this DTO (see parseMessageBody), and what a refusal can still read. */
import { parseMessageBody } from '../../errors/parse-message-body';
import { Intake110Dto } from './intake-110.dto';

export function parseIntake110(rawBody: Buffer): Promise<Intake110Dto> {
  return parseMessageBody(rawBody, Intake110Dto);
}

/** The case number of a refused request, when it can be read at all (for the refusal log and receipt). */
export function readableCaseNo(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const caseNo = (body as { caseNo?: unknown }).caseNo;
  return typeof caseNo === 'string' && caseNo.length > 0 ? caseNo.slice(0, 64) : null;
}
