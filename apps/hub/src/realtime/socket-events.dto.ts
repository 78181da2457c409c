/**
 * Payloads of the events phones send over the socket, validated as request bodies are (same rules,
 * same shape limits, the wrong field named): a socket is a door like any other.
 */
import { IsBoolean, IsUUID } from 'class-validator';
import type { OfferSeen } from '@xiaonao/contracts';

export class OfferSeenDto implements OfferSeen {
  @IsUUID('all', { message: '不是有效的派单编号 / not an offer id' })
  offerId!: string;

  @IsBoolean({ message: '须为 true 或 false / must be true or false' })
  visible!: boolean;
}
