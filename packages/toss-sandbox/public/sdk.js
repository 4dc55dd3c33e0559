/*
 * SANDBOX stand-in for Toss Payments' browser SDK v2 (https://js.tosspayments.com/v2/standard).
 * Same calls: TossPayments(clientKey).payment({customerKey}).requestPayment({...}); it opens this
 * server's stand-in payment window (/sandbox/checkout) in the current tab. Like Toss's SDK in
 * redirect mode, the returned Promise never resolves (the page navigates away); it rejects with
 * {code, message} when the parameters are wrong. Only redirect mode (successUrl + failUrl) exists.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  // The window lives next to this script, also when the frontend runs on another origin.
  var base = new URL('.', script && script.src ? script.src : location.href);
  var CHECKOUT_URL = new URL('checkout', base).toString();

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
  var CLIENT_KEY = /^test_(ck|gck)_[A-Za-z0-9_]+$/;
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,300}$/;
  var ORDER_ID = /^[A-Za-z0-9_=.-]{6,64}$/;

  function SdkError(code, message) {
    var error = new Error(message);
    error.name = 'TossPaymentsError';
    error.code = code;
    return error;
  }

  function absoluteHttpUrl(value, field) {
    var url;
    try {
      url = new URL(String(value), location.href);
    } catch (e) {
      throw SdkError('INVALID_URL', field + ' is not a valid URL.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw SdkError('INVALID_URL', field + ' must be an http(s) URL.');
    return url.toString();
  }

  function checkRequest(customerKey, p) {
    if (!p || typeof p !== 'object')
      throw SdkError('INVALID_PARAMETERS', 'requestPayment needs a parameter object.');
    if (METHODS.indexOf(p.method) < 0)
      throw SdkError('INVALID_METHOD', 'method must be one of ' + METHODS.join(', ') + '.');
    var amount = p.amount;
    if (
      !amount ||
      typeof amount !== 'object' ||
      typeof amount.value !== 'number' ||
      !(amount.value > 0) ||
      Math.floor(amount.value) !== amount.value
    ) {
      throw SdkError(
        'INVALID_AMOUNT_VALUE',
        'amount must be {currency: "KRW", value: <positive integer>}.',
      );
    }
    if ((amount.currency || 'KRW') !== 'KRW' && p.method !== 'FOREIGN_EASY_PAY')
      throw SdkError('INVALID_AMOUNT_CURRENCY', 'amount.currency must be KRW.');
    if (typeof p.orderId !== 'string' || !ORDER_ID.test(p.orderId))
      throw SdkError(
        'INVALID_ORDER_ID',
        'orderId must be 6 to 64 characters of A-Z a-z 0-9 - _ = .',
      );
    if (typeof p.orderName !== 'string' || p.orderName.length < 1 || p.orderName.length > 100)
      throw SdkError('INVALID_ORDER_NAME', 'orderName must be 1 to 100 characters.');
    if (!p.successUrl || !p.failUrl) {
      // Toss's Promise mode (no URLs) is not emulated: say so rather than hang.
      throw SdkError(
        'NOT_SUPPORTED_PROMISE',
        'The sandbox SDK supports redirect mode only: pass successUrl and failUrl.',
      );
    }
    if (p.customerMobilePhone !== undefined && !/^\d{8,15}$/.test(String(p.customerMobilePhone))) {
      throw SdkError(
        'INVALID_CUSTOMER_MOBILE_PHONE',
        'customerMobilePhone must be 8 to 15 digits.',
      );
    }
    return {
      customerKey: customerKey,
      method: p.method,
      amount: String(amount.value),
      currency: amount.currency || 'KRW',
      orderId: p.orderId,
      orderName: p.orderName,
      successUrl: absoluteHttpUrl(p.successUrl, 'successUrl'),
      failUrl: absoluteHttpUrl(p.failUrl, 'failUrl'),
    };
  }

  function TossPayments(clientKey) {
    if (typeof clientKey !== 'string' || clientKey === '')
      throw SdkError('INVALID_CLIENT_KEY', 'TossPayments needs a client key.');
    if (/_(sk|gsk)_/.test(clientKey))
      throw SdkError(
        'INVALID_CLIENT_KEY',
        'That is a secret key: never put it in a browser. Use the client key (test_ck_…).',
      );
    if (!CLIENT_KEY.test(clientKey))
      throw SdkError(
        'INVALID_CLIENT_KEY',
        'The sandbox accepts test client keys only (test_ck_… or test_gck_…).',
      );

    return {
      payment: function (options) {
        var customerKey = options && options.customerKey;
        if (
          typeof customerKey !== 'string' ||
          (customerKey !== ANONYMOUS && !CUSTOMER_KEY.test(customerKey))
        ) {
          throw SdkError(
            'INVALID_CUSTOMER_KEY',
            'customerKey must be 2 to 300 characters of A-Z a-z 0-9 - _ = . @, or TossPayments.ANONYMOUS.',
          );
        }
        return {
          requestPayment: function (params) {
            var query;
            try {
              query = checkRequest(customerKey, params);
            } catch (error) {
              return Promise.reject(error);
            }
            var url = new URL(CHECKOUT_URL);
            url.searchParams.set('clientKey', clientKey);
            Object.keys(query).forEach(function (key) {
              url.searchParams.set(key, query[key]);
            });
            ['customerEmail', 'customerName', 'customerMobilePhone'].forEach(function (key) {
              if (params[key] !== undefined && params[key] !== null)
                url.searchParams.set(key, String(params[key]));
            });
            // Method options (card.easyPay, virtualAccount.validHours, …) travel as JSON.
            ['card', 'virtualAccount', 'transfer', 'mobilePhone'].forEach(function (key) {
              if (params[key] && typeof params[key] === 'object')
                url.searchParams.set(key, JSON.stringify(params[key]));
            });
            location.assign(url.toString());
            return new Promise(function () {});
          },
        };
      },
    };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  TossPayments.sandbox = true;
  window.TossPayments = TossPayments;
})();
