import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import {
  parseWindowCashReceipt,
  paymentCancelReceiptPlan,
  paymentReceipt,
  toTossCashReceipt,
  TossCashReceiptJson,
  WindowCashReceipt,
} from './cash-receipt-rules';
import { taxFreeBalanceOf, toTossPayment } from './payment-view';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { SandboxCashReceiptsRepository } from './sandbox-cash-receipts.repository';
import {
  asBody,
  AuthorizeInput,
  CancelInput,
  CONFIRM_WINDOW_MS,
  ConfirmInput,
  decideConfirm,
  IssueVirtualAccountInput,
  parseAuthorize,
  parseCancel,
  parseConfirm,
  parseIssueVirtualAccount,
  parseOrderId,
  paymentDetailsFor,
  planCancel,
  virtualAccountDueDate,
} from './payment-rules';
import { clockAt, SandboxClock } from './sandbox-clock.service';
import { SandboxPayment } from './sandbox-payment.entity';
import { SandboxPaymentsRepository, SessionClose } from './sandbox-payments.repository';
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
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

/** One answer of the emulated Toss API: HTTP status and JSON body (a Payment or `{code, message}`). */
export interface TossAnswer {
  status: number;
  body: unknown;
  /** Already kept for the call's Idempotency-Key scope, by the operation's own write. */
  stored?: boolean;
}

/** What the first statement of a call learnt, so that the operation does not ask again. */
export interface TossCall {
  clockOffsetMs: number;
  /** The payment the call names as read then (null: none); absent when the operation reads it. */
  payment?: SandboxPayment | null;
  /** Its cancel transactions, oldest first, read with it. */
  cancels?: SandboxTransaction[];
  /** A DECLINE fault: an otherwise approvable confirm or billing charge fails with it. */
  forcedDecline?: TossApiError;
  /** The Idempotency-Key scope the call holds: a final write may store the answer with it. */
  idempotencyScope?: string;
}

/** How many times authorize recomputes after the clock moved under it before giving up. */
const CLOCK_RETRIES = 3;

export function errorAnswer(error: TossApiError): TossAnswer {
  return { status: error.status, body: error.body };
}

/**
 * The emulated Toss payment core. Every state change writes its webhooks atomically with it (an
 * outbox the worker delivers after commit): under the payment's row lock, or, for the hot ends of
 * IN_PROGRESS (confirm, expiry on lookup), in one statement conditional on the status.
 */
