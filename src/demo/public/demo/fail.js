/* Demo checkout, failUrl page: Toss's (or the server's) code and message, and the order's state. */
(function () {
  'use strict';

  var Demo = window.Demo;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var query = new URLSearchParams(location.search);
  var code = query.get('code') || 'UNKNOWN';
  var message = query.get('message') || '결제가 완료되지 않았습니다.';
  var orderId = query.get('orderId');

  $('code').textContent = code;
  $('message').textContent = message;
  if (code === 'PAY_PROCESS_CANCELED') {
    $('title').textContent = '결제를 취소했습니다 ';
    $('title').appendChild(Demo.el('small', { text: 'You closed the payment window' }));
  }
  // Toss sends no orderId when the customer closes the window: the tab remembers which order it was (docs/toss.md §10.14).
  if (!orderId) {
    var pending = Demo.pendingOrder();
    if (pending) orderId = pending.orderId;
  }
  $('order-id').textContent = orderId || '—';

  if (orderId && /^[A-Za-z0-9_-]{6,64}$/.test(orderId) && Demo.hasToken()) {
    Demo.api('/orders/' + encodeURIComponent(orderId)).then(
      function (order) {
        $('order-status').textContent = Demo.statusLabel(order.status);
        if (order.status === 'PENDING')
          $('hint').textContent =
            '주문은 아직 결제 대기 상태입니다. 다시 결제할 수 있습니다. / The order is still payable.';
      },
      function () {
        $('order-status').textContent = '—';
      },
    );
  }
})();
