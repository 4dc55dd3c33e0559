import {
  BILLING_MERCHANT_CODES,
  CONFIRM_DECLINE_CODES,
  MERCHANT_REFUSAL_CODES,
} from '../common/errors/toss-refusals';
import { tossErrorFrom } from '../toss/toss.errors';
import {
  chargeFailure,
  ChargeFailureKind,
  declineKind,
  HARD_DECLINE_CODES,
  LOOK_UP_CODES,
  SOFT_DECLINE_CODES,
} from './decline-rules';

const answered = (status: number, code: string) =>
  tossErrorFrom(status, { code, message: `Toss says ${code}` });

describe("a billing charge's failure, as Toss answered it", () => {
  it.each<[number, string, ChargeFailureKind]>([
    [400, 'INVALID_STOPPED_CARD', 'HARD'],
    [400, 'INVALID_CARD_LOST_OR_STOLEN', 'HARD'],
    [400, 'INVALID_CARD_EXPIRATION', 'HARD'],
    [400, 'INVALID_CARD_NUMBER', 'HARD'],
    [400, 'INVALID_REJECT_CARD', 'HARD'],
    [404, 'NOT_FOUND_BILLING', 'HARD'],
    [400, 'INVALID_BILL_KEY_REQUEST', 'HARD'],
    [400, 'INVALID_BILLING_AUTH', 'HARD'],
    [400, 'NOT_MATCHES_CUSTOMER_KEY', 'HARD'],
    [400, 'NOT_SUPPORTED_CARD_TYPE', 'HARD'],
    [403, 'REJECT_CARD_PAYMENT', 'SOFT'],
    [403, 'EXCEED_MAX_DAILY_PAYMENT_COUNT', 'SOFT'],
    [400, 'EXCEED_MAX_AMOUNT', 'SOFT'],
    [403, 'REJECT_CARD_COMPANY', 'SOFT'],
    [400, 'CARD_PROCESSING_ERROR', 'SOFT'],
    [400, 'NOT_AVAILABLE_PAYMENT', 'SOFT'],
    [401, 'UNAUTHORIZED_KEY', 'MERCHANT'],
    [400, 'INVALID_API_KEY', 'MERCHANT'],
    [403, 'FORBIDDEN_REQUEST', 'MERCHANT'],
    [400, 'BELOW_MINIMUM_AMOUNT', 'MERCHANT'],
    [400, 'NOT_SUPPORTED_METHOD', 'MERCHANT'],
    [400, 'INVALID_CUSTOMER_KEY', 'MERCHANT'],
    // Outcome unknown, as toss.errors.ts decides: never a decline.
    [400, 'PROVIDER_ERROR', 'UNKNOWN'],
    [500, 'FAILED_INTERNAL_SYSTEM_PROCESSING', 'UNKNOWN'],
    [500, 'FAILED_BILLING_AUTO_CANCEL', 'UNKNOWN'],
    [503, 'REJECT_CARD_PAYMENT', 'UNKNOWN'],
    [429, 'TOO_MANY_REQUESTS', 'UNKNOWN'],
    [409, 'IDEMPOTENT_REQUEST_PROCESSING', 'UNKNOWN'],
    // A refusal that may hide an approval: look the charge up.
    [400, 'DUPLICATED_ORDER_ID', 'UNKNOWN'],
  ])('%i %s → %s', (status, code, kind) => {
    expect(chargeFailure(answered(status, code))).toEqual({ kind, code, unlisted: false });
  });

  it.each([
    ['a timeout', undefined, { code: 'ECONNABORTED', message: 'timeout of 60000ms exceeded' }],
    ['a reset connection', undefined, { code: 'ECONNRESET', message: 'socket hang up' }],
  ])('%s → UNKNOWN', (_, status, transport) => {
    expect(chargeFailure(tossErrorFrom(status, undefined, transport))).toMatchObject({
      kind: 'UNKNOWN',
    });
  });

  it('an answer without a code → UNKNOWN', () => {
    expect(chargeFailure(tossErrorFrom(400, '<html>bad gateway</html>'))).toEqual({
      kind: 'UNKNOWN',
      code: 'BAD_RESPONSE',
      unlisted: false,
    });
  });

  it('an unlisted refusal → SOFT, marked unlisted', () => {
    expect(chargeFailure(answered(403, 'SOMETHING_TOSS_ADDED'))).toEqual({
      kind: 'SOFT',
      code: 'SOMETHING_TOSS_ADDED',
      unlisted: true,
    });
  });
});

describe('every listed code', () => {
  it.each<[string, readonly string[], ChargeFailureKind]>([
    ['hard', HARD_DECLINE_CODES, 'HARD'],
    ['soft', SOFT_DECLINE_CODES, 'SOFT'],
    ['shared merchant', MERCHANT_REFUSAL_CODES, 'MERCHANT'],
    ['billing merchant', BILLING_MERCHANT_CODES, 'MERCHANT'],
    ['look-up', LOOK_UP_CODES, 'UNKNOWN'],
  ])('of the %s list → %s', (_, codes, kind) => {
    expect(codes.map((code) => declineKind(code))).toEqual(
      codes.map((code) => ({ kind, code, unlisted: false })),
    );
  });

  it('is in one list only', () => {
    const all = [
      ...HARD_DECLINE_CODES,
      ...SOFT_DECLINE_CODES,
      ...MERCHANT_REFUSAL_CODES,
      ...BILLING_MERCHANT_CODES,
      ...LOOK_UP_CODES,
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it("leaves no confirm decline MERCHANT or UNKNOWN: a card's refusal is the customer's", () => {
    const kinds = new Set(CONFIRM_DECLINE_CODES.map((code) => declineKind(code).kind));
    expect([...kinds].sort()).toEqual(['HARD', 'SOFT']);
  });
});
