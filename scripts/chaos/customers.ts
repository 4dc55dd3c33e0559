/**
 * The soak's customers and back office: each customer loops through checkouts with random methods
 * and Toss faults, duplicate confirms across both instances, virtual-account deposits (some twice),
 * and refunds (concurrent partial and full ones, each with its own Idempotency-Key, some retried).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonClient } from '../../bench/support';
import { Api, Reply } from './api';
import type { AppInstance } from './cluster';

export interface Shop {
  api: Api;
  toss: JsonClient;
  instances: AppInstance[];
  adminToken: () => string;
  productIds: string[];
  /** Customers stop starting new work after this instant. */
  deadline: number;
}

interface Payment {
  paymentKey: string;
  status: string;
  method: string;
  totalAmount: number;
}

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
const REFUND_ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '김고객' };

const chance = (p: number) => Math.random() < p;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
function weighted(table: [string, number][]): string {
  let roll = Math.random() * table.reduce((a, [, w]) => a + w, 0);
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[0][0];
}
const hundreds = (amount: number) => Math.max(100, Math.floor(amount / 100) * 100);

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
    const items = [{ productId: pick(this.shop.productIds), quantity: between(1, 3) }];
    if (chance(0.3)) items.push({ productId: pick(this.shop.productIds), quantity: 1 });
    const order = await this.api.call({
      route: 'order',
      method: 'POST',
      path: '/api/v1/orders',
      body: { items },
      token: this.token,
    });
    if (order?.status !== 201) {
      // As a customer would, wait a little before trying again.
      await sleep(300);
      return;
    }
    const { orderId, amount, orderName } = order.body as {
      orderId: string;
      amount: number;
      orderName: string;
    };
    this.count('orders created');

    const method = weighted(METHODS);
    const declineInWindow = chance(0.04);
    const authorized = await this.shop.toss.json<{ paymentKey: string }>(
      'POST',
      '/sandbox/toss/test/authorize',
      {
        orderId,
        amount,
        orderName,
        method,
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
    if (chance(0.7)) await this.refunds(paymentKey, amount, payment.method === '가상계좌');
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

  /** One of the refund scenarios, each refund with its own key, the concurrent ones on both instances. */
  private async refunds(paymentKey: string, amount: number, paidAccount: boolean): Promise<void> {
    if (chance(0.3)) await this.injectFault(paymentKey, 'cancel');
    const account = paidAccount ? { refundReceiveAccount: REFUND_ACCOUNT } : {};
    const partial = (share: number) => ({
      cancelReason: '부분 환불',
      cancelAmount: hundreds(amount * share),
      ...account,
    });
    const full = { cancelReason: '전액 환불', ...account };
    const [a, b] = this.shop.instances;
    const scenario = weighted([
      ['two partials at once', 30],
      ['two partials over the balance at once', 15],
      ['a partial and a full at once', 25],
      ['one partial sent twice with one key', 15],
      ['two full refunds at once', 15],
    ]);
    this.count('refund batches');
    this.count(`refunds: ${scenario}`);
    const key = () => `chaos-${randomUUID()}`;
    let batch: { body: object; key: string; prefer?: AppInstance }[];
    switch (scenario) {
      case 'two partials at once': {
        const same = chance(0.3) ? 0.3 : undefined;
        batch = [
          { body: partial(same ?? Math.random() * 0.45 + 0.02), key: key(), prefer: a },
          { body: partial(same ?? Math.random() * 0.45 + 0.02), key: key(), prefer: b },
        ];
        break;
      }
      case 'two partials over the balance at once':
        batch = [
          { body: partial(0.6), key: key(), prefer: a },
          { body: partial(0.6), key: key(), prefer: b },
        ];
        break;
      case 'a partial and a full at once':
        batch = [
          { body: partial(Math.random() * 0.5 + 0.02), key: key(), prefer: a },
          { body: full, key: key(), prefer: b },
        ];
        break;
      case 'one partial sent twice with one key': {
        const once = { body: partial(Math.random() * 0.5 + 0.02), key: key() };
        batch = [
          { ...once, prefer: a },
          { ...once, prefer: b },
        ];
        break;
      }
      default:
        batch = [
          { body: full, key: key(), prefer: a },
          { body: full, key: key(), prefer: b },
        ];
    }
    const replies = await Promise.all(
      batch.map((r) => this.refund(paymentKey, r.body, r.key, r.prefer)),
    );
    // An unseen outcome: the back office asks again with the same key (never a new refund).
    for (const [i, reply] of replies.entries()) {
      if ((reply === undefined || reply.code === 'PAYMENT_OUTCOME_UNKNOWN') && chance(0.5)) {
        await sleep(between(500, 2000));
        this.count('refunds retried with their key');
        await this.refund(paymentKey, batch[i].body, batch[i].key);
      }
    }
    if (chance(0.2)) {
      // Much later, a client replays one of them: the same answer, no new refund.
      this.count('refunds replayed with their key');
      await this.refund(paymentKey, batch[0].body, batch[0].key);
    }
  }

  private refund(
    paymentKey: string,
    body: object,
    key: string,
    prefer?: AppInstance,
  ): Promise<Reply | undefined> {
    this.count('refund requests');
    return this.api.call({
      route: 'refund',
      method: 'POST',
      path: `/api/v1/payments/${encodeURIComponent(paymentKey)}/cancel`,
      body,
      token: this.shop.adminToken(),
      headers: { 'idempotency-key': key },
      prefer,
    });
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
