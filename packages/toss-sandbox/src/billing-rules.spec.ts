import {
  AUTH_KEY_LIFETIME_MS,
  maskCardNumber,
  parseBillingAuthorize,
  parseBillingCharge,
  parseCardNumber,
  parseIssueBillingKey,
  refuseCharge,
  refuseIssue,
  toTossBilling,
} from './billing-rules';
import { SandboxBilling } from './sandbox-billing.entity';
import { TossApiError } from './toss-errors';
import { newAuthKey, newBillingKey } from './toss-format';

function thrown(run: () => unknown): { status: number; code: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TossApiError) return { status: error.status, code: error.code };
    throw error;
  }
  return undefined;
}

const CUSTOMER = 'customer_01';
const AUTHENTICATED = new Date('2024-05-01T10:00:00Z');

function billing(extra: Partial<SandboxBilling> = {}): SandboxBilling {
  return Object.assign(new SandboxBilling(), {
    authKey: 'auth',
    customerKey: CUSTOMER,
    card: {
      issuerCode: '61',
      acquirerCode: '61',
      number: '43301234****123*',
      cardType: '신용',
      ownerType: '개인',
    },
    authenticatedAt: AUTHENTICATED,
    authExpiresAt: new Date(AUTHENTICATED.getTime() + AUTH_KEY_LIFETIME_MS),
    billingKey: null,
    issuedAt: null,
    deletedAt: null,
    deleteReason: null,
    ...extra,
  });
}

describe('billing keys and authKeys', () => {
  it('are base64url, 44 characters with a trailing = (Toss allows 200), unguessable', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newBillingKey()));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    const authKey = newAuthKey();
    expect(authKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authKey.length).toBeLessThanOrEqual(300);
  });
});

describe('the card registered in the window', () => {
  it.each([
    [undefined, '4330123412341234'],
    ['4330 1234 1234 5678', '4330123412345678'],
    ['4330-1234-1234-5678', '4330123412345678'],
    ['378282246310005', '378282246310005'],
  ])('takes %j as %s', (input, digits) => {
    expect(parseCardNumber(input)).toBe(digits);
  });

  it.each([['1234'], ['4330a23412345678'], ['43301234123456789'], [4330123412341234]])(
    'refuses %j: 400 INVALID_CARD_NUMBER',
    (input) => {
      expect(thrown(() => parseCardNumber(input))).toEqual({
        status: 400,
        code: 'INVALID_CARD_NUMBER',
      });
    },
  );

  it.each([
    ['4330123412345678', '43301234****567*'],
    ['378282246310005', '37828224****00*'],
  ])('masks %s as %s (at most 20 characters)', (digits, masked) => {
    expect(maskCardNumber(digits)).toBe(masked);
  });

  it('defaults to a personal credit card of issuer 61; REGISTER and SUCCESS register it', () => {
    for (const outcome of [undefined, 'REGISTER', 'SUCCESS'])
      expect(parseBillingAuthorize({ customerKey: CUSTOMER, outcome })).toEqual({
        customerKey: CUSTOMER,
        card: {
          issuerCode: '61',
          acquirerCode: '61',
          number: '43301234****123*',
          cardType: '신용',
          ownerType: '개인',
        },
        declineCode: null,
      });
    expect(
      parseBillingAuthorize({
        customerKey: CUSTOMER,
        cardIssuerCode: '41',
        cardType: '체크',
        ownerType: '법인',
        outcome: 'INVALID_STOPPED_CARD',
      }),
    ).toMatchObject({
      card: { issuerCode: '41', acquirerCode: '41', cardType: '체크', ownerType: '법인' },
      declineCode: 'INVALID_STOPPED_CARD',
    });
  });

  it.each([
    [{}, 'INVALID_CUSTOMER_KEY'],
    [{ customerKey: 'a' }, 'INVALID_CUSTOMER_KEY'],
    [{ customerKey: 'a'.repeat(51) }, 'INVALID_CUSTOMER_KEY'],
    [{ customerKey: 'user 1' }, 'INVALID_CUSTOMER_KEY'],
    [{ customerKey: CUSTOMER, cardIssuerCode: 'ZZ' }, 'INVALID_REQUEST'],
    [{ customerKey: CUSTOMER, cardType: '직불' }, 'INVALID_REQUEST'],
    [{ customerKey: CUSTOMER, ownerType: 'PERSONAL' }, 'INVALID_REQUEST'],
    [{ customerKey: CUSTOMER, outcome: 'declined' }, 'INVALID_REQUEST'],
    [{ customerKey: CUSTOMER, cardNumber: '12' }, 'INVALID_CARD_NUMBER'],
  ])('refuses %j with %s', (body, code) => {
    expect(thrown(() => parseBillingAuthorize(body))?.code).toBe(code);
  });
});

