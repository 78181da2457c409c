import { describe, expect, it } from 'vitest';
import { composeStatement, renumbered } from './statement-parts';

describe('composeStatement', () => {
  it('renumbers each part’s parameters after the parts before it', () => {
    const { sql, params } = composeStatement(
      [
        { name: 'a', sql: 'INSERT INTO t (x, y) VALUES ($1, $2) RETURNING id', params: [1, 2] },
        { name: 'b', sql: 'INSERT INTO u (t_id, z) SELECT id, $1::int FROM a RETURNING id', params: [3] },
      ],
      'SELECT (SELECT id FROM b) AS id, $1::text AS tag',
      ['x'],
    );
    expect(sql).toContain('a AS (INSERT INTO t (x, y) VALUES ($1, $2) RETURNING id)');
    expect(sql).toContain('b AS (INSERT INTO u (t_id, z) SELECT id, $3::int FROM a RETURNING id)');
    expect(sql).toMatch(/SELECT \(SELECT id FROM b\) AS id, \$4::text AS tag$/);
    expect(params).toEqual([1, 2, 3, 'x']);
  });

  it('leaves a statement alone when nothing comes before it, and moves $10 as a whole', () => {
    expect(renumbered('$1, $10', 0)).toBe('$1, $10');
    expect(renumbered('$1, $10', 2)).toBe('$3, $12');
  });
});
