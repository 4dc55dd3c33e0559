/**
 * A cash receipt's identity number (phone, 현금영수증 card or business registration number) as it
 * may be shown: every digit but the last four replaced by '*'. Answers and stored copies of Toss's
 * objects carry only this form; the number itself is kept sealed (docs/architecture.md, "Secrets").
 */
export function maskIdentityNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** Toss's CashReceipt fields that hold the identity number (the older name too). */
const IDENTITY_FIELDS = ['customerIdentityNumber', 'registrationNumber'] as const;

/** A copy of a CashReceipt-like object with its identity number masked. */
export function maskReceiptIdentity<T extends Record<string, unknown>>(receipt: T): T {
  const copy: Record<string, unknown> = { ...receipt };
  for (const field of IDENTITY_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = maskIdentityNumber(value);
  }
  return copy as T;
}
