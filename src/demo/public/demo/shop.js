/* Demo checkout, shop page: sign in, pick quantities, create the order, open Toss's payment window (SDK v2). */
(function () {
  'use strict';

  var Demo = window.Demo;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var products = [];
  var quantities = {};
  var config = null;
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,300}$/;

  function showError(error) {
    var box = $('error');
    if (!error) {
      box.hidden = true;
      return;
    }
    box.textContent =
      (error.code ? '[' + error.code + '] ' : '') + (error.message || String(error));
    box.hidden = false;
  }

  // ---------------------------------------------------------------- account

  function showSignedIn(user) {
    $('sign-in').hidden = true;
    $('shop').hidden = false;
    $('account').hidden = false;
    $('account-name').textContent = user.name + ' · ' + user.email;
    updateCart();
  }

  function showSignIn() {
    $('sign-in').hidden = false;
    $('shop').hidden = true;
    $('account').hidden = true;
  }

  $('random-account').addEventListener('click', function () {
    showError(null);
    Demo.registerRandom().then(showSignedIn, showError);
  });

  $('sign-in-form').addEventListener('submit', function (event) {
    event.preventDefault();
    showError(null);
    var form = event.target;
    var action = event.submitter ? event.submitter.value : 'login';
    var email = form.elements.email.value.trim();
    var password = form.elements.password.value;
    var done =
      action === 'register'
        ? Demo.register(email, password, form.elements.name.value.trim() || '데모 고객')
        : Demo.signIn(email, password);
    done.then(showSignedIn, showError);
  });

  $('sign-out').addEventListener('click', function () {
    Demo.signOut();
    showSignIn();
  });

  // ---------------------------------------------------------------- catalogue and cart

  function renderProducts() {
    var list = $('products');
    list.textContent = '';
    if (products.length === 0)
      list.appendChild(
        Demo.el('p', { className: 'muted', text: '판매 중인 상품이 없습니다 / No products.' }),
      );
    products.forEach(function (product, index) {
      var input = Demo.el('input', {
        type: 'number',
        min: '0',
        max: '99',
        value: String(quantities[product.id] || 0),
        'aria-label': product.name + ' 수량 / quantity',
      });
      input.addEventListener('input', function () {
        setQuantity(product.id, Number(input.value));
      });
      var minus = Demo.el('button', {
        type: 'button',
        className: 'step',
        'aria-label': product.name + ' 하나 빼기',
        text: '−',
      });
      var plus = Demo.el('button', {
        type: 'button',
        className: 'step',
        'aria-label': product.name + ' 하나 더하기',
        text: '+',
      });
      minus.addEventListener('click', function () {
        setQuantity(product.id, (quantities[product.id] || 0) - 1);
        input.value = String(quantities[product.id] || 0);
      });
      plus.addEventListener('click', function () {
        setQuantity(product.id, (quantities[product.id] || 0) + 1);
        input.value = String(quantities[product.id] || 0);
      });
      list.appendChild(
        Demo.el('article', { className: 'product', 'data-product': product.name }, [
          Demo.el('div', {
            className: 'thumb',
            style: '--hue:' + ((205 + index * 47) % 360),
            text: product.name,
          }),
          Demo.el('h3', {}, [product.name + ' ', Demo.taxFreeBadge(product.taxClass)]),
          product.description
            ? Demo.el('p', { className: 'muted small', text: product.description })
            : null,
          Demo.el('div', { className: 'price', text: Demo.won(product.price) }),
          Demo.el('div', { className: 'qty' }, [minus, input, plus]),
        ]),
      );
    });
  }

  function setQuantity(productId, value) {
    var quantity = Math.max(0, Math.min(99, Math.floor(Number(value) || 0)));
    if (quantity === 0) delete quantities[productId];
    else quantities[productId] = quantity;
    updateCart();
  }

  function cartLines() {
    return products
      .filter(function (p) {
        return quantities[p.id];
      })
      .map(function (p) {
        return {
          product: p,
          quantity: quantities[p.id],
          amount: p.price * quantities[p.id],
          taxFree: p.taxClass === 'TAX_FREE',
        };
      });
  }

  function updateCart() {
    var lines = cartLines();
    var list = $('lines');
    list.textContent = '';
    if (lines.length === 0)
      list.appendChild(
        Demo.el('li', {
          className: 'muted',
          text: '상품의 수량을 고르세요 / Pick quantities above',
        }),
      );
    lines.forEach(function (line) {
      list.appendChild(
        Demo.el('li', { 'data-line': line.product.name }, [
          Demo.el('span', {}, [
            line.product.name + ' × ' + line.quantity + ' ',
            Demo.taxFreeBadge(line.product.taxClass),
          ]),
          Demo.el('span', { text: Demo.won(line.amount) }),
        ]),
      );
    });
    // Shown only; the server prices the order (and its tax-free part) and the window is opened
    // with the server's amounts.
    var sum = function (parts) {
      return parts.reduce(function (total, line) {
        return total + line.amount;
      }, 0);
    };
    $('total').textContent = Demo.won(sum(lines));
    var taxFree = sum(
      lines.filter(function (line) {
        return line.taxFree;
      }),
    );
    $('tax-free-line').hidden = taxFree === 0;
    $('tax-free').textContent = '면세 ' + Demo.won(taxFree) + ' 포함';
    $('pay').disabled = lines.length === 0 || !config || !config.sdk;
  }

  // ---------------------------------------------------------------- payment window

  function selectedMethod() {
    return document.querySelector('input[name=method]:checked').value;
  }

  /** requestPayment's parameters as Toss's SDK v2 takes them (docs/toss.md §8). */
  function paymentRequest(order, method, user) {
    var origin = location.origin;
    var serverConfirms = $('server-redirect').checked;
    var request = {
      method: method === 'EASY_PAY' ? 'CARD' : method,
      amount: { currency: 'KRW', value: order.amount },
      // The server's tax-free part of the amount (면세). Toss reads it only here, never on confirm.
      taxFreeAmount: order.taxFreeAmount,
      orderId: order.orderId,
      orderName: order.orderName,
      successUrl:
        origin + (serverConfirms ? '/api/v1/payments/toss/success' : '/demo/payments/success'),
      failUrl: origin + (serverConfirms ? '/api/v1/payments/toss/fail' : '/demo/payments/fail'),
      customerEmail: user.email,
      customerName: user.name,
    };
    if (method === 'CARD')
      request.card = {
        useEscrow: false,
        flowMode: 'DEFAULT',
        useCardPoint: false,
        useAppCardOnly: false,
      };
    if (method === 'EASY_PAY')
      request.card = {
        useEscrow: false,
        flowMode: 'DIRECT',
        easyPay: 'TOSSPAY',
        useCardPoint: false,
        useAppCardOnly: false,
      };
    // A transfer asks for a receipt in the window; an account leaves it to the customer there, or to
    // the receipt page once paid (POST /api/v1/payments/{paymentKey}/cash-receipt).
    if (method === 'VIRTUAL_ACCOUNT')
      request.virtualAccount = {
        cashReceipt: { type: '미발행' },
        useEscrow: false,
        validHours: 24,
      };
    if (method === 'TRANSFER')
      request.transfer = { cashReceipt: { type: '소득공제' }, useEscrow: false };
    return request;
  }

  $('pay').addEventListener('click', function () {
    var lines = cartLines();
    if (lines.length === 0) return;
    showError(null);
    var button = $('pay');
    button.disabled = true;
    var method = selectedMethod();
    var user = Demo.currentUser();
    Demo.api('/orders', {
      method: 'POST',
      body: {
        items: lines.map(function (l) {
          return { productId: l.product.id, quantity: l.quantity };
        }),
      },
    })
      .then(function (order) {
        // The success page checks Toss's amount against this before confirming (docs/toss.md §8).
        Demo.savePendingOrder({
          orderId: order.orderId,
          amount: order.amount,
          taxFreeAmount: order.taxFreeAmount,
          orderName: order.orderName,
          method: method,
        });
        $('pay-hint').textContent =
          '주문 ' +
          order.orderId +
          ' (' +
          Demo.won(order.amount) +
          ') 결제창을 여는 중… / Opening the payment window';
        return Demo.loadSdk(config.sdkUrl).then(function (TossPayments) {
          var customerKey = user && CUSTOMER_KEY.test(user.id) ? user.id : TossPayments.ANONYMOUS;
          var payment = TossPayments(config.clientKey).payment({ customerKey: customerKey });
          // Redirect mode: the browser leaves for the window; the Promise settles only on an error.
          return payment.requestPayment(paymentRequest(order, method, user));
        });
      })
      .catch(function (error) {
        button.disabled = false;
        $('pay-hint').textContent = '';
        if (error && error.code === 'USER_CANCEL')
          return showError({
            code: error.code,
            message: '결제를 취소했습니다 / You closed the payment window.',
          });
        if (error && error.status === 401) {
          Demo.signOut();
          showSignIn();
        }
        showError(error);
      });
  });

  // ---------------------------------------------------------------- start

  Promise.all([
    Demo.config().then(function (value) {
      config = value;
      var mode = $('mode');
      mode.hidden = false;
      if (config.sdk === 'sandbox') {
        mode.textContent = 'SANDBOX';
        mode.className = 'mode sandbox';
      } else if (config.sdk === 'toss') {
        mode.textContent = config.clientKey.indexOf('live_') === 0 ? 'LIVE · Toss' : 'TEST · Toss';
        mode.className = 'mode toss';
      } else {
        mode.textContent = '결제 불가 / no payment window';
        mode.className = 'mode off';
        $('pay-hint').textContent =
          'TOSS_CLIENT_KEY 가 없고 샌드박스도 꺼져 있습니다 / Set TOSS_CLIENT_KEY or enable the sandbox.';
      }
    }),
    Demo.api('/products?limit=100', { auth: false }).then(function (page) {
      products = page.items;
      renderProducts();
    }),
    Demo.startSession(showSignedIn, showSignIn),
  ]).then(updateCart, showError);
})();
