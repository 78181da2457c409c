/**
 * Which township an Open311 call is about. A key belongs to one township; `jurisdiction_id`, when a
 * client sends it, must name that township. The public services list has no key: it names the
 * township by `jurisdiction_id`, else a key if one came along, else the hub's only township.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@xiaonao/domain';
import type { Integration } from '../auth/session';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';

const unknownJurisdiction = (code: string) =>
  new DomainError('INVALID_INPUT', `jurisdiction_id：未知的街道编码「${code}」`, `jurisdiction_id: unknown township ${code}`, 'jurisdiction_id');

@Injectable()
export class Open311Jurisdiction {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  /** The key's township; a `jurisdiction_id` naming another one is refused. */
  async ofKey(from: Integration, jurisdictionId: string | undefined): Promise<string> {
    if (jurisdictionId !== undefined && (await this.townships.codeOf(from.townshipId)) !== jurisdictionId) {
      throw new DomainError('INVALID_INPUT', `jurisdiction_id：该 api_key 不属于街道「${jurisdictionId}」`, `jurisdiction_id: this api_key does not belong to ${jurisdictionId}`, 'jurisdiction_id');
    }
    return from.townshipId;
  }

  /** For a call without a key (the services list). */
  async ofPublic(jurisdictionId: string | undefined, from: Integration | null): Promise<string> {
    if (jurisdictionId !== undefined) {
      const [row] = await this.db.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [jurisdictionId]);
      if (!row) throw unknownJurisdiction(jurisdictionId);
      return row.id;
    }
    if (from) return from.townshipId;
    const rows = await this.db.query<{ id: string }>('SELECT id FROM township ORDER BY code LIMIT 2');
    if (rows.length === 1) return rows[0].id;
    throw new DomainError('INVALID_INPUT', 'jurisdiction_id：本系统服务多个街道，请提供街道编码', 'jurisdiction_id: this hub serves several townships; name one', 'jurisdiction_id');
  }
}
