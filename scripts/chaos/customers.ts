/**
 * The soak's customers and back office: each customer loops through checkouts (some with the
 * tax-free 도서 beside taxable products, its taxFreeAmount given to the window) with random methods
 * and Toss faults, duplicate confirms across both instances, virtual-account deposits (some twice),
 * cash receipts for virtual accounts and transfers (asked for afterwards, some twice at once, or
 * issued in the window), and refunds (concurrent partial, full and by-line ones, each with its own
 * Idempotency-Key, some retried), which cancel part of a receipt asked for.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonClient } from '../../bench/support';
import { unexpectedBoundRefusal } from './answers';
import { Api, Call, Reply } from './api';
import type { AppInstance } from './cluster';
import { Left, OrderLine, planRefunds, RefundAsk, RefundPlan, weighted } from './refund-plans';

export interface Shop {
  api: Api;
  toss: JsonClient;
  instances: AppInstance[];
  adminToken: () => string;
  /** Taxable products. */
  productIds: string[];
  /** The tax-free product (도서). */
  taxFreeProductId: string;
  /** Customers stop starting new work after this instant. */
  deadline: number;
}

interface Payment {
  paymentKey: string;
  status: string;
  method: string;
  totalAmount: number;
}

interface Order {
  orderId: string;
  amount: number;
  taxFreeAmount: number;
  orderName: string;
  items: OrderLine[];
}

/** Toss issues cash receipts for these methods only, as our API names them. */
const RECEIPT_METHODS = new Set(['가상계좌', '계좌이체']);
/** The window's cash receipt option applies to these authorize methods. */
const WINDOW_RECEIPT_METHODS = new Set(['VIRTUAL_ACCOUNT', 'TRANSFER']);

const METHODS: [string, number][] = [
  ['CARD', 40],
  ['VIRTUAL_ACCOUNT', 25],
  ['EASY_PAY', 15],
  ['TRANSFER', 10],
  ['MOBILE_PHONE', 10],
];
const CONFIRM_DECLINES = [
  'REJECT_CARD_PAYMENT',
  'INVALID_CARD_EXPIRATION',
  'EXCEED_MAX_DAILY_PAYMENT_COUNT',
];
/** The faults of issue 11, weighted; `count` bounds most, so the reconciler can finish what they break. */
const FAULTS: [string, number][] = [
  ['LATENCY', 25],
  ['DECLINE', 10],
  ['APPROVE_THEN_ERROR', 15],
  ['APPROVE_THEN_HANG', 10],
  ['RESET', 15],
  ['RATE_LIMIT', 15],
  ['ERROR', 10],
];
/**
 * Faults for a cash receipt's issue or cancel: a slow answer or an unseen outcome, never a refusal.
 * A refused issue is a scenario of its own (cashReceipt); a refused cancel leaves the receipt for
 * more than was paid, which the app reports for a person to fix at Toss (docs/toss.md §12), not a race.
 */
const RECEIPT_FAULTS: [string, number][] = [
  ['LATENCY', 20],
  ['APPROVE_THEN_ERROR', 20],
  ['APPROVE_THEN_HANG', 10],
  ['RESET', 15],
  ['RATE_LIMIT', 15],
  ['ERROR', 20],
];
const REFUND_ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '김고객' };

const chance = (p: number) => Math.random() < p;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
/** A phone number as a 소득공제 receipt's identity number: digits only. */
const phoneNumber = () => `010${String(between(0, 99_999_999)).padStart(8, '0')}`;

export class Customer {
  private token = '';

  constructor(
    private readonly shop: Shop,
    private readonly id: number,
  ) {}

  private get api(): Api {
    return this.shop.api;
  }

  private count(name: string, by = 1): void {
    this.api.stats.count(name, by);
  }

  /** Registers and signs in (before the load starts); false if it could not. */
  async signUp(): Promise<boolean> {
    const email = `chaos-${this.id}-${randomUUID().slice(0, 8)}@chaos.local`;
    const password = 'chaos-password';
    for (let tries = 0; tries < 5 && !this.token; tries++) {
      await this.api.call({
        route: 'register',
        method: 'POST',
        path: '/api/v1/auth/register',
        body: { email, password, name: `chaos ${this.id}` },
      });
      const login = await this.api.call({
        route: 'login',
        method: 'POST',
        path: '/api/v1/auth/login',
        body: { email, password },
      });
      if (login?.status === 200) this.token = (login.body as { accessToken: string }).accessToken;
    }
    return this.token !== '';
  }

