import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import { tossConfig } from '../config/app.config';
import type {
  CancelCashReceiptRequest,
  IssueCashReceiptRequest,
  ListCashReceiptsQuery,
  TossCashReceipt,
  TossCashReceiptPage,
} from './cash-receipt.types';
import { TossError, tossErrorFrom } from './toss.errors';
import {
  CancelRequest,
  ChargeBillingKeyRequest,
  ConfirmRequest,
  IssueBillingKeyRequest,
  TossBilling,
  TossOperation,
  TossPayment,
} from './toss.types';

export const TOSS_API_ORIGIN = 'https://api.tosspayments.com';

/**
 * Where calls go and with which secret key, when the composition root decides it at run time
 * (a Toss stand-in served by this very process is known only once it listens). Without one:
 * TOSS_API_BASE_URL (else Toss's origin) and TOSS_SECRET_KEY.
 */
export interface TossEndpoint {
  baseUrl(): string;
  secretKey: string;
}
export const TOSS_ENDPOINT = Symbol('TOSS_ENDPOINT');

export interface TossCallInfo {
  operation: TossOperation;
  status?: number;
  code?: string;
  durationMs: number;
}

type Connectable = { createConnection(options: object, callback?: unknown): Socket };

/** Destroys a socket that has not connected within `ms`: a dead route fails fast, a slow Toss does not. */
function withConnectTimeout<T extends http.Agent>(agent: T, ms: number): T {
  const target = agent as unknown as Connectable;
  const create = target.createConnection.bind(agent);
  target.createConnection = (options, callback) => {
    const socket = create(options, callback);
    const timer = setTimeout(
      () => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ECONNTIMEOUT' })),
      ms,
    );
    socket.once(
      socket instanceof Socket && 'encrypted' in socket ? 'secureConnect' : 'connect',
      () => clearTimeout(timer),
    );
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
  return agent;
}

/**
 * The only code that speaks HTTP to Toss: base URL, Basic auth, timeouts, Idempotency-Key on every
 * POST, lenient parsing, and one typed error (TossError) that says whether the outcome is known.
 */
@Injectable()
export class TossClient implements OnModuleDestroy {
  private readonly logger = new Logger(TossClient.name);
  private readonly http: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly endpoint: TossEndpoint;

  constructor(
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
    @Optional() @Inject(TOSS_ENDPOINT) endpoint?: TossEndpoint,
  ) {
    this.endpoint = endpoint ?? {
      baseUrl: () => config.apiBaseUrl ?? TOSS_API_ORIGIN,
      secretKey: config.secretKey ?? '',
    };
    const secret = this.endpoint.secretKey;
    this.httpAgent = withConnectTimeout(
      new http.Agent({ keepAlive: true, maxSockets: 64 }),
      config.connectTimeoutMs,
    );
    this.httpsAgent = withConnectTimeout(
      new https.Agent({ keepAlive: true, maxSockets: 64 }),
      config.connectTimeoutMs,
    );
    this.http = axios.create({
      timeout: config.readTimeoutMs,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // Toss answers errors with a body we want; we judge statuses ourselves.
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      maxRedirects: 0,
      headers: {
        // The secret key is the user name, the password is empty: the colon is mandatory (docs/toss.md §1).
        Authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
    });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** The origin calls go to. */
  baseUrl(): string {
    return this.endpoint.baseUrl();
  }

  confirm(body: ConfirmRequest, idempotencyKey: string): Promise<TossPayment> {
    return this.call(
      'confirm',
      {
        method: 'POST',
        url: '/v1/payments/confirm',
        data: body,
        timeout: this.config.confirmTimeoutMs,
      },
      idempotencyKey,
    );
  }

  getPayment(paymentKey: string): Promise<TossPayment> {
    return this.call('get', {
      method: 'GET',
      url: `/v1/payments/${encodeURIComponent(paymentKey)}`,
    });
  }

  getPaymentByOrderId(orderId: string): Promise<TossPayment> {
    return this.call('getByOrderId', {
      method: 'GET',
      url: `/v1/payments/orders/${encodeURIComponent(orderId)}`,
    });
  }

  cancel(paymentKey: string, body: CancelRequest, idempotencyKey: string): Promise<TossPayment> {
    return this.call(
      'cancel',
      {
        method: 'POST',
        url: `/v1/payments/${encodeURIComponent(paymentKey)}/cancel`,
        data: body,
        timeout: this.config.confirmTimeoutMs,
      },
      idempotencyKey,
    );
  }

  /**
   * Issues a billing key from the billing-auth window's one-time authKey
   * (https://docs.tosspayments.com/reference#billing-객체). The answer holds the key: callers
   * store it encrypted and never log it.
   */
  issueBillingKey(
    authKey: string,
    customerKey: string,
    idempotencyKey: string,
  ): Promise<TossBilling> {
    const body: IssueBillingKeyRequest = { authKey, customerKey };
    return this.call(
      'billingIssue',
      { method: 'POST', url: '/v1/billing/authorizations/issue', data: body },
      idempotencyKey,
      isBilling,
    );
  }

  /** Charges a billing key; Toss may take 60 s (TOSS_BILLING_TIMEOUT_MS). */
  chargeBillingKey(
    billingKey: string,
    body: ChargeBillingKeyRequest,
    idempotencyKey: string,
  ): Promise<TossPayment> {
    return this.call(
      'billingCharge',
      {
        method: 'POST',
        url: `/v1/billing/${encodeURIComponent(billingKey)}`,
        data: body,
        timeout: this.config.billingTimeoutMs,
      },
      idempotencyKey,
    );
  }

  /**
   * `DELETE /v1/billing/{billingKey}`: 200 with an empty body. Toss's billing guides say keys
   * cannot be deleted while its reference lists this call; callers treat a refusal accordingly.
   */
  async deleteBillingKey(billingKey: string): Promise<void> {
    await this.call(
      'billingDelete',
      {
        method: 'DELETE',
        url: `/v1/billing/${encodeURIComponent(billingKey)}`,
        // No body, so no JSON content type: a server may refuse an empty body declared as JSON.
        headers: { 'Content-Type': false },
      },
      undefined,
      () => true,
    );
  }

  /**
   * Issues a cash receipt (https://docs.tosspayments.com/reference#현금영수증-발급). Toss does not
   * tie it to a payment, and the same orderId twice may make two receipts: callers dedupe and
   * send a key derived from their own row. The body holds the buyer's identity number: it is
   * never logged here (only the operation, status and code are).
   */
  issueCashReceipt(
    body: IssueCashReceiptRequest,
    idempotencyKey: string,
  ): Promise<TossCashReceipt> {
    return this.call(
      'receiptIssue',
      {
        method: 'POST',
        url: '/v1/cash-receipts',
        data: body,
        timeout: this.config.confirmTimeoutMs,
      },
      idempotencyKey,
      isCashReceipt,
    );
  }

  /** Cancels a cash receipt, in part (`amount`) or in full; the answer is the CANCEL receipt. */
  cancelCashReceipt(
    receiptKey: string,
    body: CancelCashReceiptRequest,
    idempotencyKey: string,
  ): Promise<TossCashReceipt> {
    return this.call(
      'receiptCancel',
      {
        method: 'POST',
        url: `/v1/cash-receipts/${encodeURIComponent(receiptKey)}/cancel`,
        data: body,
        timeout: this.config.confirmTimeoutMs,
      },
      idempotencyKey,
      isCashReceipt,
    );
  }

  /** One page of the receipts requested on a day (Korea's calendar); no per-receipt lookup exists. */
  listCashReceipts(query: ListCashReceiptsQuery): Promise<TossCashReceiptPage> {
    return this.call(
      'receiptList',
      {
        method: 'GET',
        url: '/v1/cash-receipts',
        params: {
          requestDate: query.requestDate,
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          ...(query.limit !== undefined && { limit: query.limit }),
        },
      },
      undefined,
      isCashReceiptPage,
    );
  }

  private async call<T = TossPayment>(
    operation: TossOperation,
    request: AxiosRequestConfig,
    idempotencyKey?: string,
    accepts: (body: unknown) => boolean = isPayment,
  ): Promise<T> {
    const started = performance.now();
    const headers = {
      ...(request.headers as Record<string, unknown> | undefined),
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    };
    let status: number | undefined;
    let body: unknown;
    try {
      const response = await this.http.request({ ...request, baseURL: this.baseUrl(), headers });
      status = response.status;
      body = response.data;
    } catch (error) {
      const failure = error as { code?: string; message?: string };
      throw this.logged(
        operation,
        started,
        tossErrorFrom(undefined, undefined, { code: failure.code, message: failure.message ?? '' }),
      );
    }
    if (status >= 200 && status < 300 && accepts(body)) {
      this.logger.debug(
        `toss ${operation} ${status} in ${Math.round(performance.now() - started)} ms`,
      );
      return body as T;
    }
    throw this.logged(operation, started, tossErrorFrom(status, body));
  }

  private logged(operation: TossOperation, started: number, error: TossError): TossError {
    const ms = Math.round(performance.now() - started);
    const line = `toss ${operation} failed in ${ms} ms: ${error.status ?? '-'} ${error.code} (${error.outcome})`;
    if (error.outcomeUnknown) this.logger.warn(line);
    else this.logger.log(line);
    return error;
  }
}

function isPayment(body: unknown): body is TossPayment {
  const payment = body as Partial<TossPayment> | null;
  return (
    typeof payment === 'object' &&
    payment !== null &&
    typeof payment.paymentKey === 'string' &&
    typeof payment.orderId === 'string' &&
    typeof payment.status === 'string' &&
    typeof payment.totalAmount === 'number'
  );
}

function isBilling(body: unknown): body is TossBilling {
  const billing = body as Partial<TossBilling> | null;
  return (
    typeof billing === 'object' &&
    billing !== null &&
    typeof billing.billingKey === 'string' &&
    billing.billingKey.length > 0 &&
    typeof billing.customerKey === 'string'
  );
}

function isCashReceipt(body: unknown): body is TossCashReceipt {
  const receipt = body as Partial<TossCashReceipt> | null;
  return (
    typeof receipt === 'object' &&
    receipt !== null &&
    typeof receipt.receiptKey === 'string' &&
    receipt.receiptKey.length > 0 &&
    typeof receipt.orderId === 'string' &&
    typeof receipt.amount === 'number' &&
    typeof receipt.transactionType === 'string'
  );
}

function isCashReceiptPage(body: unknown): body is TossCashReceiptPage {
  const page = body as Partial<TossCashReceiptPage> | null;
  return (
    typeof page === 'object' &&
    page !== null &&
    typeof page.hasNext === 'boolean' &&
    Array.isArray(page.data) &&
    page.data.every(isCashReceipt)
  );
}

export { TossError };
