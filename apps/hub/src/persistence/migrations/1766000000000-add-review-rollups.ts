import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BACKFILL_REVIEW_SQL, REVIEW_TABLES_DDL } from '../../review/review-rollup.sql';

/**
 * 研判 (#12): the review roll-ups kept as cases change (review_case: what each case contributes;
 * review_daily: the sums per township, dimension, Beijing day, station and key) and the 网格指数
 * settings per township; filled from the cases already stored (docs/review.md).
 */
export class AddReviewRollups1766000000000 implements MigrationInterface {
  name = 'AddReviewRollups1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REVIEW_TABLES_DDL);
    for (const statement of BACKFILL_REVIEW_SQL) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE review_settings, review_daily, review_case');
  }
}