  /** Checks out until the deadline. */
  async run(): Promise<void> {
    if (!this.token) return;
    for (let round = 0; round < 100_000 && Date.now() < this.shop.deadline; round++) {
      try {
        await this.checkout();
      } catch (error) {
        // A failed call to the sandbox's test controls (e.g. while Toss is paused past a timeout).
        this.count('rounds cut short by a failed sandbox call');
        this.api.stats.note(`sandbox call failed: ${(error as Error).message.slice(0, 120)}`);
        await sleep(500);
      }
    }
  }

  private async checkout(): Promise<void> {
    const order = await this.placeOrder();
    if (!order) {
      // As a customer would, wait a little before trying again.
      await sleep(300);
      return;
    }
    const { orderId, amount, orderName, taxFreeAmount } = order;

    const method = weighted(METHODS);
    const declineInWindow = chance(0.04);
    // The buyer asks the window for a cash receipt and types the number there.
    const windowReceipt = WINDOW_RECEIPT_METHODS.has(method) && chance(0.2);
    if (windowReceipt) this.count('window receipts asked for');
    const authorized = await this.shop.toss.json<{ paymentKey: string }>(
      'POST',
      '/sandbox/toss/test/authorize',
      {
        orderId,
        amount,
        orderName,
        method,
        // As a shop must: Toss reads the tax-free part only from the window's request.
        taxFreeAmount,
        ...(windowReceipt && {
          cashReceipt: { type: '소득공제', customerIdentityNumber: phoneNumber() },
        }),
        ...(declineInWindow && { outcome: pick(CONFIRM_DECLINES) }),
      },
    );
    const paymentKey = authorized.paymentKey;
    if (chance(0.35)) await this.injectFault(paymentKey, chance(0.8) ? 'confirm' : undefined);

    const payment = await this.confirm({ paymentKey, orderId, amount });
    if (!payment) return;
    this.count('payments approved');
    this.count(`approved: ${payment.method}`);
    if (payment.status === 'WAITING_FOR_DEPOSIT') {
      if (!(await this.depositPhase(orderId, paymentKey))) return;
    }
    const refund = chance(0.7);
    const paidAccount = payment.method === '가상계좌';
    if (!RECEIPT_METHODS.has(payment.method) || !chance(windowReceipt ? 0.4 : 0.8)) {
      if (refund) await this.refunds(paymentKey, order, paidAccount);
      return;
    }
    if (windowReceipt) {
      // The window issued one: the app must refuse another (409 CASH_RECEIPT_EXISTS).
      this.count('receipts asked for beside a window receipt');
      await this.requestReceipt(paymentKey, phoneNumber());
      if (refund) await this.refunds(paymentKey, order, paidAccount);
      return;
    }
    if (refund && chance(0.2)) {
      // The receipt is asked for while the refunds run: a cancel may wait for its issue.
      this.count('receipts asked for while refunds run');
      await Promise.all([
        this.cashReceipt(orderId, paymentKey),
        this.refunds(paymentKey, order, paidAccount),
      ]);
      return;
    }
    const receiptOrderId = await this.cashReceipt(orderId, paymentKey);
    if (refund) await this.refunds(paymentKey, order, paidAccount, receiptOrderId);
  }

  /** A basket: taxable products, some with 도서 (tax-free) beside them, a few 도서 alone. */
  private async placeOrder(): Promise<Order | undefined> {
    const roll = Math.random();
    const items: { productId: string; quantity: number }[] = [];
    if (roll >= 0.05) {
      items.push({ productId: pick(this.shop.productIds), quantity: between(1, 3) });
      if (chance(0.3)) items.push({ productId: pick(this.shop.productIds), quantity: 1 });
    }
    if (roll < 0.3) items.push({ productId: this.shop.taxFreeProductId, quantity: between(1, 3) });
    const order = await this.api.call({
      route: 'order',
      method: 'POST',
      path: '/api/v1/orders',
      body: { items },
      token: this.token,
    });
    if (order?.status !== 201) return undefined;
    this.count('orders created');
    const body = order.body as Order;
    if (body.taxFreeAmount > 0)
      this.count(body.taxFreeAmount === body.amount ? 'tax-free only orders' : 'mixed orders');
    return body;
  }