describe('issuing a key from an authKey', () => {
  const input = { authKey: 'auth', customerKey: CUSTOMER };
  const at = (ms: number) => new Date(AUTHENTICATED.getTime() + ms);

  it.each([
    ['an unknown authKey', null, input, 0, 'NOT_FOUND_BILLING', 404],
    [
      'another customer',
      billing(),
      { ...input, customerKey: 'customer_02' },
      0,
      'NOT_MATCHES_CUSTOMER_KEY',
      400,
    ],
    ['a used authKey', billing({ billingKey: 'k=' }), input, 0, 'INVALID_BILLING_AUTH', 400],
    [
      'an authKey past 10 minutes',
      billing(),
      input,
      AUTH_KEY_LIFETIME_MS + 1,
      'INVALID_BILLING_AUTH',
      400,
    ],
  ] as const)('refuses %s', (_what, found, given, elapsed, code, status) => {
    expect(refuseIssue(found, given, at(elapsed))).toMatchObject({ code, status });
  });

  it('issues within 10 minutes on the sandbox clock, the last millisecond included', () => {
    expect(refuseIssue(billing(), input, at(0))).toBeNull();
    expect(refuseIssue(billing(), input, at(AUTH_KEY_LIFETIME_MS))).toBeNull();
  });

  it.each([
    [{}, 'INVALID_REQUEST'],
    [{ authKey: 'a' }, 'INVALID_REQUEST'],
    [{ authKey: 'a'.repeat(301), customerKey: CUSTOMER }, 'INVALID_REQUEST'],
    [{ authKey: 'a', customerKey: 7 }, 'INVALID_REQUEST'],
  ])('reads the body %j: %s', (body, code) => {
    expect(thrown(() => parseIssueBillingKey(body))?.code).toBe(code);
  });

  it('answers the Billing object: the key, its customer and card, authenticatedAt in Seoul time', () => {
    expect(toTossBilling(billing({ billingKey: 'key=', issuedAt: AUTHENTICATED }))).toEqual({
      mId: 'tvivarepublica',
      customerKey: CUSTOMER,
      authenticatedAt: '2024-05-01T19:00:00+09:00',
      method: '카드',
      billingKey: 'key=',
      card: billing().card,
    });
  });
});

describe('charging a key', () => {
  const valid = {
    customerKey: CUSTOMER,
    amount: 9900,
    orderId: 'sub_2024_05',
    orderName: '베이직 5월',
  };

  it('reads a charge, with taxFreeAmount 0 by default', () => {
    expect(parseBillingCharge({ ...valid, customerEmail: 'a@b.kr', extra: 'ignored' })).toEqual({
      ...valid,
      customerEmail: 'a@b.kr',
      customerName: undefined,
      taxFreeAmount: 0,
    });
  });

  it.each([
    [{ ...valid, customerKey: undefined }, 'INVALID_REQUEST'],
    [{ ...valid, amount: 0 }, 'INVALID_REQUEST'],
    [{ ...valid, amount: 99.5 }, 'INVALID_REQUEST'],
    [{ ...valid, amount: '9900' }, 'INVALID_REQUEST'],
    [{ ...valid, orderId: 'short' }, 'INVALID_REQUEST'],
    [{ ...valid, orderName: '' }, 'INVALID_REQUEST'],
    [{ ...valid, orderName: 'x'.repeat(101) }, 'INVALID_REQUEST'],
    [{ ...valid, customerEmail: 'e'.repeat(101) }, 'INVALID_REQUEST'],
    [{ ...valid, taxFreeAmount: 10_000 }, 'INVALID_REQUEST'],
    [{ ...valid, amount: 99 }, 'BELOW_MINIMUM_AMOUNT'],
  ])('refuses %j with %s', (body, code) => {
    expect(thrown(() => parseBillingCharge(body))?.code).toBe(code);
  });

  it.each([
    ['an unknown key', null, CUSTOMER, 'INVALID_BILL_KEY_REQUEST'],
    [
      'a deleted key',
      billing({ billingKey: 'k=', deletedAt: AUTHENTICATED }),
      CUSTOMER,
      'INVALID_BILL_KEY_REQUEST',
    ],
    ['another customer', billing({ billingKey: 'k=' }), 'customer_02', 'NOT_MATCHES_CUSTOMER_KEY'],
  ] as const)('refuses %s (400)', (_what, found, customerKey, code) => {
    expect(refuseCharge(found, { customerKey })).toMatchObject({ status: 400, code });
  });

  it('charges an active key for its own customer', () => {
    expect(refuseCharge(billing({ billingKey: 'k=' }), { customerKey: CUSTOMER })).toBeNull();
  });
});
