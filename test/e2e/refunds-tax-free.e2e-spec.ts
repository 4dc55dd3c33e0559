import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { useShop } from '../factories/checkout.factory';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { exited, startChildApp } from '../support/child-app';
import { sql } from '../support/sql';

/** Any test secret key reads Toss's side of a payment from the sandbox (docs/toss.md §1). */
const TOSS_AUTH = {
  Authorization: `Basic ${Buffer.from('test_sk_refunds_tax_free:').toString('base64')}`,
};

const ENV = {
  RECONCILE_INTERVAL_MS: '0',
  RECONCILE_AFTER_MS: '0',
  TOSS_CONFIRM_TIMEOUT_MS: '10000',
  TOSS_CONFIRM_RETRIES: '1',
};

interface Line {
  position: number;
  unitPrice: number;
  quantity: number;
  taxClass: 'TAXABLE' | 'TAX_FREE';
}

interface Mixed {
  orderId: string;
  paymentKey: string;
  amount: number;
  taxFreeAmount: number;
  /** The taxable line (2 × 상품1) and the tax-free one (3 × 도서). */
  taxable: Line;
  taxFree: Line;
}

interface TossSide {
  balanceAmount: number;
  taxFreeAmount: number;
  status: string;
  cancels: { transactionKey: string; cancelAmount: number; taxFreeAmount?: number }[] | null;
}

/**
 * Refunds that carry the tax-free part (면세), by order lines or by amount, against the mounted
 * sandbox: after every step Toss's tax-free balance and its cancels' tax-free parts are ours.
 */
