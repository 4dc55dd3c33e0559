/*
 * SANDBOX stand-in for Toss Payments' browser SDK v2 (https://js.tosspayments.com/v2/standard,
 * https://docs.tosspayments.com/sdk/v2/js). Same global and calls:
 * TossPayments(clientKey).payment({customerKey}).requestPayment({...}) and
 * .requestBillingAuth({method, successUrl, failUrl, …}), so Toss's npm loader
 * (`loadTossPayments(clientKey, {src: '<sandbox>/sandbox/sdk.js'})`) loads it like the real one.
 *
 * requestBillingAuth (자동결제 카드 등록) opens the billing-auth window (/sandbox/checkout/billing)
 * in redirect mode only (successUrl and failUrl are required), in an iframe by default or the tab
 * itself with windowTarget 'self'; the window sends the tab to successUrl?customerKey&authKey or
 * failUrl?code&message, the URLs' own query kept.
 *
 * It opens this server's stand-in window (/sandbox/checkout):
 *  - windowTarget 'self' (the default with successUrl/failUrl): the tab goes to the window, which
 *    sends it on to successUrl or failUrl; the returned Promise never settles (the page leaves);
 *  - windowTarget 'iframe' (the default without URLs): the window opens in an iframe over the
 *    page and posts its outcome back here. With URLs this script then sends the tab to successUrl
 *    or failUrl; without them (Promise mode) the Promise resolves with
 *    {paymentType, paymentKey, orderId, amount: {currency, value}} or rejects with {code, message}.
 * Refusals use Toss's SDK error codes and messages (https://docs.tosspayments.com/reference/error-codes,
 * SDK errors of the payment window); what is emulated is listed in the README ("Toss's SDK loader
 * from another origin (sandbox)").
 */
