/**
 * One message at the camera alerts' JetStream door, judged as the HTTP door judges a request: size,
 * API key and signature (fresh against when the stream took it), the township of the subject, fields,
 * then the same ReceiveCameraAlert. The answer is a receipt; only a fault of the hub's is retried.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CAMERA_INTAKE_STREAM, type CameraAlertReceiptMessage } from '@xiaonao/contracts';
import type { Integration } from '../auth/session';
import { isRefusal, messageBody, SignedMessageGate, type IntakeMessage } from '../auth/signed-message-gate';
import { SignatureRefusal } from '../auth/signed-request-verifier';
import { answerBody } from '../errors/domain-error.filter';
import { IntakeRefusals } from '../incidents/intake/intake-refusals';
import { parseCameraAlert, readableAlertId } from './parse-camera-alert';
import { ReceiveCameraAlert } from './receive-alert.use-case';

export type CameraMessageOutcome = { kind: 'answer'; receipt: CameraAlertReceiptMessage } | { kind: 'retry'; reason: string };

@Injectable()
export class CameraAlertMessage {
  private readonly logger = new Logger('CameraAlertJetStream');

  constructor(
    @Inject(SignedMessageGate) private readonly gate: SignedMessageGate,
    @Inject(ReceiveCameraAlert) private readonly receive: ReceiveCameraAlert,
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
  ) {}

  async handle(msg: IntakeMessage, townshipCode: string): Promise<CameraMessageOutcome> {
    const messageId = msg.header('Nats-Msg-Id') ?? null;
    const { raw, readable } = messageBody(msg);
    let integration: Integration | null = null;
    try {
      integration = await this.gate.admit(msg, raw, CAMERA_INTAKE_STREAM, townshipCode);
      const { answer, created } = await this.receive.run(integration.townshipId, await parseCameraAlert(raw));
      return { kind: 'answer', receipt: { ok: true, statusCode: created ? 201 : 200, sequence: msg.seq, messageId, answer } };
    } catch (error) {
      if (!isRefusal(error)) {
        this.logger.warn(`message ${msg.seq} on ${msg.subject} will be retried: ${error instanceof Error ? error.message : String(error)}`);
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
      const body = answerBody(error);
      const alertId = readable ? readableAlertId(raw) : null;
      await this.refusals.record({ door: 'camera-jetstream', answer: body, integration: error instanceof SignatureRefusal ? error.integration : integration, caseNo: alertId, remoteAddress: null });
      return { kind: 'answer', receipt: { ok: false, statusCode: body.statusCode, sequence: msg.seq, messageId, alertId, error: body } };
    }
  }
}
