import { getMetadataArgsStorage } from 'typeorm';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from '../payments/failure-text';
import { Order } from './order.entity';
import type { TaxClass } from '../products/tax-class';
import {
  lineAmount,
  lineTaxFreeAmount,
  orderAmount,
  orderName,
  taxFreeAmount,
} from './order-rules';

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

  describe('taxFreeAmount', () => {
    const taxable = (unitPrice: number, quantity = 1) => ({
      unitPrice,
      quantity,
      taxClass: 'TAXABLE' as TaxClass,
    });
    const taxFree = (unitPrice: number, quantity = 1) => ({
      unitPrice,
      quantity,
      taxClass: 'TAX_FREE' as TaxClass,
    });

    it.each([
      ['no tax-free line', [taxable(5000), taxable(10_000, 2)], 0],
      ['only tax-free lines: the whole amount', [taxFree(3000), taxFree(500, 4)], 5000],
      ['a mixed order: the tax-free lines only', [taxable(5000), taxFree(3000)], 3000],
      ['quantity counts', [taxable(10_000), taxFree(3000, 3)], 9000],
      [
        'lines in any order',
        [taxFree(3000), taxable(15_000), taxFree(100, 99), taxable(5000)],
        12_900,
      ],
      ['the same product on two lines', [taxFree(3000, 1), taxFree(3000, 2)], 9000],
      [
        'exact at the largest order the contract allows (50 tax-free lines × 99 × 100,000,000)',
        Array.from({ length: 50 }, () => taxFree(100_000_000, 99)),
        495_000_000_000,
      ],
    ])('%s', (_, lines, expected) => {
      expect(taxFreeAmount(lines)).toBe(expected);
      // Never more than the order's amount.
      expect(taxFreeAmount(lines)).toBeLessThanOrEqual(
        orderAmount(lines.map((line) => ({ name: 'x', ...line }))),
      );
    });

    it.each([
      ['TAXABLE', 0],
      ['TAX_FREE', 6000],
    ] as [TaxClass, number][])('a %s line of 3,000 × 2 is %p tax-free', (taxClass, expected) => {
      expect(lineTaxFreeAmount({ unitPrice: 3000, quantity: 2, taxClass })).toBe(expected);
    });

    it.each([
      ['an unknown tax class', { unitPrice: 3000, quantity: 1, taxClass: 'ZERO_RATED' }],
      ['a lower-case class', { unitPrice: 3000, quantity: 1, taxClass: 'tax_free' }],
      ['a fractional price', { unitPrice: 2999.5, quantity: 1, taxClass: 'TAX_FREE' }],
      ['quantity 0', { unitPrice: 3000, quantity: 0, taxClass: 'TAX_FREE' }],
      ['a negative price on a taxable line', { unitPrice: -1, quantity: 1, taxClass: 'TAXABLE' }],
    ])('refuses %s', (_, line) => {
      expect(() =>
        taxFreeAmount([line as { unitPrice: number; quantity: number; taxClass: TaxClass }]),
      ).toThrow(RangeError);
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
