import type { DataSource } from 'typeorm';
import { confirmFailure, MetricsService } from './metrics.service';

describe('MetricsService', () => {
  const rows = [{ status: 'PAID', n: 3 }];
  const metrics = new MetricsService({
    query: () => Promise.resolve(rows),
  } as unknown as DataSource);

  it.each([
    ['PAYMENT_OUTCOME_UNKNOWN', 502, { outcome: 'unknown', code: 'PAYMENT_OUTCOME_UNKNOWN' }],
    ['PAYMENT_MISMATCH', 502, { outcome: 'mismatch', code: 'PAYMENT_MISMATCH' }],
    ['TAX_FREE_AMOUNT_MISMATCH', 400, { outcome: 'mismatch', code: 'TAX_FREE_AMOUNT_MISMATCH' }],
    ['AMOUNT_MISMATCH', 400, { outcome: 'rejected', code: 'AMOUNT_MISMATCH' }],
    ['ORDER_NOT_PAYABLE', 409, { outcome: 'rejected', code: 'ORDER_NOT_PAYABLE' }],
    ['REJECT_CARD_PAYMENT', 403, { outcome: 'refused', code: 'REJECT_CARD_PAYMENT' }],
    [
      'FAILED_INTERNAL_SYSTEM_PROCESSING',
      500,
      { outcome: 'error', code: 'FAILED_INTERNAL_SYSTEM_PROCESSING' },
    ],
    [undefined, undefined, { outcome: 'error', code: 'none' }],
    ['a code with spaces <script>', 400, { outcome: 'refused', code: 'other' }],
  ])('a confirm failing with %s (%s) counts as %j', (code, status, expected) => {
    expect(confirmFailure(code, status)).toEqual(expected);
  });

  it('passes the confirm result and error through while counting them', async () => {
    await expect(metrics.confirmOutcome(Promise.resolve('payment'))).resolves.toBe('payment');
    const refused = Object.assign(new Error('no'), { code: 'REJECT_CARD_PAYMENT', status: 403 });
    await expect(metrics.confirmOutcome(Promise.reject(refused))).rejects.toBe(refused);
    const text = await metrics.registry.metrics();
    expect(text).toContain('payment_confirms_total{outcome="approved",code="none"} 1');
    expect(text).toContain(
      'payment_confirms_total{outcome="refused",code="REJECT_CARD_PAYMENT"} 1',
    );
  });

  it('counts cash receipt calls by operation and outcome', async () => {
    metrics.cashReceipt('issue', 'issued');
    metrics.cashReceipt('issue', 'issued');
    metrics.cashReceipt('cancel', 'unknown');
    const text = await metrics.registry.metrics();
    expect(text).toContain('cash_receipts_total{operation="issue",outcome="issued"} 2');
    expect(text).toContain('cash_receipts_total{operation="cancel",outcome="unknown"} 1');
  });

  it('bounds webhook labels so a peer cannot make new series at will', async () => {
    metrics.webhookDelivery('PAYMENT_STATUS_CHANGED', 'Applied');
    metrics.webhookDelivery(`X_${'A'.repeat(100)}`, 'secret mismatch');
    metrics.webhookDelivery(undefined, '"; drop table');
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'webhook_deliveries_total{event_type="PAYMENT_STATUS_CHANGED",verdict="applied"} 1',
    );
    expect(text).toContain(
      'webhook_deliveries_total{event_type="other",verdict="secret_mismatch"} 1',
    );
    expect(text).toContain('webhook_deliveries_total{event_type="other",verdict="other"} 1');
  });

  it('reports every order status, zero when there is none', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toContain('orders_by_status{status="PAID"} 3');
    expect(text).toContain('orders_by_status{status="PENDING"} 0');
  });
});
