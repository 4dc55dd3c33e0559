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
