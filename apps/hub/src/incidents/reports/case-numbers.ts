/** Numbers for the doors that make their own (ZH-20261121-0007), counted in the caller's transaction so a refused report uses none. */
import { Injectable } from '@nestjs/common';
import { doorCaseNo, shanghaiDay, type CaseNoPrefix } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';

@Injectable()
export class CaseNumbers {
  /** The next number of the township, door and Shanghai day of `at`; the counter row stays locked until the transaction ends. */
  async next(tx: Sql, townshipId: string, prefix: CaseNoPrefix, at: Date): Promise<string> {
    const day = shanghaiDay(at);
    const [row] = await tx.query<{ last: number }>(
      `INSERT INTO case_number_counter (township_id, prefix, day, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (township_id, prefix, day) DO UPDATE SET last = case_number_counter.last + 1
       RETURNING last`,
      [townshipId, prefix, day],
    );
    return doorCaseNo(prefix, day, row.last);
  }
}
