import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { PUBLIC_DIR } from './public-files';

/**
 * public/sdk.js (the stand-in for Toss's SDK v2) run against a minimal page: which requests it
 * refuses, with Toss's SDK error codes, and what it hands the window. The browser tests
 * (test/browser/) drive it for real through Toss's npm loader.
 */
const SDK_SOURCE = readFileSync(join(PUBLIC_DIR, 'sdk.js'), 'utf8');
const SANDBOX = 'http://sandbox.test';
const SHOP = 'http://shop.test';

interface FakeElement {
  style: Record<string, string>;
  children: FakeElement[];
  parentNode: FakeElement | null;
  contentWindow?: object;
  src?: string;
  setAttribute(name: string, value: string): void;
  appendChild(child: FakeElement): void;
  removeChild(child: FakeElement): void;
}

function element(): FakeElement {
  const el: FakeElement = {
    style: {},
    children: [],
    parentNode: null,
    setAttribute: () => undefined,
    appendChild(child) {
      child.parentNode = el;
      el.children.push(child);
    },
    removeChild(child) {
      el.children = el.children.filter((c) => c !== child);
      child.parentNode = null;
    },
  };
  return el;
}

type Listener = (event: { source: unknown; origin: string; data: unknown }) => void;
type Sdk = ((clientKey: string) => {
  payment(options: unknown): {
    requestPayment(params: unknown): Promise<unknown>;
    requestBillingAuth(params: unknown): Promise<unknown>;
  };
}) & { ANONYMOUS: string };

function loadSdk() {
  const assigned: string[] = [];
  const listeners: Listener[] = [];
  const body = element();
  const page: Record<string, unknown> = {
    URL,
    document: {
      currentScript: { src: `${SANDBOX}/sandbox/sdk.js` },
      body,
      createElement: () => {
        const el = element();
        el.contentWindow = {};
        return el;
      },
    },
    location: {
      href: `${SHOP}/cart`,
      origin: SHOP,
      assign: (url: string) => assigned.push(url),
    },
    addEventListener: (_type: string, listener: Listener) => listeners.push(listener),
    removeEventListener: (_type: string, listener: Listener) =>
      listeners.splice(listeners.indexOf(listener), 1),
  };
  page.window = page;
  runInNewContext(SDK_SOURCE, page);
  const frame = () => body.children[0]?.children[0];
  /** What the window posts from its iframe (origin: the sandbox's). */
  const post = (data: unknown, origin = SANDBOX, source: unknown = frame()?.contentWindow) => {
    for (const listener of [...listeners]) listener({ source, origin, data });
  };
  return { TossPayments: page.TossPayments as Sdk, assigned, body, frame, post };
}

const CUSTOMER_KEY = 'c9a1f0e2-7d3b-4a6e-9f00-1234567890ab';

function card(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'CARD',
    amount: { currency: 'KRW', value: 5000 },
    orderId: 'order-123456',
    orderName: '상품1',
    successUrl: `${SHOP}/success`,
    failUrl: `${SHOP}/fail`,
    ...extra,
  };
}

function payment(customerKey: string = CUSTOMER_KEY) {
  return loadSdk().TossPayments('test_ck_sandbox').payment({ customerKey });
}

