/** The 1-3-8 rules and escalation chains from JSON: the file is the whole rule table, as in the console. */
import type { Category, ClockStage, EscalationAction } from '@xiaonao/contracts';
import { clockRuleKey, diffItems, readClockRuleFile } from '@xiaonao/domain';
import { refusedWith, wrongFormat, type KindImporter } from './kind-context';

export const importClockRules: KindImporter = async (tx, township, input) => {
  const refused = wrongFormat(input, ['json']);
  if (refused) return refused;
  const file = readClockRuleFile(input.content.toString('utf8'));
  if (file.errors.length) return refusedWith(file.errors);
  const stored = await tx.query<{ category: Category | null; priority: number | null; accept_seconds: number; contact_seconds: number; arrive_seconds: number; warn_share: number }>(
    'SELECT category, priority, accept_seconds, contact_seconds, arrive_seconds, warn_share FROM clock_rule WHERE township_id = $1',
    [township.id],
  );
  const rules = diffItems(
    'clock_rule',
    new Map(file.rules.map((r) => [clockRuleKey(r), { acceptSeconds: r.acceptSeconds, contactSeconds: r.contactSeconds, arriveSeconds: r.arriveSeconds, warnShare: r.warnShare }])),
    new Map(stored.map((r) => [clockRuleKey(r), { acceptSeconds: r.accept_seconds, contactSeconds: r.contact_seconds, arriveSeconds: r.arrive_seconds, warnShare: r.warn_share }])),
  );
  // The whole table: what the file leaves out goes (cases already received keep their windows).
  rules.removed = rules.missing;
  rules.missing = [];
  const chains = await tx.query<{ stage: ClockStage; actions: EscalationAction[] }>('SELECT stage, actions FROM escalation_chain WHERE township_id = $1', [township.id]);
  const escalation = diffItems(
    'escalation',
    new Map(Object.entries(file.escalation).map(([stage, actions]) => [stage, { actions }])),
    new Map(chains.map((c) => [c.stage, { actions: c.actions }])),
  );
  if (rules.added.length || rules.updated.length || rules.removed.length) {
    await tx.query('DELETE FROM clock_rule WHERE township_id = $1', [township.id]);
    for (const r of file.rules)
      await tx.query('INSERT INTO clock_rule (township_id, category, priority, accept_seconds, contact_seconds, arrive_seconds, warn_share) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        township.id,
        r.category,
        r.priority,
        r.acceptSeconds,
        r.contactSeconds,
        r.arriveSeconds,
        r.warnShare,
      ]);
  }
  for (const stage of [...escalation.added, ...escalation.updated.map((u) => u.key)])
    await tx.query('INSERT INTO escalation_chain (township_id, stage, actions) VALUES ($1, $2, $3) ON CONFLICT (township_id, stage) DO UPDATE SET actions = $3', [
      township.id,
      stage,
      file.escalation[stage as ClockStage],
    ]);
  return { errors: [], warnings: [], changes: [rules, escalation] };
};
