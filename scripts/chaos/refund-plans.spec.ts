import {
  fitsTogether,
  Left,
  OrderLine,
  partialAsk,
  planRefunds,
  REFUND_SCENARIOS,
  RefundAsk,
  RefundScenario,
} from './refund-plans';

const taxable = (position: number, unitPrice: number, quantity: number): OrderLine => ({
  position,
  unitPrice,
  quantity,
  taxClass: 'TAXABLE',
});
const book = (position: number, quantity: number): OrderLine => ({
  position,
  unitPrice: 3000,
  quantity,
  taxClass: 'TAX_FREE',
});

/** 상품2 ×1 and 도서 ×2: 16,000 KRW, 6,000 of it tax-free. */
const MIXED: [Left, OrderLine[]] = [
  { balanceAmount: 16000, taxFreeAmount: 6000 },
  [taxable(0, 10000, 1), book(1, 2)],
];
/** 도서 ×3 only. */
const TAX_FREE_ONLY: [Left, OrderLine[]] = [
  { balanceAmount: 9000, taxFreeAmount: 9000 },
  [book(0, 3)],
];
/** 상품1 ×3. */
const TAXABLE_ONLY: [Left, OrderLine[]] = [
  { balanceAmount: 15000, taxFreeAmount: 0 },
  [taxable(0, 5000, 3)],
];

describe('partialAsk', () => {
  const table: [string, Left, number, RefundAsk][] = [
    ['all taxable', { balanceAmount: 15000, taxFreeAmount: 0 }, 0.3, { cancelAmount: 4500 }],
    [
      'mixed: the same share of the tax-free part, rounded down',
      { balanceAmount: 16000, taxFreeAmount: 6000 },
      0.3,
      { cancelAmount: 4800, taxFreeAmount: 1800 },
    ],
    [
      'mixed, an uneven split',
      { balanceAmount: 14000, taxFreeAmount: 9000 },
      0.47,
      { cancelAmount: 6500, taxFreeAmount: 4178 },
    ],
    [
      'all tax-free',
      { balanceAmount: 9000, taxFreeAmount: 9000 },
      0.6,
      { cancelAmount: 5400, taxFreeAmount: 5400 },
    ],
    ['at least 100 KRW', { balanceAmount: 3000, taxFreeAmount: 0 }, 0.02, { cancelAmount: 100 }],
  ];

  it.each(table)('%s', (_name, left, share, ask) => {
    expect(partialAsk(left, share)).toEqual(ask);
  });
});

describe('fitsTogether', () => {
  const [left, lines] = MIXED;
  const table: [string, RefundAsk[], boolean][] = [
    ['nothing', [], true],
    ['everything left', [{}], true],
    ['everything left, twice', [{}, {}], false],
    ['two partials within every part', [partialAsk(left, 0.47), partialAsk(left, 0.47)], true],
    ['two partials over the balance', [partialAsk(left, 0.6), partialAsk(left, 0.6)], false],
    ['all taxable, more than the taxable part', [{ cancelAmount: 11000 }], false],
    ['the whole taxable part', [{ cancelAmount: 10000 }], true],
    [
      'a tax-free part over the tax-free balance',
      [{ cancelAmount: 7000, taxFreeAmount: 7000 }],
      false,
    ],
    [
      'two tax-free parts over the tax-free balance',
      [
        { cancelAmount: 3600, taxFreeAmount: 3600 },
        { cancelAmount: 3600, taxFreeAmount: 3600 },
      ],
      false,
    ],
    [
      'two different lines',
      [{ lines: [{ position: 0, quantity: 1 }] }, { lines: [{ position: 1, quantity: 2 }] }],
      true,
    ],
    [
      'one line more often than sold',
      [{ lines: [{ position: 1, quantity: 2 }] }, { lines: [{ position: 1, quantity: 1 }] }],
      false,
    ],
    ['a line not on the order', [{ lines: [{ position: 7, quantity: 1 }] }], false],
    [
      'a line and the tax-free part of an amount',
      [{ lines: [{ position: 1, quantity: 1 }] }, { cancelAmount: 3000, taxFreeAmount: 3000 }],
      true,
    ],
    [
      'a line and more tax-free money than is left beside it',
      [{ lines: [{ position: 1, quantity: 2 }] }, { cancelAmount: 100, taxFreeAmount: 100 }],
      false,
    ],
  ];

  it.each(table)('%s: %s', (_name, asks, fits) => {
    expect(fitsTogether(left, lines, asks)).toBe(fits);
  });
});

/** A fixed sequence of "random" numbers, repeated. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('planRefunds', () => {
  const orders: [string, [Left, OrderLine[]]][] = [
    ['mixed', MIXED],
    ['tax-free only', TAX_FREE_ONLY],
    ['taxable only', TAXABLE_ONLY],
  ];
  /** Plans that must fit whatever the numbers drawn; the others must overlap. */
  const FITTING = new Set<RefundScenario>([
    'two partials at once',
    'one partial sent twice with one key',
    'two line refunds at once',
  ]);

  it.each(orders)('%s: every scenario fits or overlaps as it says', (_name, [left, lines]) => {
    const seen = new Set<RefundScenario>();
    for (let first = 0; first < 1; first += 0.01) {
      for (const rest of [0, 0.17, 0.5, 0.83, 0.999]) {
        const plan = planRefunds(left, lines, sequence(first, rest, 0.999 - rest, rest / 2));
        seen.add(plan.scenario);
        expect(plan.overlaps).toBe(!FITTING.has(plan.scenario));
        for (const ask of plan.asks) {
          if (ask.cancelAmount !== undefined) {
            expect(Number.isInteger(ask.cancelAmount)).toBe(true);
            expect(ask.taxFreeAmount ?? 0).toBeLessThanOrEqual(ask.cancelAmount);
          }
        }
        if (plan.sameKey) expect(plan.asks[1]).toBe(plan.asks[0]);
      }
    }
    const expected = REFUND_SCENARIOS.filter(
      (s) =>
        (s !== 'tax-free parts over what is left at once' || left.taxFreeAmount > 0) &&
        (s !== 'two line refunds at once' || lines.length >= 2),
    );
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('asks for no lines once none are given (something was refunded before)', () => {
    for (let first = 0; first < 1; first += 0.01) {
      const plan = planRefunds(MIXED[0], [], sequence(first, 0.5));
      expect(plan.asks.every((ask) => ask.lines === undefined)).toBe(true);
    }
  });
});