describe('the stand-in SDK (public/sdk.js)', () => {
  describe('customerKey and clientKey, as Toss documents them', () => {
    it('takes 2 to 50 characters of letters, digits and - _ = . @, or ANONYMOUS', () => {
      const { TossPayments } = loadSdk();
      const sdk = TossPayments('test_ck_sandbox');
      for (const key of ['ab', 'a'.repeat(50), 'user-1_x=y.z@shop', TossPayments.ANONYMOUS])
        expect(() => sdk.payment({ customerKey: key })).not.toThrow();
    });

    it.each([
      ['51 characters', 'a'.repeat(51)],
      ['1 character', 'a'],
      ['a space', 'user 1'],
      ['a slash', 'user/1'],
    ])('refuses a customerKey with %s: INVALID_CUSTOMER_KEY', (_what, key) => {
      expect(() => payment(key)).toThrow(
        expect.objectContaining({
          code: 'INVALID_CUSTOMER_KEY',
          message:
            '고객키는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 50자 이하여야 합니다.',
        }),
      );
    });

    it('refuses a secret key as customerKey: INSECURE_KEY_USAGE', () => {
      expect(() => payment('test_gsk_abcdef')).toThrow(
        expect.objectContaining({ code: 'INSECURE_KEY_USAGE' }),
      );
    });

    it.each([
      ['test_sk_abc', 'INVALID_CLIENT_KEY'],
      ['test_gck_abc', 'NOT_SUPPORTED_WIDGET_KEY'],
      ['live_ck_abc', 'INVALID_CLIENT_KEY'],
    ])('refuses the client key %s at payment(): %s', (clientKey, code) => {
      const { TossPayments } = loadSdk();
      expect(() => TossPayments(clientKey).payment({ customerKey: CUSTOMER_KEY })).toThrow(
        expect.objectContaining({ code }),
      );
    });
  });

  describe('requestPayment refusals', () => {
    const refusals: {
      what: string;
      extra: Record<string, unknown>;
      code: string;
      field?: string;
    }[] = [
      {
        what: 'an unknown method',
        extra: { method: 'BITCOIN' },
        code: 'NOT_SUPPORTED_METHOD',
        field: 'method',
      },
      {
        what: 'a fractional amount',
        extra: { amount: { currency: 'KRW', value: 10.5 } },
        code: 'INVALID_AMOUNT_VALUE',
      },
      {
        what: 'a zero amount',
        extra: { amount: { currency: 'KRW', value: 0 } },
        code: 'BELOW_ZERO_AMOUNT',
      },
      {
        what: 'USD for a card',
        extra: { amount: { currency: 'USD', value: 5 } },
        code: 'INVALID_AMOUNT_CURRENCY',
      },
      {
        what: 'an orderId of 5 characters',
        extra: { orderId: 'ab-12' },
        code: 'INVALID_PARAMETERS',
        field: 'orderId',
      },
      {
        what: 'an orderName of 101 characters',
        extra: { orderName: 'x'.repeat(101) },
        code: 'INVALID_PARAMETERS',
        field: 'orderName',
      },
      {
        what: 'taxFreeAmount over the amount',
        extra: { taxFreeAmount: 5001 },
        code: 'INVALID_PARAMETERS',
        field: 'taxFreeAmount',
      },
      {
        what: 'a negative taxFreeAmount',
        extra: { taxFreeAmount: -1 },
        code: 'INVALID_PARAMETERS',
        field: 'taxFreeAmount',
      },
      {
        what: 'windowTarget popup',
        extra: { windowTarget: 'popup' },
        code: 'INVALID_PARAMETERS',
        field: 'windowTarget',
      },
      {
        what: '6 metadata pairs',
        extra: { metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } },
        code: 'INVALID_METADATA',
      },
      {
        what: 'a metadata key with [',
        extra: { metadata: { 'a[0]': '1' } },
        code: 'INVALID_METADATA',
      },
      {
        what: 'a metadata key of 41 characters',
        extra: { metadata: { ['k'.repeat(41)]: '1' } },
        code: 'INVALID_METADATA',
      },
      {
        what: 'a metadata value of 2001 characters',
        extra: { metadata: { k: 'v'.repeat(2001) } },
        code: 'INVALID_METADATA',
      },
      {
        what: 'a number as metadata value',
        extra: { metadata: { k: 1 } },
        code: 'INVALID_METADATA',
      },
      {
        what: 'successUrl without failUrl',
        extra: { failUrl: undefined },
        code: 'INCORRECT_FAIL_URL_FORMAT',
      },
      {
        what: 'a javascript: successUrl',
        extra: { successUrl: 'javascript:alert(1)' },
        code: 'INCORRECT_SUCCESS_URL_FORMAT',
      },
      {
        what: 'Promise mode in the page itself (windowTarget self)',
        extra: { successUrl: undefined, failUrl: undefined, windowTarget: 'self' },
        code: 'NOT_SUPPORTED_PROMISE',
      },
    ];
    it.each(refusals)('$what: $code', async ({ extra, code, field }) => {
      await expect(payment().requestPayment(card(extra))).rejects.toMatchObject({
        code,
        message: expect.stringMatching(/\S/),
        ...(field ? { field } : {}),
      });
    });

    it.each([
      [{ validHours: 2161 }, 'virtualAccount.validHours'],
      [{ validHours: 0 }, 'virtualAccount.validHours'],
      [{ validHours: 1.5 }, 'virtualAccount.validHours'],
      [{ dueDate: '2030-01-01' }, 'virtualAccount.dueDate'],
      [{ dueDate: '2030-01-01T00:00:00+09:00' }, 'virtualAccount.dueDate'],
      [{ cashReceipt: { type: '현금' } }, 'virtualAccount.cashReceipt.type'],
      [{ cashReceipt: {} }, 'virtualAccount.cashReceipt.type'],
      [{ cashReceipt: '소득공제' }, 'virtualAccount.cashReceipt'],
    ])('a virtual account with %j: INVALID_PARAMETERS (%s)', async (virtualAccount, field) => {
      await expect(
        payment().requestPayment(card({ method: 'VIRTUAL_ACCOUNT', virtualAccount })),
      ).rejects.toMatchObject({ code: 'INVALID_PARAMETERS', field });
    });

    it('a transfer with an unknown cash receipt type: INVALID_PARAMETERS (transfer.cashReceipt.type)', async () => {
      await expect(
        payment().requestPayment(
          card({ method: 'TRANSFER', transfer: { cashReceipt: { type: 'NONE' } } }),
        ),
      ).rejects.toMatchObject({ code: 'INVALID_PARAMETERS', field: 'transfer.cashReceipt.type' });
    });
  });

  describe('redirect mode in the page (windowTarget self, the default with URLs)', () => {
    it('sends the tab to the sandbox window next to the script, with every option', async () => {
      const { TossPayments, assigned, body } = loadSdk();
      const settled = jest.fn();
      void TossPayments('test_ck_sandbox')
        .payment({ customerKey: CUSTOMER_KEY })
        .requestPayment(
          card({
            method: 'VIRTUAL_ACCOUNT',
            taxFreeAmount: 1000,
            metadata: { campaign: 'spring' },
            customerName: '김토스',
            virtualAccount: { validHours: 24, dueDate: '2030-01-01T00:00:00' },
          }),
        )
        .then(settled, settled);
      expect(assigned).toHaveLength(1);
      const url = new URL(assigned[0]);
      expect(url.origin + url.pathname).toBe(`${SANDBOX}/sandbox/checkout`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        clientKey: 'test_ck_sandbox',
        customerKey: CUSTOMER_KEY,
        method: 'VIRTUAL_ACCOUNT',
        amount: '5000',
        currency: 'KRW',
        orderId: 'order-123456',
        orderName: '상품1',
        successUrl: `${SHOP}/success`,
        failUrl: `${SHOP}/fail`,
        customerName: '김토스',
        taxFreeAmount: '1000',
        metadata: '{"campaign":"spring"}',
        virtualAccount: '{"validHours":24,"dueDate":"2030-01-01T00:00:00"}',
      });
      expect(body.children).toHaveLength(0);
      await Promise.resolve();
      expect(settled).not.toHaveBeenCalled();
    });

    it.each(['소득공제', '지출증빙', '미발행'])(
      "hands a transfer's cash receipt type (%s) to the window, which asks for the number",
      (type) => {
        const { TossPayments, assigned } = loadSdk();
        void TossPayments('test_ck_sandbox')
          .payment({ customerKey: CUSTOMER_KEY })
          .requestPayment(card({ method: 'TRANSFER', transfer: { cashReceipt: { type } } }))
          .catch(() => undefined);
        expect(JSON.parse(new URL(assigned[0]).searchParams.get('transfer')!)).toEqual({
          cashReceipt: { type },
        });
      },
    );
  });

  describe('windowTarget iframe', () => {
    function promiseModeRequest() {
      const sdk = loadSdk();
      const pay = sdk.TossPayments('test_ck_sandbox').payment({ customerKey: CUSTOMER_KEY });
      const result = pay.requestPayment(card({ successUrl: undefined, failUrl: undefined }));
      return { ...sdk, pay, result };
    }

    it('Promise mode opens the window in an iframe and resolves with what it approved', async () => {
      const { frame, post, result, body, assigned } = promiseModeRequest();
      const src = new URL(frame()?.src ?? '');
      expect(src.searchParams.get('windowTarget')).toBe('iframe');
      expect(src.searchParams.get('parentOrigin')).toBe(SHOP);
      expect(src.searchParams.has('successUrl')).toBe(false);

      // Messages from elsewhere are ignored.
      post({ source: 'toss-sandbox-window', result: 'success', params: {} }, 'http://evil.test');
      post({ source: 'toss-sandbox-window', result: 'success', params: {} }, SANDBOX, {});
      expect(body.children).toHaveLength(1);

      post({
        source: 'toss-sandbox-window',
        result: 'success',
        params: {
          paymentType: 'NORMAL',
          orderId: 'order-123456',
          paymentKey: 'tgen_1',
          amount: '5000',
        },
      });
      await expect(result).resolves.toEqual({
        paymentType: 'NORMAL',
        paymentKey: 'tgen_1',
        orderId: 'order-123456',
        amount: { currency: 'KRW', value: 5000 },
      });
      expect(body.children).toHaveLength(0);
      expect(assigned).toEqual([]);
    });

    it('takes one request at a time: INVALID_METHOD_TRANSACTION', async () => {
      const { pay, post, result } = promiseModeRequest();
      await expect(
        pay.requestPayment(card({ successUrl: undefined, failUrl: undefined })),
      ).rejects.toMatchObject({ code: 'INVALID_METHOD_TRANSACTION' });
      post({ source: 'toss-sandbox-window', result: 'close', params: {} });
      await expect(result).rejects.toMatchObject({
        code: 'USER_CANCEL',
        message: '취소되었습니다.',
      });
    });

    it('a decline rejects with Toss’s code and message', async () => {
      const { post, result } = promiseModeRequest();
      post({
        source: 'toss-sandbox-window',
        result: 'fail',
        params: { code: 'INVALID_CARD_EXPIRATION', message: '유효기간', orderId: 'order-123456' },
      });
      await expect(result).rejects.toMatchObject({
        code: 'INVALID_CARD_EXPIRATION',
        message: '유효기간',
      });
    });

    it('redirect mode sends this page to successUrl or failUrl with the window’s parameters', () => {
      const { TossPayments, assigned, post, frame } = loadSdk();
      void TossPayments('test_ck_sandbox')
        .payment({ customerKey: CUSTOMER_KEY })
        .requestPayment(card({ windowTarget: 'iframe' }));
      expect(new URL(frame()?.src ?? '').searchParams.has('failUrl')).toBe(false);
      post({
        source: 'toss-sandbox-window',
        result: 'close',
        params: { code: 'PAY_PROCESS_CANCELED', message: '사용자에 의해 결제가 취소되었습니다.' },
      });
      expect(assigned).toHaveLength(1);
      const fail = new URL(assigned[0]);
      expect(fail.origin + fail.pathname).toBe(`${SHOP}/fail`);
      expect(fail.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
      expect(fail.searchParams.has('orderId')).toBe(false);
    });
  });

  describe('requestBillingAuth (자동결제 카드 등록)', () => {
    function billingAuth(extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        method: 'CARD',
        successUrl: `${SHOP}/billing/success?plan=basic`,
        failUrl: `${SHOP}/billing/fail`,
        ...extra,
      };
    }

    it.each([
      ['no successUrl', 'INCORRECT_SUCCESS_URL_FORMAT', { successUrl: undefined }],
      ['no failUrl', 'INCORRECT_FAIL_URL_FORMAT', { failUrl: undefined }],
      [
        'neither URL (no Promise mode)',
        'INCORRECT_SUCCESS_URL_FORMAT',
        { successUrl: undefined, failUrl: undefined },
      ],
      ['a javascript: failUrl', 'INCORRECT_FAIL_URL_FORMAT', { failUrl: 'javascript:alert(1)' }],
      ['method VIRTUAL_ACCOUNT', 'NOT_SUPPORTED_METHOD', { method: 'VIRTUAL_ACCOUNT' }],
      ['no method', 'NOT_SUPPORTED_METHOD', { method: undefined }],
      ['a customerName of 101 characters', 'INVALID_PARAMETERS', { customerName: 'x'.repeat(101) }],
      ['a number as customerEmail', 'INVALID_PARAMETERS', { customerEmail: 1 }],
      ['windowTarget popup', 'INVALID_PARAMETERS', { windowTarget: 'popup' }],
    ])('refuses %s: %s', async (_what, code, extra) => {
      await expect(payment().requestBillingAuth(billingAuth(extra))).rejects.toMatchObject({
        code,
        message: expect.stringMatching(/\S/),
      });
    });

    it('refuses ANONYMOUS: a billing key is bound to a customer (INVALID_CUSTOMER_KEY)', async () => {
      const { TossPayments } = loadSdk();
      await expect(
        TossPayments('test_ck_sandbox')
          .payment({ customerKey: TossPayments.ANONYMOUS })
          .requestBillingAuth(billingAuth()),
      ).rejects.toMatchObject({ code: 'INVALID_CUSTOMER_KEY' });
    });

    it('with windowTarget self sends the tab to the billing-auth window with the request', async () => {
      const { TossPayments, assigned, body } = loadSdk();
      const settled = jest.fn();
      void TossPayments('test_ck_sandbox')
        .payment({ customerKey: CUSTOMER_KEY })
        .requestBillingAuth(
          billingAuth({
            method: 'TRANSFER',
            windowTarget: 'self',
            customerName: '김토스',
            customerEmail: 'a@b.kr',
          }),
        )
        .then(settled, settled);
      expect(assigned).toHaveLength(1);
      const url = new URL(assigned[0]);
      expect(url.origin + url.pathname).toBe(`${SANDBOX}/sandbox/checkout/billing`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        clientKey: 'test_ck_sandbox',
        customerKey: CUSTOMER_KEY,
        method: 'TRANSFER',
        successUrl: `${SHOP}/billing/success?plan=basic`,
        failUrl: `${SHOP}/billing/fail`,
        customerName: '김토스',
        customerEmail: 'a@b.kr',
      });
      expect(body.children).toHaveLength(0);
      await Promise.resolve();
      expect(settled).not.toHaveBeenCalled();
    });

    it('opens in an iframe by default and sends the page on, appending to successUrl’s query', () => {
      const { TossPayments, assigned, post, frame } = loadSdk();
      const pay = TossPayments('test_ck_sandbox').payment({ customerKey: CUSTOMER_KEY });
      void pay.requestBillingAuth(billingAuth());
      const src = new URL(frame()?.src ?? '');
      expect(src.pathname).toBe('/sandbox/checkout/billing');
      expect(src.searchParams.get('windowTarget')).toBe('iframe');
      expect(src.searchParams.get('parentOrigin')).toBe(SHOP);
      expect(src.searchParams.has('successUrl')).toBe(false);
      post({
        source: 'toss-sandbox-window',
        result: 'success',
        params: { customerKey: CUSTOMER_KEY, authKey: 'auth_1' },
      });
      expect(assigned).toEqual([
        `${SHOP}/billing/success?plan=basic&customerKey=${CUSTOMER_KEY}&authKey=auth_1`,
      ]);
    });

    it('takes one request at a time; closing the window goes to failUrl with PAY_PROCESS_CANCELED', async () => {
      const { TossPayments, assigned, post } = loadSdk();
      const pay = TossPayments('test_ck_sandbox').payment({ customerKey: CUSTOMER_KEY });
      void pay.requestBillingAuth(billingAuth());
      await expect(pay.requestBillingAuth(billingAuth())).rejects.toMatchObject({
        code: 'INVALID_METHOD_TRANSACTION',
      });
      post({
        source: 'toss-sandbox-window',
        result: 'close',
        params: { code: 'PAY_PROCESS_CANCELED', message: '사용자에 의해 결제가 취소되었습니다.' },
      });
      const fail = new URL(assigned[0]);
      expect(fail.origin + fail.pathname).toBe(`${SHOP}/billing/fail`);
      expect(fail.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    });
  });
});
