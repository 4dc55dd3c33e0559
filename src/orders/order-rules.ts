import { TAX_CLASSES, TaxClass, taxFreePartOf } from '../products/tax-class';

export interface PricedLine {
  name: string;
  unitPrice: number;
  quantity: number;
}

export const ORDER_NAME_MAX = 100;

/** The server's amount: the sum of unit price × quantity over the lines. Never the client's. */
export function lineAmount(line: Pick<PricedLine, 'unitPrice' | 'quantity'>): number {
  if (
    !Number.isSafeInteger(line.unitPrice) ||
    !Number.isSafeInteger(line.quantity) ||
    line.unitPrice < 1 ||
    line.quantity < 1
  ) {
    throw new RangeError('unit price and quantity must be positive whole numbers');
  }
  return line.unitPrice * line.quantity;
}

export function orderAmount(lines: PricedLine[]): number {
  return lines.reduce((sum, line) => sum + lineAmount(line), 0);
}

/** A line with its tax class (the product's, copied when the order is placed). */
export interface TaxedLine extends Pick<PricedLine, 'unitPrice' | 'quantity'> {
  taxClass: TaxClass;
}

/** The tax-free (면세) part of a line: all of its amount when TAX_FREE, else nothing. */
export function lineTaxFreeAmount(line: TaxedLine): number {
  // A class we do not know is not guessed to be taxable: it is a bug to stop at.
  if (!TAX_CLASSES.includes(line.taxClass)) throw new RangeError('unknown tax class');
  return taxFreePartOf(lineAmount(line), line.taxClass);
}

/**
 * The server's tax-free amount of an order (docs/toss.md, "Tax-free amounts"): the sum of its
 * TAX_FREE lines. Toss is told it in the payment window's request; the client never sends it.
 */
export function taxFreeAmount(lines: TaxedLine[]): number {
  return lines.reduce((sum, line) => sum + lineTaxFreeAmount(line), 0);
}

/** Toss's orderName: the first item's name plus " 외 N건" for N further lines, at most 100 chars. */
export function orderName(lines: Pick<PricedLine, 'name'>[]): string {
  if (lines.length === 0) throw new RangeError('an order needs at least one line');
  const suffix = lines.length > 1 ? ` 외 ${lines.length - 1}건` : '';
  const first = [...lines[0].name];
  const room = ORDER_NAME_MAX - [...suffix].length;
  const head = first.length > room ? first.slice(0, room - 1).join('') + '…' : first.join('');
  return head + suffix;
}
