/**
 * Who may see and change whose duty: operators every worker of their township; a grid leader (网格长,
 * a worker whom a grid names as its leader) the workers of the grids they lead; a township leader
 * (镇领导) may read the township's roster (排班推演 starts from it) and change nothing; nobody else.
 */
import { Injectable } from '@nestjs/common';
import type { SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';
import type { WorkerRow } from '../workers/worker-store';

/** `grids: null` is the whole township. */
export interface RosterScope {
  townshipId: string;
  grids: ReadonlySet<string> | null;
}

export const notYourGrid = (name: string) => new DomainError('FORBIDDEN', `${name} 不在您负责的网格内`, `${name} is not in a grid you lead`);

@Injectable()
export class RosterAccess {
  /** The workers this user may manage (or, `read`, see); FORBIDDEN for anyone who is neither an operator nor a grid leader. */
  async scope(tx: Sql, user: SessionUser, intent: 'manage' | 'read' = 'manage'): Promise<RosterScope> {
    if (user.role === 'operator' || (user.role === 'leader' && intent === 'read')) return { townshipId: user.townshipId, grids: null };
    if (user.role === 'worker' && user.workerId) {
      const led = await tx.query<{ id: string }>('SELECT id FROM grid WHERE township_id = $1 AND leader_worker_id = $2', [user.townshipId, user.workerId]);
      if (led.length) return { townshipId: user.townshipId, grids: new Set(led.map((g) => g.id)) };
    }
    throw new DomainError('FORBIDDEN', '仅值班员或网格长可以管理排班', 'Only operators and grid leaders manage rosters');
  }

  mayManage(scope: RosterScope, worker: Pick<WorkerRow, 'township_id' | 'grid_id'>): boolean {
    if (worker.township_id !== scope.townshipId) return false;
    return scope.grids === null || (worker.grid_id !== null && scope.grids.has(worker.grid_id));
  }

  /** The workers in scope, by code. */
  async workers(tx: Sql, scope: RosterScope): Promise<WorkerRow[]> {
    return tx.query<WorkerRow>(
      `SELECT * FROM worker WHERE township_id = $1 AND ($2::uuid[] IS NULL OR grid_id = ANY($2::uuid[])) ORDER BY code`,
      [scope.townshipId, scope.grids ? [...scope.grids] : null],
    );
  }
}
