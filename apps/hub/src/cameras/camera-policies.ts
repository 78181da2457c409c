/**
 * Each township's camera policy by alert type (threshold, auto or confirm, storm window): its own rows
 * where it set them, the hub's defaults elsewhere. Read for every alert, so kept in memory briefly.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { CameraAlertType, CameraTypePolicyRequest, CameraTypePolicyView, DispatchMode } from '@xiaonao/contracts';
import { cameraPolicies, cameraPolicyProblem, categoryOfAlert, DomainError, type CameraTypePolicy } from '@xiaonao/domain';
import { Database } from '../persistence/database';

const CACHE_MS = 30_000;

@Injectable()
export class CameraPolicies {
  private readonly cache = new Map<string, { policies: Promise<Map<CameraAlertType, CameraTypePolicy & { custom: boolean }>>; until: number }>();

  constructor(@Inject(Database) private readonly db: Database) {}

  async list(townshipId: string): Promise<CameraTypePolicyView[]> {
    return [...(await this.load(townshipId)).values()].map((p) => ({ ...p, category: categoryOfAlert(p.type) }));
  }

  async forType(townshipId: string, type: CameraAlertType): Promise<CameraTypePolicy> {
    const policy = (await this.load(townshipId)).get(type);
    if (!policy) throw new Error(`no policy for camera alert type ${type}`);
    return policy;
  }

  async set(townshipId: string, type: CameraAlertType, req: CameraTypePolicyRequest): Promise<CameraTypePolicyView> {
    const problem = cameraPolicyProblem(req);
    if (problem) throw new DomainError('INVALID_INPUT', `${problem.field}：${problem.zh}`, `${problem.field}: ${problem.en}`, problem.field);
    await this.db.query(
      `INSERT INTO camera_type_policy (township_id, alert_type, threshold, mode, storm_window_seconds) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (township_id, alert_type) DO UPDATE SET threshold = $3, mode = $4, storm_window_seconds = $5, updated_at = now()`,
      [townshipId, type, req.threshold, req.mode, req.stormWindowSeconds],
    );
    this.cache.delete(townshipId);
    const view = (await this.list(townshipId)).find((p) => p.type === type);
    if (!view) throw new Error(`policy for ${type} vanished`);
    return view;
  }

  private load(townshipId: string): Promise<Map<CameraAlertType, CameraTypePolicy & { custom: boolean }>> {
    const cached = this.cache.get(townshipId);
    if (cached && cached.until > Date.now()) return cached.policies;
    const policies = this.db
      .query<{ alert_type: CameraAlertType; threshold: number; mode: DispatchMode; storm_window_seconds: number }>(
        'SELECT alert_type, threshold, mode, storm_window_seconds FROM camera_type_policy WHERE township_id = $1',
        [townshipId],
      )
      .then((rows) => {
        const own = rows.map((r) => ({ type: r.alert_type, threshold: r.threshold, mode: r.mode, stormWindowSeconds: r.storm_window_seconds }));
        return new Map(cameraPolicies(own).map((p) => [p.type, p]));
      });
    policies.catch(() => this.cache.delete(townshipId));
    this.cache.set(townshipId, { policies, until: Date.now() + CACHE_MS });
    return policies;
  }
}
