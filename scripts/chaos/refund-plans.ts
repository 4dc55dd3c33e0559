/**
 * What the soak's back office asks to refund of one payment, all at once: pure, so the sums have a
 * table-driven spec. A plan either fits in what is left (every refund of it should be made) or
 * overlaps (together they ask for more than is left, so some are refused for a bound: the outcome
 * of refunds racing for the same money, tax-free part or order line). The bounds are the app's
 * (docs/api.md, "Refunds"): the balance, its tax-free part, its taxable part, each line's quantity.
 */

/** What is left on the payment, as GET /api/v1/payments/{paymentKey} answers it. */
export interface Left {
  balanceAmount: number;
  /** The tax-free part of the balance. */
  taxFreeAmount: number;
}

/** An order line as the order answers it. */
export interface OrderLine {
  position: number;
  unitPrice: number;
  quantity: number;
  taxClass: string;
}

/** One refund's body without its reason and refund account: by lines, by amount, or (neither) all that is left. */
export interface RefundAsk {
  cancelAmount?: number;
  taxFreeAmount?: number;
  lines?: { position: number; quantity: number }[];
}

export const REFUND_SCENARIOS = [
  'two partials at once',
  'two partials over the balance at once',
  'a partial and a full at once',
  'one partial sent twice with one key',
  'two full refunds at once',
  'two line refunds at once',
  'the same line twice at once',
  'a line refund and a full at once',
  'tax-free parts over what is left at once',
] as const;
export type RefundScenario = (typeof REFUND_SCENARIOS)[number];

export interface RefundPlan {
  scenario: RefundScenario;
  /** Sent at once, the first to one instance and the second to the other. */
  asks: [RefundAsk, RefundAsk];
  /** Both are one refund, sent twice with one Idempotency-Key. */
  sameKey: boolean;
  /** Together they ask for more than is left: a bound refusal is an expected answer. */
  overlaps: boolean;
}

/** Whole hundreds of won, at least 100: the amounts a back office types. */
const hundreds = (amount: number) => Math.max(100, Math.floor(amount / 100) * 100);

/**
 * `share` of the balance, its tax-free part the same share of the tax-free balance rounded down:
 * the tax-free and the taxable parts each stay within what is left of them.
 */
export function partialAsk(left: Left, share: number): RefundAsk {
  const cancelAmount = Math.min(left.balanceAmount, hundreds(left.balanceAmount * share));
  const taxFreeAmount = Math.floor((cancelAmount * left.taxFreeAmount) / left.balanceAmount);
  return taxFreeAmount > 0 ? { cancelAmount, taxFreeAmount } : { cancelAmount };
}

/** One value of a weighted table, drawn with `random` in [0, 1). */
export function weighted<T>(table: readonly [T, number][], random: () => number = Math.random): T {
  let roll = random() * table.reduce((a, [, w]) => a + w, 0);
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[0][0];
}

/** Which scenarios fit this payment, with their weights. */
function scenarios(left: Left, lines: readonly OrderLine[]): [RefundScenario, number][] {
  const table: [RefundScenario, number][] = [
    ['two partials at once', 30],
    ['two partials over the balance at once', 15],
    ['a partial and a full at once', 25],
    ['one partial sent twice with one key', 15],
    ['two full refunds at once', 15],
  ];
  if (lines.length >= 2) table.push(['two line refunds at once', 20]);
  if (lines.length >= 1)
    table.push(['the same line twice at once', 10], ['a line refund and a full at once', 10]);
  if (left.taxFreeAmount > 0) table.push(['tax-free parts over what is left at once', 25]);
  return table;
}

/**
 * A batch of refunds for a payment nothing was refunded of yet (`lines`: the order's; pass none once
 * anything was refunded, since what is left of each line is not known here). `random` in [0, 1).
 */
