/* Demo checkout: what every page shares (API calls, the signed-in customer, formatting). */
(function () {
  'use strict';

  var TOKEN = 'demo.token';
  var USER = 'demo.user';
  var ORDER = 'demo.order';
  var MANUAL = 'demo.manual';

  var BANKS = {
    '02': 'KDB산업은행',
    '03': 'IBK기업은행',
    '06': 'KB국민은행',
    '07': 'Sh수협은행',
    11: 'NH농협은행',
    12: '단위농협',
    20: '우리은행',
    23: 'SC제일은행',
    27: '씨티은행',
    31: 'DGB대구은행',
    32: '부산은행',
    34: '광주은행',
    35: '제주은행',
    37: '전북은행',
    39: '경남은행',
    45: '새마을금고',
    48: '신협',
    50: '저축은행',
    54: 'HSBC',
    64: '산림조합',
    71: '우체국',
    81: '하나은행',
    88: '신한은행',
    89: '케이뱅크',
    90: '카카오뱅크',
    92: '토스뱅크',
  };
  var CARD_ISSUERS = {
    11: 'KB국민카드',
    21: '하나카드',
    31: 'BC카드',
    33: '우리카드',
    41: '신한카드',
    51: '삼성카드',
    61: '현대카드',
    71: '롯데카드',
    91: 'NH농협카드',
    15: '카카오뱅크',
    24: '토스뱅크',
    '3K': '기업비씨',
    36: '씨티카드',
    46: '광주은행',
  };
  var STATUS_LABELS = {
    PENDING: '결제 대기',
    IN_PROGRESS: '결제 확인 중',
    WAITING_FOR_DEPOSIT: '입금 대기',
    PAID: '결제 완료',
    PARTIALLY_REFUNDED: '부분 환불',
    REFUNDED: '환불 완료',
    CANCELED: '주문 취소',
    EXPIRED: '기한 만료',
  };

  function ApiError(status, body) {
    var error = new Error((body && body.message) || 'HTTP ' + status);
    error.status = status;
    error.code = (body && body.code) || 'HTTP_' + status;
    error.details = body && body.details;
    return error;
  }

  /** JSON over fetch; the bearer token is sent when signed in; errors throw {status, code, message}. */
  function request(path, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    var token = sessionStorage.getItem(TOKEN);
    if (token && options.auth !== false) headers.Authorization = 'Bearer ' + token;
    return fetch(path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
      .catch(function () {
        throw ApiError(0, {
          code: 'NETWORK_ERROR',
          message: '서버에 연결하지 못했습니다 / Could not reach the server.',
        });
      })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch (e) {
            body = null;
          }
          if (!response.ok) throw ApiError(response.status, body);
          return body;
        });
      });
  }

  function api(path, options) {
    return request('/api/v1' + path, options);
  }

  function randomPart(length) {
    var alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    var bytes = new Uint8Array(length);
    crypto.getRandomValues(bytes);
    var out = '';
    for (var i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
    return out;
  }

  function signIn(email, password) {
    return api('/auth/login', {
      method: 'POST',
      body: { email: email, password: password },
      auth: false,
    })
      .then(function (login) {
        sessionStorage.setItem(TOKEN, login.accessToken);
        return api('/auth/me');
      })
      .then(function (me) {
        sessionStorage.setItem(USER, JSON.stringify(me));
        return me;
      });
  }

  /** A throwaway customer account; its password lives only in this call. */
  function registerRandom() {
    var id = randomPart(10);
    var email = 'demo-' + id + '@demo.local';
    var password = randomPart(20);
    return api('/auth/register', {
      method: 'POST',
      body: { email: email, password: password, name: '데모 고객 ' + id.slice(0, 4) },
      auth: false,
    }).then(function () {
      sessionStorage.removeItem(MANUAL);
      return signIn(email, password);
    });
  }

  function register(email, password, name) {
    return api('/auth/register', {
      method: 'POST',
      body: { email: email, password: password, name: name },
      auth: false,
    }).then(function () {
      return signIn(email, password);
    });
  }

  function currentUser() {
    try {
      return JSON.parse(sessionStorage.getItem(USER) || 'null');
    } catch (e) {
      return null;
    }
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
    sessionStorage.setItem(MANUAL, '1');
  }

  function won(value) {
    return Number(value).toLocaleString('ko-KR') + '원';
  }

  function dateTime(value) {
    if (!value) return '';
    var date = new Date(value);
    if (isNaN(date.getTime())) return String(value);
    return date.toLocaleString('ko-KR', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child)
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The 면세 (tax-free) tag beside a product, line or plan whose tax class is TAX_FREE; null otherwise. */
  function taxFreeBadge(taxClass) {
    if (taxClass !== 'TAX_FREE') return null;
    return el('span', { className: 'badge tax-free', 'data-tax-class': taxClass }, [
      '면세',
      el('small', { text: 'Tax-free' }),
    ]);
  }

  function savePendingOrder(order) {
    sessionStorage.setItem(ORDER, JSON.stringify(order));
  }
  function pendingOrder() {
    try {
      return JSON.parse(sessionStorage.getItem(ORDER) || 'null');
    } catch (e) {
      return null;
    }
  }

  /**
   * The shop's session on any page: the stored token's customer, else a throwaway customer (the
   * demo works in one click) unless the visitor chose to sign in ("switch account": the form).
   */
  function startSession(onSignedIn, onSignIn) {
    if (sessionStorage.getItem(TOKEN)) {
      return api('/auth/me').then(onSignedIn, function (error) {
        if (error.status !== 401) throw error;
        signOut();
        return startSession(onSignedIn, onSignIn);
      });
    }
    if (sessionStorage.getItem(MANUAL) === '1') return Promise.resolve(onSignIn());
    return registerRandom().then(onSignedIn);
  }

  var sdkLoaded = null;
  /** Toss's SDK (the sandbox's stand-in or Toss's own), loaded once; a failed load may be retried. */
  function loadSdk(sdkUrl) {
    if (!sdkLoaded) {
      sdkLoaded = new Promise(function (resolve, reject) {
        if (window.TossPayments) return resolve(window.TossPayments);
        var script = document.createElement('script');
        script.src = sdkUrl;
        script.onload = function () {
          resolve(window.TossPayments);
        };
        script.onerror = function () {
          sdkLoaded = null;
          reject(
            new Error(
              '결제 SDK를 불러오지 못했습니다 / Could not load the payment SDK (' + sdkUrl + ').',
            ),
          );
        };
        document.head.appendChild(script);
      });
    }
    return sdkLoaded;
  }

  window.Demo = {
    api: api,
    request: request,
    signIn: signIn,
    register: register,
    registerRandom: registerRandom,
    signOut: signOut,
    currentUser: currentUser,
    startSession: startSession,
    hasToken: function () {
      return !!sessionStorage.getItem(TOKEN);
    },
    savePendingOrder: savePendingOrder,
    pendingOrder: pendingOrder,
    won: won,
    dateTime: dateTime,
    el: el,
    taxFreeBadge: taxFreeBadge,
    bankName: function (code) {
      return BANKS[code] ? BANKS[code] + ' (' + code + ')' : code || '';
    },
    cardIssuer: function (code) {
      return CARD_ISSUERS[code] || code || '';
    },
    statusLabel: function (status) {
      return STATUS_LABELS[status] ? STATUS_LABELS[status] + ' (' + status + ')' : status;
    },
    config: function () {
      return request('/demo/config.json', { auth: false });
    },
    loadSdk: loadSdk,
  };
})();
