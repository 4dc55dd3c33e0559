/*
 * SANDBOX billing-auth window (자동결제 카드 등록). Reads SDK v2 requestBillingAuth's inputs from the
 * query string (see sdk.js), lets the customer enter a card and pick an outcome, then does what
 * Toss's window does:
 *  - register: authenticates the card (POST /sandbox/toss/test/billing/authorize) and sends the
 *    browser to successUrl?customerKey&authKey (appended to successUrl's own query); the merchant
 *    then issues the billing key with the authKey;
 *  - decline: failUrl?code&message with Toss's code;
 *  - close: failUrl?code=PAY_PROCESS_CANCELED&message.
 * A card number that is not 15–16 digits is reported here, as a window would, and can be fixed.
 * method TRANSFER (계좌 자동결제) is not emulated: registering reports NOT_SUPPORTED_METHOD on failUrl.
 * Opened in an iframe, the outcome goes to the SDK in the parent page, which sends the page on.
 */
(function () {
  'use strict';

  var AUTHORIZE_URL = '/sandbox/toss/test/billing/authorize';
  var CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;

  var w = window.SandboxWindow;
  var $ = w.$;
  var form = $('billing-form');
  var button = $('register');

  var customerKey = w.param('customerKey');
  var method = w.param('method') || 'CARD';
  if (!CUSTOMER_KEY.test(customerKey))
    w.problems.push(
      'customerKey 는 2~50자 [A-Za-z0-9-_=.@] 여야 합니다 / is not a valid customerKey.',
    );
  if (method !== 'CARD' && method !== 'TRANSFER')
    w.problems.push('method 는 CARD 또는 TRANSFER 입니다 / must be CARD or TRANSFER.');

  $('customer-key').textContent = customerKey || '—';
  $('customer').textContent =
    [w.param('customerName'), w.param('customerEmail')].filter(Boolean).join(' · ') || '—';
  if (method === 'TRANSFER') $('method').textContent = '계좌 (샌드박스 미지원 / not emulated)';
  form.elements.cardNumber.value = w.data.defaultCardNumber.replace(/(\d{4})(?=\d)/g, '$1 ');

  function selectedOutcome() {
    return form.querySelector('input[name=outcome]:checked').value;
  }
  function showOutcome() {
    $('decline-code').disabled = selectedOutcome() === 'register';
  }
  form.addEventListener('change', showOutcome);
  var declineFor = w.declines(w.data, $('decline-code'));
  showOutcome();
  w.reportProblems(
    button,
    '카드 등록 요청이 올바르지 않습니다 / The billing-auth request is invalid:',
  );

  function close() {
    w.close(w.data.closed);
  }
  $('close').addEventListener('click', close);
  $('cancel').addEventListener('click', close);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (w.problems.length > 0 || button.disabled) return;
    if (selectedOutcome() === 'decline') {
      var decline = declineFor($('decline-code').value);
      return w.finish('fail', { code: decline.code, message: decline.message });
    }
    if (method === 'TRANSFER') return w.finish('fail', w.data.notEmulated);
    button.disabled = true;
    w.postJson(AUTHORIZE_URL, {
      customerKey: customerKey,
      cardNumber: form.elements.cardNumber.value,
      cardIssuerCode: form.elements.cardIssuerCode.value,
      cardType: form.elements.cardType.value,
      ownerType: form.elements.ownerType.value,
    })
      .then(function (result) {
        if (result.ok && result.body.authKey) {
          return w.finish('success', {
            customerKey: result.body.customerKey,
            authKey: result.body.authKey,
          });
        }
        if (result.body.code === 'INVALID_CARD_NUMBER') {
          button.disabled = false;
          return w.problem(result.body.message + ' / Check the card number (15–16 digits).');
        }
        if (result.body.code) {
          return w.finish('fail', { code: result.body.code, message: result.body.message || '' });
        }
        throw new Error('unexpected answer');
      })
      .catch(function () {
        button.disabled = false;
        w.problem(
          '샌드박스에 연결하지 못했습니다. 다시 시도해 주세요 / Could not reach the sandbox; try again.',
        );
      });
  });
})();
