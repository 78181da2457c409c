/** The message doors' body parsing for this DTO (see parseMessageBody), and what a refusal can still read. */
import { parseMessageBody } from '../errors/parse-message-body';
import { CameraAlertDto } from './camera.dto';

export function parseCameraAlert(rawBody: Buffer): Promise<CameraAlertDto> {
  return parseMessageBody(rawBody, CameraAlertDto);
}

/** The platform's alertId of a refused message, when it can be read at all (for the receipt). */
export function readableAlertId(raw: Buffer): string | null {
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    const id = typeof body === 'object' && body !== null ? (body as { alertId?: unknown }).alertId : undefined;
    return typeof id === 'string' && id.length > 0 ? id.slice(0, 64) : null;
  } catch {
    return null;
  }
}
