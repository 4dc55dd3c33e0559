/* Demo subscriptions: register a card in the billing-auth window, subscribe to a plan, see the charges (README, Recurring payments). */
(function () {
  'use strict';

  var Demo = window.Demo;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var PAGE = '/demo/subscription';
  var config = null;
  var user = null;
  var cards = [];
  var busy = false;

  var SUBSCRIPTION_STATUS = {
    TRIALING: '무료 체험 중',
    ACTIVE: '이용 중',
    PAST_DUE: '결제 실패',
    UNPAID: '미납 종료',
    CANCELED: '해지됨',
  };
  var CHARGE_STATUS = {
    IN_PROGRESS: '확인 중',
    DONE: '결제 완료',
    DECLINED: '거절',
    VOIDED: '승인 취소',
  };
  var UNITS = { MONTH: '개월', WEEK: '주', DAY: '일' };

  function label(labels, status) {
    return labels[status] ? labels[status] + ' (' + status + ')' : status;
  }

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

  function showNotice(text) {
    $('notice').textContent = text || '';
    $('notice').hidden = !text;
  }

  /** A failed call: a lost session sends the customer to sign in again. */
  function fail(error) {
    if (error && error.status === 401) {
      Demo.signOut();
      showSignIn();
    }
    showError(error);
  }

  // ---------------------------------------------------------------- account (the shop's session)

  function showSignedIn(me) {
    user = me;
    $('sign-in').hidden = true;
    $('billing').hidden = false;
    $('account').hidden = false;
    $('account-name').textContent = me.name + ' · ' + me.email;
  }

  function showSignIn() {
    $('sign-in').hidden = false;
    $('billing').hidden = true;
    $('account').hidden = true;
  }

  // ---------------------------------------------------------------- the billing-auth window

  $('add-card').addEventListener('click', function () {
    showError(null);
    showNotice(null);
    var button = $('add-card');
    button.disabled = true;
    $('card-hint').textContent = '카드 등록창을 여는 중… / Opening the billing-auth window';
    // The customerKey is the server's random one for this customer, never an id or an email.
    Promise.all([Demo.api('/billing/customer-key'), Demo.loadSdk(config.sdkUrl)])
      .then(function (results) {
        var origin = location.origin;
        // Redirect mode: the window sends the tab to successUrl?…&customerKey&authKey or failUrl?…&code&message.
        return results[1](config.clientKey)
          .payment({ customerKey: results[0].customerKey })
          .requestBillingAuth({
            method: 'CARD',
            successUrl: origin + PAGE + '?billing=success',
            failUrl: origin + PAGE + '?billing=fail',
            customerEmail: user.email,
            customerName: user.name,
          });
      })
      .catch(function (error) {
        button.disabled = false;
        $('card-hint').textContent = '';
        fail(error);
      });
  });

  /** Back from the window: register the card (the same authKey again answers the same card), then drop the query. */
  function handleReturn() {
    var query = new URLSearchParams(location.search);
    var outcome = query.get('billing');
    if (!outcome) return Promise.resolve();
    history.replaceState(null, '', PAGE);
    if (outcome === 'fail') {
      showError({
        code: query.get('code') || 'UNKNOWN',
        message:
          query.get('message') || '카드를 등록하지 못했습니다 / The card was not registered.',
      });
      return Promise.resolve();
    }
    return Demo.api('/billing/cards', {
      method: 'POST',
      body: { authKey: query.get('authKey'), customerKey: query.get('customerKey') },
    }).then(function (card) {
      showNotice(
        '카드를 등록했습니다 / Card registered: ' +
          Demo.cardIssuer(card.issuerCode) +
          ' ' +
          card.maskedNumber,
      );
    }, fail);
  }

  // ---------------------------------------------------------------- cards and plans

  function cardText(card) {
    return Demo.cardIssuer(card.issuerCode) + ' ' + card.maskedNumber;
  }

  function loadCards() {
    return Demo.api('/billing/cards').then(function (list) {
      cards = list.items;
      var box = $('cards');
      box.textContent = '';
      var choice = $('card-choice');
      choice.textContent = '';
      if (cards.length === 0) {
        box.appendChild(
          Demo.el('li', { className: 'muted', text: '등록된 카드가 없습니다 / No cards yet.' }),
        );
        choice.appendChild(Demo.el('option', { value: '', text: '먼저 카드를 등록하세요' }));
      }
      cards.forEach(function (card) {
        box.appendChild(
          Demo.el('li', { 'data-card': card.id }, [
            Demo.el('span', { 'data-field': 'card', text: cardText(card) }),
            Demo.el('span', {
              className: 'muted small',
              text: (card.cardType || '') + ' · ' + Demo.dateTime(card.createdAt),
            }),
          ]),
        );
        choice.appendChild(Demo.el('option', { value: card.id, text: cardText(card) }));
      });
      updateButtons();
    });
  }

  function interval(item) {
    return item.intervalCount + (UNITS[item.intervalUnit] || item.intervalUnit);
  }

  function loadPlans() {
    return Demo.api('/plans?limit=100', { auth: false }).then(function (page) {
      var box = $('plans');
      box.textContent = '';
      if (page.items.length === 0)
        box.appendChild(
          Demo.el('p', {
            className: 'muted',
            text: '판매 중인 요금제가 없습니다 (관리자가 POST /api/v1/plans 로 만듭니다) / No plans yet.',
          }),
        );
      page.items.forEach(function (plan) {
        var button = Demo.el('button', {
          type: 'button',
          className: 'primary subscribe',
          'aria-label': plan.name + ' 구독하기',
        });
        button.appendChild(document.createTextNode('구독하기 '));
        button.appendChild(Demo.el('small', { text: 'Subscribe' }));
        button.addEventListener('click', function () {
          subscribe(plan);
        });
        box.appendChild(
          Demo.el('article', { className: 'plan', 'data-plan': plan.name }, [
            Demo.el('h3', {}, [plan.name + ' ', Demo.taxFreeBadge(plan.taxClass)]),
            Demo.el('div', {
              className: 'price',
              text: Demo.won(plan.amount) + ' / ' + interval(plan),
            }),
            plan.trialDays
              ? Demo.el('p', {
                  className: 'muted small',
                  text: '무료 체험 ' + plan.trialDays + '일 / ' + plan.trialDays + '-day trial',
                })
              : null,
            button,
          ]),
        );
      });
      updateButtons();
    });
  }

  function updateButtons() {
    $('add-card').disabled = busy || !config || !config.sdk;
    var canSubscribe = !busy && cards.length > 0;
    Array.prototype.forEach.call(document.querySelectorAll('button.subscribe'), function (b) {
      b.disabled = !canSubscribe;
    });
  }

  function subscribe(plan) {
    var cardId = $('card-choice').value;
    if (!cardId) return;
    showError(null);
    showNotice(null);
    busy = true;
    updateButtons();
    // The first charge runs before the answer (or when the trial ends).
    Demo.api('/subscriptions', { method: 'POST', body: { planId: plan.id, cardId: cardId } })
      .then(function () {
        showNotice('구독했습니다 / Subscribed: ' + plan.name);
        return loadSubscriptions();
      })
      .catch(fail)
      .then(function () {
        busy = false;
        updateButtons();
      });
  }

  // ---------------------------------------------------------------- subscriptions and charges

  function row(name, term, value) {
    return [
      Demo.el('dt', { text: term }),
      Demo.el('dd', { 'data-field': name, text: value == null || value === '' ? '—' : value }),
    ];
  }

  function cancel(subscription, atPeriodEnd) {
    showError(null);
    showNotice(null);
    Demo.api('/subscriptions/' + encodeURIComponent(subscription.id) + '/cancel', {
      method: 'POST',
      body: { atPeriodEnd: atPeriodEnd },
    })
      .then(function () {
        showNotice(
          atPeriodEnd
            ? '이용 기간이 끝나면 해지됩니다 / Cancels at the end of the paid period.'
            : '해지했습니다 / Canceled.',
        );
        return loadSubscriptions();
      })
      .catch(fail);
  }

  function chargeTable(charges) {
    if (!charges || charges.length === 0)
      return Demo.el('p', { className: 'muted small', text: '청구 내역 없음 / No charges yet.' });
    var body = Demo.el(
      'tbody',
      {},
      charges.map(function (charge) {
        return Demo.el('tr', { 'data-period': String(charge.period) }, [
          Demo.el('td', {
            text:
              charge.period +
              '회차' +
              (charge.attempt > 1 ? ' · ' + charge.attempt + '차 시도' : ''),
          }),
          Demo.el('td', { text: Demo.won(charge.amount) }),
          Demo.el('td', {
            'data-field': 'charge-status',
            text: label(CHARGE_STATUS, charge.status),
          }),
          Demo.el('td', {
            text: charge.failureCode
              ? charge.failureCode + ' ' + (charge.failureMessage || '')
              : Demo.dateTime(charge.approvedAt || charge.createdAt),
          }),
        ]);
      }),
    );
    return Demo.el('table', { className: 'charges' }, [
      Demo.el('thead', {}, [
        Demo.el('tr', {}, [
          Demo.el('th', { text: '회차 / Period' }),
          Demo.el('th', { text: '금액 / Amount' }),
          Demo.el('th', { text: '상태 / Status' }),
          Demo.el('th', { text: '승인 / When' }),
        ]),
      ]),
      body,
    ]);
  }

  function renderSubscription(s) {
    var card = cards.filter(function (c) {
      return c.id === s.cardId;
    })[0];
    var ended = s.status === 'CANCELED' || s.status === 'UNPAID';
    var actions = Demo.el('div', { className: 'row' });
    if (!ended && !s.cancelAtPeriodEnd) {
      var later = Demo.el('button', { type: 'button', className: 'cancel-at-end' }, [
        '기간 끝에 해지 ',
        Demo.el('small', { text: 'Cancel at period end' }),
      ]);
      later.addEventListener('click', function () {
        cancel(s, true);
      });
      actions.appendChild(later);
    }
    if (!ended) {
      var now = Demo.el('button', { type: 'button', className: 'cancel-now' }, [
        '지금 해지 ',
        Demo.el('small', { text: 'Cancel now' }),
      ]);
      now.addEventListener('click', function () {
        cancel(s, false);
      });
      actions.appendChild(now);
    }
    return Demo.el('article', { className: 'subscription', 'data-subscription': s.id }, [
      Demo.el('h3', { text: s.planName + ' · ' + Demo.won(s.amount) + ' / ' + interval(s) }),
      Demo.el(
        'dl',
        { className: 'rows' },
        [].concat(
          row('status', '상태 / Status', label(SUBSCRIPTION_STATUS, s.status)),
          row('next-charge', '다음 결제 / Next charge', ended ? '' : Demo.dateTime(s.nextChargeAt)),
          row('paid-until', '이용 기한 / Paid until', Demo.dateTime(s.paidUntil)),
          row('card', '카드 / Card', card ? cardText(card) : s.needsNewCard ? '새 카드 필요' : ''),
          s.cancelAtPeriodEnd
            ? row('cancel-at-end', '해지 예약 / Cancels', '기간 끝에 해지됩니다 / at period end')
            : [],
          s.lastFailureCode ? row('failure', '실패 / Last failure', s.lastFailureCode) : [],
        ),
      ),
      chargeTable(s.charges),
      actions,
    ]);
  }

  function loadSubscriptions() {
    return Demo.api('/subscriptions')
      .then(function (list) {
        // The list comes without charges; each one read for them.
        return Promise.all(
          list.items.map(function (s) {
            return Demo.api('/subscriptions/' + encodeURIComponent(s.id));
          }),
        );
      })
      .then(function (subscriptions) {
        var box = $('subscriptions');
        box.textContent = '';
        if (subscriptions.length === 0)
          box.appendChild(
            Demo.el('p', { className: 'muted', text: '구독이 없습니다 / No subscriptions yet.' }),
          );
        subscriptions.forEach(function (s) {
          box.appendChild(renderSubscription(s));
        });
      });
  }

  // ---------------------------------------------------------------- start

  function showMode() {
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
      $('card-hint').textContent =
        'TOSS_CLIENT_KEY 가 없고 샌드박스도 꺼져 있습니다 / Set TOSS_CLIENT_KEY or enable the sandbox.';
    }
  }

  Promise.all([
    Demo.config().then(function (value) {
      config = value;
      showMode();
    }),
    Demo.startSession(showSignedIn, showSignIn),
  ])
    .then(function () {
      if (!user) return;
      return handleReturn().then(function () {
        return Promise.all([loadCards(), loadPlans()]).then(loadSubscriptions);
      });
    })
    .then(updateButtons, fail);
})();
