/*
 * SANDBOX payment window. Reads SDK v2 requestPayment's inputs from the query string (see sdk.js),
 * lets the customer pick a method and an outcome, then does what Toss's window does:
 *  - approve: authenticates the payment (POST /sandbox/toss/test/authorize) and sends the browser
 *    to successUrl?paymentType=NORMAL&orderId&paymentKey&amount (the merchant then confirms it);
 *  - decline: failUrl?code&message&orderId with Toss's code;
 *  - close: failUrl?code=PAY_PROCESS_CANCELED&message (no orderId, as Toss does).
 * Opened in an iframe (windowTarget 'iframe'), it posts the same outcome to the SDK in the parent
 * page (parentOrigin) instead, which redirects or settles requestPayment's Promise. What it shares
 * with the billing-auth window is in window-common.js (loaded first).
 */
(function () {
  'use strict';

  var AUTHORIZE_URL = '/sandbox/toss/test/authorize';
  var METHOD_NAMES = {
    CARD: '카드',
    VIRTUAL_ACCOUNT: '가상계좌',
    TRANSFER: '계좌이체',
    MOBILE_PHONE: '휴대폰',
  };
  var EASY_PAY = {
    TOSSPAY: '토스페이',
    NAVERPAY: '네이버페이',
    KAKAOPAY: '카카오페이',
    SAMSUNGPAY: '삼성페이',
    PAYCO: '페이코',
    LPAY: '엘페이',
    SSG: 'SSG페이',
  };
  var CARD_COMPANIES = {
    HYUNDAI: '61',
    SHINHAN: '41',
    KOOKMIN: '11',
    SAMSUNG: '51',
    LOTTE: '71',
    HANA: '21',
    WOORI: '33',
    BC: '31',
    NONGHYEOP: '91',
  };
  var ORDER_ID = /^[A-Za-z0-9_=.-]{6,64}$/;

  var w = window.SandboxWindow;
  var $ = w.$;
  var param = w.param;
  var json = w.json;
  var query = w.query;
  var problems = w.problems;
  var form = $('pay-form');
  var payButton = $('pay');

  function won(value) {
    return Number(value).toLocaleString('ko-KR') + '원';
  }

  var order = {
    clientKey: param('clientKey'),
    method: param('method'),
    amount: param('amount'),
    orderId: param('orderId'),
    orderName: param('orderName'),
    customerName: param('customerName'),
    customerEmail: param('customerEmail'),
    customerMobilePhone: param('customerMobilePhone'),
  };
  if (!/^[1-9]\d{0,12}$/.test(order.amount))
    problems.push('amount 는 양의 정수여야 합니다 / must be a positive whole number of KRW.');
  if (!ORDER_ID.test(order.orderId))
    problems.push('orderId 는 6~64자 [A-Za-z0-9_=.-] 여야 합니다 / is not a valid orderId.');
  if (!order.orderName || order.orderName.length > 100)
    problems.push('orderName 은 1~100자여야 합니다 / must be 1 to 100 characters.');
  if (order.method && !METHOD_NAMES[order.method])
    problems.push('method ' + order.method + ' 는 샌드박스가 지원하지 않습니다 / is not emulated.');

  // ---- the order as the merchant described it
  $('order-name').textContent = order.orderName || '—';
  $('amount').textContent = /^\d+$/.test(order.amount) ? won(order.amount) : '—';
  $('order-id').textContent = order.orderId || '—';
  $('customer').textContent =
    [order.customerName, order.customerEmail].filter(Boolean).join(' · ') || '—';

  // ---- the merchant's options the payment keeps: shown here, sent on to authorize
  function showRow(name, text) {
    $(name).textContent = text;
    Array.prototype.forEach.call(
      document.querySelectorAll('[data-row="' + name + '"]'),
      function (el) {
        el.hidden = false;
      },
    );
  }
  if (/^\d+$/.test(param('taxFreeAmount')) && param('taxFreeAmount') !== '0')
    showRow('tax-free', won(param('taxFreeAmount')));
  var account = json('virtualAccount');
  if (order.method === 'VIRTUAL_ACCOUNT' && account.dueDate)
    showRow('due', String(account.dueDate).replace('T', ' '));
  else if (order.method === 'VIRTUAL_ACCOUNT' && account.validHours)
    showRow('due', account.validHours + '시간 / hours');
  var metadata = json('metadata');
  if (Object.keys(metadata).length > 0) showRow('metadata', JSON.stringify(metadata));

  // ---- method preselected from requestPayment's method (card.flowMode DIRECT + easyPay: 간편결제)
  var card = json('card');
  var preselected = METHOD_NAMES[order.method] || '카드';
  if (order.method === 'CARD' && card.easyPay) {
    preselected = '간편결제';
    if (EASY_PAY[card.easyPay]) form.elements.easyPayProvider.value = EASY_PAY[card.easyPay];
  }
  if (card.cardCompany && CARD_COMPANIES[card.cardCompany])
    form.elements.cardIssuerCode.value = CARD_COMPANIES[card.cardCompany];
  form.querySelector('input[name=method][value="' + preselected + '"]').checked = true;
  form.elements.customerMobilePhone.value = order.customerMobilePhone;

  function selectedMethod() {
    return form.querySelector('input[name=method]:checked').value;
  }
  function selectedOutcome() {
    return form.querySelector('input[name=outcome]:checked').value;
  }

  // ---- the cash receipt (현금영수증) a transfer or virtual account may ask for: the merchant's
  // virtualAccount.cashReceipt / transfer.cashReceipt preselects the type, the customer types the number.
  var receiptOptions = { 가상계좌: account.cashReceipt, 계좌이체: json('transfer').cashReceipt };
  var receiptAsked = {};
  function receiptType(method) {
    if (receiptAsked[method]) return receiptAsked[method];
    var asked = receiptOptions[method];
    return asked && typeof asked.type === 'string' ? asked.type : '미발행';
  }
  $('cash-receipt-type').addEventListener('change', function () {
    receiptAsked[selectedMethod()] = $('cash-receipt-type').value;
  });
  var shownMethod = null;

  function showDetails() {
    var method = selectedMethod();
    if (method !== shownMethod && method in receiptOptions)
      $('cash-receipt-type').value = receiptType(method);
    shownMethod = method;
    Array.prototype.forEach.call(document.querySelectorAll('.details label'), function (label) {
      label.hidden = label.getAttribute('data-for').split(' ').indexOf(method) < 0;
      if (label.hasAttribute('data-cash-receipt-number'))
        label.hidden = label.hidden || $('cash-receipt-type').value === '미발행';
    });
    $('decline-code').disabled = selectedOutcome() === 'approve';
  }
  form.addEventListener('change', showDetails);

  var declineFor = w.declines(w.data, $('decline-code'));
  showDetails();
  w.reportProblems(payButton, '결제 요청이 올바르지 않습니다 / The payment request is invalid:');

  function close() {
    w.close(w.data.closed);
  }
  $('close').addEventListener('click', close);
  $('cancel').addEventListener('click', close);

  function authorizeBody(outcome) {
    var method = selectedMethod();
    var body = {
      orderId: order.orderId,
      amount: Number(order.amount),
      orderName: order.orderName,
      method: method,
    };
    if (order.customerName) body.customerName = order.customerName.slice(0, 100);
    if (outcome === 'decline-at-confirm') body.outcome = $('decline-code').value;
    if (method === '카드') body.cardIssuerCode = form.elements.cardIssuerCode.value;
    if (method === '가상계좌' || method === '계좌이체') body.bank = form.elements.bank.value;
    if (method === '간편결제') body.easyPayProvider = form.elements.easyPayProvider.value;
    if (method === '휴대폰' && form.elements.customerMobilePhone.value)
      body.customerMobilePhone = form.elements.customerMobilePhone.value.replace(/\D/g, '');
    // The request's options as sdk.js checked them; authorize checks them again and refuses what
    // Toss would (src/payment-rules.ts), which the window reports on failUrl like any refusal.
    var taxFree = param('taxFreeAmount');
    if (taxFree) body.taxFreeAmount = /^-?\d+(\.\d+)?$/.test(taxFree) ? Number(taxFree) : taxFree;
    if (query.has('metadata')) body.metadata = metadata;
    // The number as typed (digits only); authorize checks it (INVALID_CASH_RECEIPT_INFO on failUrl).
    var receipt = $('cash-receipt-type').value;
    if ((method === '가상계좌' || method === '계좌이체') && receipt !== '미발행') {
      body.cashReceipt = {
        type: receipt,
        customerIdentityNumber: $('cash-receipt-number').value.replace(/[\s-]/g, ''),
      };
    }
    // The deadline is the virtual account's only (requestPayment's virtualAccount option).
    if (method === '가상계좌') {
      if (account.validHours !== undefined) body.validHours = account.validHours;
      if (account.dueDate !== undefined) body.dueDate = account.dueDate;
    }
    return body;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (problems.length > 0 || payButton.disabled) return;
    var outcome = selectedOutcome();
    if (outcome === 'decline') {
      var decline = declineFor($('decline-code').value);
      return w.finish('fail', {
        code: decline.code,
        message: decline.message,
        orderId: order.orderId,
      });
    }
    var body = authorizeBody(outcome);
    // Like Toss's window, the number is asked for again rather than sent malformed.
    if (body.cashReceipt && !/^\d{1,30}$/.test(body.cashReceipt.customerIdentityNumber)) {
      $('cash-receipt-number').focus();
      return w.problem(
        '현금영수증 번호를 숫자로 입력해 주세요 / Enter the cash receipt number (digits only).',
      );
    }
    $('problem').hidden = true;
    payButton.disabled = true;
    w.postJson(AUTHORIZE_URL, body)
      .then(function (result) {
        if (result.ok && result.body.paymentKey) {
          return w.finish('success', {
            paymentType: 'NORMAL',
            orderId: order.orderId,
            paymentKey: result.body.paymentKey,
            amount: order.amount,
          });
        }
        if (result.body.code) {
          // The window itself refused (minimum amount, duplicated orderId, …): Toss reports it on failUrl.
          return w.finish('fail', {
            code: result.body.code,
            message: result.body.message || '',
            orderId: order.orderId,
          });
        }
        throw new Error('unexpected answer');
      })
      .catch(function () {
        payButton.disabled = false;
        w.problem(
          '샌드박스에 연결하지 못했습니다. 다시 시도해 주세요 / Could not reach the sandbox; try again.',
        );
      });
  });
})();
