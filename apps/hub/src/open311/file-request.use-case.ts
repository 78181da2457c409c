/**
 * POST requests.json: a citizen's report from a city's Open311 tool becomes a case like any other
 * door's (IncidentCreator): source and event source 'open311', numbered SM-yyyymmdd-nnnn, received now,
 * at its WGS-84 point (inside the township) or else placed from its address, fed back to the key that
 * sent it. Only services the township offers are taken (police-only categories are not services).
 *
 * An `Idempotency-Key` makes a resend safe: the request's number is then derived from the key and the
 * API key (SM-K…), so the same key answers with the request it made; the same key with other content
 * is refused (422) rather than answered with a request it did not describe.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, IDEMPOTENCY_KEY_HEADER, type Category, type Open311Created } from '@xiaonao/contracts';
import { CASE_NO_PREFIXES, DomainError, offeredService, withinBounds } from '@xiaonao/domain';
import type { Integration } from '../auth/session';
import { Clock } from '../clock/clock';
import { IncidentCreator } from '../incidents/intake/incident-creator';
import type { CreatedIncident, NewIncident } from '../incidents/intake/new-case';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import type { Open311RequestDto } from './open311.dto';
import { Open311Jurisdiction } from './open311-jurisdiction';

/** The number of a request sent with an Idempotency-Key: stable across resends, unique per API key and key. */
export function keyedRequestNo(apiKeyId: string, key: string): string {
  return `${CASE_NO_PREFIXES.open311}-K${createHash('sha256').update(`${apiKeyId}\0${key}`).digest('hex').slice(0, 16).toUpperCase()}`;
}

/** A name as the citizen gave it: family name first for Chinese names, given name first otherwise. */
function callerName(first: string | undefined, last: string | undefined): string {
  const [f, l] = [first?.trim() ?? '', last?.trim() ?? ''];
  if (/[\u3400-\u9fff]/.test(f + l)) return `${l}${f}`;
  return [f, l].filter(Boolean).join(' ');
}

@Injectable()
export class FileOpen311Request {
  constructor(
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Open311Jurisdiction) private readonly jurisdiction: Open311Jurisdiction,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(from: Integration, req: Open311RequestDto, idempotencyKey: string | undefined): Promise<Open311Created[]> {
    const townshipId = await this.jurisdiction.ofKey(from, req.jurisdiction_id);
    const category = await this.service(townshipId, req.service_code);
    const site = req.lat !== undefined && req.long !== undefined ? { lng: req.long, lat: req.lat } : undefined;
    if (site) {
      const bounds = await this.townships.bounds(townshipId);
      if (bounds && !withinBounds(site, bounds)) {
        throw new DomainError('INVALID_INPUT', 'lat：位置不在本街道范围内（经纬度是否颠倒、是否为 WGS84？）', 'lat: outside the township (swapped, or not WGS84?)', 'lat');
      }
    }
    const n: Omit<NewIncident, 'caseNo'> = {
      townshipId,
      source: 'open311',
      receivedAt: this.clock.now(),
      callerName: callerName(req.first_name, req.last_name),
      callerPhone: req.phone ?? '',
      address: req.address_string?.trim() ?? '',
      site,
      category,
      description: req.description,
      stationId: null,
      actor: `open311:${from.name}`,
      eventSource: 'open311',
      // The email is checked but not kept: the citizen hears back through status_notes.
      detail: { via: from.name, coordSystem: 'WGS84', ...(req.media_url ? { mediaUrl: req.media_url } : {}) },
      integrationId: from.apiKeyId,
    };
    const made = idempotencyKey ? await this.keyed(n, keyedRequestNo(from.apiKeyId, idempotencyKey)) : await this.creator.createNumbered(n, CASE_NO_PREFIXES.open311);
    return [{ service_request_id: made.caseNo, service_notice: notice(made), account_id: null }];
  }

  /** The category a service code names, if the township offers it. */
  private async service(townshipId: string, code: string): Promise<Category> {
    const rules = await this.townships.responsibilities(townshipId);
    if (offeredService(rules, code)) return code as Category;
    const police = rules.find((r) => r.category === code && r.policeOnly);
    if (police) {
      const label = CATEGORY_LABELS[police.category];
      throw new DomainError('INVALID_INPUT', `service_code：「${label.zh}」属于警务事项，请拨打 110`, `service_code: ${label.en} is a police matter; call 110`, 'service_code');
    }
    throw new DomainError('INVALID_INPUT', `service_code：未知的服务代码「${code}」，见 services.json`, `service_code: unknown service ${code}; see services.json`, 'service_code');
  }

  /** Under the key's number: a resend answers with what the first made, unless it describes another request. */
  private async keyed(n: Omit<NewIncident, 'caseNo'>, caseNo: string): Promise<CreatedIncident> {
    const made = await this.creator.create({ ...n, caseNo });
    if (!made.duplicate) return made;
    const [first] = await this.db.query<{ source: string; category: string; description: string; address: string; lng: number; lat: number }>(
      'SELECT source, category, description, address, lng, lat FROM incident_report WHERE township_id = $1 AND case_no = $2',
      [n.townshipId, caseNo],
    );
    const samePoint = !n.site || (first && Math.abs(first.lng - n.site.lng) < 1e-7 && Math.abs(first.lat - n.site.lat) < 1e-7);
    if (!first || first.source !== 'open311' || first.category !== n.category || first.description !== n.description || first.address !== n.address || !samePoint) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        `${IDEMPOTENCY_KEY_HEADER}：该键已用于另一条上报，内容不同`,
        `${IDEMPOTENCY_KEY_HEADER}: this key was used for a different request`,
        IDEMPOTENCY_KEY_HEADER,
      );
    }
    return made;
  }
}

function notice(made: CreatedIncident): string {
  if (made.linked) return `已受理，并入附近同类在办事件（${made.incident.caseNo}）一并处置`;
  return made.incident.awaitingConfirmation ? '已受理，待指挥中心派单' : '已受理，正在派单给网格员';
}
