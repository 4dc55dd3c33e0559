/**
 * A product's VAT class (docs/toss.md, "Tax-free amounts"): TAXABLE (과세, 10% VAT included in the
 * price) or TAX_FREE (면세: fresh food, books, some services). Orders and refunds add up the
 * TAX_FREE lines into the tax-free amount Toss is told about.
 */
export const TAX_CLASSES = ['TAXABLE', 'TAX_FREE'] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];
export const DEFAULT_TAX_CLASS: TaxClass = 'TAXABLE';
