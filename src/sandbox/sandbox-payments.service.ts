import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { toTossPayment } from './payment-view';
import {
  asBody,
  AuthorizeInput,
  CancelInput,
  CONFIRM_WINDOW_MS,
  ConfirmInput,
  decideConfirm,
  DEFAULT_VA_VALID_HOURS,
  IssueVirtualAccountInput,
  methodDetailsFor,
  parseAuthorize,
  parseCancel,
  parseConfirm,
  parseIssueVirtualAccount,
  parseOrderId,
  planCancel,
} from './payment-rules';
import { clockAt, SandboxClock } from './sandbox-clock.service';
import { SandboxPayment } from './sandbox-payment.entity';
import { SandboxPaymentsRepository } from './sandbox-payments.repository';
import { SandboxTransaction, SandboxTransactionKind } from './sandbox-transaction.entity';
import { NewDelivery, SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { SandboxWorkerSignal } from './sandbox-worker-signal';
import { TossApiError, tossError, tossErrorFor } from './toss-errors';
import {
  newPaymentKey,
  newPaymentSecret,
  newTransactionKey,
  newVirtualAccountNumber,
  toKstIso,
  toWebhookTime,
} from './toss-format';
import { TossPaymentJson, TossPaymentStatus, TossVirtualAccount } from './toss-payment.types';

/** One answer of the emulated Toss API: HTTP status and JSON body (a Payment or `{code, message}`). */
export interface TossAnswer {
  status: number;
  body: unknown;
}

/** How many times authorize recomputes after the clock moved under it before giving up. */
const CLOCK_RETRIES = 3;

export function errorAnswer(error: TossApiError): TossAnswer {
  return { status: error.status, body: error.body };
}

/**
 * The emulated Toss payment core. Every state change happens under the payment's row lock and
 * writes its webhooks in the same transaction (an outbox the worker delivers after commit).
 */
@Injectable()
export class SandboxPaymentsService {
  constructor(
    private readonly payments: SandboxPaymentsRepository,
    private readonly webhooks: SandboxWebhooksRepository,
    private readonly clock: SandboxClock,
    private readonly signal: SandboxWorkerSignal,
  ) {}

  // ------------------------------------------------------------ the browser step (test endpoint)

  /**
   * What the payment window does when the customer authenticates: a payment IN_PROGRESS. One
   * statement: the insert checks the orderId and the clock offset the times were computed with.
   */
  async authorize(
    raw: unknown,
  ): Promise<{ paymentKey: string; orderId: string; amount: number; paymentType: 'NORMAL' }> {
    const input = parseAuthorize(raw);
    let offsetMs = this.clock.lastSeenOffsetMs();
    for (let attempt = 0; attempt <= CLOCK_RETRIES; attempt++) {
      const payment = authorizedPayment(input, clockAt(offsetMs));
      const result = await this.payments.insertUnlessOrderIdTaken(payment, offsetMs);
      if (result.offsetMs === offsetMs) {
        if (!result.inserted) throw tossError('DUPLICATED_ORDER_ID');
        return {
          paymentKey: payment.paymentKey,
          orderId: payment.orderId,
          amount: payment.totalAmount,
          paymentType: 'NORMAL',
        };
      }
      offsetMs = this.clock.remember(result.offsetMs);
    }
    throw new Error('the sandbox clock kept moving during authorize');
  }

  // ------------------------------------------------------------ Toss API

  /** POST /v1/payments/confirm. `forcedDecline` (fault injection) fails an otherwise approvable confirm. */
  async confirm(raw: unknown, forcedDecline?: TossApiError): Promise<TossAnswer> {
    const input = parseConfirm(raw);
    const answer = await this.confirmLocked(input, await this.clock.now(), forcedDecline);
    this.signal.kick();
    return answer;
  }

  @Transactional()
  private async confirmLocked(
    input: ConfirmInput,
    now: Date,
    forcedDecline?: TossApiError,
  ): Promise<TossAnswer> {
    const payment = await this.payments.findByKeyForUpdate(input.paymentKey);
    const decision = decideConfirm(payment, input, now);
    if (decision.kind === 'refuse') return errorAnswer(decision.error);
    const p = payment!;
    if (decision.kind === 'expire') {
      await this.expire(p, now);
      return errorAnswer(tossError('NOT_FOUND_PAYMENT_SESSION'));
    }
    const decline = decision.kind === 'decline' ? tossErrorFor(decision.code) : forcedDecline;
    if (decline) {
      p.status = 'ABORTED';
      p.failureCode = decline.code;
      p.failureMessage = decline.message;
      await this.payments.save(p);
      await this.webhooks.enqueue([statusChanged(p, [], now)]);
      return errorAnswer(decline);
    }
    const transactionKey = newTransactionKey();
    p.lastTransactionKey = transactionKey;
    const events: NewDelivery[] = [];
    if (p.method === '가상계좌') {
      // A virtual account is issued, not paid: the money arrives later (DEPOSIT_CALLBACK).
      p.status = 'WAITING_FOR_DEPOSIT';
      p.secret = newPaymentSecret();
      p.details = {
        ...p.details,
        virtualAccount: issueAccount(
          p.details.virtualAccountBank ?? '20',
          p.customerName ?? '',
          new Date(now.getTime() + DEFAULT_VA_VALID_HOURS * 3600_000),
        ),
      };
      await this.payments.save(p);
      events.push(statusChanged(p, [], now), depositCallback(p, transactionKey, now));
    } else {
      p.status = 'DONE';
      p.approvedAt = now;
      await this.payments.save(p);
      events.push(statusChanged(p, [], now));
    }
    await this.payments.insertTransaction(
      transaction(p, 'CONFIRM', transactionKey, p.totalAmount, now),
    );
    await this.webhooks.enqueue(events);
    return { status: 200, body: toTossPayment(p, []) };
  }

  /** GET /v1/payments/{paymentKey}. */
  async getByPaymentKey(paymentKey: string): Promise<TossAnswer> {
    const payment = await this.payments.findByKey(paymentKey);
    if (!payment) return errorAnswer(tossError('NOT_FOUND_PAYMENT'));
    return { status: 200, body: await this.viewExpiringIfDue(payment) };
  }

  /** GET /v1/payments/orders/{orderId}. */
  async getByOrderId(orderId: string): Promise<TossAnswer> {
    const payment = await this.payments.findLatestForOrder(orderId);
    if (!payment) return errorAnswer(tossError('NOT_FOUND_PAYMENT'));
    return { status: 200, body: await this.viewExpiringIfDue(payment) };
  }

  /** POST /v1/payments/{paymentKey}/cancel, full or partial. */
  async cancel(paymentKey: string, raw: unknown): Promise<TossAnswer> {
    const input = parseCancel(raw);
    const answer = await this.cancelLocked(paymentKey, input, await this.clock.now());
    this.signal.kick();
    return answer;
  }

  @Transactional()
  private async cancelLocked(
    paymentKey: string,
    input: CancelInput,
    now: Date,
  ): Promise<TossAnswer> {
    const p = await this.payments.findByKeyForUpdate(paymentKey);
    if (!p) return errorAnswer(tossError('NOT_FOUND_PAYMENT'));
    const plan = planCancel(p, input);
    const before = p.status;
    const transactionKey = newTransactionKey();
    p.balanceAmount = plan.balanceAfter;
    p.status = plan.status;
    p.lastTransactionKey = transactionKey;
    if (p.details.card && plan.status === 'CANCELED')
      p.details = { ...p.details, card: { ...p.details.card, acquireStatus: 'CANCELED' } };
    if (p.details.virtualAccount && plan.refundAccount) {
      // The refund to the customer's account takes about two business days (TOSS.md §2.4).
      p.details = {
        ...p.details,
        virtualAccount: { ...p.details.virtualAccount, refundStatus: 'PENDING' },
      };
    }
    await this.payments.save(p);
    const tx = transaction(p, 'CANCEL', transactionKey, plan.amount, now);
    tx.cancelReason = input.cancelReason;
    tx.refundableAmount = plan.balanceAfter;
    tx.refundAccount = plan.refundAccount;
    await this.payments.insertTransaction(tx);
    const cancels = await this.payments.cancelsOf(p.paymentKey);
    if (before !== p.status) {
      const events = [statusChanged(p, cancels, now)];
      if (p.method === '가상계좌') events.push(depositCallback(p, transactionKey, now));
      await this.webhooks.enqueue(events);
    }
    return { status: 200, body: toTossPayment(p, cancels) };
  }

  /** POST /v1/virtual-accounts: an account issued server-side, WAITING_FOR_DEPOSIT at once. */
  async issueVirtualAccount(raw: unknown): Promise<TossAnswer> {
    const now = await this.clock.now();
    const input = parseIssueVirtualAccount(raw, now);
    const answer = await this.insertIssued(input, now);
    this.signal.kick();
    return answer;
  }

  @Transactional()
  private async insertIssued(input: IssueVirtualAccountInput, now: Date): Promise<TossAnswer> {
    if (await this.payments.isOrderIdTaken(input.orderId))
      return errorAnswer(tossError('DUPLICATED_ORDER_ID'));
    const paymentKey = newPaymentKey(now);
    const transactionKey = newTransactionKey();
    const dueDate = input.dueDate ?? new Date(now.getTime() + input.validHours * 3600_000);
    const p = Object.assign(new SandboxPayment(), {
      paymentKey,
      orderId: input.orderId,
      orderName: input.orderName,
      method: '가상계좌',
      status: 'WAITING_FOR_DEPOSIT',
      totalAmount: input.amount,
      balanceAmount: input.amount,
      customerName: input.customerName,
      requestedAt: now,
      authenticatedAt: now,
      approvedAt: null,
      lastTransactionKey: transactionKey,
      secret: newPaymentSecret(),
      failureCode: null,
      failureMessage: null,
      declineCode: null,
      details: {
        virtualAccountBank: input.bank,
        virtualAccount: issueAccount(input.bank, input.customerName, dueDate),
      },
    } satisfies Partial<SandboxPayment>);
    await this.payments.insert(p);
    await this.payments.insertTransaction(
      transaction(p, 'CONFIRM', transactionKey, p.totalAmount, now),
    );
    await this.webhooks.enqueue([
      statusChanged(p, [], now),
      depositCallback(p, transactionKey, now),
    ]);
    return { status: 200, body: toTossPayment(p, []) };
  }

  // ------------------------------------------------------------ test endpoints

  /** The customer pays into the virtual account: WAITING_FOR_DEPOSIT → DONE, with both webhooks. */
  async deposit(raw: unknown): Promise<TossPaymentJson> {
    const body = asBody(raw);
    const paymentKey = typeof body.paymentKey === 'string' ? body.paymentKey : undefined;
    const orderId = paymentKey ? undefined : parseOrderId(body.orderId);
    const payment = await this.depositLocked(paymentKey, orderId, await this.clock.now());
    this.signal.kick();
    return payment;
  }

  @Transactional()
  private async depositLocked(
    paymentKey: string | undefined,
    orderId: string | undefined,
    now: Date,
  ): Promise<TossPaymentJson> {
    const p = paymentKey
      ? await this.payments.findByKeyForUpdate(paymentKey)
      : await this.payments.findLatestForOrderForUpdate(orderId!);
    if (!p) throw tossError('NOT_FOUND_PAYMENT');
    const account = p.details.virtualAccount;
    if (p.status !== 'WAITING_FOR_DEPOSIT' || !account) {
      throw tossError(
        'INVALID_REQUEST',
        `잘못된 요청입니다. 입금 대기 중인 가상계좌 결제가 아닙니다 (status ${p.status}).`,
      );
    }
    if (new Date(account.dueDate).getTime() < now.getTime()) {
      throw tossError('INVALID_REQUEST', '잘못된 요청입니다. 가상계좌 입금 기한이 지났습니다.');
    }
    const transactionKey = newTransactionKey();
    p.status = 'DONE';
    p.approvedAt = now;
    p.lastTransactionKey = transactionKey;
    p.details = { ...p.details, virtualAccount: { ...account, depositorName: p.customerName } };
    await this.payments.save(p);
    await this.payments.insertTransaction(
      transaction(p, 'DEPOSIT', transactionKey, p.totalAmount, now),
    );
    await this.webhooks.enqueue([
      depositCallback(p, transactionKey, now),
      statusChanged(p, [], now),
    ]);
    return toTossPayment(p, []);
  }

  /** Everything the sandbox holds for one order, for assertions. */
  async readBack(orderId: string): Promise<{
    payments: TossPaymentJson[];
    transactions: Record<SandboxTransactionKind, number>;
  }> {
    const payments = await this.payments.findAllForOrder(orderId);
    const cancels = await this.payments.cancelsOfMany(payments.map((p) => p.paymentKey));
    return {
      payments: payments.map((p) =>
        toTossPayment(
          p,
          cancels.filter((c) => c.paymentKey === p.paymentKey),
        ),
      ),
      transactions: await this.payments.countTransactionsForOrder(orderId),
    };
  }

  async orderIdOf(paymentKey: string): Promise<string | undefined> {
    return (await this.payments.findByKey(paymentKey))?.orderId;
  }

  async paymentKeysOf(orderId: string): Promise<string[]> {
    return (await this.payments.findAllForOrder(orderId)).map((p) => p.paymentKey);
  }

  // ------------------------------------------------------------ expiry

  /** IN_PROGRESS → EXPIRED★ when no confirm came within 10 minutes of authentication (TOSS.md §3). */
  async expireOverdue(limit = 100): Promise<number> {
    const now = await this.clock.now();
    const expired = await this.expireOverdueLocked(now, limit);
    if (expired > 0) this.signal.kick();
    return expired;
  }

  @Transactional()
  private async expireOverdueLocked(now: Date, limit: number): Promise<number> {
    const due = await this.payments.lockOverdueInProgress(
      new Date(now.getTime() - CONFIRM_WINDOW_MS),
      limit,
    );
    for (const p of due) await this.expire(p, now);
    return due.length;
  }

  private async viewExpiringIfDue(payment: SandboxPayment): Promise<TossPaymentJson> {
    if (payment.status === 'IN_PROGRESS') {
      const now = await this.clock.now();
      if (
        payment.authenticatedAt &&
        now.getTime() - payment.authenticatedAt.getTime() > CONFIRM_WINDOW_MS
      ) {
        const expired = await this.expireOne(payment.paymentKey, now);
        this.signal.kick();
        return expired;
      }
    }
    const cancels = isCancelled(payment.status)
      ? await this.payments.cancelsOf(payment.paymentKey)
      : [];
    return toTossPayment(payment, cancels);
  }

  @Transactional()
  private async expireOne(paymentKey: string, now: Date): Promise<TossPaymentJson> {
    const p = (await this.payments.findByKeyForUpdate(paymentKey))!;
    if (p.status === 'IN_PROGRESS') await this.expire(p, now);
    return toTossPayment(p, isCancelled(p.status) ? await this.payments.cancelsOf(paymentKey) : []);
  }

  private async expire(p: SandboxPayment, now: Date): Promise<void> {
    const failure = tossError('EXPIRED_PAYMENT');
    p.status = 'EXPIRED';
    p.failureCode = failure.code;
    p.failureMessage = failure.message;
    await this.payments.save(p);
    await this.webhooks.enqueue([statusChanged(p, [], now)]);
  }
}

function isCancelled(status: TossPaymentStatus): boolean {
  return status === 'CANCELED' || status === 'PARTIAL_CANCELED';
}

function authorizedPayment(input: AuthorizeInput, now: Date): SandboxPayment {
  const authenticatedAt = input.authenticatedAt ?? now;
  const paymentKey = newPaymentKey(now);
  return Object.assign(new SandboxPayment(), {
    paymentKey,
    orderId: input.orderId,
    orderName: input.orderName,
    method: input.method,
    status: 'IN_PROGRESS',
    totalAmount: input.amount,
    balanceAmount: input.amount,
    customerName: input.customerName,
    requestedAt: authenticatedAt < now ? authenticatedAt : now,
    authenticatedAt,
    approvedAt: null,
    lastTransactionKey: null,
    secret: null,
    failureCode: null,
    failureMessage: null,
    declineCode: input.declineCode,
    details: methodDetailsFor(input, paymentKey),
  } satisfies Partial<SandboxPayment>);
}

function transaction(
  p: SandboxPayment,
  kind: SandboxTransactionKind,
  transactionKey: string,
  amount: number,
  now: Date,
): SandboxTransaction {
  return Object.assign(new SandboxTransaction(), {
    transactionKey,
    paymentKey: p.paymentKey,
    orderId: p.orderId,
    kind,
    amount,
    cancelReason: null,
    refundableAmount: null,
    refundAccount: null,
    transactionAt: now,
  });
}

function issueAccount(bankCode: string, customerName: string, dueDate: Date): TossVirtualAccount {
  return {
    accountType: '일반',
    accountNumber: newVirtualAccountNumber(),
    bankCode,
    customerName,
    depositorName: null,
    dueDate: toKstIso(dueDate),
    refundStatus: 'NONE',
    expired: false,
    settlementStatus: 'INCOMPLETED',
    refundReceiveAccount: null,
  };
}

function statusChanged(p: SandboxPayment, cancels: SandboxTransaction[], now: Date): NewDelivery {
  return {
    eventType: 'PAYMENT_STATUS_CHANGED',
    orderId: p.orderId,
    paymentKey: p.paymentKey,
    payload: {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: toWebhookTime(now),
      data: toTossPayment(p, cancels),
    },
  };
}

/** Flat, as Toss documents it: no eventType, no paymentKey (TOSS.md §7). */
function depositCallback(p: SandboxPayment, transactionKey: string, now: Date): NewDelivery {
  return {
    eventType: 'DEPOSIT_CALLBACK',
    orderId: p.orderId,
    paymentKey: p.paymentKey,
    payload: {
      createdAt: toWebhookTime(now),
      secret: p.secret,
      status: p.status,
      transactionKey,
      orderId: p.orderId,
    },
  };
}
