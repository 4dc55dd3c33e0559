import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { tossConfig } from '../config/app.config';
import { DEFAULT_WEBHOOK_PATH, SANDBOX_OPTIONS, SandboxOptions } from './sandbox-options';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { DueDelivery, SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { SandboxWorkerSignal } from './sandbox-worker-signal';
import { toKstIso } from './toss-format';
import { isDelivered, nextAttemptDelay } from './webhook-schedule';

const BATCH = 20;
/** Toss expects the answer within 10 s (TOSS.md §7). */
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
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {
    this.pollMs = options.pollIntervalMs ?? 500;
  }

  onApplicationBootstrap(): void {
    this.signal.listen(() => this.wake());
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
      let due = await this.deliveries.claimDue(BATCH);
      while (due.length > 0 && !this.stopped) {
        await Promise.all(due.map((delivery) => this.deliver(delivery)));
        due = due.length === BATCH ? await this.deliveries.claimDue(BATCH) : [];
      }
    } catch (error) {
      if (!this.stopped)
        this.logger.warn(
          `sandbox worker: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    const url = this.webhookUrl();
    if (!url) {
      await this.deliveries.markAttemptFailed(
        delivery.id,
        null,
        null,
        'no webhook URL: the HTTP server is not listening',
        nextAttemptDelay(delivery.attempts + 1),
      );
      return;
    }
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'TossPayments-Sandbox-Webhook',
          'tosspayments-webhook-transmission-id': delivery.transmissionId,
          'tosspayments-webhook-transmission-time': toKstIso(new Date()),
          'tosspayments-webhook-transmission-retried-count': String(delivery.attempts),
        },
        body: JSON.stringify(delivery.payload),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        redirect: 'manual',
      });
      status = response.status;
      await response.body?.cancel();
      if (isDelivered(status)) {
        await this.deliveries.markDelivered(delivery.id, url, status);
        return;
      }
      error = `HTTP ${status}`;
    } catch (failure) {
      // On shutdown the lease simply runs out and the next start (or another instance) retries.
      if (this.stopped) return;
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
    await this.deliveries.markAttemptFailed(
      delivery.id,
      url,
      status,
      error,
      nextAttemptDelay(delivery.attempts + 1),
    );
  }

  /** Resolved lazily: the port is known only once the HTTP server listens. */
  private webhookUrl(): string | undefined {
    const configured = this.options.webhookUrl ?? this.config.sandboxWebhookUrl;
    if (configured) return configured;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    const address = server?.address();
    if (!address || typeof address === 'string' || !address.port) return undefined;
    return `http://127.0.0.1:${address.port}${DEFAULT_WEBHOOK_PATH}`;
  }
}
