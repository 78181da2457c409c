/**
 * 「回访」: the operators' 回访 worklist (#11, docs/followup.md) — overdue first (the alarm), then due,
 * 督办 with their deadlines (resolve), and resolved cases waiting for a 销号 decision. The list is the
 * store's (console-actions.ts reads it again whenever a case changes on the socket); forms and note
 * fields are components keyed by their case, so a reload never wipes what the operator is typing.
 */
import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_LABELS, FOLLOWUP_API, type IncidentView } from '@xiaonao/contracts';
import { formatDateTime } from '../shared/format-time';
import { label, locale } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { followUps } from './console-store';
import { FollowUpForm, NoteAction } from './followup-form';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);

export function FollowUpPanel() {
  useLanguage();
  const actions = useActions();
  const list = followUps.value;
  const [openForm, setOpenForm] = useState<string | null>(null);
  /** Bumped per case when the hub answered: its next call starts from a blank form. */
  const [rounds, setRounds] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => void actions.loadFollowUps(), []);

  const answered = (incident: IncidentView) => {
    setOpenForm(null);
    setRounds((known) => new Map(known).set(incident.id, (known.get(incident.id) ?? 0) + 1));
    const said = incident.signedOffAt ? tx('已销号', 'Signed off') : incident.followUp?.reopenedAs ? `${tx('已重新派办', 'Reopened as')} ${incident.followUp.reopenedAs.caseNo}` : tx('已记录', 'Recorded');
    showToast(`${incident.caseNo} ${said}`, 'info');
    void actions.loadFollowUps();
  };
  const round = (i: IncidentView) => `${i.id}:${rounds.get(i.id) ?? 0}`;

  const recordable = (i: IncidentView) => {
    const f = i.followUp;
    return (
      <>
        <div class="fu-row">
          <span class={f?.status === 'overdue' ? 'followup-late' : 'muted'}>
            {`${tx('应回访', 'Due')} ${f ? formatDateTime(f.dueAt) : ''}${f?.attempts ? tx(` · 未接通 ${f.attempts} 次`, ` · ${f.attempts} missed`) : ''}`}
          </span>
          <button class="btn btn-ghost" type="button" data-testid="fu-toggle" onClick={() => setOpenForm(openForm === i.id ? null : i.id)}>
            {tx('记录回访', 'Record call')}
          </button>
        </div>
        {openForm === i.id ? <FollowUpForm key={round(i)} incident={i} done={answered} /> : null}
      </>
    );
  };
  const supervised = (i: IncidentView) => {
    const s = i.followUp?.supervision;
    return (
      <>
        <span class={s?.status === 'overdue' ? 'followup-late' : 'muted'}>
          {`${tx('督办期限', 'Deadline')} ${s ? formatDateTime(s.deadline) : ''}${s?.status === 'overdue' ? tx('（已超期）', ' (overdue)') : ''} · ${s?.notes ?? ''}`}
        </span>
        <NoteAction
          key={round(i)}
          placeholder={tx('办结情况', 'What was done')}
          button={tx('督办办结', 'Resolve')}
          testid="fu-resolve"
          act={(notes) => actions.api.post<IncidentView>(FOLLOWUP_API.resolveSupervision(i.id), { notes }).then(answered)}
        />
      </>
    );
  };
  const awaiting = (i: IncidentView) => (
    <>
      <span class="muted">{i.followUp?.supervision?.status === 'resolved' ? tx('督办已办结', 'Supervision resolved') : tx('未抽中回访', 'Not sampled for a return visit')}</span>
      <NoteAction
        key={round(i)}
        placeholder={tx('销号理由', 'Reason')}
        button={tx('销号', 'Sign off')}
        testid="fu-sign-off"
        act={(reason) => actions.api.post<IncidentView>(FOLLOWUP_API.signOff(i.id), { reason }).then(answered)}
      />
    </>
  );

  return (
    <div class="followup-panel" data-testid="followup-panel">
      <div class="followup-head">
        <h3 class="detail-sub">{tx('回访与督办', 'Return visits and supervision')}</h3>
        <button class="btn btn-ghost" type="button" onClick={() => actions.togglePanel('followUp', false)}>
          ×
        </button>
      </div>
      <Section kind="overdue" title={tx('回访超期', 'Overdue')} items={list.overdue} row={recordable} />
      <Section kind="due" title={tx('待回访', 'Due')} items={list.due} row={recordable} />
      <Section kind="supervision" title={tx('督办', 'Under supervision')} items={list.supervision} row={supervised} />
      <Section kind="sign-off" title={tx('待销号', 'Awaiting sign-off')} items={list.awaitingSignOff} row={awaiting} />
    </div>
  );
}

function Section({ kind, title, items, row }: { kind: string; title: string; items: readonly IncidentView[]; row: (i: IncidentView) => preact.ComponentChildren }) {
  return (
    <section class="followup-section" data-kind={kind} data-testid={`followup-${kind}`}>
      <h4>{`${title} (${items.length})`}</h4>
      {items.length ? (
        <ul>
          {items.map((i) => (
            <li key={i.id} data-case-no={i.caseNo}>
              <div class="followup-case">
                <strong class="num">{i.caseNo}</strong>
                {` ${label(CATEGORY_LABELS, i.category)} · ${i.address} · ${i.callerName} ${i.callerPhone}`}
              </div>
              {row(i)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{tx('无', 'None')}</p>
      )}
    </section>
  );
}
