/**
 * The signed doors that take another system's cases under that system's own number: 110 (警情编号)
 * and the 12345 hotline (工单号). One descriptor each says what differs between them; the machinery
 * (signature, kinds of key, fingerprints, refusal log, JetStream consumer, receipts) is shared.
 */
import {
  INTAKE_12345_STREAM,
  INTAKE_STREAM,
  intake110ReceiptSubject,
  intake110Subject,
  intake12345ReceiptSubject,
  intake12345Subject,
  INTAKE_12345_SUBJECT_PREFIX,
  INTAKE_SUBJECT_PREFIX,
  type Intake110Request,
  type Intake110Response,
  type IntegrationKind,
} from '@xiaonao/contracts';
import type { DoorAdmission } from '../../auth/signed-integration.guard';
import type { Integration } from '../../auth/session';

export interface SignedDoor {
  /** The case's source and its timeline events' source. */
  source: '110' | '12345';
  /** Only API keys of this kind may knock. */
  kind: IntegrationKind;
  /** The door as a refusal names it. */
  admission: DoorAdmission;
  /** What the sender calls its number, in conflicts: 警情编号, 工单号. */
  numberName: { zh: string; en: string };
  /** Names in the refusal log (intake_refusal.door). */
  refusals: { http: string; jetstream: string };
  jetstream: {
    stream: string;
    /** Everything of the door's stream: `<prefix>.>`. */
    subjectPrefix: string;
    subject(townshipCode: string): string;
    receiptSubject(townshipCode: string): string;
    /** The township's durable consumer. */
    consumer(townshipCode: string): string;
  };
}

export const DOOR_110: SignedDoor = {
  source: '110',
  kind: '110',
  admission: { kinds: ['110'], zh: '110 转派入口', en: 'the 110 door' },
  numberName: { zh: '警情编号', en: 'case' },
  refusals: { http: '110-http', jetstream: '110-jetstream' },
  jetstream: {
    stream: INTAKE_STREAM,
    subjectPrefix: INTAKE_SUBJECT_PREFIX,
    subject: intake110Subject,
    receiptSubject: intake110ReceiptSubject,
    consumer: (code) => `intake-110-${code}`,
  },
};

export const DOOR_12345: SignedDoor = {
  source: '12345',
  kind: '12345',
  admission: { kinds: ['12345'], zh: '12345 工单转派入口', en: 'the 12345 door' },
  numberName: { zh: '工单号', en: 'work order' },
  refusals: { http: '12345-http', jetstream: '12345-jetstream' },
  jetstream: {
    stream: INTAKE_12345_STREAM,
    subjectPrefix: INTAKE_12345_SUBJECT_PREFIX,
    subject: intake12345Subject,
    receiptSubject: intake12345ReceiptSubject,
    consumer: (code) => `intake-12345-${code}`,
  },
};

/** A transfer as both doors take it; 12345 names no police station. */
export type SignedTransfer = Omit<Intake110Request, 'policeStationCode'> & { policeStationCode?: string };

/** A door with its parsing and its use case, as the JetStream door runs it. */
export interface DoorIntake {
  readonly door: SignedDoor;
  /** The message body as the HTTP door's DTO would take it, or a refusal. */
  parse(raw: Buffer): Promise<SignedTransfer>;
  run(from: Integration, req: SignedTransfer): Promise<Intake110Response>;
}
