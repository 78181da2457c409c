/**
 * The worker holding a case calls the party from the phone page, so the views they are answered with
 * carry the full number. A step's answer is built (and, for a resent step, stored) masked like any
 * news; here, on its way out to that worker, the number is put back if they hold the case now.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { holdsCase } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { IncidentStore } from '../incidents/incident-store';
import { rowHeldBy } from '../incidents/incident-row';

@Injectable()
export class HolderPhones {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
  ) {}

  /** `view` with the full caller number when `user` is the worker holding the case; as it is otherwise. */
  async forReader(user: SessionUser, view: IncidentView): Promise<IncidentView> {
    if (user.role !== 'worker' || !view.callerPhoneMasked || !view.callerPhone) return view;
    // The view may be an old answer (a resent step): it only saves a read when it says they do not hold it.
    if (!holdsCase({ state: view.state, workerId: view.worker?.id ?? null, assistantIds: view.assistants.map((a) => a.id) }, user.workerId)) return view;
    const row = await this.incidents.find(this.db, view.id);
    if (!row || row.township_id !== user.townshipId || !rowHeldBy(row, user.workerId)) return view;
    return { ...view, callerPhone: row.caller_phone, callerPhoneMasked: false };
  }
}
