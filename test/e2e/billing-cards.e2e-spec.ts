import { randomUUID } from 'node:crypto';
import { BillingKeysService, DeletedCard } from '../../src/billing/billing-keys.service';
import { TossClient } from '../../src/toss/toss.client';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { customer, SignedIn } from '../factories/auth.factory';
import { clearFaults } from '../factories/sandbox.factory';
import { useShop } from '../factories/checkout.factory';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TEST = '/sandbox/toss/test';

interface SandboxKey {
  billingKey: string;
  status: 'ACTIVE' | 'DELETED';
  deleteReason: string | null;
}

/**
 * Cards for recurring payments (자동결제) over HTTP, with the mounted sandbox as Toss: the
 * customerKey, the card registered from the billing-auth window's authKey (the billing key issued
 * at Toss, stored sealed, never answered), the list, deletion here and at Toss, and BILLING_DELETED.
 */
describe('billing cards (e2e)', () => {
  const shop = useShop({ TOSS_CONFIRM_RETRIES: '2' });
  afterEach(() => clearFaults(shop.t.http));

  const http = () => shop.t.http;
  const customerKeyOf = async (who: SignedIn) =>
    (await http().get('/api/v1/billing/customer-key').set(who.auth).expect(200)).body
      .customerKey as string;
  /** The billing-auth window: the customer registers a card, Toss gives the successUrl's values. */
  const authorize = async (customerKey: string, card: Record<string, unknown> = {}) =>
    (
      await http()
        .post(`${TEST}/billing/authorize`)
        .send({ cardNumber: '4330123412341234', ...card, customerKey })
        .expect(200)
    ).body as { authKey: string; customerKey: string };
  const register = (who: SignedIn, auth: { authKey: string; customerKey: string }) =>
    http().post('/api/v1/billing/cards').set(who.auth).send(auth);
  const cardsOf = async (who: SignedIn) =>
    (await http().get('/api/v1/billing/cards').set(who.auth).expect(200)).body.items as {
      id: string;
    }[];
  /** The keys Toss holds for a customer (the sandbox's read-back shows them; Toss never does). */
  const tossKeys = async (customerKey: string) =>
    (await http().get(`${TEST}/billing`).query({ customerKey }).expect(200)).body
      .billingKeys as SandboxKey[];
  const fault = (body: Record<string, unknown>) =>
    http().post(`${TEST}/faults`).send(body).expect(200);
  /** A customer with one registered card. */
  async function withCard(): Promise<{ who: SignedIn; cardId: string; billingKey: string }> {
    const who = await customer(http());
    const res = await register(who, await authorize(await customerKeyOf(who))).expect(201);
    const [key] = await tossKeys(await customerKeyOf(who));
    return { who, cardId: res.body.id, billingKey: key.billingKey };
  }
  /** BILLING_DELETED deliveries in the app's inbox, once processed. */
  const billingDeletions = (count: number) =>
    eventually(
      async () => {
        await shop.t.app.get(WebhooksService).drainNow();
        return sql<{ status: string; verdict: string; body: unknown }>(
          shop.t.databaseUrl,
          `SELECT status, verdict, body FROM webhook_deliveries WHERE event_type = 'BILLING_DELETED' ORDER BY id`,
        );
      },
      (rows) => rows.length >= count && rows.every((row) => row.status !== 'RECEIVED'),
    );

  describe('GET /billing/customer-key', () => {
    it('answers a random UUID v4, the same on every call, one per customer; not for admins', async () => {
      const key = await customerKeyOf(shop.kim);
      expect(key).toMatch(UUID_V4);
      expect(key).not.toBe(shop.kim.id);
      expect(await customerKeyOf(shop.kim)).toBe(key);
      expect(await customerKeyOf(await customer(http()))).not.toBe(key);
      const admin = await http().get('/api/v1/billing/customer-key').set(shop.boss.auth);
      expect([admin.status, admin.body.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('POST /billing/cards', () => {
    it('issues the billing key at Toss, stores it sealed, and answers the card without it', async () => {
      const who = await customer(http());
      const customerKey = await customerKeyOf(who);
      const res = await register(who, await authorize(customerKey)).expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V4),
        issuerCode: '61',
        acquirerCode: '61',
        maskedNumber: '43301234****123*',
        cardType: '신용',
        ownerType: '개인',
        createdAt: expect.any(String),
      });
      const [key] = await tossKeys(customerKey);
      expect(key.status).toBe('ACTIVE');
      expect(JSON.stringify(res.body)).not.toContain(key.billingKey);
      expect(JSON.stringify(res.body)).not.toContain(customerKey);
      const listed = await http().get('/api/v1/billing/cards').set(who.auth).expect(200);
      expect(listed.body).toEqual({ items: [res.body] });
      expect(JSON.stringify(listed.body)).not.toContain(key.billingKey);

      const rows = await sql<Record<string, unknown>>(
        shop.t.databaseUrl,
        `SELECT * FROM billing_keys WHERE id = $1`,
        [res.body.id],
      );
      expect(rows).toHaveLength(1);
      expect(
        JSON.stringify(rows[0]) + (rows[0].ciphertext as Buffer).toString('latin1'),
      ).not.toContain(key.billingKey);
      // Sealed is not lost: what a charge would send Toss opens back to Toss's key.
      expect(
        await shop.t.app.get(BillingKeysService).credentialsForCharge(res.body.id),
      ).toMatchObject({ billingKey: key.billingKey, customerKey });
    });

    it("refuses another customer's customerKey with 403 CUSTOMER_KEY_MISMATCH, without calling Toss", async () => {
      const lee = await customer(http());
      const auth = await authorize(await customerKeyOf(lee));
      const res = await register(shop.kim, auth);
      expect([res.status, res.body.code]).toEqual([403, 'CUSTOMER_KEY_MISMATCH']);
      expect(JSON.stringify(res.body)).not.toContain(auth.customerKey);
      // The authKey was not spent: its owner registers with it.
      await register(lee, auth).expect(201);
    });

    it('answers the same card again for the same authKey (a refreshed success page), keeping one', async () => {
      const who = await customer(http());
      const auth = await authorize(await customerKeyOf(who));
      const first = await register(who, auth).expect(201);
      const again = await register(who, auth).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await cardsOf(who)).toHaveLength(1);
    });

    it.each([
      ['an authKey past its lifetime', 'INVALID_BILLING_AUTH'],
      ['an authKey Toss does not know', 'NOT_FOUND_BILLING'],
    ])(
      "answers Toss's refusal of %s as 402 with Toss's code, storing nothing",
      async (_case, code) => {
        const who = await customer(http());
        const auth = await authorize(await customerKeyOf(who));
        if (code === 'INVALID_BILLING_AUTH')
          await http()
            .post(`${TEST}/clock`)
            .send({ offsetMs: 11 * 60_000 })
            .expect(200);
        try {
          const sent =
            code === 'NOT_FOUND_BILLING' ? { ...auth, authKey: `bln_${randomUUID()}` } : auth;
          const res = await register(who, sent);
          expect([res.status, res.body.code]).toEqual([402, code]);
        } finally {
          await http().delete(`${TEST}/clock`).expect(200);
        }
        expect(await cardsOf(who)).toEqual([]);
      },
    );

    it('recovers an issue whose answer was lost by asking again with the same Idempotency-Key', async () => {
      const who = await customer(http());
      const customerKey = await customerKeyOf(who);
      await fault({ kind: 'APPROVE_THEN_ERROR', operation: 'billing-issue', remaining: 1 });
      const res = await register(who, await authorize(customerKey)).expect(201);
      const keys = await tossKeys(customerKey);
      expect(keys).toHaveLength(1);
      expect(await cardsOf(who)).toEqual([expect.objectContaining({ id: res.body.id })]);
    });

    it('answers 502 BILLING_OUTCOME_UNKNOWN, storing nothing, when Toss never tells', async () => {
      const who = await customer(http());
      await fault({ kind: 'ERROR', operation: 'billing-issue', remaining: 3 });
      const res = await register(who, await authorize(await customerKeyOf(who)));
      expect([res.status, res.body.code]).toEqual([502, 'BILLING_OUTCOME_UNKNOWN']);
      expect(await cardsOf(who)).toEqual([]);
    });
  });

  it("charges a card at Toss with its credentials (the subscriptions' path), in Toss's wire format", async () => {
    const { cardId } = await withCard();
    const credentials = await shop.t.app.get(BillingKeysService).credentialsForCharge(cardId);
    const orderId = `bill_${randomUUID().replaceAll('-', '')}`;
    const payment = await shop.t.app
      .get(TossClient)
      .chargeBillingKey(
        credentials!.billingKey,
        { customerKey: credentials!.customerKey, amount: 9900, orderId, orderName: '월간 구독' },
        `charge:${orderId}`,
      );
    expect(payment).toMatchObject({
      orderId,
      status: 'DONE',
      type: 'BILLING',
      totalAmount: 9900,
      method: '카드',
    });
  });

  describe('DELETE /billing/cards/{cardId}', () => {
    it('deletes the card here and its billing key at Toss; the BILLING_DELETED that follows changes nothing', async () => {
      const { who, cardId, billingKey } = await withCard();
      const before = (await billingDeletions(0)).length;
      const told: DeletedCard[] = [];
      const stop = shop.t.app.get(BillingKeysService).onDeleted((card) => {
        told.push(card);
      });
      try {
        await http().delete(`/api/v1/billing/cards/${cardId}`).set(who.auth).expect(204);
        expect(await cardsOf(who)).toEqual([]);
        const [key] = await tossKeys(await customerKeyOf(who));
        expect(key.status).toBe('DELETED');
        const deliveries = await billingDeletions(before + 1);
        expect(deliveries.at(-1)).toMatchObject({
          status: 'PROCESSED',
          verdict: `card ${cardId} was deleted already (CUSTOMER)`,
        });
        expect(JSON.stringify(deliveries)).not.toContain(billingKey);
        // Told on the deletion, and again on Toss's event (listeners must be idempotent).
        expect(told.filter((card) => card.cardId === cardId)).toEqual([
          { cardId, userId: who.id, reason: 'CUSTOMER' },
          { cardId, userId: who.id, reason: 'CUSTOMER' },
        ]);
      } finally {
        stop();
      }
      const again = await http().delete(`/api/v1/billing/cards/${cardId}`).set(who.auth);
      expect([again.status, again.body.code]).toEqual([404, 'CARD_NOT_FOUND']);
    });

    it("answers 404 CARD_NOT_FOUND for another customer's card or a malformed id, deleting nothing", async () => {
      const { who, cardId } = await withCard();
      for (const [caller, id] of [
        [shop.kim, cardId],
        [who, 'not-a-uuid'],
        [who, randomUUID()],
      ] as const) {
        const res = await http().delete(`/api/v1/billing/cards/${id}`).set(caller.auth);
        expect([res.status, res.body.code]).toEqual([404, 'CARD_NOT_FOUND']);
      }
      expect((await cardsOf(who)).map((card) => card.id)).toEqual([cardId]);
    });

    it('keeps the card deleted here when Toss refuses to delete the key', async () => {
      const { who, cardId, billingKey } = await withCard();
      await fault({
        kind: 'DECLINE',
        operation: 'billing-delete',
        billingKey,
        code: 'NOT_FOUND_BILLING',
        httpStatus: 404,
      });
      await http().delete(`/api/v1/billing/cards/${cardId}`).set(who.auth).expect(204);
      expect(await cardsOf(who)).toEqual([]);
      expect(await shop.t.app.get(BillingKeysService).credentialsForCharge(cardId)).toBeNull();
    });
  });

  it('BILLING_DELETED from Toss (a card the issuer cancelled) deletes the card and tells the listeners', async () => {
    const { who, cardId, billingKey } = await withCard();
    const before = (await billingDeletions(0)).length;
    const told: DeletedCard[] = [];
    const stop = shop.t.app.get(BillingKeysService).onDeleted((card) => {
      told.push(card);
    });
    try {
      await http()
        .post(`${TEST}/billing/${encodeURIComponent(billingKey)}/delete`)
        .send({ reason: '카드 재발급' })
        .expect(200);
      const deliveries = await billingDeletions(before + 1);
      expect(deliveries.at(-1)).toMatchObject({
        status: 'PROCESSED',
        verdict: `card ${cardId} deleted`,
      });
      expect(JSON.stringify(deliveries)).not.toContain(billingKey);
    } finally {
      stop();
    }
    expect(told.filter((card) => card.cardId === cardId)).toEqual([
      { cardId, userId: who.id, reason: 'TOSS: 카드 재발급' },
    ]);
    expect(await cardsOf(who)).toEqual([]);
    expect(await shop.t.app.get(BillingKeysService).credentialsForCharge(cardId)).toBeNull();
  });

  it('ignores a BILLING_DELETED for a billing key that is not ours', async () => {
    const before = (await billingDeletions(0)).length;
    await http()
      .post('/api/v1/webhooks/toss')
      .send({
        eventType: 'BILLING_DELETED',
        createdAt: 'x',
        data: { billingKey: 'bk_not_ours', reason: null },
      })
      .expect(200);
    const deliveries = await billingDeletions(before + 1);
    expect(deliveries.at(-1)).toMatchObject({ status: 'IGNORED' });
  });
});