@Injectable()
export class SandboxPaymentsService {
  constructor(
    private readonly payments: SandboxPaymentsRepository,
    private readonly receipts: SandboxCashReceiptsRepository,
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
    let offsetMs = this.clock.lastSeenOffsetMs();
    for (let attempt = 0; attempt <= CLOCK_RETRIES; attempt++) {
      const now = clockAt(offsetMs);
      // Parsed against the clock too: a dueDate must lie ahead of the sandbox's now.
      const input = parseAuthorize(raw, now);
      const payment = authorizedPayment(input, now);
      const cashReceipt = parseWindowCashReceipt(asBody(raw).cashReceipt, input.method);
      if (cashReceipt) payment.details.cashReceipt = cashReceipt;
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

  /**
   * POST /v1/payments/confirm on the payment as the call read it, without a lock: the write that
   * ends IN_PROGRESS is conditional, and the loser of a race decides again on what it finds.
   */
  async confirm(raw: unknown, call: TossCall): Promise<TossAnswer> {
    const input = parseConfirm(raw);
    const now = clockAt(call.clockOffsetMs);
    const payment =
      call.payment !== undefined ? call.payment : await this.payments.findByKey(input.paymentKey);
    const answer = await this.confirmAsRead(payment, input, now, call);
    if (answer) return answer;
    // Another request ended the session since it was read; as a payment never returns to
    // IN_PROGRESS, this second decision writes nothing (ALREADY_PROCESSED_PAYMENT, …).
    const again = await this.confirmAsRead(
      await this.payments.findByKey(input.paymentKey),
      input,
      now,
      call,
    );
    if (again) return again;
    throw new Error(`payment ${input.paymentKey} left IN_PROGRESS twice`);
  }

  /** The answer to a confirm of `payment` as read; null if it had left IN_PROGRESS by the write. */
  private async confirmAsRead(
    payment: SandboxPayment | null,
    input: ConfirmInput,
    now: Date,
    call: TossCall,
  ): Promise<TossAnswer | null> {
    const decision = decideConfirm(payment, input, now);
    if (decision.kind === 'refuse') return errorAnswer(decision.error);
    const p = payment!;
    const decline = decision.kind === 'decline' ? tossErrorFor(decision.code) : call.forcedDecline;
    let close: SessionClose;
    let answer: TossAnswer;
    if (decision.kind === 'expire') {
      close = expired(p, now);
      answer = errorAnswer(tossError('NOT_FOUND_PAYMENT_SESSION'));
    } else if (decline) {
      p.status = 'ABORTED';
      p.failureCode = decline.code;
      p.failureMessage = decline.message;
      close = { payment: p, transaction: null, deliveries: [statusChanged(p, [], now)] };
      answer = errorAnswer(decline);
    } else {
      close = approved(p, now);
      answer = { status: 200, body: toTossPayment(p, [], viewed(close.receipt, now)) };
    }
    // A 5xx is not final (the runner frees the key); anything else is kept for replay right here.
    const scopeHash = answer.status < 500 ? call.idempotencyScope : undefined;
    if (scopeHash) close.answer = { scopeHash, status: answer.status, body: answer.body };
    if (!(await this.payments.updateIfInProgress(close))) return null;
    this.signal.kick();
    return { ...answer, stored: scopeHash !== undefined };
  }

  /** GET /v1/payments/{paymentKey}. */
  async getByPaymentKey(paymentKey: string, call: TossCall): Promise<TossAnswer> {
    return this.view(
      call.payment !== undefined ? call.payment : await this.payments.findByKey(paymentKey),
      call,
    );
  }

  /** GET /v1/payments/orders/{orderId}. */
  async getByOrderId(orderId: string, call: TossCall): Promise<TossAnswer> {
    return this.view(
      call.payment !== undefined ? call.payment : await this.payments.findLatestForOrder(orderId),
      call,
    );
  }

  private async view(payment: SandboxPayment | null, call: TossCall): Promise<TossAnswer> {
    if (!payment) return errorAnswer(tossError('NOT_FOUND_PAYMENT'));
    const now = clockAt(call.clockOffsetMs);
    if (payment.status === 'IN_PROGRESS' && isOverdue(payment, now)) {
      // Toss shows a session past its window as EXPIRED, whoever looks first.
      if (await this.payments.updateIfInProgress(expired(payment, now))) {
        this.signal.kick();
        return { status: 200, body: toTossPayment(payment, []) };
      }
      const current = (await this.payments.findByKey(payment.paymentKey))!;
      return {
        status: 200,
        body: toTossPayment(
          current,
          await this.cancelsOf(current),
          await this.receiptsOf(current, now),
        ),
      };
    }
    return {
      status: 200,
      body: toTossPayment(
        payment,
        call.cancels ?? (await this.cancelsOf(payment)),
        await this.receiptsOf(payment, now),
      ),
    };
  }

  private async cancelsOf(payment: SandboxPayment): Promise<SandboxTransaction[]> {
    return isCancelled(payment.status) ? this.payments.cancelsOf(payment.paymentKey) : [];
  }

  /** The cash receipts issued with a payment, as of `now` (read only if it asked for one). */
  private async receiptsOf(payment: SandboxPayment, now: Date): Promise<TossCashReceiptJson[]> {
    if (!payment.details.cashReceipt) return [];
    const rows = await this.receipts.findForPayments([payment.paymentKey]);
    return rows.map((r) => toTossCashReceipt(r, now));
  }

  /** POST /v1/payments/{paymentKey}/cancel, full or partial. */
  async cancel(paymentKey: string, raw: unknown, call: TossCall): Promise<TossAnswer> {
    const input = parseCancel(raw);
    const answer = await this.cancelLocked(paymentKey, input, clockAt(call.clockOffsetMs));
    this.signal.kick();
    return answer;
  }

  @Transactional(SANDBOX_CONNECTION)
  private async cancelLocked(
    paymentKey: string,
    input: CancelInput,
    now: Date,
  ): Promise<TossAnswer> {
    const p = await this.payments.findByKeyForUpdate(paymentKey);
    if (!p) return errorAnswer(tossError('NOT_FOUND_PAYMENT'));
    const earlier = await this.payments.cancelsOf(p.paymentKey);
    const plan = planCancel(p, input, taxFreeBalanceOf(p, earlier));
    const before = p.status;
    const transactionKey = newTransactionKey();
    p.balanceAmount = plan.balanceAfter;
    p.status = plan.status;
    p.lastTransactionKey = transactionKey;
    if (p.details.card && plan.status === 'CANCELED')
      p.details = { ...p.details, card: { ...p.details.card, acquireStatus: 'CANCELED' } };
    if (p.details.virtualAccount && plan.refundAccount) {
      // The refund to the customer's account takes about two business days (docs/toss.md §2.4).
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
    tx.taxFreeAmount = plan.taxFreeAmount;
    tx.receiptKey = (await this.cancelReceipt(p, plan, now))?.receiptKey ?? null;
    await this.payments.insertTransaction(tx);
    const cancels = [...earlier, tx];
    const receipts = await this.receiptsOf(p, now);
    if (before !== p.status) {
      const events = [statusChanged(p, cancels, now, receipts)];
      if (p.method === '가상계좌') events.push(depositCallback(p, transactionKey, now));
      await this.webhooks.enqueue(events);
    }
    return { status: 200, body: toTossPayment(p, cancels, receipts) };
  }

  /**
   * A cancel of a payment whose cash receipt was issued cancels that much of the receipt (a
   * CANCEL receipt of its own, Payment.cancels[].receiptKey); none before it was issued.
   */
  private async cancelReceipt(
    p: SandboxPayment,
    plan: { amount: number; taxFreeAmount: number },
    now: Date,
  ): Promise<SandboxCashReceipt | null> {
    if (!p.details.cashReceipt) return null;
    const issue = await this.receipts.findPaymentIssueForUpdate(p.paymentKey);
    const part = issue && paymentCancelReceiptPlan(issue, plan.amount, plan.taxFreeAmount);
    return part ? this.receipts.cancelPart(issue, part, now) : null;
  }

  /** POST /v1/virtual-accounts: an account issued server-side, WAITING_FOR_DEPOSIT at once. */
  async issueVirtualAccount(raw: unknown, call: TossCall): Promise<TossAnswer> {
    const now = clockAt(call.clockOffsetMs);
    const input = parseIssueVirtualAccount(raw, now);
    // cashReceipt {type, registrationNumber}: issued at deposit, as from the window.
    const cashReceipt = parseWindowCashReceipt(asBody(raw).cashReceipt, '가상계좌');
    const answer = await this.insertIssued(input, cashReceipt, now);
    this.signal.kick();
    return answer;
  }

  @Transactional(SANDBOX_CONNECTION)
  private async insertIssued(
    input: IssueVirtualAccountInput,
    cashReceipt: WindowCashReceipt | undefined,
    now: Date,
  ): Promise<TossAnswer> {
    if (!(await this.payments.claimOrderId(input.orderId)))
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
      type: 'NORMAL',
      billingKey: null,
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
        ...(input.taxFreeAmount > 0 && { taxFreeAmount: input.taxFreeAmount }),
        ...(cashReceipt && { cashReceipt }),
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

  @Transactional(SANDBOX_CONNECTION)
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
    // A virtual account's cash receipt is issued once the money is in.
    const issued = paymentReceipt(p, now);
    if (issued) await this.receipts.insert(issued);
    const receipts = viewed(issued, now);
    await this.webhooks.enqueue([
      depositCallback(p, transactionKey, now),
      statusChanged(p, [], now, receipts),
    ]);
    return toTossPayment(p, [], receipts);
  }

  /** Everything the sandbox holds for one order, for assertions. */
  async readBack(orderId: string): Promise<{
    payments: TossPaymentJson[];
    transactions: Record<SandboxTransactionKind, number>;
  }> {
    const payments = await this.payments.findAllForOrder(orderId);
    const keys = payments.map((p) => p.paymentKey);
    const cancels = await this.payments.cancelsOfMany(keys);
    const receipts = await this.receipts.findForPayments(keys);
    const now = await this.clock.now();
    return {
      payments: payments.map((p) =>
        toTossPayment(
          p,
          cancels.filter((c) => c.paymentKey === p.paymentKey),
          receipts
            .filter((r) => r.paymentKey === p.paymentKey)
            .map((r) => toTossCashReceipt(r, now)),
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

  /** IN_PROGRESS → EXPIRED★ when no confirm came within 10 minutes of authentication (docs/toss.md §3). */
  async expireOverdue(limit = 100): Promise<number> {
    // Almost always nothing is due: one statement finds out, the locked pass runs only when needed.
    const probe = await this.payments.oldestInProgress();
    const now = clockAt(probe.clockOffsetMs);
    if (!isOverdue(probe, now)) return 0;
    const expired = await this.expireOverdueLocked(now, limit);
    if (expired > 0) this.signal.kick();
    return expired;
  }

  @Transactional(SANDBOX_CONNECTION)
  private async expireOverdueLocked(now: Date, limit: number): Promise<number> {
    const due = await this.payments.lockOverdueInProgress(
      new Date(now.getTime() - CONFIRM_WINDOW_MS),
      limit,
    );
    for (const p of due) await this.expire(p, now);
    return due.length;
  }

  private async expire(p: SandboxPayment, now: Date): Promise<void> {
    const close = expired(p, now);
    await this.payments.save(p);
    await this.webhooks.enqueue(close.deliveries);
  }
}

function isCancelled(status: TossPaymentStatus): boolean {
  return status === 'CANCELED' || status === 'PARTIAL_CANCELED';
}

/** Past the confirm window (docs/toss.md §3), as a lookup or the worker sees it. */
function isOverdue(p: Pick<SandboxPayment, 'authenticatedAt'>, now: Date): boolean {
  return (
    p.authenticatedAt !== null && now.getTime() - p.authenticatedAt.getTime() > CONFIRM_WINDOW_MS
  );
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
    type: 'NORMAL',
    billingKey: null,
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
    details: paymentDetailsFor(input, paymentKey),
  } satisfies Partial<SandboxPayment>);
}

/** IN_PROGRESS → DONE, or WAITING_FOR_DEPOSIT for a virtual account, with its CONFIRM transaction. */
function approved(p: SandboxPayment, now: Date): SessionClose {
  const transactionKey = newTransactionKey();
  p.lastTransactionKey = transactionKey;
  const deliveries: NewDelivery[] = [];
  if (p.method === '가상계좌') {
    // A virtual account is issued, not paid: the money arrives later (DEPOSIT_CALLBACK).
    p.status = 'WAITING_FOR_DEPOSIT';
    p.secret = newPaymentSecret();
    p.details = {
      ...p.details,
      virtualAccount: issueAccount(
        p.details.virtualAccountBank ?? '20',
        p.customerName ?? '',
        virtualAccountDueDate(p.details, now),
      ),
    };
    deliveries.push(statusChanged(p, [], now), depositCallback(p, transactionKey, now));
    return {
      payment: p,
      transaction: transaction(p, 'CONFIRM', transactionKey, p.totalAmount, now),
      deliveries,
      receipt: null,
    };
  }
  p.status = 'DONE';
  p.approvedAt = now;
  // A transfer's cash receipt is issued with the approval (a virtual account's at deposit).
  const receipt = paymentReceipt(p, now);
  deliveries.push(statusChanged(p, [], now, viewed(receipt, now)));
  return {
    payment: p,
    transaction: transaction(p, 'CONFIRM', transactionKey, p.totalAmount, now),
    deliveries,
    receipt,
  };
}

/** IN_PROGRESS → EXPIRED: no confirm came within the window. */
function expired(p: SandboxPayment, now: Date): SessionClose {
  const failure = tossError('EXPIRED_PAYMENT');
  p.status = 'EXPIRED';
  p.failureCode = failure.code;
  p.failureMessage = failure.message;
  return { payment: p, transaction: null, deliveries: [statusChanged(p, [], now)] };
}

/** A money-moving event of `p` on the sandbox clock (cancel details are filled in by the caller). */
export function transaction(
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
    taxFreeAmount: 0,
    receiptKey: null,
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

function statusChanged(
  p: SandboxPayment,
  cancels: SandboxTransaction[],
  now: Date,
  receipts: TossCashReceiptJson[] = [],
): NewDelivery {
  return {
    eventType: 'PAYMENT_STATUS_CHANGED',
    orderId: p.orderId,
    paymentKey: p.paymentKey,
    payload: {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: toWebhookTime(now),
      data: toTossPayment(p, cancels, receipts),
    },
  };
}

/** A receipt just issued, as the Payment's cashReceipts show it. */
function viewed(receipt: SandboxCashReceipt | null | undefined, now: Date): TossCashReceiptJson[] {
  return receipt ? [toTossCashReceipt(receipt, now)] : [];
}

/** Flat, as Toss documents it: no eventType, no paymentKey (docs/toss.md §7). */
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
