import { Injectable } from '@nestjs/common';
import { parseFault } from './fault-rules';
import { asBody, parseOrderId } from './payment-rules';
import { SandboxClock } from './sandbox-clock.service';
import { SandboxFault } from './sandbox-fault.entity';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { SandboxFaultsRepository, SandboxRequestsRepository } from './sandbox-support.repository';
import type { DeliveryStatus, WebhookEventType } from './sandbox-webhook-delivery.entity';
import { SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { tossError } from './toss-errors';
import { toKstIso } from './toss-format';
import { TossPaymentJson } from './toss-payment.types';

export interface FaultView {
  id: string;
  kind: string;
  operation: string | null;
  orderId: string | null;
  paymentKey: string | null;
  billingKey: string | null;
  latencyMs: number | null;
  code: string | null;
  httpStatus: number | null;
  message: string | null;
  /** Applications left; null: until cleared. */
  remaining: number | null;
  applied: number;
  createdAt: string;
}

export interface ReadBack {
  orderId: string;
  /** Every payment of the order, oldest first; `payment` is the latest (what GET /orders/{orderId} answers). */
  payments: TossPaymentJson[];
  payment: TossPaymentJson | null;
  /** Calls received, whatever their answer (idempotent replays and faulted calls included). */
  confirmCalls: number;
  /** Billing charges received for the order (POST /v1/billing/{billingKey}). */
  chargeCalls: number;
  cancelCalls: number;
  getCalls: number;
  /** Successful confirms and billing charges (a virtual account issued counts as one). */
  approvals: number;
  deposits: number;
  /** Cancel transactions (each partial cancel counts). */
  cancels: number;
}

/** One outgoing webhook as the read-back shows it. */
export interface WebhookDeliveryView {
  transmissionId: string;
  eventType: WebhookEventType;
  orderId: string | null;
  paymentKey: string | null;
  billingKey: string | null;
  status: DeliveryStatus;
  attempts: number;
  url: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /**
   * The body posted: PAYMENT_STATUS_CHANGED `{eventType, createdAt, data}`, a flat DEPOSIT_CALLBACK
   * or BILLING_DELETED `{eventType, createdAt, data: {billingKey, reason}}`.
   */
  payload: unknown;
}

export interface ClockView {
  now: string;
  offsetMs: number;
}

/** The sandbox's test controls: fault injection, the clock, and read-back for assertions. */
@Injectable()
export class SandboxTestService {
  constructor(
    private readonly payments: SandboxPaymentsService,
    private readonly faults: SandboxFaultsRepository,
    private readonly requests: SandboxRequestsRepository,
    private readonly webhooks: SandboxWebhooksRepository,
    private readonly clock: SandboxClock,
  ) {}

  async addFault(raw: unknown): Promise<FaultView> {
    return toFaultView(await this.faults.insert(parseFault(raw)));
  }

  async listFaults(): Promise<{ faults: FaultView[] }> {
    return { faults: (await this.faults.list()).map(toFaultView) };
  }

  async clearFaults(filter: {
    id?: string;
    orderId?: string;
    paymentKey?: string;
    billingKey?: string;
  }): Promise<{ deleted: number }> {
    if (filter.id !== undefined && !/^[0-9a-f-]{36}$/i.test(filter.id)) return { deleted: 0 };
    return { deleted: await this.faults.deleteWhere(filter) };
  }

  async getClock(): Promise<ClockView> {
    const offsetMs = await this.clock.offsetMs();
    return { now: toKstIso(new Date(Date.now() + offsetMs)), offsetMs };
  }

  /** `{offsetMs}` moves the sandbox clock by that much from real time; `{now}` sets it to an instant. */
  async setClock(raw: unknown): Promise<ClockView> {
    const body = asBody(raw);
    let offsetMs: number;
    if (typeof body.offsetMs === 'number' && Number.isSafeInteger(body.offsetMs)) {
      offsetMs = body.offsetMs;
    } else if (typeof body.now === 'string' && !Number.isNaN(Date.parse(body.now))) {
      offsetMs = Date.parse(body.now) - Date.now();
    } else {
      throw tossError(
        'INVALID_REQUEST',
        '잘못된 요청입니다. {offsetMs: 정수} 또는 {now: ISO-8601 시각}을 보내주세요.',
      );
    }
    await this.clock.setOffset(offsetMs);
    return this.getClock();
  }

  async resetClock(): Promise<ClockView> {
    await this.clock.setOffset(0);
    return this.getClock();
  }

  /** Clears every fault and the clock offset (payments stay). */
  async reset(): Promise<{ faultsDeleted: number; clock: ClockView }> {
    const faultsDeleted = await this.faults.deleteWhere({});
    return { faultsDeleted, clock: await this.resetClock() };
  }

  async readBack(query: { orderId?: string; paymentKey?: string }): Promise<ReadBack> {
    let orderId: string | undefined;
    if (query.orderId !== undefined) orderId = parseOrderId(query.orderId);
    else if (query.paymentKey !== undefined)
      orderId = await this.payments.orderIdOf(query.paymentKey);
    else
      throw tossError(
        'INVALID_REQUEST',
        '잘못된 요청입니다. orderId 또는 paymentKey를 지정해주세요.',
      );
    if (!orderId) throw tossError('NOT_FOUND_PAYMENT');
    const { payments, transactions } = await this.payments.readBack(orderId);
    const calls = await this.requests.countForOrder(
      orderId,
      payments.map((p) => p.paymentKey),
    );
    return {
      orderId,
      payments,
      payment: payments.at(-1) ?? null,
      confirmCalls: calls.confirm + calls.issue,
      chargeCalls: calls['billing-charge'],
      cancelCalls: calls.cancel,
      getCalls: calls.get,
      approvals: transactions.CONFIRM,
      deposits: transactions.DEPOSIT,
      cancels: transactions.CANCEL,
    };
  }

  async webhookDeliveries(query: {
    orderId?: string;
    billingKey?: string;
  }): Promise<{ deliveries: WebhookDeliveryView[] }> {
    const rows = query.orderId
      ? await this.webhooks.listForOrder(parseOrderId(query.orderId))
      : query.billingKey
        ? await this.webhooks.listForBillingKey(query.billingKey)
        : await this.webhooks.listRecent(100);
    return {
      deliveries: rows.map((d) => ({
        transmissionId: d.transmissionId,
        eventType: d.eventType,
        orderId: d.orderId,
        paymentKey: d.paymentKey,
        billingKey: d.billingKey,
        status: d.status,
        attempts: d.attempts,
        url: d.url,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        payload: d.payload,
      })),
    };
  }
}

function toFaultView(fault: SandboxFault): FaultView {
  return {
    id: fault.id,
    kind: fault.kind,
    operation: fault.operation,
    orderId: fault.orderId,
    paymentKey: fault.paymentKey,
    billingKey: fault.billingKey,
    latencyMs: fault.latencyMs,
    code: fault.code,
    httpStatus: fault.httpStatus,
    message: fault.message,
    remaining: fault.remaining,
    applied: fault.applied,
    createdAt: fault.createdAt.toISOString(),
  };
}