export function planRefunds(
  left: Left,
  lines: readonly OrderLine[],
  random: () => number = Math.random,
): RefundPlan {
  const scenario = weighted(scenarios(left, lines), random);
  const share = () => random() * 0.45 + 0.02;
  const line = (at: number) => lines[Math.floor(at * lines.length) % lines.length];
  const some = (l: OrderLine) => 1 + Math.floor(random() * l.quantity);
  let asks: [RefundAsk, RefundAsk];
  switch (scenario) {
    case 'two partials at once': {
      const same = random() < 0.3 ? 0.3 : undefined;
      asks = [partialAsk(left, same ?? share()), partialAsk(left, same ?? share())];
      break;
    }
    case 'two partials over the balance at once':
      asks = [partialAsk(left, 0.6), partialAsk(left, 0.6)];
      break;
    case 'a partial and a full at once':
      asks = [partialAsk(left, random() * 0.5 + 0.02), {}];
      break;
    case 'one partial sent twice with one key': {
      const once = partialAsk(left, random() * 0.5 + 0.02);
      asks = [once, once];
      break;
    }
    case 'two line refunds at once': {
      const first = Math.floor(random() * lines.length);
      const second = (first + 1 + Math.floor(random() * (lines.length - 1))) % lines.length;
      asks = [lines[first], lines[second]].map((l) => ({
        lines: [{ position: l.position, quantity: some(l) }],
      })) as [RefundAsk, RefundAsk];
      break;
    }
    case 'the same line twice at once': {
      const l = line(random());
      const all = { lines: [{ position: l.position, quantity: l.quantity }] };
      asks = [all, { lines: [{ position: l.position, quantity: some(l) }] }];
      break;
    }
    case 'a line refund and a full at once': {
      const l = line(random());
      asks = [{ lines: [{ position: l.position, quantity: some(l) }] }, {}];
      break;
    }
    case 'tax-free parts over what is left at once': {
      // Each asks for 60 % of the tax-free balance, all of it tax-free.
      const part = Math.min(left.balanceAmount, hundreds(left.taxFreeAmount * 0.6));
      asks = [
        { cancelAmount: part, taxFreeAmount: part },
        { cancelAmount: part, taxFreeAmount: part },
      ];
      break;
    }
    case 'two full refunds at once':
      asks = [{}, {}];
      break;
  }
  const sameKey = scenario === 'one partial sent twice with one key';
  return {
    scenario,
    asks,
    sameKey,
    overlaps: !fitsTogether(left, lines, sameKey ? [asks[0]] : asks),
  };
}

/**
 * Whether these refunds can all be made of what is left: their amounts within the balance, their
 * tax-free parts within the tax-free balance, the rest within the taxable balance, and no line
 * given back more often than it was sold. A refund of neither lines nor amount takes all that is left.
 */
export function fitsTogether(
  left: Left,
  lines: readonly OrderLine[],
  asks: readonly RefundAsk[],
): boolean {
  const byPosition = new Map(lines.map((l) => [l.position, l]));
  const quantities = new Map<number, number>();
  let amount = 0;
  let taxFree = 0;
  for (const ask of asks) {
    if (ask.lines) {
      for (const { position, quantity } of ask.lines) {
        const sold = byPosition.get(position);
        if (!sold) return false;
        quantities.set(position, (quantities.get(position) ?? 0) + quantity);
        amount += sold.unitPrice * quantity;
        if (sold.taxClass === 'TAX_FREE') taxFree += sold.unitPrice * quantity;
      }
    } else if (ask.cancelAmount !== undefined) {
      amount += ask.cancelAmount;
      taxFree += ask.taxFreeAmount ?? 0;
    } else {
      amount += left.balanceAmount;
      taxFree += left.taxFreeAmount;
    }
  }
  const linesFit = [...quantities].every(([p, q]) => q <= byPosition.get(p)!.quantity);
  return (
    linesFit &&
    amount <= left.balanceAmount &&
    taxFree <= left.taxFreeAmount &&
    amount - taxFree <= left.balanceAmount - left.taxFreeAmount
  );
}
