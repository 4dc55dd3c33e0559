/* global document, location, sessionStorage, fetch, crypto, URLSearchParams */
/** The backend's origin: ?api= on the shop's first page, kept for the redirect pages. */
export function shopApi() {
  const given = new URLSearchParams(location.search).get('api');
  if (given) sessionStorage.setItem('shop.api', given);
  return sessionStorage.getItem('shop.api');
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = sessionStorage.getItem('shop.token');
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${shopApi()}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok)
    throw Object.assign(new Error(json?.message ?? String(response.status)), { code: json?.code });
  return json;
}

export async function signUp() {
  const id = crypto.randomUUID().slice(0, 12);
  const email = `shop-${id}@shop.test`;
  const password = `pw-${crypto.randomUUID()}`;
  await api('/auth/register', { method: 'POST', body: { email, password, name: `고객 ${id}` } });
  const login = await api('/auth/login', { method: 'POST', body: { email, password } });
  sessionStorage.setItem('shop.token', login.accessToken);
  return api('/auth/me');
}

export function show(result) {
  const out = document.getElementById('result');
  out.textContent = JSON.stringify(result);
  out.dataset.step = result.step;
}

/** What a successUrl page does: the amount checked against the order, then the server confirms. */
export async function confirmAndShow(paymentKey, orderId, amount) {
  const order = JSON.parse(sessionStorage.getItem('shop.order') ?? 'null');
  if (!order || order.orderId !== orderId || order.amount !== Number(amount))
    return show({ step: 'error', code: 'AMOUNT_OR_ORDER_MISMATCH' });
  const payment = await api('/payments/confirm', {
    method: 'POST',
    body: { paymentKey, orderId, amount: Number(amount) },
  });
  show({ step: 'confirmed', orderId, paymentKey, status: payment.status });
}
