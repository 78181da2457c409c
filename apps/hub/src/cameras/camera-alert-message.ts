/**
 * One message at the camera alerts' JetStream door, judged as the HTTP door judges a request: size,
 * API key and signature (fresh against when the stream took it), the township of the subject, fields,
 * then the same ReceiveCameraAlert. The answer is a receipt; only a fault of the hub's is retried.
 */
import { HttpException, Inject, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import { API_KEY_HEADER, CAMERA_INTAKE_STREAM, INTAKE_MAX_BODY_BYTES, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type CameraAlertReceiptMessage } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Integration } from '../auth/session';
import { SignatureRefusal, SignedRequestVerifier } from '../auth/signed-request-verifier';
import { answerBody } from '../errors/domain-error.filter';
import type { IntakeMessage } from '../incidents/intake/intake-110-message';
import { IntakeRefusals } from '../incidents/intake/intake-refusals';
import { TownshipDirectory } from '../township/township-directory';
import { parseCameraAlert, readableAlertId } from './parse-camera-alert';
import { ReceiveCameraAlert } from './receive-alert.use-case';

export type CameraMessageOutcome = { kind: 'answer'; receipt: CameraAlertReceiptMessage } | { kind: 'retry'; reason: string };

function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || (error instanceof HttpException && error.getStatus() < 500);
}

@Injectable()
export class CameraAlertMessage {
  private readonly logger = new Logger('CameraAlertJetStream');

  constructor(
    @Inject(SignedRequestVerifier) private readonly verifier: SignedRequestVerifier,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(ReceiveCameraAlert) private readonly receive: ReceiveCameraAlert,
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
  ) {}

  async handle(msg: IntakeMessage, townshipCode: string): Promise<CameraMessageOutcome> {
    const messageId = msg.header('Nats-Msg-Id') ?? null;
    const raw = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
    let integration: Integration | null = null;
    try {
      if (raw.byteLength > INTAKE_MAX_BODY_BYTES) throw new PayloadTooLargeException();
      const sender = await this.verifier.verify({
        apiKey: msg.header(API_KEY_HEADER),
        timestamp: msg.header(SIGNATURE_TIMESTAMP_HEADER),
        signature: msg.header(SIGNATURE_HEADER),
        rawBody: raw,
        receivedAt: msg.time,
        delivery: `${CAMERA_INTAKE_STREAM}:${msg.seq}`,
      });
      integration = sender.integration;
      if ((await this.townships.codeOf(integration.townshipId)) !== townshipCode) {
        throw new DomainError('FORBIDDEN', `subject：该 API 密钥不属于街道「${townshipCode}」`, `subject: this API key does not belong to township ${townshipCode}`, 'subject');
      }
      const { answer, created } = await this.receive.run(integration.townshipId, await parseCameraAlert(raw));
      return { kind: 'answer', receipt: { ok: true, statusCode: created ? 201 : 200, sequence: msg.seq, messageId, answer } };
    } catch (error) {
      if (!isRefusal(error)) {
        this.logger.warn(`message ${msg.seq} on ${msg.subject} will be retried: ${error instanceof Error ? error.message : String(error)}`);
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
      const body = answerBody(error);
      const alertId = raw.byteLength <= INTAKE_MAX_BODY_BYTES ? readableAlertId(raw) : null;
      await this.refusals.record({ door: 'camera-jetstream', answer: body, integration: error instanceof SignatureRefusal ? error.integration : integration, caseNo: alertId, remoteAddress: null });
      return { kind: 'answer', receipt: { ok: false, statusCode: body.statusCode, sequence: msg.seq, messageId, alertId, error: body } };
    }
  }
}
