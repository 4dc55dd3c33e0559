import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Agent as HttpAgent, request as httpRequest, type Server } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SANDBOX_OPTIONS, SandboxOptions } from './sandbox-options';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { DueDelivery, SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { SandboxWorkerSignal } from './sandbox-worker-signal';
import { toKstIso } from './toss-format';
import { isDelivered, nextAttemptDelay } from './webhook-schedule';

const BATCH = 20;
/** Toss expects the answer within 10 s (docs/toss.md §7). */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The background worker: delivers webhooks from the outbox (retrying on Toss's schedule, in
 * seconds) and expires payments whose confirm window passed. It never runs inside a request and
 * stops, aborting any delivery in flight, when the app shuts down.
 */
@Injectable()
export class SandboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TossSandboxWorker');
  private readonly abort = new AbortController();
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly payments: SandboxPaymentsService,
    private readonly deliveries: SandboxWebhooksRepository,
    private readonly signal: SandboxWorkerSignal,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {
    this.pollMs = options.pollIntervalMs ?? 500;
  }

  onApplicationBootstrap(): void {
    // A status change kicks the worker to deliver its webhooks at once; with no endpoint there are none.
    if (this.options.webhookUrl !== null) this.signal.listen(() => this.wake());
    this.schedule(this.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  /** Run as soon as possible (a status change just committed). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    // The HTTP server keeps the process alive; this timer alone must not.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.again = false;
    this.running = this.work().finally(() => (this.running = undefined));
    await this.running;
    if (!this.stopped) this.schedule(this.again ? 0 : this.pollMs);
  }

  private async work(): Promise<void> {
    try {
      await this.payments.expireOverdue();
      if (this.options.webhookUrl === null) return;
      let due = await this.deliveries.claimDue(BATCH);
      while (due.length > 0 && !this.stopped) {
        const url = this.webhookUrl();
        const answered = await Promise.all(due.map((delivery) => this.deliver(delivery, url)));
        if (url)
          await this.deliveries.markDelivered(
            url,
            answered.filter((a) => a !== undefined),
          );
        due = due.length === BATCH ? await this.deliveries.claimDue(BATCH) : [];
      }
    } catch (error) {
      if (!this.stopped)
        this.logger.warn(
          `sandbox worker: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  /** One attempt; a 2xx comes back to be marked delivered with its batch, anything else is recorded here. */
  private async deliver(
    delivery: DueDelivery,
    url: string | undefined,
  ): Promise<{ id: string; statusCode: number } | undefined> {
    if (!url) {
      await this.deliveries.markAttemptFailed(
        delivery.id,
        null,
        null,
        'no webhook URL: the HTTP server is not listening',
        nextAttemptDelay(delivery.attempts + 1),
      );
      return undefined;
    }
    let status: number | null = null;
    let error: string;
    try {
      status = await postJson(url, {
        headers: {
          'user-agent': 'TossPayments-Sandbox-Webhook',
          'tosspayments-webhook-transmission-id': delivery.transmissionId,
          'tosspayments-webhook-transmission-time': toKstIso(new Date()),
          'tosspayments-webhook-transmission-retried-count': String(delivery.attempts),
        },
        body: JSON.stringify(delivery.payload),
        timeoutMs: DELIVERY_TIMEOUT_MS,
        signal: this.abort.signal,
      });
      if (isDelivered(status)) return { id: delivery.id, statusCode: status };
      error = `HTTP ${status}`;
    } catch (failure) {
      // On shutdown the lease simply runs out and the next start (or another instance) retries.
      if (this.stopped) return undefined;
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
    await this.deliveries.markAttemptFailed(
      delivery.id,
      url,
      status,
      error,
      nextAttemptDelay(delivery.attempts + 1),
    );
    return undefined;
  }

  /** Resolved lazily: the port is known only once the HTTP server listens. */
  private webhookUrl(): string | undefined {
    if (this.options.webhookUrl) return this.options.webhookUrl;
    if (!this.options.webhookPath) return undefined;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    const address = server?.address();
    if (!address || typeof address === 'string' || !address.port) return undefined;
    return `http://127.0.0.1:${address.port}${this.options.webhookPath}`;
  }
}

// Kept-alive connections: a webhook per payment would otherwise open a socket each (and fetch's
// per-request machinery cost a fifth of the sandbox's CPU under load).
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

/** POSTs a JSON body and resolves with the status code, the body read and dropped; no redirects followed. */
function postJson(
  url: string,
  options: {
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    signal: AbortSignal;
  },
): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
        },
        timeout: options.timeoutMs,
        signal: options.signal,
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    request.once('timeout', () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    );
    request.once('error', reject);
    request.end(options.body);
  });
}
