/**
 * A township's 1-3-8 rules and escalation chains, read and replaced as a whole: the command room edits
 * them as one table, and a half-saved table would give cases windows nobody chose.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK_STAGES, type ClockSettingsRequest, type ClockSettingsView, type SessionUser } from '@xiaonao/contracts';
import { clockRuleProblem, DomainError } from '@xiaonao/domain';
import { ClockPolicyProvider } from '../incidents/clock-policy';
import { Database } from '../persistence/database';
import { TownshipDirectory } from './township-directory';

@Injectable()
export class ClockSettings {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
  ) {}

  async get(user: SessionUser): Promise<ClockSettingsView> {
    const [rules, escalation] = await Promise.all([this.townships.clockRules(user.townshipId), this.townships.escalation(user.townshipId)]);
    return {
      fallback: { ...this.clocks.fallback },
      rules: rules.map((r) => ({ ...r })),
      escalation: { accept: [...escalation.accept], contact: [...escalation.contact], arrive: [...escalation.arrive] },
    };
  }

  async set(user: SessionUser, req: ClockSettingsRequest): Promise<ClockSettingsView> {
    const seen = new Set<string>();
    req.rules.forEach((rule, i) => {
      const problem = clockRuleProblem(rule);
      if (problem) throw new DomainError('INVALID_INPUT', `rules[${i}].${problem.field}：${problem.zh}`, `rules[${i}].${problem.field}: ${problem.en}`, `rules[${i}].${problem.field}`);
      const key = `${rule.category ?? '*'}/${rule.priority ?? '*'}`;
      if (seen.has(key)) throw new DomainError('INVALID_INPUT', `rules[${i}]：同一类别与优先级只能有一条规则`, `rules[${i}]: one rule per category and priority`, `rules[${i}]`);
      seen.add(key);
    });
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM clock_rule WHERE township_id = $1', [user.townshipId]);
      for (const r of req.rules) {
        await tx.query(
          `INSERT INTO clock_rule (township_id, category, priority, accept_seconds, contact_seconds, arrive_seconds, warn_share) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [user.townshipId, r.category ?? null, r.priority ?? null, r.acceptSeconds, r.contactSeconds, r.arriveSeconds, r.warnShare],
        );
      }
      for (const stage of CLOCK_STAGES) {
        const actions = req.escalation?.[stage];
        if (!actions) continue;
        await tx.query(
          `INSERT INTO escalation_chain (township_id, stage, actions) VALUES ($1, $2, $3) ON CONFLICT (township_id, stage) DO UPDATE SET actions = $3`,
          [user.townshipId, stage, actions],
        );
      }
    });
    // Cases already received keep the windows they were given; new ones get these at once, in every process.
    await this.townships.changed(user.townshipId, 'clock-rules');
    return this.get(user);
  }
}
