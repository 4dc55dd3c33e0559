/*
 * What the sandbox's windows share (the payment window checkout.js, the billing-auth window
 * billing.js): the request in the query string (as sdk.js puts it there), where the outcome goes
 * (successUrl / failUrl, or, opened in an iframe, the SDK in the parent page through postMessage)
 * and how problems are shown. Loaded before the window's own script, as window.SandboxWindow.
 */
(function () {
  'use strict';

  var query = new URLSearchParams(location.search);
  var problems = [];

  function $(id) {
    return document.getElementById(id);
  }
  function param(name) {
    var value = query.get(name);
    return value === null ? '' : value.trim();
  }
  /** A parameter the SDK sent as JSON (an object), or {} when absent or not JSON. */
  function json(name) {
    try {
      return JSON.parse(param(name) || 'null') || {};
    } catch (e) {
      return {};
    }
  }

  function httpUrl(name) {
    var value = param(name);
    if (!value) {
      problems.push(name + ' 가 없습니다 / is missing.');
      return null;
    }
    try {
      var url = new URL(value);
      // Never navigate to javascript:, data: or similar from a query parameter.
      if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    } catch (e) {
      /* reported below */
    }
    problems.push(name + ' 는 http(s) URL이어야 합니다 / must be an http(s) URL.');
    return null;
  }

  function origin(value) {
    try {
      var url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value)
        return url.origin;
    } catch (e) {
      /* reported by the caller */
    }
    return null;
  }

  // In an iframe the SDK in the parent page gets the outcome: no URLs here.
  var inFrame = param('windowTarget') === 'iframe';
  var parentOrigin = inFrame ? origin(param('parentOrigin')) : null;
  if (inFrame && !parentOrigin)
    problems.push('parentOrigin 은 http(s) origin이어야 합니다 / must be an http(s) origin.');
  var successUrl = inFrame ? null : httpUrl('successUrl');
  var failUrl = inFrame ? null : httpUrl('failUrl');
  var CLIENT_KEY = /^test_(ck|gck)_[A-Za-z0-9_]+$/;
  if (!CLIENT_KEY.test(param('clientKey')))
    problems.push(
      'clientKey 는 테스트 클라이언트 키(test_ck_…)여야 합니다 / must be a test client key.',
    );

  /** Sends the browser on with the outcome appended to the URL's own query (Toss appends too). */
  function go(url, params) {
    var target = new URL(url.toString());
    Object.keys(params).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null)
        target.searchParams.set(key, String(params[key]));
    });
    location.assign(target.toString());
  }

  /** Hands the outcome to the parent page's SDK (in an iframe), or sends the tab on (successUrl/failUrl). */
  function finish(result, params) {
    if (inFrame) {
      window.parent.postMessage(
        { source: 'toss-sandbox-window', result: result, params: params },
        parentOrigin,
      );
      return;
    }
    go(result === 'success' ? successUrl : failUrl, params);
  }

  function problem(text) {
    $('problem').textContent = text;
    $('problem').hidden = false;
  }

  /** Shows the problems found in the request, if any, and disables `button`. */
  function reportProblems(button, what) {
    if (problems.length === 0) return;
    problem(what + '\n' + problems.join('\n'));
    button.disabled = true;
  }

  /** The customer closed the window: Toss's `closed` code on failUrl, with no orderId (docs/toss.md §8). */
  function close(closed) {
    if (!failUrl && !inFrame)
      return problem('failUrl 이 없어 돌아갈 곳이 없습니다 / There is no failUrl to return to.');
    if (inFrame && !parentOrigin) return;
    finish('close', { code: closed.code, message: closed.message });
  }

  /** Each declinable code with its message (from the server), for a select and for failUrl. */
  function declines(data, select) {
    data.declines.forEach(function (decline) {
      var option = document.createElement('option');
      option.value = decline.code;
      option.textContent = decline.code + ' — ' + decline.message;
      select.appendChild(option);
    });
    return function declineFor(code) {
      for (var i = 0; i < data.declines.length; i++)
        if (data.declines[i].code === code) return data.declines[i];
      return { code: code, message: '결제에 실패했습니다.' };
    };
  }

  /** POSTs a JSON body to a test control: resolves {ok, body}; rejects when the sandbox is unreachable. */
  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          return { ok: response.ok, body: answer };
        });
    });
  }

  window.SandboxWindow = {
    data: JSON.parse($('sandbox-data').textContent),
    query: query,
    problems: problems,
    $: $,
    param: param,
    json: json,
    inFrame: inFrame,
    finish: finish,
    problem: problem,
    reportProblems: reportProblems,
    close: close,
    declines: declines,
    postJson: postJson,
  };
})();
