import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/errors';
import { MetricsService } from '../metrics/metrics.service';
import { OrderPaymentsRepository } from '../payments/order-payments.repository';
import type { ApplyResult } from '../payments/payment-ledger';
import { PaymentSettlement } from '../payments/payment-settlement';
import { PaymentsRepository } from '../payments/payments.repository';
import type { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { BillingKeysService } from '../billing/billing-keys.service';
import {
  BILLING_DELETED,
  billingDeletion,
  billingKeyOf,
  readWebhook,
  WEBHOOK_HEADER_PREFIX,
  withBillingKeyHashed,
} from './webhook-events';
import { MAX_WEBHOOK_ATTEMPTS, WebhooksRepository } from './webhooks.repository';

type Outcome =
  | { status: 'PROCESSED'; verdict: string; applied: ApplyResult['kind'] }
  | { status: Exclude<DeliveryStatus, 'RECEIVED' | 'PROCESSED'>; verdict: string };

const POLL_MS = 2_000;
const BATCH = 20;

/**
 * Webhooks: stored in the inbox first (so Toss gets its 200 at once and nothing is lost), then
 * processed by a worker. Nothing in a body is trusted: a deposit callback's secret is compared
 * with the stored one, and every event is applied from the payment as read back from Toss,
 * through the same row-locked ledger as confirm and the reconciler.
 */
@Injectable()
export class WebhooksService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhooksService.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly inbox: WebhooksRepository,
    private readonly orders: OrderPaymentsRepository,
    private readonly payments: PaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly metrics: MetricsService,
    private readonly logContext: PinoLogger,
    private readonly billing: BillingKeysService,
  ) {}

  onApplicationBootstrap(): void {
    // Picks up deliveries a previous process stored but did not finish, and retries FAILED ones.
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
  }

  async receive(
    body: unknown,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ id: string }> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError('VALIDATION_ERROR', 'A webhook body must be a JSON object.');
    }
    const facts = readWebhook(body as Record<string, unknown>);
    // A billing key never reaches the inbox's table in the clear: only its look-up hashes do.
    const billingKey =
      facts.eventType === BILLING_DELETED ? billingKeyOf(body as Record<string, unknown>) : null;
    const stored = billingKey
      ? withBillingKeyHashed(body as Record<string, unknown>, this.billing.lookupHashes(billingKey))
      : body;
    const kept = Object.fromEntries(
      Object.entries(headers)
        .filter(
          ([name, value]) => name.startsWith(WEBHOOK_HEADER_PREFIX) && typeof value === 'string',
        )
        .map(([name, value]) => [name, String(value).slice(0, 500)]),
    );
    const delivery = await this.inbox.insert({
      transmissionId:
        kept[`${WEBHOOK_HEADER_PREFIX}webhook-transmission-id`]?.slice(0, 200) ?? null,
      eventType: facts.eventType,
      orderId: facts.orderId,
      paymentKey: facts.paymentKey,
      body: stored,
      headers: kept,
      status: 'RECEIVED',
    });
    this.kick();
    return { id: delivery.id };
  }

  /** Processes everything due; one drain at a time per process, re-run if kicked meanwhile. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** For tests and scripts: resolves once nothing due is left. */
  async drainNow(): Promise<void> {
    while (this.draining) await this.draining;
    await this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped) {
        const ids = await this.inbox.claimDue(BATCH);
        if (ids.length === 0) return;
        // Each delivery logs (and its Toss read-back is logged) under its own id, whether a request's
        // kick or the timer started this drain: never under another request's id, never under none.
        for (const id of ids)
          await this.logContext.runInContext(() => this.processOne(id), {
            bindings: { reqId: `webhook-${id}` },
          });
      }
    } catch (error) {
      this.logger.error(
        `webhook worker failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async processOne(id: string): Promise<void> {
    const delivery = await this.inbox.findById(id);
    if (!delivery) return;
    let outcome: Outcome;
    try {
      outcome = await this.handle(delivery);
    } catch (error) {
      outcome = {
        status: 'FAILED',
        verdict: `error: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    await this.inbox.finish(id, outcome.status, outcome.verdict);
    this.metrics.webhookDelivery(delivery.eventType, metricVerdict(outcome, delivery.attempts));
    if (outcome.status === 'REJECTED')
      this.logger.warn(`webhook ${id} (${delivery.eventType}) rejected: ${outcome.verdict}`);
  }

  private async handle(delivery: WebhookDelivery): Promise<Outcome> {
    const facts = readWebhook(delivery.body as Record<string, unknown>);
    switch (facts.eventType) {
      case 'PAYMENT_STATUS_CHANGED':
      case 'CANCEL_STATUS_CHANGED':
        return this.applyFromToss(facts.orderId, facts.paymentKey);
      case 'DEPOSIT_CALLBACK':
        return this.depositCallback(facts.orderId, facts.secret);
      case BILLING_DELETED:
        return this.billingDeleted(delivery.body as Record<string, unknown>);
      default:
        return { status: 'IGNORED', verdict: `event type ${facts.eventType} is not handled` };
    }
  }

  /** Whatever the body says, act on what Toss says now about that payment. */
  private async applyFromToss(orderId: string | null, paymentKey: string | null): Promise<Outcome> {
    const ourOrderId =
      orderId ?? (paymentKey ? (await this.payments.findPayment(paymentKey))?.orderId : undefined);
    if (!ourOrderId || !(await this.orders.findById(ourOrderId))) {
      return { status: 'IGNORED', verdict: 'not an order of ours' };
    }
    const found = await this.settlement.find(ourOrderId, paymentKey, 'webhook');
    switch (found.kind) {
      case 'not-found':
        return { status: 'REJECTED', verdict: 'Toss does not know this payment' };
      case 'mismatch':
        return { status: 'REJECTED', verdict: 'the payment belongs to another order at Toss' };
      case 'unknown':
        return {
          status: 'FAILED',
          verdict: `could not read the payment back from Toss (${found.error.code}); will retry`,
        };
      case 'found': {
        const result = await this.settlement.settle(found.payment, 'webhook');
        return {
          status: 'PROCESSED',
          verdict: `${result.kind}: Toss says ${found.payment.status}`,
          applied: result.kind,
        };
      }
    }
  }

  /**
   * Toss deleted a billing key. Unsigned, and Toss has no billing-key look-up to read it back
   * from, so it is taken as sent: it can only stop charges (the safe direction), and naming a key
   * needs the key itself, which only Toss and we hold.
   */
  private async billingDeleted(body: Record<string, unknown>): Promise<Outcome> {
    const { hashes, reason } = billingDeletion(body);
    if (hashes.length === 0) return { status: 'REJECTED', verdict: 'no billingKey in the event' };
    const card = await this.billing.deletedAtToss(hashes, reason);
    if (!card) return { status: 'IGNORED', verdict: 'not a billing key of ours' };
    return {
      status: 'PROCESSED',
      verdict: card.deletedNow
        ? `card ${card.cardId} deleted`
        : `card ${card.cardId} was deleted already (${card.reason})`,
      applied: card.deletedNow ? 'applied' : 'stale',
    };
  }

  private async depositCallback(orderId: string | null, secret: string | null): Promise<Outcome> {
    if (!orderId || !secret) return { status: 'REJECTED', verdict: 'orderId or secret missing' };
    const order = await this.orders.findById(orderId);
    const payment = order?.paymentKey ? await this.payments.findPayment(order.paymentKey) : null;
    if (!payment?.secret) {
      // Toss calls back as soon as the account is issued, possibly before our confirm has stored
      // the payment and its secret: while the confirm is under way, try again later.
      if (order?.status === 'IN_PROGRESS')
        return { status: 'FAILED', verdict: 'confirm still under way; will retry' };
      return { status: 'REJECTED', verdict: 'no virtual account secret on file for this order' };
    }
    if (!sameSecret(secret, payment.secret))
      return { status: 'REJECTED', verdict: 'secret mismatch' };
    return this.applyFromToss(orderId, payment.paymentKey);
  }
}

/**
 * The metric's verdict, from a bounded set (the stored verdict is free text): what the ledger made
 * of a processed event (applied, stale, unsettled, void, no-order), rejected, ignored, and for a
 * FAILED attempt `retry` while it will be tried again, `failed` once claimDue gives up on it.
 */
function metricVerdict(outcome: Outcome, attempts: number): string {
  switch (outcome.status) {
    case 'PROCESSED':
      return outcome.applied;
    case 'FAILED':
      return attempts >= MAX_WEBHOOK_ATTEMPTS ? 'failed' : 'retry';
    case 'REJECTED':
    case 'IGNORED':
      return outcome.status.toLowerCase();
  }
}

/** Constant-time comparison (over digests, so lengths do not leak either). */
function sameSecret(given: string, stored: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(stored).digest();
  return timingSafeEqual(a, b);
}
