/** The 12345 message door's body parsing (see parseMessageBody): the same checks as the HTTP door's pipe. */
import { parseMessageBody } from '../../errors/parse-message-body';
import { Intake12345Dto } from './intake-12345.dto';

export function parseIntake12345(rawBody: Buffer): Promise<Intake12345Dto> {
  return parseMessageBody(rawBody, Intake12345Dto);
}
