/**
 * One message at the JetStream door, judged exactly as the HTTP door judges a request: size, API key
 * and signature (freshness against the moment the stream took the message, so a case published while
 * the hub was down is still fresh), township of the subject, fields, then the same Intake110 use case.
 * The answer is a receipt message; only a failure on the hub's side asks for the message again.
 */
import { HttpException, Inject, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import { API_KEY_HEADER, INTAKE_MAX_BODY_BYTES, INTAKE_STREAM, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type Intake110ReceiptMessage } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Integration } from '../../auth/session';
import { SignatureRefusal, SignedRequestVerifier } from '../../auth/signed-request-verifier';
import { answerBody } from '../../errors/domain-error.filter';
import { TownshipDirectory } from '../../township/township-directory';
import { parseIntake110, readableCaseNo } from './intake-110.parse';
import { Intake110 } from './intake-110.use-case';
import { IntakeRefusals } from './intake-refusals';

/** What the door reads of a JetStream message: nothing else of JsMsg matters to it. */
export interface IntakeMessage {
  subject: string;
  seq: number;
  data: Uint8Array;
  /** When the stream stored the message. */
  time: Date;
  header(name: string): string | undefined;
}

export type MessageOutcome = { kind: 'answer'; townshipCode: string; receipt: Intake110ReceiptMessage } | { kind: 'retry'; reason: string };

/** A refusal (the sender's fault, answered and acknowledged) as opposed to the hub's own failure (retried). */
function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || (error instanceof HttpException && error.getStatus() < 500);
}

@Injectable()
export class Intake110Message {
  private readonly logger = new Logger('JetStreamIntake');

  constructor(
    @Inject(SignedRequestVerifier) private readonly verifier: SignedRequestVerifier,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Intake110) private readonly intake: Intake110,
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
  ) {}

  async handle(msg: IntakeMessage, townshipCode: string): Promise<MessageOutcome> {
    const messageId = msg.header('Nats-Msg-Id') ?? null;
    const raw = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
    let integration: Integration | null = null;
    let caseNo: string | null = null;
    try {
      if (raw.byteLength > INTAKE_MAX_BODY_BYTES) throw new PayloadTooLargeException();
      const sender = await this.verifier.verify({
        apiKey: msg.header(API_KEY_HEADER),
        timestamp: msg.header(SIGNATURE_TIMESTAMP_HEADER),
        signature: msg.header(SIGNATURE_HEADER),
        rawBody: raw,
        receivedAt: msg.time,
        delivery: `${INTAKE_STREAM}:${msg.seq}`,
      });
      integration = sender.integration;
      if ((await this.townships.codeOf(integration.townshipId)) !== townshipCode) {
        throw new DomainError('FORBIDDEN', `subject：该 API 密钥不属于街道「${townshipCode}」`, `subject: this API key does not belong to township ${townshipCode}`, 'subject');
      }
      const request = await parseIntake110(raw);
      caseNo = request.caseNo;
      const answer = await this.intake.run(integration, request);
      return { kind: 'answer', townshipCode, receipt: { ok: true, statusCode: answer.duplicate ? 200 : 201, sequence: msg.seq, messageId, caseNo: request.caseNo, receipt: answer.receipt } };
    } catch (error) {
      if (!isRefusal(error)) {
        this.logger.warn(`message ${msg.seq} on ${msg.subject} will be retried: ${error instanceof Error ? error.message : String(error)}`);
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
      const body = answerBody(error);
      caseNo ??= raw.byteLength <= INTAKE_MAX_BODY_BYTES ? caseNoOf(raw) : null;
      await this.refusals.record({ door: '110-jetstream', answer: body, integration: error instanceof SignatureRefusal ? error.integration : integration, caseNo, remoteAddress: null });
      return { kind: 'answer', townshipCode, receipt: { ok: false, statusCode: body.statusCode, sequence: msg.seq, messageId, caseNo, error: body } };
    }
  }
}

function caseNoOf(raw: Buffer): string | null {
  try {
    return readableCaseNo(JSON.parse(raw.toString('utf8')));
  } catch {
    return null;
  }
}
