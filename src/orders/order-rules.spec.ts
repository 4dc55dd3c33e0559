import { getMetadataArgsStorage } from 'typeorm';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from '../payments/failure-text';
import { Order } from './order.entity';
import { lineAmount, orderAmount, orderName } from './order-rules';

describe('order rules', () => {
  describe('orderAmount', () => {
    it('sums unit price × quantity over every line', () => {
      expect(
        orderAmount([
          { name: 'a', unitPrice: 5000, quantity: 2 },
          { name: 'b', unitPrice: 15000, quantity: 1 },
          { name: 'c', unitPrice: 100, quantity: 99 },
        ]),
      ).toBe(34_900);
    });

    it('is exact at the largest order the contract allows (50 lines × 99 × 100,000,000)', () => {
      const lines = Array.from({ length: 50 }, () => ({
        name: 'x',
        unitPrice: 100_000_000,
        quantity: 99,
      }));
      expect(orderAmount(lines)).toBe(495_000_000_000);
    });

    it.each([
      [0, 1],
      [1, 0],
      [1.5, 1],
      [-100, 1],
    ])('refuses unit price %p with quantity %p', (unitPrice, quantity) => {
      expect(() => lineAmount({ unitPrice, quantity })).toThrow(RangeError);
    });
  });

  describe('orderName', () => {
    it('is the first name alone for one line', () => {
      expect(orderName([{ name: '상품1' }])).toBe('상품1');
    });

    it('appends " 외 N건" for N more lines', () => {
      expect(orderName([{ name: '상품1' }, { name: '상품2' }, { name: '상품3' }])).toBe(
        '상품1 외 2건',
      );
    });

    it('never exceeds 100 characters and keeps the suffix', () => {
      const name = orderName([{ name: '가'.repeat(100) }, { name: 'b' }]);
      expect([...name].length).toBe(100);
      expect(name.endsWith('… 외 1건')).toBe(true);
    });

    it('keeps a name of exactly 100 characters whole', () => {
      expect(orderName([{ name: 'a'.repeat(100) }])).toBe('a'.repeat(100));
    });

    it('refuses an empty order', () => {
      expect(() => orderName([])).toThrow(RangeError);
    });
  });
});

describe("the order's failure columns", () => {
  it.each([
    ['last_failure_code', FAILURE_CODE_LENGTH],
    ['last_failure_message', FAILURE_MESSAGE_LENGTH],
  ])('%s is as long as the failure text the ledger writes', (name, length) => {
    const found = getMetadataArgsStorage().columns.find(
      (c) => c.target === Order && c.options.name === name,
    );
    expect(found?.options.length).toBe(length);
  });
});
