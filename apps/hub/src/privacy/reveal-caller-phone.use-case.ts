/**
 * An operator asks for a caller's full number, saying why (查看完整号码): the number of the case, or of
 * one report of it (a linked report may come from another caller). The log entry and the answer come
 * from one transaction: no number leaves without its entry written.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RevealCallerPhoneAnswer } from '@xiaonao/contracts';
import { accessReason, DomainError } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import type { AccessRequester } from './access-request';
import { PersonalDataAccessLog } from './personal-data-access-log';

export interface RevealCallerPhoneCommand {
  requester: AccessRequester;
  incidentId: string;
  reason: unknown;
  reportId?: string;
}

const notFound = () => new DomainError('NOT_FOUND', '事件不存在或无权查看', 'No such case, or not yours to see');

@Injectable()
export class RevealCallerPhone {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PersonalDataAccessLog) private readonly log: PersonalDataAccessLog,
  ) {}

  async run(cmd: RevealCallerPhoneCommand): Promise<RevealCallerPhoneAnswer> {
    const reason = accessReason(cmd.reason);
    const { user } = cmd.requester;
    return this.db.transaction(async (tx) => {
      const [row] = cmd.reportId
        ? await tx.query<{ caller_phone: string; case_no: string }>(
            'SELECT caller_phone, case_no FROM incident_report WHERE id = $1 AND incident_id = $2 AND township_id = $3',
            [cmd.reportId, cmd.incidentId, user.townshipId],
          )
        : await tx.query<{ caller_phone: string; case_no: string }>('SELECT caller_phone, case_no FROM incident WHERE id = $1 AND township_id = $2', [cmd.incidentId, user.townshipId]);
      if (!row) throw notFound();
      if (!row.caller_phone.trim()) throw new DomainError('NOT_FOUND', '该事件没有报警人电话', 'This case has no caller number');
      const accessId = await this.log.record(tx, {
        requester: cmd.requester,
        action: 'reveal_phone',
        subject: cmd.reportId ? { kind: 'report', id: cmd.reportId } : { kind: 'incident', id: cmd.incidentId },
        reason,
        detail: { incidentId: cmd.incidentId, caseNo: row.case_no },
      });
      return { incidentId: cmd.incidentId, reportId: cmd.reportId ?? null, callerPhone: row.caller_phone, accessId };
    });
  }
}