  /** The confirm, sometimes sent to both instances at once; an unseen outcome is sometimes asked again. */
  private async confirm(body: {
    paymentKey: string;
    orderId: string;
    amount: number;
  }): Promise<Payment | undefined> {
    const both = chance(0.25);
    const send = (prefer?: AppInstance) =>
      this.api.call({
        route: 'confirm',
        method: 'POST',
        path: '/api/v1/payments/confirm',
        body,
        token: this.token,
        prefer,
      });
    const [a, b] = this.shop.instances;
    const replies = both ? await Promise.all([send(a), send(b)]) : [await send()];
    this.count('confirm requests', replies.length);
    if (both) this.count('confirms sent to both instances at once');
    let approved = replies.find((r) => r?.status === 200);
    if (
      !approved &&
      replies.some(
        (r) => !r || r.code === 'PAYMENT_OUTCOME_UNKNOWN' || r.code === 'PAYMENT_IN_PROGRESS',
      ) &&
      chance(0.6)
    ) {
      // The customer presses "pay" again a little later: the same triple.
      await sleep(between(500, 2500));
      const again = await send();
      this.count('confirm requests');
      this.count('confirms retried by the customer');
      if (again?.status === 200) approved = again;
    }
    return approved?.body as Payment | undefined;
  }

  /**
   * The customer pays into the account (sometimes twice at once: duplicate callbacks), or cancels
   * the order while paying; true when the order ends up paid at us (so it can be refunded).
   */
  private async depositPhase(orderId: string, paymentKey: string): Promise<boolean> {
    this.count('virtual accounts issued');
    const roll = Math.random();
    if (roll < 0.08) {
      // Cancel the unpaid order while the deposit comes in: one of them wins, at Toss and at us.
      this.count('order cancels racing a deposit');
      await Promise.all([
        this.deposit(paymentKey),
        this.api.call({
          route: 'order-cancel',
          method: 'POST',
          path: `/api/v1/orders/${orderId}/cancel`,
          token: this.token,
        }),
      ]);
    } else if (roll < 0.13) {
      this.count('unpaid accounts refunded by the admin');
      await this.refund(paymentKey, { cancelReason: '입금 전 취소' }, `chaos-${randomUUID()}`);
      return false;
    } else if (roll < 0.8) {
      const twice = chance(0.3);
      if (twice) this.count('deposits made twice at once');
      await Promise.all(
        twice ? [this.deposit(paymentKey), this.deposit(paymentKey)] : [this.deposit(paymentKey)],
      );
    } else {
      this.count('accounts left unpaid');
      return false;
    }
    // The deposit reaches us by webhook: wait (bounded) for the order to be paid.
    for (let i = 0; i < 20; i++) {
      const order = await this.api.call({
        route: 'order-get',
        method: 'GET',
        path: `/api/v1/orders/${orderId}`,
        token: this.token,
      });
      const status = (order?.body as { status?: string } | undefined)?.status;
      if (status === 'PAID') return true;
      if (status === 'CANCELED' || status === 'REFUNDED') return false;
      await sleep(300);
    }
    this.count('deposits not yet paid at us after 6 s');
    return false;
  }

  private async deposit(paymentKey: string): Promise<void> {
    const res = await this.shop.toss.request('POST', '/sandbox/toss/test/deposit', { paymentKey });
    this.count(
      res.status === 200
        ? 'deposits taken by Toss'
        : 'deposits refused by Toss (already paid or canceled)',
    );
  }

