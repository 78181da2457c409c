/**
 * The 12345 door: a work order the 12345 government hotline transfers to the township (国办发〔2022〕12号),
 * under its 工单号, taken by the shared signed intake with the 12345 descriptor: source '12345', only
 * keys of kind '12345', results fed back to the key that sent it. docs/intake-12345.md.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Intake12345Request, Intake12345Response } from '@xiaonao/contracts';
import type { Integration } from '../../auth/session';
import { parseIntake12345 } from './intake-12345.parse';
import { DOOR_12345, type DoorIntake, type SignedTransfer } from './signed-door';
import { SignedIntake } from './signed-intake.use-case';

@Injectable()
export class Intake12345 implements DoorIntake {
  readonly door = DOOR_12345;

  constructor(@Inject(SignedIntake) private readonly intake: SignedIntake) {}

  parse(raw: Buffer): Promise<SignedTransfer> {
    return parseIntake12345(raw);
  }

  /** A 12345 order names no police station: whatever a body might carry under that name is not read. */
  run(from: Integration, req: Intake12345Request): Promise<Intake12345Response> {
    const { caseNo, receivedAt, callerName, callerPhone, address, location, coordSystem, category, description } = req;
    return this.intake.run(DOOR_12345, from, { caseNo, receivedAt, callerName, callerPhone, address, location, coordSystem, category, description });
  }
}
