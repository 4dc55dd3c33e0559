import { chargeOrderId } from '../../src/subscriptions/charge-ids';
import { SubscriptionClock } from '../../src/subscriptions/subscription-clock';
import { MetricsService } from '../../src/metrics/metrics.service';
import { SubscriptionScheduler } from '../../src/subscriptions/subscription-scheduler';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { parseMetrics, sampleValue } from '../support/prometheus';
import { addFault, authorizeBilling, eventually, readBack, TEST } from './sandbox-helpers';

interface ChargeView {
  period: number;
  attempt: number;
  orderId: string;
  amount: number;
  status: string;
  paymentKey: string | null;
  failureCode: string | null;
}

interface SubscriptionView {
  id: string;
  status: string;
  period: number;
  amount: number;
  nextChargeAt: string | null;
  paidUntil: string;
  cancelAtPeriodEnd: boolean;
  needsNewCard: boolean;
  lastFailureCode: string | null;
  charges: ChargeView[];
}

const DAY = 86_400_000;
const at = (iso: string | null, plusMs = 0) => new Date(new Date(iso!).getTime() + plusMs);

/**
 * Recurring payments end to end: plans, subscribing with a card registered in the sandbox, the
 * scheduler charging on the sandbox's clock (moved here in step with the scheduler's `now`),
 * declines, retries, new cards, cancels, faults, two instances, and the books at the end.
 */