  /**
   * A cash receipt asked for by the customer after paying (sometimes twice at once, with the same
   * number or two; sometimes refused once, then asked for with another number), with a Toss fault
   * on its issue for some. Answers the Toss orderId of the receipt that should stand
   * (`<orderId>-r<n>`, n counting the payment's requests that reached the table).
   */
  private async cashReceipt(orderId: string, paymentKey: string): Promise<string> {
    const scenario = weighted([
      ['one request', 35],
      ['the same request twice at once', 20],
      ['two numbers at once', 15],
      ['a number refused, then another', 10],
      ['a fault on the issue', 20],
    ]);
    this.count(`receipts: ${scenario}`);
    const first = `${orderId}-r1`;
    const number = phoneNumber();
    const [a, b] = this.shop.instances;
    let replies: (Reply | undefined)[];
    switch (scenario) {
      case 'the same request twice at once':
        replies = await Promise.all([
          this.requestReceipt(paymentKey, number, a),
          this.requestReceipt(paymentKey, number, b),
        ]);
        break;
      case 'two numbers at once':
        replies = await Promise.all([
          this.requestReceipt(paymentKey, number, a),
          this.requestReceipt(paymentKey, phoneNumber(), b),
        ]);
        break;
      case 'a number refused, then another': {
        // Toss (the National Tax Service) refuses the number: the row is FAILED, a new one may follow.
        await this.receiptFault(first, 'cash-receipt-issue', 'DECLINE');
        const refused = await this.requestReceipt(paymentKey, number);
        if (refused?.status !== 400) return first;
        // Its outcome, if unseen, is left to the sweeper: this customer does not press again.
        await this.requestReceipt(paymentKey, phoneNumber());
        return `${orderId}-r2`;
      }
      case 'a fault on the issue':
        await this.receiptFault(first, 'cash-receipt-issue', weighted(RECEIPT_FAULTS));
        replies = [await this.requestReceipt(paymentKey, number)];
        break;
      default:
        replies = [await this.requestReceipt(paymentKey, number)];
    }
    await this.afterUnseen(paymentKey, replies, number);
    return first;
  }

  /**
   * An unseen outcome: the customer sometimes presses again with the same number (the app answers
   * the receipt already asked for), never with another.
   */
  private async afterUnseen(
    paymentKey: string,
    replies: (Reply | undefined)[],
    number: string,
  ): Promise<void> {
    const unseen = replies.some((r) => !r || r.code === 'CASH_RECEIPT_OUTCOME_UNKNOWN');
    if (unseen && chance(0.5)) {
      await sleep(between(500, 2000));
      this.count('receipt requests repeated after an unseen outcome');
      await this.requestReceipt(paymentKey, number);
    }
  }

  private async requestReceipt(
    paymentKey: string,
    identityNumber: string,
    prefer?: AppInstance,
  ): Promise<Reply | undefined> {
    this.count('receipt requests');
    const reply = await this.api.call({
      route: 'cash-receipt',
      method: 'POST',
      path: `/api/v1/payments/${encodeURIComponent(paymentKey)}/cash-receipt`,
      body: { type: '소득공제', identityNumber },
      token: this.token,
      prefer,
    });
    this.count(`receipt answers: ${reply ? `${reply.status} ${reply.code ?? ''}`.trim() : 'none'}`);
    return reply;
  }

  /** A Toss fault on the next receipt call(s) of this receipt orderId. */
  private async receiptFault(
    receiptOrderId: string,
    operation: 'cash-receipt-issue' | 'cash-receipt-cancel',
    kind: string,
  ): Promise<void> {
    const fault: Record<string, unknown> = { kind, orderId: receiptOrderId, operation };
    switch (kind) {
      case 'LATENCY':
        fault.latencyMs = between(200, 2500);
        break;
      case 'DECLINE':
        Object.assign(fault, { code: 'INVALID_CASH_RECEIPT_INFO', httpStatus: 400, remaining: 1 });
        break;
      case 'APPROVE_THEN_HANG':
      case 'APPROVE_THEN_ERROR':
        fault.remaining = 1;
        break;
      default:
        fault.remaining = between(1, 3);
    }
    await this.shop.toss.json('POST', '/sandbox/toss/test/faults', fault);
    this.count(`fault: ${kind} on ${operation}`);
  }