describe('refunds with a tax-free part', () => {
  const shop = useShop(ENV);
  afterEach(() => clearFaults(shop.t.http));

  /**
   * A mixed order paid by card: 2 × 상품1 (taxable) and 3 × 도서 (tax-free), the order's
   * taxFreeAmount given to Toss's window as the shop's page does.
   */
  async function paidMixed(): Promise<Mixed> {
    const { http } = shop.t;
    const [taxable, taxFree] = [shop.products['상품1'], shop.products['도서']];
    expect([taxable.taxClass, taxFree.taxClass]).toEqual(['TAXABLE', 'TAX_FREE']);
    const order = (
      await http
        .post('/api/v1/orders')
        .set(shop.kim.auth)
        .send({
          items: [
            { productId: taxable.id, quantity: 2 },
            { productId: taxFree.id, quantity: 3 },
          ],
        })
        .expect(201)
    ).body as {
      orderId: string;
      orderName: string;
      amount: number;
      taxFreeAmount: number;
      items: (Line & { productId: string })[];
    };
    expect(order.taxFreeAmount).toBe(3 * taxFree.price);
    const authorized = await http
      .post('/sandbox/toss/test/authorize')
      .send({
        orderId: order.orderId,
        amount: order.amount,
        orderName: order.orderName,
        method: 'CARD',
        taxFreeAmount: order.taxFreeAmount,
      })
      .expect(200);
    const paymentKey = authorized.body.paymentKey as string;
    await http
      .post('/api/v1/payments/confirm')
      .set(shop.kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .expect(200);
    const line = (productId: string) => order.items.find((item) => item.productId === productId)!;
    return {
      orderId: order.orderId,
      paymentKey,
      amount: order.amount,
      taxFreeAmount: order.taxFreeAmount,
      taxable: line(taxable.id),
      taxFree: line(taxFree.id),
    };
  }

  const refund = (
    paymentKey: string,
    body: object,
    key?: string,
    http: TestAgent = shop.t.http,
  ) => {
    const req = http.post(`/api/v1/payments/${paymentKey}/cancel`).set(shop.boss.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  const tossSide = async (paymentKey: string): Promise<TossSide> =>
    (await shop.t.http.get(`/sandbox/toss/v1/payments/${paymentKey}`).set(TOSS_AUTH).expect(200))
      .body as TossSide;

  /** Our payment row and our refunds, as stored. */
  async function ourSide(paymentKey: string) {
    const [payment] = await sql<{ balance: string; tax_free: string }>(
      shop.t.databaseUrl,
      'SELECT balance_amount AS balance, tax_free_amount AS tax_free FROM payments WHERE payment_key = $1',
      [paymentKey],
    );
    const refunds = await sql<{
      status: string;
      amount: string;
      tax_free: string;
      transaction_key: string | null;
    }>(
      shop.t.databaseUrl,
      `SELECT status, amount, tax_free_amount AS tax_free, transaction_key FROM refunds
        WHERE payment_key = $1 ORDER BY created_at`,
      [paymentKey],
    );
    return {
      balanceAmount: Number(payment.balance),
      taxFreeAmount: Number(payment.tax_free),
      refunds: refunds.map((r) => ({
        status: r.status,
        amount: Number(r.amount),
        taxFreeAmount: Number(r.tax_free),
        transactionKey: r.transaction_key,
      })),
    };
  }

  /**
   * Toss's tax-free balance is our payment's, Toss's cancels are our DONE refunds one for one
   * (amount and tax-free part), and the tax-free parts canceled and left add up to the order's.
   */
  async function expectTaxFreeAgrees(p: Mixed): Promise<{ toss: TossSide; canceled: number }> {
    const [toss, ours] = await Promise.all([tossSide(p.paymentKey), ourSide(p.paymentKey)]);
    const done = ours.refunds.filter((r) => r.status === 'DONE');
    const cancels = (toss.cancels ?? []).map((c) => ({
      transactionKey: c.transactionKey,
      amount: c.cancelAmount,
      taxFreeAmount: c.taxFreeAmount ?? 0,
    }));
    expect(
      done.map((r) => ({
        transactionKey: r.transactionKey,
        amount: r.amount,
        taxFreeAmount: r.taxFreeAmount,
      })),
    ).toEqual(cancels);
    expect({ balance: ours.balanceAmount, taxFree: ours.taxFreeAmount }).toEqual({
      balance: toss.balanceAmount,
      taxFree: toss.taxFreeAmount,
    });
    const canceled = cancels.reduce((sum, c) => sum + c.taxFreeAmount, 0);
    expect(toss.taxFreeAmount + canceled).toBe(p.taxFreeAmount);
    // Our answer shows the same as Toss.
    const answer = (
      await shop.t.http.get(`/api/v1/payments/${p.paymentKey}`).set(shop.boss.auth).expect(200)
    ).body as { taxFreeAmount: number; balanceAmount: number };
    expect({ balance: answer.balanceAmount, taxFree: answer.taxFreeAmount }).toEqual({
      balance: toss.balanceAmount,
      taxFree: toss.taxFreeAmount,
    });
    return { toss, canceled };
  }

  it('a mixed order refunded line by line to zero: each refund carries its lines’ tax-free part', async () => {
    const p = await paidMixed();
    const { taxable, taxFree } = p;
    await expectTaxFreeAgrees(p);

    const steps: {
      lines: { position: number; quantity: number }[];
      amount: number;
      free: number;
    }[] = [
      {
        lines: [{ position: taxFree.position, quantity: 1 }],
        amount: taxFree.unitPrice,
        free: taxFree.unitPrice,
      },
      {
        lines: [{ position: taxable.position, quantity: 1 }],
        amount: taxable.unitPrice,
        free: 0,
      },
      {
        // The rest of both lines: the whole balance, sent to Toss as a full cancel.
        lines: [
          { position: taxFree.position, quantity: 2 },
          { position: taxable.position, quantity: 1 },
        ],
        amount: 2 * taxFree.unitPrice + taxable.unitPrice,
        free: 2 * taxFree.unitPrice,
      },
    ];
    let refunded = 0;
    let refundedFree = 0;
    for (const [i, step] of steps.entries()) {
      const res = await refund(p.paymentKey, { cancelReason: `라인 환불 ${i}`, lines: step.lines });
      expect({ step: i, status: res.status }).toEqual({ step: i, status: 200 });
      refunded += step.amount;
      refundedFree += step.free;
      expect(res.body).toMatchObject({
        balanceAmount: p.amount - refunded,
        taxFreeAmount: p.taxFreeAmount - refundedFree,
      });
      const { toss, canceled } = await expectTaxFreeAgrees(p);
      expect(toss.cancels?.at(-1)).toMatchObject({
        cancelAmount: step.amount,
        taxFreeAmount: step.free,
      });
      expect(canceled).toBe(refundedFree);
      await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
    }
    const toss = await tossSide(p.paymentKey);
    expect(toss).toMatchObject({ status: 'CANCELED', balanceAmount: 0, taxFreeAmount: 0 });
    const order = await shop.t.http
      .get(`/api/v1/orders/${p.orderId}`)
      .set(shop.boss.auth)
      .expect(200);
    expect(order.body.status).toBe('REFUNDED');
    // The lines refunded are kept with each refund.
    const rows = await sql<{ lines: unknown }>(
      shop.t.databaseUrl,
      'SELECT lines FROM refunds WHERE payment_key = $1 ORDER BY created_at',
      [p.paymentKey],
    );
    expect(rows.map((r) => r.lines)).toEqual(steps.map((s) => s.lines));
  });

  it('a tax-free or taxable part beyond what is left is refused before Toss is called', async () => {
    const p = await paidMixed();
    const taxableBalance = p.amount - p.taxFreeAmount;
    const over = await refund(p.paymentKey, {
      cancelReason: '면세 초과',
      cancelAmount: p.taxFreeAmount + 1,
      taxFreeAmount: p.taxFreeAmount + 1,
    }).expect(400);
    expect(over.body).toMatchObject({
      code: 'TAX_FREE_AMOUNT_EXCEEDED',
      details: {
        taxFreeAmount: p.taxFreeAmount + 1,
        refundableTaxFreeAmount: p.taxFreeAmount,
      },
    });
    // An amount alone is all taxable: more than the taxable balance needs its tax-free part.
    const taxable = await refund(p.paymentKey, {
      cancelReason: '과세 초과',
      cancelAmount: taxableBalance + 1,
    }).expect(400);
    expect(taxable.body).toMatchObject({
      code: 'TAXABLE_AMOUNT_EXCEEDED',
      details: { taxableAmount: taxableBalance + 1, refundableTaxableAmount: taxableBalance },
    });
    expect((await tossRecord(shop.t.http, p.orderId)).cancelCalls).toBe(0);

    // After a tax-free line is refunded, the bound is what is left of the tax-free part.
    await refund(p.paymentKey, {
      cancelReason: '도서 1권',
      lines: [{ position: p.taxFree.position, quantity: 1 }],
    }).expect(200);
    const left = p.taxFreeAmount - p.taxFree.unitPrice;
    const again = await refund(p.paymentKey, {
      cancelReason: '면세 초과',
      cancelAmount: left + 1,
      taxFreeAmount: left + 1,
    }).expect(400);
    expect(again.body).toMatchObject({
      code: 'TAX_FREE_AMOUNT_EXCEEDED',
      details: { taxFreeAmount: left + 1, refundableTaxFreeAmount: left },
    });
    expect((await tossRecord(shop.t.http, p.orderId)).cancelCalls).toBe(1);

    // By amount with its tax-free part, within both bounds: Toss cancels exactly that.
    await refund(p.paymentKey, {
      cancelReason: '금액 환불',
      cancelAmount: left + 1000,
      taxFreeAmount: left,
    }).expect(200);
    const { toss } = await expectTaxFreeAgrees(p);
    expect(toss.taxFreeAmount).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('five refunds of the whole tax-free part at once, through two app instances: one goes through', async () => {
    const p = await paidMixed();
    // A real second process on the same database (one process shares its TransactionHost).
    const two = await startChildApp({ ...ENV, DATABASE_URL: shop.t.databaseUrl });
    try {
      await injectFault(shop.t.http, {
        kind: 'LATENCY',
        operation: 'cancel',
        paymentKey: p.paymentKey,
        latencyMs: 300,
      });
      const other = request(two.baseUrl);
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          refund(
            p.paymentKey,
            {
              cancelReason: `면세 전액 ${i}`,
              cancelAmount: p.taxFreeAmount,
              taxFreeAmount: p.taxFreeAmount,
            },
            undefined,
            i % 2 ? other : shop.t.http,
          ),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
      for (const res of responses.filter((r) => r.status === 400)) {
        expect(res.body).toMatchObject({
          code: 'TAX_FREE_AMOUNT_EXCEEDED',
          details: { taxFreeAmount: p.taxFreeAmount, refundableTaxFreeAmount: 0 },
        });
      }
      const record = await tossRecord(shop.t.http, p.orderId);
      expect({ cancels: record.cancels, cancelCalls: record.cancelCalls }).toEqual({
        cancels: 1,
        cancelCalls: 1,
      });
      const { toss, canceled } = await expectTaxFreeAgrees(p);
      expect({ left: toss.taxFreeAmount, canceled }).toEqual({
        left: 0,
        canceled: p.taxFreeAmount,
      });
      await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
    } finally {
      two.process.kill('SIGTERM');
      await exited(two.process);
    }
  });

  it('lines beyond what is left of them, or not on the order, are refused before Toss is called', async () => {
    const p = await paidMixed();
    const tooMany = await refund(p.paymentKey, {
      cancelReason: '수량 초과',
      lines: [{ position: p.taxFree.position, quantity: p.taxFree.quantity + 1 }],
    }).expect(400);
    expect(tooMany.body).toMatchObject({
      code: 'REFUND_QUANTITY_EXCEEDED',
      details: {
        position: p.taxFree.position,
        quantity: p.taxFree.quantity + 1,
        refundableQuantity: p.taxFree.quantity,
      },
    });
    await refund(p.paymentKey, {
      cancelReason: '도서 2권',
      lines: [{ position: p.taxFree.position, quantity: 2 }],
    }).expect(200);
    const rest = await refund(p.paymentKey, {
      cancelReason: '수량 초과',
      lines: [
        { position: p.taxable.position, quantity: 1 },
        { position: p.taxFree.position, quantity: 2 },
      ],
    }).expect(400);
    expect(rest.body).toMatchObject({
      code: 'REFUND_QUANTITY_EXCEEDED',
      details: { position: p.taxFree.position, quantity: 2, refundableQuantity: 1 },
    });
    const missing = await refund(p.paymentKey, {
      cancelReason: '없는 줄',
      lines: [
        { position: p.taxable.position, quantity: 1 },
        { position: 7, quantity: 1 },
      ],
    }).expect(400);
    expect(missing.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'lines.1.position' }],
    });

    const line = { position: p.taxable.position, quantity: 1 };
    for (const [body, field] of [
      [{ lines: [line], cancelAmount: 1000 }, 'lines'],
      [{ lines: [line], taxFreeAmount: 0 }, 'lines'],
      [{ lines: [] }, 'lines'],
      [{ lines: [line, line] }, 'lines'],
      [{ lines: [{ position: 0, quantity: 0 }] }, 'lines.0.quantity'],
      [{ lines: [{ position: -1, quantity: 1 }] }, 'lines.0.position'],
      [{ lines: [{ position: 0, quantity: 1, price: 1 }] }, 'lines.0.price'],
      [{ taxFreeAmount: 1000 }, 'taxFreeAmount'],
      [{ cancelAmount: 1000, taxFreeAmount: 1001 }, 'taxFreeAmount'],
      [{ cancelAmount: 1000, taxFreeAmount: -1 }, 'taxFreeAmount'],
    ] as const) {
      const res = await refund(p.paymentKey, { cancelReason: '잘못된 요청', ...body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_ERROR',
      });
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
    expect((await tossRecord(shop.t.http, p.orderId)).cancelCalls).toBe(1);
    await expectTaxFreeAgrees(p);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('the same Idempotency-Key with the same lines answers the same; with another body, IDEMPOTENCY_KEY_REUSED', async () => {
    const p = await paidMixed();
    const lines = [
      { position: p.taxable.position, quantity: 1 },
      { position: p.taxFree.position, quantity: 1 },
    ];
    const first = await refund(p.paymentKey, { cancelReason: '중복 확인', lines }, 'tf-lines-1');
    expect(first.status).toBe(200);
    // The same lines in another order are the same refund.
    const again = await refund(
      p.paymentKey,
      { cancelReason: '중복 확인', lines: [...lines].reverse() },
      'tf-lines-1',
    ).expect(200);
    expect(again.body).toEqual(first.body);
    for (const other of [
      { cancelReason: '중복 확인', lines: [{ position: p.taxFree.position, quantity: 2 }] },
      {
        cancelReason: '중복 확인',
        cancelAmount: p.taxable.unitPrice + p.taxFree.unitPrice,
        taxFreeAmount: p.taxFree.unitPrice,
      },
    ]) {
      const res = await refund(p.paymentKey, other, 'tf-lines-1').expect(409);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    // An amount with a tax-free part, replayed: one refund too.
    const byAmount = { cancelReason: '금액', cancelAmount: 2000, taxFreeAmount: 1000 };
    const amountFirst = await refund(p.paymentKey, byAmount, 'tf-amount-1').expect(200);
    const amountAgain = await refund(p.paymentKey, byAmount, 'tf-amount-1').expect(200);
    expect(amountAgain.body).toEqual(amountFirst.body);
    expect(
      (await refund(p.paymentKey, { ...byAmount, taxFreeAmount: 0 }, 'tf-amount-1').expect(409))
        .body.code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');

    const record = await tossRecord(shop.t.http, p.orderId);
    expect(record.cancels).toBe(2);
    await expectTaxFreeAgrees(p);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
