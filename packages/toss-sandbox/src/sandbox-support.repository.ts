import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { FAULT_OPERATIONS, FaultInput, FaultKind, FaultOperation } from './fault-rules';
import { SandboxFault } from './sandbox-fault.entity';
import { SandboxIdempotencyKey } from './sandbox-idempotency-key.entity';
import { SandboxRequest } from './sandbox-request.entity';
import { SandboxSetting } from './sandbox-setting.entity';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

/** UPDATE … RETURNING through EntityManager.query answers [rows, count] on PostgreSQL. */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}

export type StoredAnswer = { status: number; body: unknown };
export type Claim =
  { kind: 'claimed' } | { kind: 'processing' } | { kind: 'replay'; answer: StoredAnswer };

/** Toss keeps an idempotency key 15 days; a PROCESSING row this old was left by a crashed instance. */
const KEY_LIFETIME_MS = 15 * 24 * 3600_000;
const ABANDONED_AFTER_MS = 5 * 60_000;

/** What a key's row means for a new request with it; undefined: it expired and may be taken over. */
export function claimHeldBy(
  row: Pick<SandboxIdempotencyKey, 'state' | 'createdAt' | 'responseStatus' | 'responseBody'>,
): Exclude<Claim, { kind: 'claimed' }> | undefined {
  const age = Date.now() - row.createdAt.getTime();
  const expired = row.state === 'DONE' ? age > KEY_LIFETIME_MS : age > ABANDONED_AFTER_MS;
  if (expired) return undefined;
  if (row.state === 'PROCESSING') return { kind: 'processing' };
  return { kind: 'replay', answer: { status: row.responseStatus ?? 200, body: row.responseBody } };
}

@Injectable()
export class SandboxIdempotencyRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxIdempotencyKey);
  }

  /** Claims the scope for this request, or says what the first request with it did. */
  async claim(scopeHash: string, attempt = 0): Promise<Claim> {
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ scopeHash, state: 'PROCESSING', createdAt: () => 'now()' })
      .orIgnore()
      .returning(['scopeHash'])
      .execute();
    if ((inserted.raw as unknown[]).length > 0) return { kind: 'claimed' };
    const row = await this.repo.findOneBy({ scopeHash });
    if (!row) return attempt < 3 ? this.claim(scopeHash, attempt + 1) : { kind: 'processing' };
    const held = claimHeldBy(row);
    if (held) return held;
    const taken = await this.repo
      .createQueryBuilder()
      .update()
      .set({
        state: 'PROCESSING',
        createdAt: () => 'now()',
        responseStatus: null,
        responseBody: null,
        completedAt: null,
      })
      .where('scope_hash = :scopeHash AND created_at = :createdAt', {
        scopeHash,
        createdAt: row.createdAt,
      })
      .execute();
    return taken.affected ? { kind: 'claimed' } : this.claim(scopeHash, attempt + 1);
  }

  async complete(scopeHash: string, answer: StoredAnswer): Promise<void> {
    await this.repo.update(
      { scopeHash },
      {
        state: 'DONE',
        responseStatus: answer.status,
        responseBody: answer.body as object,
        completedAt: new Date(),
      },
    );
  }

  /**
   * Keeps a final answer for the call's scope in the caller's transaction, marked `stored` so the
   * runner does not keep it again. A 5xx is not final (the runner frees the key): it is not kept.
   */
  async keep<A extends StoredAnswer>(
    scopeHash: string | undefined,
    answer: A,
  ): Promise<A & { stored?: boolean }> {
    if (scopeHash === undefined || answer.status >= 500) return answer;
    await this.complete(scopeHash, answer);
    return { ...answer, stored: true };
  }

  /** The request did not reach a final answer: a retry with the same key runs again. */
  async release(scopeHash: string): Promise<void> {
    await this.repo.delete({ scopeHash, state: 'PROCESSING' });
  }
}

export interface FaultRow {
  id: string;
  kind: FaultKind;
  operation: FaultOperation | null;
  order_id: string | null;
  payment_key: string | null;
  billing_key: string | null;
  latency_ms: number | null;
  code: string | null;
  http_status: number | null;
  message: string | null;
  remaining: number | null;
  applied: number;
  created_at: Date | string;
}

export function faultFromRow(row: FaultRow): SandboxFault {
  return Object.assign(new SandboxFault(), {
    id: row.id,
    kind: row.kind,
    operation: row.operation,
    orderId: row.order_id,
    paymentKey: row.payment_key,
    billingKey: row.billing_key,
    latencyMs: row.latency_ms,
    code: row.code,
    httpStatus: row.http_status,
    message: row.message,
    remaining: row.remaining,
    applied: row.applied,
    createdAt: new Date(row.created_at),
  });
}

/**
 * The id of the most specific active fault for a request (payment > order > billing key > global,
 * then oldest), locked; the arguments are the placeholders of the operation and of the orderId,
 * paymentKey and billingKey arrays. Callers count it down in the same statement, so that `count`
 * holds across concurrent requests and instances.
 */