describe('Subscriptions (자동결제)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let scheduler: SubscriptionScheduler;
  /** The two-instance case's second app: closed last (closing it stops the sandbox it shares). */
  let second: TestApp | undefined;

  /** Time moves for the app's subscriptions and the sandbox together (approvedAt follows it). */
  const travelTo = async (now: Date) => {
    jest.spyOn(t.app.get(SubscriptionClock), 'now').mockImplementation(() => new Date(now));
    await t.http.post(`${TEST}/clock`).send({ now: now.toISOString() }).expect(200);
  };
  /** One scheduler pass at `now`. */
  const runAt = async (now: Date) => {
    await travelTo(now);
    return scheduler.runOnce();
  };

  const plan = async (body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/plans')
        .set(boss.auth)
        .send({
          name: '베이직 월간',
          amount: 9900,
          intervalUnit: 'MONTH',
          intervalCount: 1,
          ...body,
        })
        .expect(201)
    ).body as { id: string; amount: number };

  const registerCard = async (who: SignedIn): Promise<string> => {
    const { customerKey } = (
      await t.http.get('/api/v1/billing/customer-key').set(who.auth).expect(200)
    ).body as { customerKey: string };
    const auth = await authorizeBilling(t.http, customerKey);
    const card = await t.http.post('/api/v1/billing/cards').set(who.auth).send(auth);
    expect([card.status, card.body]).toEqual([
      201,
      expect.objectContaining({ id: expect.any(String) }),
    ]);
    return card.body.id as string;
  };

  const subscribe = async (who: SignedIn, planId: string, cardId: string) =>
    (await t.http.post('/api/v1/subscriptions').set(who.auth).send({ planId, cardId }).expect(201))
      .body as SubscriptionView;

  const read = async (who: SignedIn, id: string) =>
    (await t.http.get(`/api/v1/subscriptions/${id}`).set(who.auth).expect(200))
      .body as SubscriptionView;

  /** A subscriber with a card, subscribed to a plan with a trial (so nothing is charged yet). */
  const trialing = async (trialDays = 1, body: Record<string, unknown> = {}) => {
    const who = await customer(t.http);
    const card = await registerCard(who);
    const sub = await subscribe(who, (await plan({ trialDays, ...body })).id, card);
    expect(sub).toMatchObject({ status: 'TRIALING', charges: [] });
    return { who, card, sub };
  };

  const orderOf = (sub: { id: string }, period: number, attempt: number) =>
    chargeOrderId({ subscriptionId: sub.id, period, attempt });

  beforeAll(async () => {
    // A hung charge times out quickly here, so the HANG case runs in seconds.
    t = await startTestApp({ env: { TOSS_BILLING_TIMEOUT_MS: '1500' } });
    boss = await admin(t.http);
    scheduler = t.app.get(SubscriptionScheduler);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await t.http.delete(`${TEST}/clock`).expect(200);
  });

  afterAll(async () => {
    await t.http.delete(`${TEST}/clock`);
    await expectReportEmpty(t.http, boss.auth);
    await second?.close();
    await t.close();
  });

  it('charges a year of monthly periods, each once, each an order of the books', async () => {
    const who = await customer(t.http);
    const card = await registerCard(who);
    const monthly = await plan({ amount: 12_900 });
    let sub = await subscribe(who, monthly.id, card);
    expect(sub).toMatchObject({ status: 'ACTIVE', period: 2, amount: 12_900 });
    expect(sub.charges).toMatchObject([{ period: 1, attempt: 1, status: 'DONE', amount: 12_900 }]);

    for (let month = 2; month <= 12; month++) {
      const due = at(sub.nextChargeAt);
      // Just before the period starts nothing happens; at its start it is charged, once.
      await runAt(at(sub.nextChargeAt, -60_000));
      expect((await read(who, sub.id)).charges).toHaveLength(month - 1);
      await runAt(due);
      await runAt(due);
      sub = await read(who, sub.id);
      expect({ month, status: sub.status, period: sub.period }).toEqual({
        month,
        status: 'ACTIVE',
        period: month + 1,
      });
    }
    expect(sub.charges.map((c) => `${c.period}/${c.attempt}:${c.status}`)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${i + 1}/1:DONE`),
    );
    expect(sub.paidUntil).toBe(sub.nextChargeAt);
    for (const charge of sub.charges) {
      expect((await readBack(t.http, charge.orderId)).approvals).toBe(1);
      const order = await t.http.get(`/api/v1/orders/${charge.orderId}`).set(who.auth).expect(200);
      expect(order.body).toMatchObject({ status: 'PAID', amount: 12_900 });
    }
    await expectBooksMatch(t.http, boss.auth, sub.charges[11].orderId);

    // A charge is refunded through the existing refund path.
    const refunded = await t.http
      .post(`/api/v1/payments/${sub.charges[0].paymentKey}/cancel`)
      .set(boss.auth)
      .send({ cancelReason: '구독 환불' });
    expect(refunded.status).toBe(200);
    await expectBooksMatch(t.http, boss.auth, sub.charges[0].orderId);
  });

  it('charges first when the trial ends', async () => {
    const { who, sub } = await trialing(7);
    await runAt(at(sub.nextChargeAt, -DAY));
    expect((await read(who, sub.id)).charges).toEqual([]);
    await runAt(at(sub.nextChargeAt));
    const paid = await read(who, sub.id);
    expect(paid).toMatchObject({ status: 'ACTIVE', period: 2 });
    expect(paid.charges).toMatchObject([{ period: 1, attempt: 1, status: 'DONE' }]);
  });

  it('retries a soft decline on the schedule and succeeds', async () => {
    const { who, sub } = await trialing();
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'REJECT_CARD_PAYMENT',
      orderId: orderOf(sub, 1, 1),
    });
    const due = at(sub.nextChargeAt);
    await runAt(due);
    const declined = await read(who, sub.id);
    expect(declined).toMatchObject({ status: 'PAST_DUE', lastFailureCode: 'REJECT_CARD_PAYMENT' });
    expect(at(declined.nextChargeAt).getTime()).toBe(due.getTime() + DAY);
    await runAt(at(declined.nextChargeAt, -60_000));
    expect((await read(who, sub.id)).charges).toHaveLength(1);
    await runAt(at(declined.nextChargeAt));
    const paid = await read(who, sub.id);
    expect(paid).toMatchObject({ status: 'ACTIVE', period: 2, lastFailureCode: null });
    expect(paid.charges.map((c) => `${c.attempt}:${c.status}`)).toEqual(['1:DECLINED', '2:DONE']);
  });

  it('stops at a hard decline until a new card, which is charged at once', async () => {
    const { who, sub } = await trialing();
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'INVALID_STOPPED_CARD',
      orderId: orderOf(sub, 1, 1),
    });
    await runAt(at(sub.nextChargeAt));
    const stopped = await read(who, sub.id);
    expect(stopped).toMatchObject({ status: 'PAST_DUE', needsNewCard: true, nextChargeAt: null });
    await runAt(at(sub.nextChargeAt, 10 * DAY));
    expect((await read(who, sub.id)).charges).toHaveLength(1);

    const another = await registerCard(who);
    const changed = await t.http
      .put(`/api/v1/subscriptions/${sub.id}/card`)
      .set(who.auth)
      .send({ cardId: another })
      .expect(200);
    expect(changed.body).toMatchObject({ status: 'ACTIVE', needsNewCard: false, cardId: another });
    expect(
      (changed.body as SubscriptionView).charges.map((c) => `${c.attempt}:${c.status}`),
    ).toEqual(['1:DECLINED', '2:DONE']);
  });

  it('stops when its card is deleted, until a new card; charged when the period is due', async () => {
    const { who, card, sub } = await trialing();
    await t.http.delete(`/api/v1/billing/cards/${card}`).set(who.auth).expect(204);
    const stopped = await read(who, sub.id);
    expect(stopped).toMatchObject({ status: 'PAST_DUE', needsNewCard: true, nextChargeAt: null });
    await runAt(at(sub.nextChargeAt));
    expect((await read(who, sub.id)).charges).toEqual([]);
    jest.restoreAllMocks();

    const another = await registerCard(who);
    await t.http
      .put(`/api/v1/subscriptions/${sub.id}/card`)
      .set(who.auth)
      .send({ cardId: another })
      .expect(200);
    // The trial is not over yet (now): back to TRIALING, charged when it ends.
    expect(await read(who, sub.id)).toMatchObject({
      status: 'TRIALING',
      needsNewCard: false,
      nextChargeAt: sub.nextChargeAt,
      charges: [],
    });
    await runAt(at(sub.nextChargeAt));
    expect((await read(who, sub.id)).charges.map((c) => c.status)).toEqual(['DONE']);
  });

  it("stops at Toss's BILLING_DELETED (the issuer cancelled the card) until a new card", async () => {
    const { who, sub } = await trialing();
    const { customerKey } = (
      await t.http.get('/api/v1/billing/customer-key').set(who.auth).expect(200)
    ).body as { customerKey: string };
    const readBackKeys = await t.http.get(`${TEST}/billing`).query({ customerKey }).expect(200);
    const [{ billingKey }] = (readBackKeys.body as { billingKeys: { billingKey: string }[] })
      .billingKeys;
    // The issuer deletes the key: the sandbox sends BILLING_DELETED to this app's webhook.
    await t.http
      .post(`${TEST}/billing/${encodeURIComponent(billingKey)}/delete`)
      .send({ reason: '카드 분실' })
      .expect(200);
    const stopped = await eventually(
      async () => {
        const now = await read(who, sub.id);
        return now.status === 'PAST_DUE' ? now : undefined;
      },
      15_000,
      'the subscription to stop after BILLING_DELETED',
    );
    expect(stopped).toMatchObject({ needsNewCard: true, nextChargeAt: null });
    await runAt(at(sub.nextChargeAt));
    expect((await read(who, sub.id)).charges).toEqual([]);
  });

  it('ends UNPAID when the retries run out', async () => {
    const { who, sub } = await trialing();
    for (let attempt = 1; attempt <= 4; attempt++)
      await addFault(t.http, {
        kind: 'DECLINE',
        code: 'REJECT_CARD_PAYMENT',
        orderId: orderOf(sub, 1, attempt),
      });
    const due = at(sub.nextChargeAt);
    for (const day of [0, 1, 3, 5]) await runAt(new Date(due.getTime() + day * DAY));
    const ended = await read(who, sub.id);
    expect(ended).toMatchObject({ status: 'UNPAID', nextChargeAt: null });
    expect(ended.charges.map((c) => c.status)).toEqual([
      'DECLINED',
      'DECLINED',
      'DECLINED',
      'DECLINED',
    ]);
    await runAt(new Date(due.getTime() + 40 * DAY));
    expect((await read(who, sub.id)).charges).toHaveLength(4);
    const resumed = await t.http.post(`/api/v1/subscriptions/${sub.id}/resume`).set(who.auth);
    expect([resumed.status, resumed.body.code]).toEqual([409, 'SUBSCRIPTION_ENDED']);
  });

  it('cancels at the period end (resumable until then) or now', async () => {
    const who = await customer(t.http);
    const card = await registerCard(who);
    const monthly = await plan();
    const later = await subscribe(who, monthly.id, card);
    const flagged = await t.http
      .post(`/api/v1/subscriptions/${later.id}/cancel`)
      .set(who.auth)
      .send({ atPeriodEnd: true })
      .expect(200);
    expect(flagged.body).toMatchObject({ status: 'ACTIVE', cancelAtPeriodEnd: true });
    await t.http.post(`/api/v1/subscriptions/${later.id}/resume`).set(who.auth).expect(200);
    await t.http
      .post(`/api/v1/subscriptions/${later.id}/cancel`)
      .set(who.auth)
      .send({ atPeriodEnd: true })
      .expect(200);
    await runAt(at(later.nextChargeAt));
    const ended = await read(who, later.id);
    expect(ended).toMatchObject({ status: 'CANCELED', endedAt: later.nextChargeAt });
    expect(ended.charges).toHaveLength(1);

    const now = await subscribe(who, monthly.id, card);
    const canceled = await t.http
      .post(`/api/v1/subscriptions/${now.id}/cancel`)
      .set(who.auth)
      .send({ atPeriodEnd: false })
      .expect(200);
    expect(canceled.body).toMatchObject({ status: 'CANCELED', nextChargeAt: null });
    await runAt(at(now.nextChargeAt, DAY));
    expect((await read(who, now.id)).charges).toHaveLength(1);
    const other = await customer(t.http);
    await t.http.get(`/api/v1/subscriptions/${now.id}`).set(other.auth).expect(404);
  });

  it('APPROVE_THEN_ERROR and HANG: the same key again, one approval, the period advances once', async () => {
    for (const kind of ['APPROVE_THEN_ERROR', 'HANG', 'APPROVE_THEN_HANG']) {
      const { who, sub } = await trialing();
      const orderId = orderOf(sub, 1, 1);
      await addFault(t.http, { kind, orderId, count: 1 });
      await runAt(at(sub.nextChargeAt));
      const paid = await read(who, sub.id);
      expect({ kind, status: paid.status, period: paid.period }).toEqual({
        kind,
        status: 'ACTIVE',
        period: 2,
      });
      expect(paid.charges.map((c) => c.status)).toEqual(['DONE']);
      expect({ kind, approvals: (await readBack(t.http, orderId)).approvals }).toEqual({
        kind,
        approvals: 1,
      });
      await expectBooksMatch(t.http, boss.auth, orderId);
    }
  });

  it('runs on two instances at once: each period charged once', async () => {
    const other = await startTestApp({
      databaseUrl: t.databaseUrl,
      env: { TOSS_BILLING_TIMEOUT_MS: '1500' },
    });
    second = other;
    const subs = await Promise.all(Array.from({ length: 6 }, () => trialing()));
    const due = new Date(Math.max(...subs.map((s) => at(s.sub.nextChargeAt).getTime())));
    await t.http.post(`${TEST}/clock`).send({ now: due.toISOString() }).expect(200);
    const reports = await Promise.all([
      scheduler.runOnce({ now: due }),
      other.app.get(SubscriptionScheduler).runOnce({ now: due }),
    ]);
    expect(reports[0].claimed + reports[1].claimed).toBe(6);
    for (const { who, sub } of subs) {
      const paid = await read(who, sub.id);
      expect(paid.charges.map((c) => `${c.period}/${c.attempt}:${c.status}`)).toEqual(['1/1:DONE']);
      expect((await readBack(t.http, orderOf(sub, 1, 1))).approvals).toBe(1);
    }
  });

  it('counts charges by outcome and code, and subscriptions by status, in the metrics', async () => {
    const metrics = t.app.get(MetricsService);
    const sample = async () => {
      const samples = parseMetrics(await metrics.registry.metrics());
      return {
        soft:
          sampleValue(samples, 'subscription_charges_total', {
            outcome: 'soft',
            code: 'REJECT_CARD_PAYMENT',
          }) ?? 0,
        approved:
          sampleValue(samples, 'subscription_charges_total', {
            outcome: 'approved',
            code: 'none',
          }) ?? 0,
        pastDue: sampleValue(samples, 'subscriptions_by_status', { status: 'PAST_DUE' }) ?? 0,
      };
    };
    const { sub } = await trialing();
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'REJECT_CARD_PAYMENT',
      orderId: orderOf(sub, 1, 1),
    });
    const before = await sample();
    await runAt(at(sub.nextChargeAt));
    const declined = await sample();
    expect({
      soft: declined.soft - before.soft,
      pastDue: declined.pastDue - before.pastDue,
    }).toEqual({
      soft: 1,
      pastDue: 1,
    });
    await runAt(at(sub.nextChargeAt, DAY));
    const paid = await sample();
    expect({
      approved: paid.approved - declined.approved,
      pastDue: paid.pastDue - declined.pastDue,
    }).toEqual({
      approved: 1,
      pastDue: -1,
    });
  });

  it('answers typed errors: unknown plan, card not yours, unknown subscription', async () => {
    const who = await customer(t.http);
    const card = await registerCard(who);
    const monthly = await plan();
    const missing = await t.http
      .post('/api/v1/subscriptions')
      .set(who.auth)
      .send({ planId: '00000000-0000-4000-8000-000000000000', cardId: card });
    expect([missing.status, missing.body.code]).toEqual([404, 'PLAN_NOT_FOUND']);
    const other = await customer(t.http);
    const notYours = await t.http
      .post('/api/v1/subscriptions')
      .set(other.auth)
      .send({ planId: monthly.id, cardId: card });
    expect([notYours.status, notYours.body.code]).toEqual([404, 'CARD_NOT_FOUND']);
    const unknown = await t.http.get('/api/v1/subscriptions/not-a-uuid').set(who.auth);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'SUBSCRIPTION_NOT_FOUND']);
    const invalid = await t.http
      .post('/api/v1/plans')
      .set(boss.auth)
      .send({ name: 'x', amount: 1000, intervalUnit: 'MONTH', intervalCount: 13 });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_ERROR']);
    const listed = await t.http.get('/api/v1/plans').expect(200);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(monthly.id);
    await t.http
      .patch(`/api/v1/plans/${monthly.id}`)
      .set(boss.auth)
      .send({ active: false })
      .expect(200);
    const gone = await t.http
      .post('/api/v1/subscriptions')
      .set(who.auth)
      .send({ planId: monthly.id, cardId: card });
    expect([gone.status, gone.body.code]).toEqual([404, 'PLAN_NOT_FOUND']);
  });
});
