/**
 * One message at a signed door's JetStream subject (110, 12345), judged exactly as the HTTP door
 * judges a request: size, API key and signature (freshness against the moment the stream took the
 * message, so a case published while the hub was down is still fresh), township of the subject, the
 * door's kind of key, fields, then the door's use case. The answer is a receipt message; only a
 * failure on the hub's side asks for the message again.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Intake110ReceiptMessage } from '@xiaonao/contracts';
import { admitKind } from '../../auth/integration-kind';
import type { Integration } from '../../auth/session';
import { isRefusal, messageBody, SignedMessageGate, type IntakeMessage } from '../../auth/signed-message-gate';
import { SignatureRefusal } from '../../auth/signed-request-verifier';
import { answerBody } from '../../errors/domain-error.filter';
import { readableCaseNo } from './intake-110.parse';
import { IntakeRefusals } from './intake-refusals';
import type { DoorIntake } from './signed-door';

export type { IntakeMessage } from '../../auth/signed-message-gate';

export type MessageOutcome = { kind: 'answer'; townshipCode: string; receipt: Intake110ReceiptMessage } | { kind: 'retry'; reason: string };

@Injectable()
export class DoorMessage {
  private readonly logger = new Logger('JetStreamIntake');

  constructor(
    @Inject(SignedMessageGate) private readonly gate: SignedMessageGate,
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
  ) {}

  async handle(intake: DoorIntake, msg: IntakeMessage, townshipCode: string): Promise<MessageOutcome> {
    const { door } = intake;
    const messageId = msg.header('Nats-Msg-Id') ?? null;
    const { raw, readable } = messageBody(msg);
    let integration: Integration | null = null;
    let caseNo: string | null = null;
    try {
      integration = await this.gate.admit(msg, raw, door.jetstream.stream, townshipCode);
      admitKind(integration, door.admission.kinds, door.admission.zh, door.admission.en);
      const request = await intake.parse(raw);
      caseNo = request.caseNo;
      const answer = await intake.run(integration, request);
      return { kind: 'answer', townshipCode, receipt: { ok: true, statusCode: answer.duplicate ? 200 : 201, sequence: msg.seq, messageId, caseNo: request.caseNo, receipt: answer.receipt } };
    } catch (error) {
      if (!isRefusal(error)) {
        this.logger.warn(`message ${msg.seq} on ${msg.subject} will be retried: ${error instanceof Error ? error.message : String(error)}`);
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
      const body = answerBody(error);
      caseNo ??= readable ? caseNoOf(raw) : null;
      await this.refusals.record({ door: door.refusals.jetstream, answer: body, integration: error instanceof SignatureRefusal ? error.integration : integration, caseNo, remoteAddress: null });
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
