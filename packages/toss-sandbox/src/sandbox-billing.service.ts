import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import {
  API_DELETE_REASON,
  AUTH_KEY_LIFETIME_MS,
  BillingChargeInput,
  ISSUER_DELETE_REASON,
  IssueBillingKeyInput,
  parseBillingAuthorize,
  parseBillingCharge,
  parseIssueBillingKey,
  refuseCharge,
  refuseIssue,
  toTossBilling,
} from './billing-rules';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';
import { asBody, optionalString } from './payment-rules';
import { toTossPayment } from './payment-view';
import { SandboxBilling } from './sandbox-billing.entity';
import { SandboxBillingRepository } from './sandbox-billing.repository';
import { clockAt, SandboxClock } from './sandbox-clock.service';
import { SandboxPayment, SandboxPaymentDetails } from './sandbox-payment.entity';
import { SandboxPaymentsRepository } from './sandbox-payments.repository';
import { errorAnswer, TossAnswer, TossCall, transaction } from './sandbox-payments.service';
import { SandboxIdempotencyRepository } from './sandbox-support.repository';
import { NewDelivery, SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { SandboxWorkerSignal } from './sandbox-worker-signal';
import { TossApiError, tossError, tossErrorFor } from './toss-errors';
import {
  newAuthKey,
  newBillingKey,
  newPaymentKey,
  newTransactionKey,
  toKstIso,
  toWebhookTime,
} from './toss-format';
import { TossBillingCard, TossPaymentJson } from './toss-payment.types';

/** One billing key as the read-back shows it, with the payments charged with it (oldest first). */
export interface BillingKeyView {
  billingKey: string;
  customerKey: string;
  method: '카드';
  card: TossBillingCard;
  authenticatedAt: string;
  issuedAt: string;
  status: 'ACTIVE' | 'DELETED';
  deletedAt: string | null;
  deleteReason: string | null;
  payments: TossPaymentJson[];
}

export interface BillingReadBack {
  customerKey: string;
  /** The customer's issued keys, oldest first, deleted ones included. */
  billingKeys: BillingKeyView[];
}

/**
 * The emulated Toss's recurring payments (자동결제): the billing-auth window's registration (a
 * one-time authKey), issuing a billing key from it, charging the key (a Payment of type BILLING that
 * the payment API then reads and cancels like any other) and deleting it (BILLING_DELETED). Toss
 * sends no webhook for a charge. Writes that answer an Idempotency-Key keep that answer in their
 * own transaction, so a lost answer is replayed, never run twice.
 */
@Injectable()
export class SandboxBillingService {
  constructor(
    private readonly billings: SandboxBillingRepository,
    private readonly payments: SandboxPaymentsRepository,
    private readonly webhooks: SandboxWebhooksRepository,
    private readonly idempotency: SandboxIdempotencyRepository,
    private readonly clock: SandboxClock,
    private readonly signal: SandboxWorkerSignal,
  ) {}

  // ------------------------------------------------------------ the browser step (test endpoint)

  /**
   * What the billing-auth window does when the customer registers a card: a one-time authKey for
   * customerKey, valid AUTH_KEY_LIFETIME_MS on the sandbox clock; a decline answers its code.
   */
  async authorize(raw: unknown): Promise<{ authKey: string; customerKey: string }> {
    const input = parseBillingAuthorize(raw);
    if (input.declineCode) throw tossErrorFor(input.declineCode);
    const now = await this.clock.now();
    const billing = Object.assign(new SandboxBilling(), {
      authKey: newAuthKey(),
      customerKey: input.customerKey,
      card: input.card,
      authenticatedAt: now,
      authExpiresAt: new Date(now.getTime() + AUTH_KEY_LIFETIME_MS),
      billingKey: null,
      issuedAt: null,
      deletedAt: null,
      deleteReason: null,
    } satisfies Partial<SandboxBilling>);
    await this.billings.insert(billing);
    return { authKey: billing.authKey, customerKey: billing.customerKey };
  }

  // ------------------------------------------------------------ Toss API

  /** POST /v1/billing/authorizations/issue: the authKey, once, becomes a billing key. */
  issue(raw: unknown, call: TossCall): Promise<TossAnswer> {
    return this.issueLocked(
      parseIssueBillingKey(raw),
      clockAt(call.clockOffsetMs),
      call.idempotencyScope,
    );
  }

  @Transactional(SANDBOX_CONNECTION)
  private async issueLocked(
    input: IssueBillingKeyInput,
    now: Date,
    scopeHash: string | undefined,
  ): Promise<TossAnswer> {
    const billing = await this.billings.findByAuthKeyForUpdate(input.authKey);
    const refused = refuseIssue(billing, input, now);
    if (refused) return errorAnswer(refused);
    const issued = billing!;
    issued.billingKey = newBillingKey();
    issued.issuedAt = now;
    await this.billings.save(issued);
    return this.idempotency.keep(scopeHash, { status: 200, body: toTossBilling(issued) });
  }

  /** POST /v1/billing/{billingKey}: a card payment, DONE at once (or ABORTED by a DECLINE fault). */
  charge(billingKey: string, raw: unknown, call: TossCall): Promise<TossAnswer> {
    return this.chargeLocked(
      billingKey,
      parseBillingCharge(raw),
      clockAt(call.clockOffsetMs),
      call,
    );
  }

  @Transactional(SANDBOX_CONNECTION)
  private async chargeLocked(
    billingKey: string,
    input: BillingChargeInput,
    now: Date,
    call: TossCall,
  ): Promise<TossAnswer> {
    // Two charges of one orderId (a retry racing the first) cannot both find it free.
    const orderIdFree = await this.payments.claimOrderId(input.orderId);
    const billing = await this.billings.findByBillingKeyLocked(billingKey, 'charge');
    const refused = refuseCharge(billing, input);
    if (refused) return errorAnswer(refused);
    if (!orderIdFree) return errorAnswer(tossError('DUPLICATED_ORDER_ID'));
    const decline = call.forcedDecline;
    const payment = chargedPayment(billing!, input, now, decline);
    await this.payments.insert(payment);
    if (decline) return this.idempotency.keep(call.idempotencyScope, errorAnswer(decline));
    await this.payments.insertTransaction(
      transaction(payment, 'CONFIRM', payment.lastTransactionKey!, payment.totalAmount, now),
    );
    return this.idempotency.keep(call.idempotencyScope, {
      status: 200,
      body: toTossPayment(payment, []),
    });
  }

  /** DELETE /v1/billing/{billingKey}: 200 with an empty body, and BILLING_DELETED. */
  async delete(billingKey: string, call: TossCall): Promise<TossAnswer> {
    await this.deleteLocked(billingKey, API_DELETE_REASON, clockAt(call.clockOffsetMs));
    this.signal.kick();
    return { status: 200, body: undefined };
  }

  // ------------------------------------------------------------ test endpoints

  /** The issuer deletes the key (a card cancelled or reissued): BILLING_DELETED with `reason`. */
  async deleteAsIssuer(billingKey: string, raw: unknown): Promise<BillingKeyView> {
    const body = asBody(raw);
    // Toss's reason is nullable: an explicit null sends null.
    const reason =
      body.reason === null ? null : (optionalString(body, 'reason', 200) ?? ISSUER_DELETE_REASON);
    const deleted = await this.deleteLocked(billingKey, reason, await this.clock.now());
    this.signal.kick();
    return (await this.views([deleted]))[0];
  }

  /** A customer's billing keys: by customerKey, or the customer of billingKey. */
  async readBack(query: { customerKey?: string; billingKey?: string }): Promise<BillingReadBack> {
    let customerKey = query.customerKey;
    if (customerKey === undefined && query.billingKey !== undefined) {
      customerKey = (await this.billings.findByBillingKey(query.billingKey))?.customerKey;
      if (customerKey === undefined) throw tossError('NOT_FOUND_BILLING');
    }
    if (customerKey === undefined)
      throw tossError(
        'INVALID_REQUEST',
        '잘못된 요청입니다. customerKey 또는 billingKey를 지정해주세요.',
      );
    const keys = await this.billings.findIssuedForCustomer(customerKey);
    return { customerKey, billingKeys: await this.views(keys) };
  }

  // ------------------------------------------------------------ shared

  @Transactional(SANDBOX_CONNECTION)
  private async deleteLocked(
    billingKey: string,
    reason: string | null,
    now: Date,
  ): Promise<SandboxBilling> {
    const billing = await this.billings.findByBillingKeyLocked(billingKey, 'delete');
    // A key deleted before is as gone as one never issued.
    if (!billing || billing.deletedAt !== null) throw tossError('NOT_FOUND_BILLING');
    billing.deletedAt = now;
    billing.deleteReason = reason;
    await this.billings.save(billing);
    await this.webhooks.enqueue([billingDeleted(billingKey, reason, now)]);
    return billing;
  }

  private async views(keys: SandboxBilling[]): Promise<BillingKeyView[]> {
    const payments = await this.payments.findAllForBillingKeys(keys.map((k) => k.billingKey!));
    const cancels = await this.payments.cancelsOfMany(payments.map((p) => p.paymentKey));
    return keys.map((key) => ({
      billingKey: key.billingKey!,
      customerKey: key.customerKey,
      method: '카드',
      card: key.card,
      authenticatedAt: toKstIso(key.authenticatedAt),
      issuedAt: toKstIso(key.issuedAt!),
      status: key.deletedAt === null ? 'ACTIVE' : 'DELETED',
      deletedAt: key.deletedAt && toKstIso(key.deletedAt),
      deleteReason: key.deleteReason,
      payments: payments
        .filter((p) => p.billingKey === key.billingKey)
        .map((p) =>
          toTossPayment(
            p,
            cancels.filter((c) => c.paymentKey === p.paymentKey),
          ),
        ),
    }));
  }
}

/** A charge's payment: DONE with its card, or ABORTED with the decline as its failure. */
function chargedPayment(
  billing: SandboxBilling,
  input: BillingChargeInput,
  now: Date,
  decline: TossApiError | undefined,
): SandboxPayment {
  const details: SandboxPaymentDetails = {
    card: {
      ...billing.card,
      amount: input.amount,
      installmentPlanMonths: 0,
      approveNo: '00000000',
      useCardPoint: false,
      acquireStatus: 'READY',
      isInterestFree: false,
      interestPayer: null,
    },
  };
  if (input.taxFreeAmount > 0) details.taxFreeAmount = input.taxFreeAmount;
  return Object.assign(new SandboxPayment(), {
    paymentKey: newPaymentKey(now),
    orderId: input.orderId,
    orderName: input.orderName,
    method: '카드',
    status: decline ? 'ABORTED' : 'DONE',
    type: 'BILLING',
    billingKey: billing.billingKey,
    totalAmount: input.amount,
    balanceAmount: input.amount,
    customerName: input.customerName ?? null,
    requestedAt: now,
    authenticatedAt: now,
    approvedAt: decline ? null : now,
    lastTransactionKey: decline ? null : newTransactionKey(),
    secret: null,
    failureCode: decline?.code ?? null,
    failureMessage: decline?.message ?? null,
    declineCode: null,
    details,
  } satisfies Partial<SandboxPayment>);
}

/** `{eventType, createdAt, data: {billingKey, reason}}`: no customerKey (https://docs.tosspayments.com/reference/using-api/webhook-events). */
function billingDeleted(billingKey: string, reason: string | null, now: Date): NewDelivery {
  return {
    eventType: 'BILLING_DELETED',
    orderId: null,
    paymentKey: null,
    billingKey,
    payload: {
      eventType: 'BILLING_DELETED',
      createdAt: toWebhookTime(now),
      data: { billingKey, reason },
    },
  };
}
