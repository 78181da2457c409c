/**
 * 「退回我所」: cases the township returned to this station (a police matter after all), each with the
 * reason, the worker's notes from site, who returned it and when, and the station's 签收. Filled from
 * the hub's list and kept live from the case upserts the station's socket already receives.
 */
import { CATEGORY_LABELS, POLICE_RETURN_REASON_LABELS, type IncidentView, type Locale, type PoliceReturnReason } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { label, locale } from '../shared/i18n';
import { useArrivals } from './arrivals';
import { returnedCases, returnedLoaded, signing, useLanguage } from './station-store';

const say = (text: Record<Locale, string>) => text[locale()];

const TEXT = {
  title: { zh: '退回我所', en: 'Returned to us' },
  empty: { zh: '暂无退回事件', en: 'No cases returned' },
  unsigned: { zh: '待签收', en: 'to sign' },
  reason: { zh: '退回理由', en: 'Reason' },
  notes: { zh: '现场情况', en: 'Notes from site' },
  by: { zh: '退回人', en: 'Returned by' },
  sign: { zh: '签收', en: 'Sign for it' },
  signed: { zh: '已签收', en: 'Signed' },
  role: { worker: { zh: '网格员', en: 'worker' }, operator: { zh: '值班员', en: 'operator' }, station: { zh: '派出所', en: 'station' }, leader: { zh: '镇领导', en: 'township leader' } },
} as const;

function reasonText(category: string): string {
  const labels = POLICE_RETURN_REASON_LABELS as Record<string, Record<Locale, string>>;
  return labels[category] ? say(labels[category as PoliceReturnReason]) : category;
}

function Line({ title, value, cls = '' }: { title: Record<Locale, string>; value: string; cls?: string }) {
  return (
    <div class={`handback-line ${cls}`}>
      <span class="muted">{`${say(title)}${locale() === 'zh' ? '：' : ': '}`}</span>
      {value}
    </div>
  );
}

function ReturnedCase({ incident, fresh, onSign }: { incident: IncidentView; fresh: boolean; onSign: (incident: IncidentView) => void }) {
  useLanguage();
  const hb = incident.handback;
  if (!hb) return <li />;
  const signed = hb.acknowledgedAt !== null;
  return (
    <li class={`handback-item${fresh ? ' fresh' : ''}`} data-testid="returned-case" data-case-no={incident.caseNo} data-signed={signed ? 'true' : 'false'}>
      <div class="handback-item-head">
        <span class="num case-no">{incident.caseNo}</span>
        <span class="badge" data-closure="returned_to_police">
          {reasonText(hb.reasonCategory)}
        </span>
        <span>{`${label(CATEGORY_LABELS, incident.category)} · ${incident.address}`}</span>
        <span class="muted num">{formatDateTime(hb.at)}</span>
      </div>
      <Line title={TEXT.reason} value={hb.reason} cls="handback-reason" />
      {hb.notes ? <Line title={TEXT.notes} value={hb.notes} cls="handback-notes" /> : null}
      <Line title={TEXT.by} value={`${hb.by.name}（${say(TEXT.role[hb.by.role])}）`} />
      <div class="handback-sign">
        {signed ? (
          <span class="handback-signed" data-testid="signed">{`✓ ${say(TEXT.signed)} · ${hb.acknowledgedBy ?? ''} ${formatDateTime(hb.acknowledgedAt ?? '')}`}</span>
        ) : (
          <button class="btn btn-primary" type="button" data-testid="sign-button" disabled={signing.value.has(incident.id)} onClick={() => onSign(incident)}>
            {say(TEXT.sign)}
          </button>
        )}
      </div>
    </li>
  );
}

export function HandbackSection({ onSign }: { onSign: (incident: IncidentView) => void }) {
  useLanguage();
  const list = returnedCases.value;
  const fresh = useArrivals(
    list.map((i) => i.id),
    returnedLoaded.value,
  );
  const unsigned = list.filter((i) => !i.handback?.acknowledgedAt).length;
  return (
    <section id="station-returned" class="handback-section" data-testid="station-returned">
      <div class="handback-head">
        <h2>{say(TEXT.title)}</h2>
        <span class="handback-count num" data-testid="returned-unsigned" data-count={String(unsigned)}>
          {unsigned ? `${unsigned} ${say(TEXT.unsigned)}` : ''}
        </span>
      </div>
      {list.length ? (
        <ol class="handback-list" data-testid="returned-list">
          {list.map((incident) => (
            <ReturnedCase key={incident.id} incident={incident} fresh={fresh.has(incident.id)} onSign={onSign} />
          ))}
        </ol>
      ) : (
        <div class="empty" data-testid="returned-empty">
          {say(TEXT.empty)}
        </div>
      )}
    </section>
  );
}
