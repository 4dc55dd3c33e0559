/**
 * A product's VAT class (docs/toss.md, "Tax-free amounts"): TAXABLE (과세, 10% VAT included in the
 * price) or TAX_FREE (면세: fresh food, books, some services). Orders and refunds add up the
 * TAX_FREE lines into the tax-free amount Toss is told about.
 */
export const TAX_CLASSES = ['TAXABLE', 'TAX_FREE'] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];
export const DEFAULT_TAX_CLASS: TaxClass = 'TAXABLE';

/** The tax-free part of an amount of one class: all of it when TAX_FREE, else nothing. */
export function taxFreePartOf(amount: number, taxClass: TaxClass): number {
  return taxClass === 'TAX_FREE' ? amount : 0;
}