  /**
   * One refund plan (refund-plans.ts) for what the payment has left, each refund with its own key,
   * the concurrent ones on both instances; a fault on the cancel of the receipt asked for, for some.
   */
  private async refunds(
    paymentKey: string,
    order: Order,
    paidAccount: boolean,
    receiptOrderId?: string,
  ): Promise<void> {
    const got = await this.api.call({
      route: 'payment-get',
      method: 'GET',
      path: `/api/v1/payments/${encodeURIComponent(paymentKey)}`,
      token: this.shop.adminToken(),
    });
    if (got?.status !== 200) {
      this.count('refund batches skipped (the payment did not answer)');
      return;
    }
    const left = got.body as Left;
    if (left.balanceAmount <= 0) return;
    if (chance(0.3)) await this.injectFault(paymentKey, 'cancel');
    if (receiptOrderId && chance(0.3))
      await this.receiptFault(receiptOrderId, 'cash-receipt-cancel', weighted(RECEIPT_FAULTS));
    // Lines only while nothing was refunded: what is left of each is not known here otherwise.
    const lines = left.balanceAmount === order.amount ? order.items : [];
    const plan = planRefunds(left, lines);
    this.count('refund batches');
    this.count(`refunds: ${plan.scenario}`);
    const account = paidAccount ? { refundReceiveAccount: REFUND_ACCOUNT } : {};
    const body = (ask: RefundAsk) => ({
      cancelReason: ask.cancelAmount === undefined && !ask.lines ? '전액 환불' : '부분 환불',
      ...ask,
      ...account,
    });
    const key = () => `chaos-${randomUUID()}`;
    const [a, b] = this.shop.instances;
    const firstKey = key();
    const batch = [
      { body: body(plan.asks[0]), key: firstKey, prefer: a },
      { body: body(plan.asks[1]), key: plan.sameKey ? firstKey : key(), prefer: b },
    ];
    const replies = await Promise.all(
      batch.map((r) => this.refund(paymentKey, r.body, r.key, plan, r.prefer)),
    );
    // An unseen outcome: the back office asks again with the same key (never a new refund).
    for (const [i, reply] of replies.entries()) {
      if ((reply === undefined || reply.code === 'PAYMENT_OUTCOME_UNKNOWN') && chance(0.5)) {
        await sleep(between(500, 2000));
        this.count('refunds retried with their key');
        await this.refund(paymentKey, batch[i].body, batch[i].key, plan);
      }
    }
    if (chance(0.2)) {
      // Much later, a client replays one of them: the same answer, no new refund.
      this.count('refunds replayed with their key');
      await this.refund(paymentKey, batch[0].body, batch[0].key, plan);
    }
  }

  /** One refund; a 400 for a bound is an unexpected answer unless its plan overlaps. */
  private async refund(
    paymentKey: string,
    body: RefundAsk & { cancelReason: string },
    key: string,
    plan?: RefundPlan,
    prefer?: AppInstance,
  ): Promise<Reply | undefined> {
    this.count('refund requests');
    if (body.lines) this.count('refund requests by lines');
    else if ((body.taxFreeAmount ?? 0) > 0) this.count('refund requests with a tax-free part');
    const call: Call = {
      route: 'refund',
      method: 'POST',
      path: `/api/v1/payments/${encodeURIComponent(paymentKey)}/cancel`,
      body,
      token: this.shop.adminToken(),
      headers: { 'idempotency-key': key },
      prefer,
    };
    const reply = await this.api.call(call);
    if (plan && reply && unexpectedBoundRefusal(reply.status, reply.code, plan.overlaps))
      this.api.flagUnexpected(
        reply.instance,
        { ...call, path: `${call.path} (plan "${plan.scenario}", which fits what was left)` },
        reply.status,
        JSON.stringify(reply.body),
      );
    return reply;
  }

  private async injectFault(
    paymentKey: string,
    operation: 'confirm' | 'cancel' | undefined,
  ): Promise<void> {
    const kind = weighted(FAULTS);
    const fault: Record<string, unknown> = { kind, paymentKey, ...(operation && { operation }) };
    switch (kind) {
      case 'LATENCY':
        fault.latencyMs = between(200, 2500);
        break;
      case 'DECLINE':
        Object.assign(
          fault,
          operation === 'cancel'
            ? { code: 'NOT_CANCELABLE_PAYMENT', httpStatus: 403, remaining: 1 }
            : { code: pick(CONFIRM_DECLINES), remaining: 1 },
        );
        break;
      case 'APPROVE_THEN_HANG':
        fault.remaining = 1;
        break;
      default:
        fault.remaining = between(1, 3);
    }
    await this.shop.toss.json('POST', '/sandbox/toss/test/faults', fault);
    this.count(`fault: ${kind} on ${operation ?? 'any call'}`);
  }
}
