import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { FaultOperation } from './fault-rules';
import { SandboxFault } from './sandbox-fault.entity';
import { IdempotencyState } from './sandbox-idempotency-key.entity';
import { SandboxPayment } from './sandbox-payment.entity';
import {
  PaymentJson,
  paymentFromJson,
  TransactionJson,
  transactionFromJson,
} from './sandbox-payments.repository';
import {
  Claim,
  claimHeldBy,
  CLOCK_OFFSET_SQL,
  FaultRow,
  faultFromRow,
  faultTargets,
  loggedIds,
  pickFaultSql,
  RequestOperation,
} from './sandbox-support.repository';
import { SandboxTransaction } from './sandbox-transaction.entity';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

export interface CallOpening {
  operation: RequestOperation;
  orderId?: string;
  paymentKey?: string;
  /** Names only the faults it may take (a billing key is not logged). */
  billingKey?: string;
  /** The Idempotency-Key scope to claim. */
  scopeHash?: string;
  /** Take the fault aimed at this operation, if any (only once the scope is claimed). */
  faultOperation: FaultOperation | null;
  /** Read the payment the call names: by its paymentKey, or the latest of its order. */
  read?: 'payment' | 'latestForOrder';
}

export interface OpenedCall {
  clockOffsetMs: number;
  /** Absent without a scope; `retry`: the key's row expired or went away, claim it the long way. */
  claim?: Claim | { kind: 'retry' };
  fault: SandboxFault | null;
  /** Present when read: the payment (null: none) and its cancel transactions, oldest first. */
  payment?: SandboxPayment | null;
  cancels?: SandboxTransaction[];
}

interface KeyJson {
  state: IdempotencyState;
  response_status: number | null;
  response_body: object | null;
  created_at: string;
}

interface OpeningRow {
  clock_offset_ms: number;
  claimed: boolean;
  held: KeyJson | null;
  fault: FaultRow | null;
  payment: PaymentJson | null;
  cancels: TransactionJson[] | null;
}

const READS = {
  payment: 'SELECT p.* FROM sandbox_payments p WHERE p.payment_key = $9',
  latestForOrder:
    'SELECT p.* FROM sandbox_payments p WHERE p.order_id = $9 ORDER BY p.created_at DESC LIMIT 1',
};

/**
 * The start of every call of the emulated Toss API in one statement (one round trip, no
 * transaction): log the call, claim its Idempotency-Key, take its fault, read the clock and the
 * payment it names. The fault is taken only when the key was claimed (a replay or a 409 uses none).
 */
@Injectable()
export class SandboxCallsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async open(call: CallOpening): Promise<OpenedCall> {
    const logged = loggedIds(call.orderId, call.paymentKey);
    const params: unknown[] = [
      call.operation,
      logged.orderId,
      logged.paymentKey,
      call.scopeHash ?? null,
      call.faultOperation,
      ...faultTargets(call),
    ];
    const readsBy = call.read === 'payment' ? call.paymentKey : call.orderId;
    const read = call.read && readsBy !== undefined ? READS[call.read] : undefined;
    if (read) params.push(readsBy);
    const [row] = await this.txHost.tx.query<OpeningRow[]>(
      `WITH logged AS (
         INSERT INTO sandbox_requests (operation, order_id, payment_key) VALUES ($1, $2, $3)),
       claimed AS (
         INSERT INTO sandbox_idempotency_keys (scope_hash, state, created_at)
         SELECT $4::bpchar, 'PROCESSING', now() WHERE $4::bpchar IS NOT NULL
         ON CONFLICT (scope_hash) DO NOTHING
         RETURNING scope_hash),
       fault AS (
         UPDATE sandbox_faults SET applied = applied + 1, remaining = remaining - 1
          WHERE $5::varchar IS NOT NULL
            AND ($4::bpchar IS NULL OR EXISTS (SELECT 1 FROM claimed))
            AND id = (${pickFaultSql('$5', '$6', '$7', '$8')})
         RETURNING *),
       payment AS (${read ?? 'SELECT p.* FROM sandbox_payments p WHERE false'})
       SELECT ${CLOCK_OFFSET_SQL} AS clock_offset_ms,
              EXISTS (SELECT 1 FROM claimed) AS claimed,
              (SELECT to_jsonb(k) FROM sandbox_idempotency_keys k
                WHERE k.scope_hash = $4::bpchar AND NOT EXISTS (SELECT 1 FROM claimed)) AS held,
              (SELECT to_jsonb(f) FROM fault f) AS fault,
              (SELECT to_jsonb(p) FROM payment p) AS payment,
              (SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
                 FROM sandbox_transactions t JOIN payment p ON p.payment_key = t.payment_key
                WHERE t.kind = 'CANCEL'
                  AND p.status IN ('CANCELED', 'PARTIAL_CANCELED')) AS cancels`,
      params,
    );
    return {
      clockOffsetMs: row.clock_offset_ms,
      claim: call.scopeHash === undefined ? undefined : claimOf(row),
      fault: row.fault ? faultFromRow(row.fault) : null,
      ...(call.read && {
        payment: row.payment ? paymentFromJson(row.payment) : null,
        cancels: (row.cancels ?? []).map(transactionFromJson),
      }),
    };
  }
}

function claimOf(row: OpeningRow): Claim | { kind: 'retry' } {
  if (row.claimed) return { kind: 'claimed' };
  const held =
    row.held &&
    claimHeldBy({
      state: row.held.state,
      createdAt: new Date(row.held.created_at),
      responseStatus: row.held.response_status,
      responseBody: row.held.response_body,
    });
  return held || { kind: 'retry' };
}
