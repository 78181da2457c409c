/**
 * What the paging channels did for one worker lately, as SQL: the channels that delivered (or were read
 * or answered) and those that failed, the socket left out (the page's presence tells that). Shared by the
 * operators' reachability and dispatch, which reads it with the workers it judges in one statement.
 */
const WORKED = `ARRAY['delivered', 'read', 'answered']`;

/** A subquery of one row (worked, failed) for the worker `workerExpr`, over attempts answered after `since`. */
export const CHANNEL_RECORD_SQL = (workerExpr: string, since: string) => `
  SELECT array_agg(DISTINCT channel) FILTER (WHERE status = ANY(${WORKED})) AS worked,
         array_agg(DISTINCT channel) FILTER (WHERE status = 'failed') AS failed
  FROM page_attempt WHERE worker_id = ${workerExpr} AND result_at > ${since} AND channel <> 'socket'`;

/** How far back the record looks. */
export const CHANNEL_RECORD_MS = 24 * 3_600_000;
