import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TossRefusalError } from '../common/errors';
import type { TossRefusalOperation } from '../common/errors/toss-refusals';
import { tossConfig } from '../config/app.config';
import { isConnectionLoss } from '../database/connection-errors';
import { TossClient } from '../toss/toss.client';
import { TossError } from '../toss/toss.errors';
import type { OrderPayment } from './order-payment';
import type { TossPayment } from '../toss/toss.types';
import { confirmKey } from './ledger-rules';
import { ApplyResult, PaymentLedger } from './payment-ledger';
import type { TossCallRow } from './toss-call.entity';
import { TossCaller, TossCalls } from './toss-calls';
import { retryUnseen } from './toss-retry';

export type LookupResult =
  | { kind: 'found'; payment: TossPayment }
  | { kind: 'not-found' }
  | { kind: 'mismatch' }
  | { kind: 'unknown'; error: TossError };

export type ConfirmOutcome =
  | { kind: 'payment'; payment: TossPayment }
  | { kind: 'refused'; error: TossError }
  | { kind: 'unknown'; error: TossError };

/**
 * Talks to Toss about one payment and records what Toss says through the ledger. Shared by the
 * confirm endpoint and the reconciler so both settle an order in exactly the same way.
 */
@Injectable()
export class PaymentSettlement {
  private readonly logger = new Logger(PaymentSettlement.name);

  constructor(
    private readonly toss: TossClient,
    private readonly calls: TossCalls,
    private readonly ledger: PaymentLedger,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
  ) {}

  /**
   * Confirms at Toss with the attempt's derived Idempotency-Key, retrying an unseen outcome with
   * the same key, then looking the payment up. Never decides an unseen outcome by guessing.
   */
  async confirmAtToss(
    orderId: string,
    paymentKey: string,
    amount: number,
    caller: TossCaller,
    hold?: TossCallRow[],
  ): Promise<ConfirmOutcome> {
    const idempotencyKey = confirmKey(orderId, paymentKey);
    const tried = await retryUnseen(
      this.config.confirmRetries,
      () =>
        this.calls.run(
          { caller, operation: 'confirm', orderId, paymentKey, idempotencyKey, hold },
          () => this.toss.confirm({ paymentKey, orderId, amount }, idempotencyKey),
        ),
      // Not proof of success: look the payment up (docs/toss.md §6.1 C).
      (error) => error.code === 'ALREADY_PROCESSED_PAYMENT',
    );
    if (tried.kind === 'answer') return { kind: 'payment', payment: tried.value };
    const { error } = tried;
    if (error.code !== 'ALREADY_PROCESSED_PAYMENT' && !error.outcomeUnknown)
      return { kind: 'refused', error };
    const found = await this.lookup(orderId, paymentKey, caller);
    if (found) return { kind: 'payment', payment: found };
    return { kind: 'unknown', error };
  }

  /** Toss's current view of the payment, or undefined when Toss cannot tell us now. */
  async lookup(
    orderId: string,
    paymentKey: string | null,
    caller: TossCaller,
  ): Promise<TossPayment | undefined> {
    const found = await this.find(orderId, paymentKey, caller);
    return found.kind === 'found' ? found.payment : undefined;
  }

  /** Like lookup, but says why nothing came back: Toss does not know it, or could not be asked. */
  async find(
    orderId: string,
    paymentKey: string | null,
    caller: TossCaller,
  ): Promise<LookupResult> {
    try {
      const payment = paymentKey
        ? await this.calls.run({ caller, operation: 'get', orderId, paymentKey }, () =>
            this.toss.getPayment(paymentKey),
          )
        : await this.calls.run({ caller, operation: 'getByOrderId', orderId }, () =>
            this.toss.getPaymentByOrderId(orderId),
          );
      if (payment.orderId !== orderId) {
        this.logger.error(
          `MONEY ALERT: Toss payment ${payment.paymentKey} belongs to order ${payment.orderId}, not ${orderId}`,
        );
        return { kind: 'mismatch' };
      }
      return { kind: 'found', payment };
    } catch (error) {
      if (!(error instanceof TossError)) throw error;
      if (error.code === 'NOT_FOUND_PAYMENT' || error.code === 'NOT_FOUND')
        return { kind: 'not-found' };
      return { kind: 'unknown', error };
    }
  }

  /** Reads the payment from Toss and records it; undefined when Toss cannot tell us now. */
  async refresh(
    orderId: string,
    paymentKey: string | null,
    caller: TossCaller,
  ): Promise<TossPayment | undefined> {
    const payment = await this.lookup(orderId, paymentKey, caller);
    if (payment) await this.settle(payment, caller);
    return payment;
  }

  /** Records Toss's view; money Toss approved that the order cannot take is canceled at Toss. */
  async settle(
    payment: TossPayment,
    caller: TossCaller,
    expected?: OrderPayment,
    held?: TossCallRow[],
  ): Promise<ApplyResult> {
    const result = await this.ledger.apply(payment, expected, held);
    if (result.kind === 'void') {
      this.logger.error(
        `MONEY ALERT: voiding payment ${payment.paymentKey} of order ${payment.orderId}: ${result.reason}`,
      );
      await this.voidAtToss(payment, result.reason, caller);
    }
    return result;
  }

  private async voidAtToss(
    payment: TossPayment,
    reason: string,
    caller: TossCaller,
  ): Promise<void> {
    const idempotencyKey = `void:${payment.paymentKey}`;
    try {
      const canceled = await this.calls.run(
        {
          caller,
          operation: 'cancel',
          orderId: payment.orderId,
          paymentKey: payment.paymentKey,
          idempotencyKey,
        },
        () =>
          this.toss.cancel(
            payment.paymentKey,
            { cancelReason: `자동 취소: ${reason}`.slice(0, 200) },
            idempotencyKey,
          ),
      );
      await this.ledger.apply(canceled);
    } catch (error) {
      this.logger.error(
        `MONEY ALERT: could not void payment ${payment.paymentKey} of order ${payment.orderId} at Toss (${error instanceof TossError ? error.code : String(error)}); it needs attention`,
      );
    }
  }
}

/**
 * Toss answered, but recording its answer failed: to the caller an unknown outcome (the reconciler
 * settles it from Toss). A lost database is expected during a restart (one line); anything else
 * is logged with its stack.
 */
export function logUnrecorded(logger: Logger, what: string, error: unknown): void {
  const why = error instanceof Error ? error.message : String(error);
  if (isConnectionLoss(error))
    logger.warn(`${what}: Toss answered but the database is unreachable (${why})`);
  else
    logger.error(
      `${what}: Toss answered but recording it failed`,
      error instanceof Error ? error.stack : why,
    );
}

/**
 * The answer to a refusal from Toss (docs/api.md, "Toss's refusals"); one caused by the shop's
 * keys or contract is logged as an error, since only operators can fix it.
 */
export function tossRefusal(
  logger: Logger,
  operation: TossRefusalOperation,
  what: string,
  tossCode: string,
  tossMessage: string,
): TossRefusalError {
  const refusal = new TossRefusalError(operation, tossCode, tossMessage);
  if (refusal.merchant) logMerchantRefusal(logger, what, tossCode);
  return refusal;
}

/** Toss refused for the shop's keys or contract: an error line for operators, whatever the call. */
export function logMerchantRefusal(logger: Logger, what: string, tossCode: string): void {
  logger.error(
    `${what}: Toss refused for a reason of the shop's setup (${tossCode}): check TOSS_SECRET_KEY and the Toss contract`,
  );
}