export function pickFaultSql(
  operation: string,
  orderIds: string,
  paymentKeys: string,
  billingKeys: string,
): string {
  return `
  SELECT f.id FROM sandbox_faults f
   WHERE (f.remaining IS NULL OR f.remaining > 0)
     AND (f.operation IS NULL OR f.operation = ${operation})
     AND ((f.order_id IS NULL AND f.payment_key IS NULL AND f.billing_key IS NULL)
       OR f.order_id = ANY(${orderIds}::varchar[])
       OR f.payment_key = ANY(${paymentKeys}::varchar[])
       OR f.billing_key = ANY(${billingKeys}::varchar[])
       OR f.order_id IN (SELECT p.order_id FROM sandbox_payments p WHERE p.payment_key = ANY(${paymentKeys}::varchar[]))
       -- A payment's fault reaches a request naming only its order (GET by orderId), never another payment of that order.
       OR (cardinality(${paymentKeys}::varchar[]) = 0
           AND f.payment_key IN (SELECT p.payment_key FROM sandbox_payments p WHERE p.order_id = ANY(${orderIds}::varchar[]))))
   ORDER BY (f.payment_key IS NULL), (f.order_id IS NULL), (f.billing_key IS NULL), f.created_at
   LIMIT 1
   FOR UPDATE`;
}

@Injectable()
export class SandboxFaultsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxFault);
  }

  insert(input: FaultInput): Promise<SandboxFault> {
    return this.repo.save(this.repo.create(input));
  }

  list(): Promise<SandboxFault[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  async deleteWhere(filter: {
    id?: string;
    orderId?: string;
    paymentKey?: string;
    billingKey?: string;
  }): Promise<number> {
    const qb = this.repo.createQueryBuilder().delete();
    if (filter.id) qb.andWhere('id = :id', { id: filter.id });
    if (filter.orderId) qb.andWhere('order_id = :orderId', { orderId: filter.orderId });
    if (filter.paymentKey)
      qb.andWhere('payment_key = :paymentKey', { paymentKey: filter.paymentKey });
    if (filter.billingKey)
      qb.andWhere('billing_key = :billingKey', { billingKey: filter.billingKey });
    const result = await qb.execute();
    return result.affected ?? 0;
  }

  /** Takes the fault that applies to a request (see pickFaultSql) and counts it down. */
  async take(
    operation: FaultOperation,
    target: { orderId?: string; paymentKey?: string; billingKey?: string },
  ): Promise<SandboxFault | null> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE sandbox_faults SET applied = applied + 1, remaining = remaining - 1
        WHERE id = (${pickFaultSql('$1', '$2', '$3', '$4')})
        RETURNING *`,
      [operation, ...faultTargets(target)],
    );
    const row = returnedRows<FaultRow>(result)[0];
    return row ? faultFromRow(row) : null;
  }
}

/** The arrays of ids a request names, as pickFaultSql takes them: orderIds, paymentKeys, billingKeys. */
export function faultTargets(target: {
  orderId?: string;
  paymentKey?: string;
  billingKey?: string;
}): [string[], string[], string[]] {
  const list = (id: string | undefined) => (id ? [id] : []);
  return [list(target.orderId), list(target.paymentKey), list(target.billingKey)];
}

/** What the call log records: the fault operations, and `issue` (faulted as a confirm). */
const REQUEST_OPERATIONS = [...FAULT_OPERATIONS, 'issue'] as const;
export type RequestOperation = (typeof REQUEST_OPERATIONS)[number];

/** The ids the call log keeps of a request: one too long for its column is dropped. */
export function loggedIds(
  orderId: string | undefined,
  paymentKey: string | undefined,
): { orderId: string | null; paymentKey: string | null } {
  return {
    orderId: orderId && orderId.length <= 64 ? orderId : null,
    paymentKey: paymentKey && paymentKey.length <= 200 ? paymentKey : null,
  };
}

@Injectable()
export class SandboxRequestsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxRequest);
  }

  async record(
    operation: RequestOperation,
    orderId: string | undefined,
    paymentKey: string | undefined,
  ): Promise<void> {
    await this.repo.insert({ operation, ...loggedIds(orderId, paymentKey) });
  }

  /** Calls received that named this order or one of its payments, by operation. */
  async countForOrder(
    orderId: string,
    paymentKeys: string[],
  ): Promise<Record<RequestOperation, number>> {
    const rows = await this.repo
      .createQueryBuilder('r')
      .select('r.operation', 'operation')
      .addSelect('COUNT(*)::int', 'count')
      .where('r.order_id = :orderId', { orderId })
      .orWhere('r.payment_key = ANY(:paymentKeys)', { paymentKeys })
      .groupBy('r.operation')
      .getRawMany<{ operation: RequestOperation; count: number }>();
    const counts = Object.fromEntries(REQUEST_OPERATIONS.map((op) => [op, 0])) as Record<
      RequestOperation,
      number
    >;
    for (const row of rows) counts[row.operation] = row.count;
    return counts;
  }
}

/** Where the sandbox clock's offset from real time (ms) is kept. */
export const CLOCK_OFFSET_KEY = 'clock_offset_ms';

/** The clock offset as a SQL expression: statements that need the clock read it themselves. */
export const CLOCK_OFFSET_SQL = `COALESCE((SELECT (s.value #>> '{}')::float8 FROM sandbox_settings s
  WHERE s.key = '${CLOCK_OFFSET_KEY}' AND jsonb_typeof(s.value) = 'number'), 0)`;

@Injectable()
export class SandboxSettingsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxSetting);
  }

  async get(key: string): Promise<unknown> {
    const row = await this.repo.findOneBy({ key });
    return row?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.repo.upsert({ key, value: value as object }, ['key']);
  }

  async remove(key: string): Promise<void> {
    await this.repo.delete({ key });
  }
}
