import type { OrderPayment } from '../../src/payments/order-payment';
import { OrderPaymentsRepository } from '../../src/payments/order-payments.repository';
import { confirmKey } from '../../src/payments/ledger-rules';
import { PaymentLedger } from '../../src/payments/payment-ledger';
import { PaymentsRepository } from '../../src/payments/payments.repository';
import { approved, cancel, newPaymentKey, pendingOrder } from '../factories/ledger.factory';
import { useServices } from '../setup/test-services';

/**
 * PaymentLedger.apply on PostgreSQL, handed Toss's answers directly (no HTTP, no Toss). The confirm
 * records against the order as its transaction A left it, in one statement that lands only if the
 * row is still that; these cases give it a copy that is out of date, as if a webhook, the
 * reconciler or a refund had moved the order in between, and snapshots that arrive out of order.
 */
describe('PaymentLedger.apply (services on PostgreSQL)', () => {
  const s = useServices();
  const ledger = () => s.app.get(PaymentLedger);
  const orders = () => s.app.get(OrderPaymentsRepository);
  const payments = () => s.app.get(PaymentsRepository);

  /** Transaction A of a confirm: the order IN_PROGRESS with this payment, as the confirm holds it. */
  async function started(): Promise<{
    order: { orderId: string; amount: number };
    paymentKey: string;
    begun: OrderPayment;
  }> {
    const order = await pendingOrder(s.dataSource);
    const paymentKey = newPaymentKey();
    const begun = await orders().startPayment({
      orderId: order.orderId,
      paymentKey,
      amount: order.amount,
      customerId: null,
      idempotencyKey: confirmKey(order.orderId, paymentKey),
      now: new Date(),
    });
    expect(begun?.status).toBe('IN_PROGRESS');
    return { order, paymentKey, begun: begun! };
  }

  it('a late record of the approval does not bring a refunded order back to PAID', async () => {
    const { order, paymentKey, begun } = await started();
    const approval = approved(order, paymentKey);
    expect((await ledger().apply(approval, begun)).kind).toBe('applied');
    const refunded = approved(order, paymentKey, [cancel(order.amount)]);
    expect((await ledger().apply(refunded)).kind).toBe('applied');

    // The confirm's answer, recorded again against the copy transaction A left.
    const result = await ledger().apply(approval, begun);

    expect(result.kind).toBe('stale');
    expect((await orders().findById(order.orderId))?.status).toBe('REFUNDED');
    const stored = await payments().findPayment(paymentKey);
    expect({ balance: stored?.balanceAmount, cancels: stored?.cancels.length }).toEqual({
      balance: 0,
      cancels: 1,
    });
  });

  it('a record that finds the order already PAID by a webhook answers applied and changes nothing', async () => {
    const { order, paymentKey, begun } = await started();
    const approval = approved(order, paymentKey);
    // The webhook's apply (no copy: under the row lock) gets there first.
    expect((await ledger().apply(approval)).kind).toBe('applied');
    const before = (await orders().findById(order.orderId))!;
    expect(before.status).toBe('PAID');

    const result = await ledger().apply(approval, begun);

    expect(result).toMatchObject({
      kind: 'applied',
      order: { status: 'PAID', paidAt: before.paidAt },
    });
    expect(await orders().findById(order.orderId)).toMatchObject({
      status: 'PAID',
      paidAt: before.paidAt,
      paymentKey,
    });
  });

  it('the confirm’s record racing a webhook’s locked apply of the same approval: no deadlock, PAID once', async () => {
    // Both take the order's row lock before the payment's; in the other order they deadlocked.
    const races = Array.from({ length: 12 }, async () => {
      const { order, paymentKey, begun } = await started();
      const approval = approved(order, paymentKey);
      const [confirm, webhook] = await Promise.all([
        ledger().apply(approval, begun),
        ledger().apply(approval),
      ]);
      expect([confirm.kind, webhook.kind]).toEqual(['applied', 'applied']);
      return { order, paymentKey };
    });
    for (const { order, paymentKey } of await Promise.all(races)) {
      expect((await orders().findById(order.orderId))?.status).toBe('PAID');
      expect((await payments().findPayment(paymentKey))?.status).toBe('DONE');
    }
  });

  it('an older snapshot applied after a newer one is stale: balance and cancels stay', async () => {
    const { order, paymentKey, begun } = await started();
    await ledger().apply(approved(order, paymentKey), begun);
    const a = cancel(4000, 'A');
    const b = cancel(5000, 'B');
    expect((await ledger().apply(approved(order, paymentKey, [a, b]))).kind).toBe('applied');

    // As the instance whose answer arrived second would: its snapshot holds one cancel of two.
    const result = await ledger().apply(approved(order, paymentKey, [a]));

    expect(result.kind).toBe('stale');
    const stored = await payments().findPayment(paymentKey);
    expect({ balance: stored?.balanceAmount, cancels: stored?.cancels.length }).toEqual({
      balance: 1000,
      cancels: 2,
    });
    expect((await orders().findById(order.orderId))?.status).toBe('PARTIALLY_REFUNDED');
  });
});