(function () {
  'use strict';

  var script = document.currentScript;
  // The window lives next to this script, also when the frontend runs on another origin.
  var base = new URL('.', script && script.src ? script.src : location.href);
  var CHECKOUT_URL = new URL('checkout', base).toString();
  var BILLING_URL = new URL('checkout/billing', base).toString();
  var SANDBOX_ORIGIN = new URL(CHECKOUT_URL).origin;
  /** What the window's messages carry, so other messages to this page are left alone. */
  var WINDOW_MESSAGE = 'toss-sandbox-window';
  var FRAME_ID = 'toss-sandbox-window';

  var ANONYMOUS = '@@ANONYMOUS';
  var METHODS = [
    'CARD',
    'TRANSFER',
    'VIRTUAL_ACCOUNT',
    'MOBILE_PHONE',
    'CULTURE_GIFT_CERTIFICATE',
    'BOOK_GIFT_CERTIFICATE',
    'GAME_GIFT_CERTIFICATE',
    'FOREIGN_EASY_PAY',
  ];
  /** requestBillingAuth's methods: card or account (계좌 자동결제); the window emulates card only. */
  var BILLING_METHODS = ['CARD', 'TRANSFER'];
  /** The sandbox takes test keys only; payment() wants an "API 개별 연동" key (test_ck_). */
  var CLIENT_KEY = /^test_ck_[A-Za-z0-9_]+$/;
  var WIDGET_KEY = /^(test|live)_gck_/;
  var SECRET_KEY = /^(test|live)_g?sk_/;
  // customerKey: 2–50 characters of letters, digits and - _ = . @ (PaymentInitParams in
  // @tosspayments/tosspayments-sdk's typings; INVALID_CUSTOMER_KEY's message says the same).
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;
  // orderId: 6–64 characters of letters, digits and - _ = (PaymentRequest.orderId).
  var ORDER_ID = /^[A-Za-z0-9_=-]{6,64}$/;
  var DUE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
  /** virtualAccount.validHours: at most 2160 hours (90 days). */
  var MAX_VALID_HOURS = 2160;

  /** Toss's SDK error codes and their documented messages. */
  var MESSAGES = {
    INVALID_CLIENT_KEY: 'ClientKey 형태가 올바르지 않습니다.',
    NOT_SUPPORTED_WIDGET_KEY:
      'API 개별 연동 키의 클라이언트 키로 SDK를 연동해주세요. 결제위젯 연동 키는 지원하지 않습니다.',
    INVALID_CUSTOMER_KEY:
      '고객키는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 50자 이하여야 합니다.',
    INSECURE_KEY_USAGE:
      'test_gsk, live_gsk로 시작하는 시크릿 키는 클라이언트 코드에 노출되면 안 됩니다. 구매자를 식별하는 customerKey 값을 사용해주세요.',
    INVALID_PARAMETERS:
      '필수 파라미터를 누락하거나, 정의되지 않은 파라미터를 추가하거나, 파라미터의 타입이 올바르지 않을 때 발생합니다.',
    NOT_SUPPORTED_METHOD: '지원되지 않는 결제수단입니다.',
    INVALID_AMOUNT_VALUE: '결제금액이 올바르지 않습니다.',
    INVALID_AMOUNT_CURRENCY: '잘못된 통화 값입니다.',
    BELOW_ZERO_AMOUNT: '금액은 0보다 커야 합니다.',
    INCORRECT_SUCCESS_URL_FORMAT: '잘못된 successUrl 입니다.',
    INCORRECT_FAIL_URL_FORMAT: '잘못된 failUrl 입니다.',
    NOT_SUPPORTED_PROMISE: 'Promise 방식을 지원하지 않습니다. successUrl, failUrl을 사용해주세요.',
    INVALID_METADATA: '올바르지 않은 metadata 형식입니다.',
    INVALID_METHOD_TRANSACTION: '이미 다른 요청을 수행하고 있어요.',
    USER_CANCEL: '취소되었습니다.',
  };

  /** {code, message} as Toss's SDK rejects with; `field` (sandbox only) names the parameter at fault. */
  function SdkError(code, field, message) {
    var error = new Error(message || MESSAGES[code]);
    error.name = 'TossPaymentsError';
    error.code = code;
    if (field) error.field = field;
    return error;
  }

  function given(value) {
    return value !== undefined && value !== null;
  }

  function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  function isWholeNumber(value) {
    return typeof value === 'number' && isFinite(value) && Math.floor(value) === value;
  }

  function optionalText(p, field, max) {
    var value = p[field];
    if (given(value) && (typeof value !== 'string' || value.length > max))
      throw SdkError('INVALID_PARAMETERS', field);
  }

  function redirectUrl(value, code) {
    var url;
    try {
      url = new URL(String(value), location.href);
    } catch (e) {
      throw SdkError(code, code === 'INCORRECT_SUCCESS_URL_FORMAT' ? 'successUrl' : 'failUrl');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw SdkError(code, code === 'INCORRECT_SUCCESS_URL_FORMAT' ? 'successUrl' : 'failUrl');
    return url.toString();
  }

  /** metadata: at most 5 pairs; keys of at most 40 characters without [ or ]; string values of at most 2000. */
  function checkMetadata(metadata) {
    if (!given(metadata)) return;
    if (!isObject(metadata)) throw SdkError('INVALID_METADATA', 'metadata');
    var keys = Object.keys(metadata);
    if (keys.length > 5) throw SdkError('INVALID_METADATA', 'metadata');
    keys.forEach(function (key) {
      var value = metadata[key];
      if (key.length > 40 || /[[\]]/.test(key)) throw SdkError('INVALID_METADATA', 'metadata');
      if (typeof value !== 'string' || value.length > 2000)
        throw SdkError('INVALID_METADATA', 'metadata');
    });
  }

  /** virtualAccount.validHours (1–2160) and dueDate (yyyy-MM-dd'T'HH:mm:ss); card and transfer take them too. */
  function checkDeadline(options, field) {
    if (!given(options)) return;
    if (!isObject(options)) throw SdkError('INVALID_PARAMETERS', field);
    var hours = options.validHours;
    if (given(hours) && (!isWholeNumber(hours) || hours < 1 || hours > MAX_VALID_HOURS))
      throw SdkError('INVALID_PARAMETERS', field + '.validHours');
    var due = options.dueDate;
    if (given(due) && (typeof due !== 'string' || !DUE_DATE.test(due)))
      throw SdkError('INVALID_PARAMETERS', field + '.dueDate');
  }

  /**
   * virtualAccount.cashReceipt / transfer.cashReceipt: {type: 소득공제 | 지출증빙 | 미발행}; the window
   * then asks the customer for the number (src/cash-receipt-rules.ts holds the server's rule).
   */
  var CASH_RECEIPT_TYPES = ['소득공제', '지출증빙', '미발행'];
  function checkCashReceipt(options, field) {
    if (!isObject(options) || !given(options.cashReceipt)) return;
    var receipt = options.cashReceipt;
    if (!isObject(receipt)) throw SdkError('INVALID_PARAMETERS', field + '.cashReceipt');
    if (CASH_RECEIPT_TYPES.indexOf(receipt.type) < 0)
      throw SdkError('INVALID_PARAMETERS', field + '.cashReceipt.type');
  }

  /** The request checked as Toss's SDK checks it, or a thrown SdkError. */
  function checkRequest(p) {
    if (!isObject(p)) throw SdkError('INVALID_PARAMETERS', 'paymentRequest');
    if (METHODS.indexOf(p.method) < 0) throw SdkError('NOT_SUPPORTED_METHOD', 'method');
    var amount = p.amount;
    if (!isObject(amount) || !isWholeNumber(amount.value))
      throw SdkError('INVALID_AMOUNT_VALUE', 'amount.value');
    if (amount.value <= 0) throw SdkError('BELOW_ZERO_AMOUNT', 'amount.value');
    var currencies = p.method === 'FOREIGN_EASY_PAY' ? ['USD'] : ['KRW'];
    if (currencies.indexOf(amount.currency) < 0)
      throw SdkError('INVALID_AMOUNT_CURRENCY', 'amount.currency');
    if (typeof p.orderId !== 'string' || !ORDER_ID.test(p.orderId))
      throw SdkError('INVALID_PARAMETERS', 'orderId');
    if (typeof p.orderName !== 'string' || p.orderName.length < 1 || p.orderName.length > 100)
      throw SdkError('INVALID_PARAMETERS', 'orderName');
    optionalText(p, 'customerName', 100);
    optionalText(p, 'customerEmail', 100);
    if (given(p.customerMobilePhone) && !/^\d{8,15}$/.test(String(p.customerMobilePhone)))
      throw SdkError('INVALID_PARAMETERS', 'customerMobilePhone');
    if (
      given(p.taxFreeAmount) &&
      (!isWholeNumber(p.taxFreeAmount) || p.taxFreeAmount < 0 || p.taxFreeAmount > amount.value)
    )
      throw SdkError('INVALID_PARAMETERS', 'taxFreeAmount');
    if (given(p.windowTarget) && p.windowTarget !== 'self' && p.windowTarget !== 'iframe')
      throw SdkError('INVALID_PARAMETERS', 'windowTarget');
    checkMetadata(p.metadata);
    checkDeadline(p.virtualAccount, 'virtualAccount');
    checkDeadline(p.card, 'card');
    checkDeadline(p.transfer, 'transfer');
    checkCashReceipt(p.virtualAccount, 'virtualAccount');
    checkCashReceipt(p.transfer, 'transfer');

    var hasSuccess = given(p.successUrl);
    var hasFail = given(p.failUrl);
    var promiseMode = !hasSuccess && !hasFail;
    // One URL without the other is neither mode.
    if (hasSuccess && !hasFail) throw SdkError('INCORRECT_FAIL_URL_FORMAT', 'failUrl');
    if (hasFail && !hasSuccess) throw SdkError('INCORRECT_SUCCESS_URL_FORMAT', 'successUrl');
    var windowTarget = p.windowTarget || (promiseMode ? 'iframe' : 'self');
    // The page itself becomes the window with 'self': nothing is left to settle a Promise.
    if (promiseMode && windowTarget === 'self') throw SdkError('NOT_SUPPORTED_PROMISE');
    return {
      promiseMode: promiseMode,
      windowTarget: windowTarget,
      successUrl: hasSuccess ? redirectUrl(p.successUrl, 'INCORRECT_SUCCESS_URL_FORMAT') : null,
      failUrl: hasFail ? redirectUrl(p.failUrl, 'INCORRECT_FAIL_URL_FORMAT') : null,
    };
  }

  /**
   * requestBillingAuth's request checked as Toss's SDK checks it, or a thrown SdkError. Redirect
   * mode only: both URLs are required.
   */
  function checkBillingRequest(customerKey, p) {
    if (!isObject(p)) throw SdkError('INVALID_PARAMETERS', 'billingAuthRequest');
    // A billing key is bound to a customer; ANONYMOUS names none (Toss documents no anonymous billing).
    if (customerKey === ANONYMOUS) throw SdkError('INVALID_CUSTOMER_KEY', 'customerKey');
    if (BILLING_METHODS.indexOf(p.method) < 0) throw SdkError('NOT_SUPPORTED_METHOD', 'method');
    optionalText(p, 'customerName', 100);
    optionalText(p, 'customerEmail', 100);
    if (given(p.windowTarget) && p.windowTarget !== 'self' && p.windowTarget !== 'iframe')
      throw SdkError('INVALID_PARAMETERS', 'windowTarget');
    if (!given(p.successUrl)) throw SdkError('INCORRECT_SUCCESS_URL_FORMAT', 'successUrl');
    if (!given(p.failUrl)) throw SdkError('INCORRECT_FAIL_URL_FORMAT', 'failUrl');
    return {
      promiseMode: false,
      // An iframe over the page unless 'self' is asked for (Toss's default on PC).
      windowTarget: p.windowTarget || 'iframe',
      successUrl: redirectUrl(p.successUrl, 'INCORRECT_SUCCESS_URL_FORMAT'),
      failUrl: redirectUrl(p.failUrl, 'INCORRECT_FAIL_URL_FORMAT'),
    };
  }

  /**
   * A window's URL: `query` (the request), where the outcome goes, and the customer's name and
   * e-mail, as query parameters.
   */
  function windowUrl(address, query, p, checked) {
    var url = new URL(address);
    if (checked.windowTarget === 'iframe') {
      // The window posts its outcome to this page instead of navigating.
      query.windowTarget = 'iframe';
      query.parentOrigin = location.origin;
    } else {
      query.successUrl = checked.successUrl;
      query.failUrl = checked.failUrl;
    }
    ['customerEmail', 'customerName'].forEach(function (key) {
      if (given(p[key])) query[key] = String(p[key]);
    });
    Object.keys(query).forEach(function (key) {
      url.searchParams.set(key, query[key]);
    });
    return url.toString();
  }

  /** The payment window's URL: the request as query parameters (objects as JSON). */
  function paymentWindowUrl(clientKey, customerKey, p, checked) {
    var query = {
      clientKey: clientKey,
      customerKey: customerKey,
      method: p.method,
      amount: String(p.amount.value),
      currency: p.amount.currency,
      orderId: p.orderId,
      orderName: p.orderName,
    };
    ['customerMobilePhone', 'taxFreeAmount'].forEach(function (key) {
      if (given(p[key])) query[key] = String(p[key]);
    });
    // Method options (card.easyPay, virtualAccount.validHours, …) and metadata travel as JSON.
    ['card', 'virtualAccount', 'transfer', 'mobilePhone', 'metadata'].forEach(function (key) {
      if (isObject(p[key])) query[key] = JSON.stringify(p[key]);
    });
    return windowUrl(CHECKOUT_URL, query, p, checked);
  }

  function billingWindowUrl(clientKey, customerKey, p, checked) {
    var query = { clientKey: clientKey, customerKey: customerKey, method: p.method };
    return windowUrl(BILLING_URL, query, p, checked);
  }

  function withQuery(target, params) {
    var url = new URL(target);
    Object.keys(params).forEach(function (key) {
      if (given(params[key])) url.searchParams.set(key, String(params[key]));
    });
    return url.toString();
  }

  /** The request in progress in an iframe (Toss's SDK takes one at a time). */
  var active = null;

  function openFrame(url, checked, p) {
    return new Promise(function (resolve, reject) {
      var overlay = document.createElement('div');
      overlay.setAttribute('data-toss-sandbox', 'overlay');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center';
      var frame = document.createElement('iframe');
      frame.id = FRAME_ID;
      frame.name = FRAME_ID;
      frame.title = 'SANDBOX 결제창';
      frame.src = url;
      frame.style.cssText =
        'width:min(480px,100vw);height:min(760px,100vh);border:0;border-radius:12px;background:#fff';
      overlay.appendChild(frame);
      document.body.appendChild(overlay);

      function close() {
        window.removeEventListener('message', onMessage);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        active = null;
      }

      function onMessage(event) {
        var data = event.data;
        if (event.source !== frame.contentWindow || event.origin !== SANDBOX_ORIGIN) return;
        if (!isObject(data) || data.source !== WINDOW_MESSAGE || !isObject(data.params)) return;
        close();
        var params = data.params;
        if (!checked.promiseMode) {
          // Redirect mode in an iframe: this page goes where the window would have sent the tab.
          location.assign(
            withQuery(data.result === 'success' ? checked.successUrl : checked.failUrl, params),
          );
          return;
        }
        if (data.result === 'success') {
          return resolve({
            paymentType: params.paymentType,
            paymentKey: params.paymentKey,
            orderId: params.orderId,
            amount: { currency: p.amount.currency, value: Number(params.amount) },
          });
        }
        // The customer closed the window: Toss's UserCancelError; a decline keeps its Toss code.
        if (data.result === 'close') return reject(SdkError('USER_CANCEL'));
        reject(SdkError(String(params.code), null, String(params.message || '')));
      }

      window.addEventListener('message', onMessage);
      active = { close: close };
    });
  }

  function TossPayments(clientKey) {
    return {
      payment: function (options) {
        if (typeof clientKey !== 'string' || SECRET_KEY.test(clientKey))
          throw SdkError('INVALID_CLIENT_KEY', 'clientKey');
        if (WIDGET_KEY.test(clientKey)) throw SdkError('NOT_SUPPORTED_WIDGET_KEY', 'clientKey');
        if (!CLIENT_KEY.test(clientKey))
          throw SdkError(
            'INVALID_CLIENT_KEY',
            'clientKey',
            MESSAGES.INVALID_CLIENT_KEY + ' (SANDBOX: test_ck_… keys only)',
          );
        var customerKey = isObject(options) ? options.customerKey : undefined;
        if (typeof customerKey === 'string' && SECRET_KEY.test(customerKey))
          throw SdkError('INSECURE_KEY_USAGE', 'customerKey');
        if (
          typeof customerKey !== 'string' ||
          (customerKey !== ANONYMOUS && !CUSTOMER_KEY.test(customerKey))
        ) {
          throw SdkError('INVALID_CUSTOMER_KEY', 'customerKey');
        }
        /** Checks the request, then opens its window (in an iframe, or as the tab itself). */
        function request(params, check, urlFor) {
          var checked;
          try {
            if (active) throw SdkError('INVALID_METHOD_TRANSACTION');
            checked = check(params);
          } catch (error) {
            return Promise.reject(error);
          }
          var url = urlFor(clientKey, customerKey, params, checked);
          if (checked.windowTarget === 'iframe') return openFrame(url, checked, params);
          location.assign(url);
          return new Promise(function () {});
        }
        return {
          requestPayment: function (params) {
            return request(params, checkRequest, paymentWindowUrl);
          },
          requestBillingAuth: function (params) {
            return request(
              params,
              function (p) {
                return checkBillingRequest(customerKey, p);
              },
              billingWindowUrl,
            );
          },
        };
      },
    };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  TossPayments.sandbox = true;
  window.TossPayments = TossPayments;
})();
