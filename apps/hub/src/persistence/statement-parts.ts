/**
 * Several writes as one statement: each part is a data-modifying CTE with its own `$1…` parameters,
 * renumbered here to follow the parts before it. A case's rows (incident, first event, timers, report,
 * fingerprint) then cost one round trip instead of one each, and a part that selects FROM an earlier
 * part's RETURNING writes only when that one did (the statement is all or nothing either way).
 */
export interface StatementPart {
  /** The CTE's name, for later parts and the final SELECT to read. */
  name: string;
  /** A data-modifying statement (INSERT/UPDATE … RETURNING …) numbering its parameters from $1. */
  sql: string;
  params: readonly unknown[];
}

/** `sql` with every `$n` moved up by `offset` (the parameters of the parts before it). */
export function renumbered(sql: string, offset: number): string {
  return offset ? sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : sql;
}

/** `WITH a AS (…), b AS (…) <final>`; `final` numbers its own parameters from $1 too. */
export function composeStatement(parts: readonly StatementPart[], final: string, finalParams: readonly unknown[] = []): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const ctes = parts.map((part) => {
    const sql = renumbered(part.sql, params.length);
    params.push(...part.params);
    return `${part.name} AS (${sql})`;
  });
  const tail = renumbered(final, params.length);
  params.push(...finalParams);
  return { sql: `WITH ${ctes.join(',\n')}\n${tail}`, params };
}
