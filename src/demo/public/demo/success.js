/*
 * Demo checkout, successUrl page. Two ways to land here:
 *  - from Toss's window with ?paymentType&orderId&paymentKey&amount: this page confirms the payment
 *    (POST /api/v1/payments/confirm with the customer's token) and shows the receipt;
 *  - from the server's redirect endpoint (GET /api/v1/payments/toss/success, which already
 *    confirmed) with ?orderId[&paymentKey]: this page shows the order's outcome.
 */
(function () {
  'use strict';

  var Demo = window.Demo;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var query = new URLSearchParams(location.search);
  var orderId = query.get('orderId') || '';
  var paymentKey = query.get('paymentKey') || '';
  var amount = query.get('amount');
  var config = null;

  var ICONS = { ok: '✓', wait: '…', bank: '₩', warn: '!', info: 'i' };
  /** Toss's methods a cash receipt (현금영수증) goes with. */
  var CASH_METHODS = ['가상계좌', '계좌이체'];
  var RECEIPT_STATUS = {
    REQUESTED: '발급 확인 중',
    ISSUED: '발급 완료',
    FAILED: '발급 실패',
    CANCELED: '취소됨',
  };
  var ISSUE_STATUS = {
    IN_PROGRESS: '국세청 처리 중',
    COMPLETED: '국세청 발급 완료',
    FAILED: '국세청 발급 실패',
  };
  /** The payment on the page, for the cash receipt section. */
  var shownPayment = null;

  function setHeading(icon, title, english, subtitle) {
    $('icon').textContent = ICONS[icon];
    $('icon').className = 'icon ' + icon;
    $('title').textContent = title + ' ';
    $('title').appendChild(Demo.el('small', { text: english }));
    $('subtitle').textContent = subtitle || '';
  }

  function showError(error) {
    setHeading('warn', '결제를 완료하지 못했습니다', 'The payment did not go through');
    var box = $('error');
    box.textContent = '';
    box.appendChild(
      Demo.el('div', { className: 'code', 'data-field': 'code', text: error.code || 'ERROR' }),
    );
    box.appendChild(
      Demo.el('div', { 'data-field': 'message', text: error.message || String(error) }),
    );
    if (error.code === 'PAYMENT_OUTCOME_UNKNOWN') {
      box.appendChild(
        Demo.el('div', {
          className: 'small',
          text: '결제 결과를 확인 중입니다. 다시 결제하지 마시고 잠시 후 상태를 새로고침하세요. / Do not pay again; refresh in a moment.',
        }),
      );
      $('refresh').hidden = false;
    }
    box.hidden = false;
  }

  function row(list, label, english, value, field) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(Demo.el('dt', {}, [label + ' ', Demo.el('small', { text: english })]));
    list.appendChild(Demo.el('dd', { 'data-field': field, text: String(value) }));
  }

  function link(list, label, english, href, text, field) {
    list.appendChild(Demo.el('dt', {}, [label + ' ', Demo.el('small', { text: english })]));
    list.appendChild(
      Demo.el('dd', {}, [
        Demo.el('a', {
          href: href,
          target: '_blank',
          rel: 'noopener',
          'data-field': field,
          text: text,
        }),
      ]),
    );
  }

  /** The tax-free part (면세) of the order and which lines make it up; nothing for a taxable order. */
  function taxFreeRows(list, order) {
    if (!order || !order.taxFreeAmount) return;
    row(list, '면세', 'Tax-free', '면세 ' + Demo.won(order.taxFreeAmount) + ' 포함', 'tax-free');
    row(
      list,
      '면세 상품',
      'Tax-free items',
      (order.items || [])
        .filter(function (item) {
          return item.taxClass === 'TAX_FREE';
        })
        .map(function (item) {
          return item.name + ' × ' + item.quantity;
        })
        .join(', '),
      'tax-free-items',
    );
  }

  function renderItems(order) {
    var list = $('items');
    list.textContent = '';
    var items = (order && order.items) || [];
    items.forEach(function (item) {
      list.appendChild(
        Demo.el('li', { 'data-position': String(item.position), 'data-tax-class': item.taxClass }, [
          Demo.el('span', {}, [
            item.name + ' × ' + item.quantity + ' ',
            Demo.taxFreeBadge(item.taxClass),
          ]),
          Demo.el('span', { text: Demo.won(item.lineAmount) }),
        ]),
      );
    });
    $('items-box').hidden = items.length === 0;
  }

  function render(payment, order) {
    $('error').hidden = true;
    shownPayment = payment;
    var status = order ? order.status : null;
    var paymentStatus = payment ? payment.status : null;
    if (status === 'PAID' || paymentStatus === 'DONE')
      setHeading('ok', '결제가 완료되었습니다', 'Payment complete');
    else if (status === 'WAITING_FOR_DEPOSIT' || paymentStatus === 'WAITING_FOR_DEPOSIT') {
      setHeading(
        'bank',
        '가상계좌가 발급되었습니다',
        'Virtual account issued: waiting for the deposit',
        '아래 계좌로 입금 기한까지 입금하시면 결제가 완료됩니다.',
      );
    } else if (status === 'IN_PROGRESS')
      setHeading(
        'wait',
        '결제 결과를 확인 중입니다',
        'The outcome is being settled',
        '잠시 후 새로고침하세요.',
      );
    else if (status) setHeading('info', '주문 상태: ' + Demo.statusLabel(status), 'Order status');

    var list = $('receipt');
    list.textContent = '';
    if (payment) {
      row(list, '결제수단', 'Method', payment.method, 'method');
      row(list, '결제금액', 'Amount', Demo.won(payment.totalAmount), 'amount');
      taxFreeRows(list, order);
      if (typeof payment.vat === 'number') row(list, '부가세', 'VAT', Demo.won(payment.vat), 'vat');
      if (payment.card) {
        row(list, '카드', 'Card', Demo.cardIssuer(payment.card.issuerCode), 'card-issuer');
        row(list, '카드번호', 'Card number', payment.card.number, 'card-number');
        row(
          list,
          '할부',
          'Installments',
          payment.card.installmentPlanMonths
            ? payment.card.installmentPlanMonths + '개월'
            : '일시불',
          'installments',
        );
        row(list, '승인번호', 'Approval no.', payment.card.approveNo, 'approve-no');
      }
      if (payment.virtualAccount) {
        row(list, '은행', 'Bank', Demo.bankName(payment.virtualAccount.bankCode), 'bank');
        row(
          list,
          '계좌번호',
          'Account number',
          payment.virtualAccount.accountNumber,
          'account-number',
        );
        row(list, '예금주', 'Holder', payment.virtualAccount.customerName, 'holder');
        row(list, '입금기한', 'Due', Demo.dateTime(payment.virtualAccount.dueDate), 'due-date');
      }
      if (payment.transfer)
        row(list, '은행', 'Bank', Demo.bankName(payment.transfer.bankCode), 'bank');
      if (payment.mobilePhone)
        row(list, '휴대폰', 'Phone', payment.mobilePhone.customerMobilePhone, 'phone');
      if (payment.easyPay) row(list, '간편결제', 'Easy pay', payment.easyPay.provider, 'easy-pay');
      row(list, '결제상태', 'Payment status', payment.status, 'payment-status');
      row(list, '승인시각', 'Approved at', Demo.dateTime(payment.approvedAt), 'approved-at');
    } else if (order) {
      row(list, '결제금액', 'Amount', Demo.won(order.amount), 'amount');
      taxFreeRows(list, order);
    }
    if (order) {
      row(list, '주문명', 'Order', order.orderName, 'order-name');
      row(list, '주문상태', 'Order status', Demo.statusLabel(order.status), 'order-status');
    }
    row(
      list,
      '주문번호',
      'Order ID',
      (payment && payment.orderId) || (order && order.orderId) || orderId,
      'order-id',
    );
    if (payment && payment.receiptUrl)
      link(list, '영수증', 'Receipt', payment.receiptUrl, '토스페이먼츠 영수증', 'receipt-url');
    list.hidden = false;
    renderItems(order);
    list.setAttribute('data-status', status || paymentStatus || '');

    var waiting = status === 'WAITING_FOR_DEPOSIT';
    $('deposit').hidden = !(waiting && config && config.sdk === 'sandbox');
    $('refresh').hidden = !(waiting || status === 'IN_PROGRESS');
  }

  // ---------------------------------------------------------------- cash receipt (현금영수증)

  function cashReceiptPath(payment) {
    return '/payments/' + encodeURIComponent(payment.paymentKey) + '/cash-receipt';
  }

  /** A paid 가상계좌/계좌이체 payment with money left may get a receipt (the server decides again). */
  function canRequestReceipt(payment) {
    return (
      !!payment &&
      CASH_METHODS.indexOf(payment.method) >= 0 &&
      (payment.status === 'DONE' || payment.status === 'PARTIAL_CANCELED') &&
      payment.balanceAmount > 0
    );
  }

  function showReceiptError(error) {
    var box = $('cash-receipt-error');
    box.textContent = '';
    if (!error) {
      box.hidden = true;
      return;
    }
    box.appendChild(
      Demo.el('div', { className: 'code', 'data-field': 'code', text: error.code || 'ERROR' }),
    );
    box.appendChild(
      Demo.el('div', { 'data-field': 'message', text: error.message || String(error) }),
    );
    box.hidden = false;
  }

  /** The payment's receipt (the window's or a requested one), or the form to request one. */
  function showCashReceipt(receipt) {
    var info = $('cash-receipt-info');
    info.textContent = '';
    if (receipt) {
      row(
        info,
        '발급 경로',
        'Issued',
        receipt.source === 'PAYMENT_WINDOW'
          ? '결제창에서 발급 / with the payment'
          : '결제 후 요청 / requested afterwards',
        'cash-receipt-source',
      );
      row(info, '용도', 'Type', receipt.type, 'cash-receipt-type');
      row(info, '식별번호', 'Identity number', receipt.identityNumber, 'cash-receipt-number');
      row(
        info,
        '금액',
        'Amount',
        Demo.won(receipt.amount) +
          (receipt.taxFreeAmount ? ' (면세 ' + Demo.won(receipt.taxFreeAmount) + ' 포함)' : ''),
        'cash-receipt-amount',
      );
      if (receipt.canceledAmount)
        row(
          info,
          '취소 금액',
          'Canceled',
          Demo.won(receipt.canceledAmount),
          'cash-receipt-canceled',
        );
      row(
        info,
        '상태',
        'Status',
        (RECEIPT_STATUS[receipt.status] || receipt.status) + ' (' + receipt.status + ')',
        'cash-receipt-status',
      );
      if (receipt.issueStatus)
        row(
          info,
          '국세청',
          'Tax office',
          ISSUE_STATUS[receipt.issueStatus] || receipt.issueStatus,
          'cash-receipt-issue-status',
        );
      row(info, '승인번호', 'Issue no.', receipt.issueNumber, 'cash-receipt-issue-number');
      if (receipt.failure)
        row(
          info,
          '실패 사유',
          'Failure',
          receipt.failure.code + ': ' + receipt.failure.message,
          'cash-receipt-failure',
        );
      if (receipt.receiptUrl)
        link(info, '영수증', 'Receipt', receipt.receiptUrl, '현금영수증 보기', 'cash-receipt-url');
      info.setAttribute('data-status', receipt.status);
      // Toss's answer not seen yet: the server finds it out; the customer checks back.
      if (receipt.status === 'REQUESTED') $('refresh').hidden = false;
    }
    info.hidden = !receipt;
    // A failed receipt may be asked for again; any other stands.
    var requestable = canRequestReceipt(shownPayment) && (!receipt || receipt.status === 'FAILED');
    $('cash-receipt-form').hidden = !requestable;
    $('cash-receipt').hidden = !receipt && !requestable;
  }

  function loadCashReceipt() {
    showReceiptError(null);
    var section = $('cash-receipt');
    section.removeAttribute('data-checked');
    // data-checked: the receipt (or its absence) is shown, for tests that check what is hidden.
    var checked = function () {
      section.setAttribute('data-checked', 'true');
    };
    if (!shownPayment || CASH_METHODS.indexOf(shownPayment.method) < 0) {
      section.hidden = true;
      checked();
      return Promise.resolve();
    }
    return Demo.api(cashReceiptPath(shownPayment))
      .then(showCashReceipt, function (error) {
        if (error.code === 'CASH_RECEIPT_NOT_FOUND') return showCashReceipt(null);
        section.hidden = true;
      })
      .then(checked);
  }

  $('cash-receipt-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var button = $('cash-receipt-submit');
    showReceiptError(null);
    button.disabled = true;
    Demo.api(cashReceiptPath(shownPayment), {
      method: 'POST',
      body: {
        type: form.querySelector('input[name=type]:checked').value,
        // Digits only; the number is sent once and kept nowhere on this page afterwards.
        identityNumber: form.elements.identityNumber.value.replace(/[\s-]/g, ''),
      },
    })
      .then(
        function (receipt) {
          form.reset();
          showCashReceipt(receipt);
        },
        function (error) {
          showReceiptError(error);
          // The receipt exists now (issued elsewhere, or its outcome is being found out): show it.
          if (
            error.code === 'CASH_RECEIPT_EXISTS' ||
            error.code === 'CASH_RECEIPT_OUTCOME_UNKNOWN'
          ) {
            form.reset();
            return Demo.api(cashReceiptPath(shownPayment)).then(showCashReceipt, function () {});
          }
        },
      )
      .then(function () {
        button.disabled = false;
      });
  });

  /** The order and, when it has one, its payment (card number, account number, …). */
  function loadOrder() {
    return Demo.api('/orders/' + encodeURIComponent(orderId)).then(function (order) {
      if (!order.payment) return render(null, order);
      return Demo.api('/payments/' + encodeURIComponent(order.payment.paymentKey)).then(
        function (payment) {
          render(payment, order);
          return loadCashReceipt();
        },
      );
    });
  }

  function confirm() {
    var pending = Demo.pendingOrder();
    // Toss's amount must equal the order's before anything is confirmed (docs/toss.md §8); the server checks it again.
    if (pending && pending.orderId === orderId && Number(amount) !== pending.amount) {
      return Promise.reject({
        code: 'AMOUNT_MISMATCH',
        message:
          '결제 금액이 주문 금액과 다릅니다 (' +
          amount +
          ' ≠ ' +
          pending.amount +
          '). 결제를 확정하지 않았습니다.',
      });
    }
    return Demo.api('/payments/confirm', {
      method: 'POST',
      body: { paymentKey: paymentKey, orderId: orderId, amount: Number(amount) },
    }).then(function (payment) {
      // A reload now shows the order instead of confirming again.
      history.replaceState(null, '', location.pathname + '?orderId=' + encodeURIComponent(orderId));
      return Demo.api('/orders/' + encodeURIComponent(orderId))
        .then(
          function (order) {
            render(payment, order);
          },
          function () {
            render(payment, null);
          },
        )
        .then(loadCashReceipt);
    });
  }

  function waitForChange(from, deadline) {
    return Demo.api('/orders/' + encodeURIComponent(orderId)).then(function (order) {
      if (order.status !== from || Date.now() > deadline) return loadOrder();
      return new Promise(function (resolve) {
        setTimeout(resolve, 500);
      }).then(function () {
        return waitForChange(from, deadline);
      });
    });
  }

  $('deposit').addEventListener('click', function () {
    $('deposit').disabled = true;
    Demo.request('/sandbox/toss/test/deposit', {
      method: 'POST',
      body: { orderId: orderId },
      auth: false,
    })
      .then(function () {
        return waitForChange('WAITING_FOR_DEPOSIT', Date.now() + 15000);
      })
      .catch(showError)
      .then(function () {
        $('deposit').disabled = false;
      });
  });

  $('refresh').addEventListener('click', function () {
    loadOrder().catch(showError);
  });

  function start() {
    if (!/^[A-Za-z0-9_-]{6,64}$/.test(orderId))
      return Promise.reject({
        code: 'VALIDATION_ERROR',
        message: '주문번호가 없습니다 / The page has no orderId.',
      });
    if (!Demo.hasToken()) {
      return Promise.reject({
        code: 'UNAUTHORIZED',
        message:
          '로그인 정보가 없습니다. 같은 탭에서 결제를 진행하세요. / Sign in again from the shop (the token lives in this tab).',
      });
    }
    return paymentKey && amount !== null ? confirm() : loadOrder();
  }

  Demo.config()
    .then(
      function (value) {
        config = value;
      },
      function () {
        config = null;
      },
    )
    .then(start)
    .catch(showError);
})();
