import { raw, run, Sql, sql } from './sql';

export interface ClaimSpec {
  table: string;
  key: string;
  /** Condition picking the candidate rows, with its values (an `sql` fragment). */
  where: Sql;
  orderBy: string;
  countColumn: string;
  nextColumn: string;
  backoff: { baseSeconds: number; maxSeconds: number };
  returning: string;
}

interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

/**
 * Claims up to `limit` due rows for this worker in one statement: FOR UPDATE SKIP LOCKED, so
 * workers on many instances take disjoint rows and never wait on a row someone else holds, and
 * the row's next turn is pushed out by an exponential backoff, so it is not claimed again at once.
 */
export async function claimDue<Row>(db: Queryable, spec: ClaimSpec, limit: number): Promise<Row[]> {
  const [table, key, next, count] = [spec.table, spec.key, spec.nextColumn, spec.countColumn].map(
    raw,
  );
  const { baseSeconds, maxSeconds } = spec.backoff;
  const result = await run<[Row[], number]>(
    db,
    sql`UPDATE ${table} t
        SET ${next} = now() + make_interval(secs => least(${raw(String(maxSeconds))}, ${raw(String(baseSeconds))} * power(2, t.${count}))),
            ${count} = t.${count} + 1
      WHERE t.${key} IN (
        SELECT ${key} FROM ${table}
         WHERE (${spec.where}) AND (${next} IS NULL OR ${next} <= now())
         ORDER BY ${raw(spec.orderBy)}
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
    RETURNING ${raw(spec.returning)}`,
  );
  // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
  return result[0];
}

/**
 * The ids of up to `limit` rows of `table` in `status`, untouched since `before`, claimed with
 * claimDue (check_count / next_check_at bookkeeping): the work a sweeper settles when nobody saw
 * its outcome (a refund, a cash receipt or its cancel left REQUESTED; a charge left IN_PROGRESS).
 */
export async function claimUnsettledIds(
  db: Queryable,
  work: { table: string; status: string; before: Date; maxBackoffSeconds: number },
  limit: number,
): Promise<string[]> {
  const rows = await claimDue<{ id: string }>(
    db,
    {
      table: work.table,
      key: 'id',
      where: sql`status = ${work.status} AND updated_at < ${work.before}`,
      orderBy: 'updated_at',
      countColumn: 'check_count',
      nextColumn: 'next_check_at',
      backoff: { baseSeconds: 5, maxSeconds: work.maxBackoffSeconds },
      returning: 't.id',
    },
    limit,
  );
  return rows.map((row) => row.id);
}
