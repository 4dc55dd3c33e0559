import {
  newPaymentKey,
  newPaymentSecret,
  newTransactionKey,
  newVirtualAccountNumber,
  toKstIso,
  toWebhookTime,
} from './toss-format';

describe('toss-format', () => {
  const instant = new Date('2024-05-01T15:30:45.123Z');

  it('writes Toss timestamps in Seoul time with the +09:00 offset, without milliseconds', () => {
    expect(toKstIso(instant)).toBe('2024-05-02T00:30:45+09:00');
    expect(Date.parse(toKstIso(instant))).toBe(Date.parse('2024-05-01T15:30:45Z'));
  });

  it('writes webhook createdAt as yyyy-MM-ddTHH:mm:ss.SSSSSS in Seoul time without an offset', () => {
    expect(toWebhookTime(instant)).toBe('2024-05-02T00:30:45.123000');
  });

  it('makes test-looking keys', () => {
    expect(newPaymentKey(instant)).toMatch(/^tgen_20240502003045[A-Za-z0-9]{7}$/);
    expect(newTransactionKey()).toMatch(/^[0-9A-F]{32}$/);
    expect(newPaymentSecret()).toMatch(/^ps_[A-Za-z0-9]{20}$/);
    expect(newVirtualAccountNumber()).toMatch(/^X\d{13}$/);
    expect(newPaymentKey(instant)).not.toBe(newPaymentKey(instant));
  });
});
