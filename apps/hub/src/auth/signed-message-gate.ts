/**
 * The checks every signed JetStream door makes before it reads a message's fields: size, API key and
 * signature (fresh against when the stream stored the message, so one published while the hub was
 * down is still fresh), and that the key belongs to the township the subject names. Shared by the
 * 110 and camera doors so that both judge a message exactly as their HTTP doors judge a request.
 */
import { HttpException, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { API_KEY_HEADER, INTAKE_MAX_BODY_BYTES, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { TownshipDirectory } from '../township/township-directory';
import type { Integration } from './session';
import { SignedRequestVerifier } from './signed-request-verifier';

/** What a door reads of a JetStream message: nothing else of JsMsg matters to it. */
export interface IntakeMessage {
  subject: string;
  seq: number;
  data: Uint8Array;
  /** When the stream stored the message. */
  time: Date;
  header(name: string): string | undefined;
}

/** A refusal (the sender's fault, answered and acknowledged) as opposed to the hub's own failure (retried). */
export function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || (error instanceof HttpException && error.getStatus() < 500);
}

/** The body as bytes, and whether it is small enough to read at all. */
export function messageBody(msg: IntakeMessage): { raw: Buffer; readable: boolean } {
  const raw = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
  return { raw, readable: raw.byteLength <= INTAKE_MAX_BODY_BYTES };
}

@Injectable()
export class SignedMessageGate {
  constructor(
    @Inject(SignedRequestVerifier) private readonly verifier: SignedRequestVerifier,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  /** The integration that signed the message; throws a refusal otherwise. */
  async admit(msg: IntakeMessage, raw: Buffer, stream: string, townshipCode: string): Promise<Integration> {
    if (raw.byteLength > INTAKE_MAX_BODY_BYTES) throw new PayloadTooLargeException();
    const { integration } = await this.verifier.verify({
      apiKey: msg.header(API_KEY_HEADER),
      timestamp: msg.header(SIGNATURE_TIMESTAMP_HEADER),
      signature: msg.header(SIGNATURE_HEADER),
      rawBody: raw,
      receivedAt: msg.time,
      delivery: `${stream}:${msg.seq}`,
    });
    if ((await this.townships.codeOf(integration.townshipId)) !== townshipCode) {
      throw new DomainError('FORBIDDEN', `subject：该 API 密钥不属于街道「${townshipCode}」`, `subject: this API key does not belong to township ${townshipCode}`, 'subject');
    }
    return integration;
  }
}
