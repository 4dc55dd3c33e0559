/* global document, location, sessionStorage */
// A shop on its own origin, written as Toss's docs show: Toss's npm loader with `src` pointed at
// the backend's sandbox SDK, the order created through the backend's API (CORS), the payment
// confirmed by the backend. /vendor/tosspayments-sdk.js is the npm package's dist/index.esm.js.
import { loadTossPayments } from '/vendor/tosspayments-sdk.js';
import { api, shopApi, signUp, confirmAndShow, show } from '/common.js';

// By card a mixed order (상품1 taxable, 도서 tax-free); by account 상품2 alone.
const PRODUCTS_FOR = { CARD: ['상품1', '도서'], VIRTUAL_ACCOUNT: ['상품2'] };

async function main() {
  const tossPayments = await loadTossPayments('test_ck_another_shop', {
    src: `${shopApi()}/sandbox/sdk.js`,
  });
  // For the test: the SDK object the loader resolved with.
  globalThis.shopTossPayments = tossPayments;
  const user = await signUp();
  const products = (await api('/products')).items;
  document.getElementById('status').textContent = 'ready';
  const button = document.getElementById('pay');
  button.disabled = false;
  button.addEventListener('click', async () => {
    const method = document.getElementById('method').value;
    const mode = document.getElementById('mode').value;
    const items = PRODUCTS_FOR[method].map((name) => ({
      productId: products.find((p) => p.name === name).id,
      quantity: 1,
    }));
    try {
      const order = await api('/orders', { method: 'POST', body: { items } });
      sessionStorage.setItem('shop.order', JSON.stringify(order));
      const request = {
        method,
        amount: { currency: 'KRW', value: order.amount },
        orderId: order.orderId,
        orderName: order.orderName,
        customerName: user.name,
        // The server's tax-free part of the order: Toss reads it only here, never at confirm.
        taxFreeAmount: order.taxFreeAmount,
        metadata: { shop: 'another-origin' },
      };
      if (method === 'VIRTUAL_ACCOUNT') request.virtualAccount = { validHours: 24 };
      if (mode === 'redirect-self' || mode === 'redirect-iframe') {
        request.successUrl = `${location.origin}/success.html`;
        request.failUrl = `${location.origin}/fail.html`;
        request.windowTarget = mode === 'redirect-self' ? 'self' : 'iframe';
      }
      const payment = tossPayments.payment({ customerKey: user.id });
      const result = await payment.requestPayment(request);
      // Promise mode: the window's outcome, confirmed like a successUrl's query.
      await confirmAndShow(result.paymentKey, result.orderId, result.amount.value);
    } catch (error) {
      show({ step: 'error', code: error.code ?? error.name, message: error.message });
    }
  });
}

main().catch((error) => {
  document.getElementById('status').textContent = `error ${error.name}: ${error.message}`;
});
