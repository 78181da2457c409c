/**
 * The 110 door: a non-police case transferred by 110 under its 警情编号, taken by the shared signed
 * intake (signed-intake.use-case.ts) with the 110 door's descriptor. docs/intake-110.md.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Intake110Request, Intake110Response } from '@xiaonao/contracts';
import type { Integration } from '../../auth/session';
import { parseIntake110 } from './intake-110.parse';
import { DOOR_110, type DoorIntake, type SignedTransfer } from './signed-door';
import { SignedIntake } from './signed-intake.use-case';

@Injectable()
export class Intake110 implements DoorIntake {
  readonly door = DOOR_110;

  constructor(@Inject(SignedIntake) private readonly intake: SignedIntake) {}

  parse(raw: Buffer): Promise<SignedTransfer> {
    return parseIntake110(raw);
  }

  run(from: Integration, req: Intake110Request | SignedTransfer): Promise<Intake110Response> {
    return this.intake.run(DOOR_110, from, req);
  }
}
