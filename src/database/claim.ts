export interface ClaimSpec {
  table: string;
  key: string;
  /** SQL condition picking the candidate rows; `$1`, `$2`… refer to `params`. */
  where: string;
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
export async function claimDue<Row>(db: Queryable, spec: ClaimSpec, params: unknown[], limit: number): Promise<Row[]> {
  const limitParam = `$${params.length + 1}`;
  const result = (await db.query(
    `UPDATE ${spec.table} t
        SET ${spec.nextColumn} = now() + make_interval(secs => least(${spec.backoff.maxSeconds}, ${spec.backoff.baseSeconds} * power(2, t.${spec.countColumn}))),
            ${spec.countColumn} = t.${spec.countColumn} + 1
      WHERE t.${spec.key} IN (
        SELECT ${spec.key} FROM ${spec.table}
         WHERE (${spec.where}) AND (${spec.nextColumn} IS NULL OR ${spec.nextColumn} <= now())
         ORDER BY ${spec.orderBy}
         LIMIT ${limitParam}
         FOR UPDATE SKIP LOCKED)
    RETURNING ${spec.returning}`,
    [...params, limit],
  )) as [Row[], number];
  // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
  return result[0];
}
