import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { FaultOperation } from './fault-rules';
import { SandboxCallsRepository } from './sandbox-calls.repository';
import { SandboxClosingError, SandboxConnections } from './sandbox-connections';
import { TossAnswer, TossCall, errorAnswer } from './sandbox-payments.service';
import {
  SandboxFaultsRepository,
  SandboxIdempotencyRepository,
  SandboxRequestsRepository,
  RequestOperation,
} from './sandbox-support.repository';
import { authenticateSecretKey } from './toss-auth';
import { TossApiError, tossError, tossErrorFor } from './toss-errors';

export interface CallTarget {
  operation: RequestOperation;
  orderId?: string;
  paymentKey?: string;
  /** The billing key the call names (charge, delete): faults aimed at it apply. */
  billingKey?: string;
  /** The payment the operation works on, read with the call's first statement. */
  read?: 'payment' | 'latestForOrder';
}

/** Toss's Idempotency-Key may be at most 300 characters (docs/toss.md §5). */
const MAX_IDEMPOTENCY_KEY = 300;

/** The fault operation of a call: its own, but a virtual account issued takes a confirm's faults. */
function faultOperationOf(operation: RequestOperation): FaultOperation {
  return operation === 'issue' ? 'confirm' : operation;
}

/** Operations a DECLINE fault leaves a payment behind for (ABORTED, with the code as its failure). */
const DECLINES_INTO_PAYMENT: ReadonlySet<FaultOperation> = new Set(['confirm', 'billing-charge']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends an answer; a body of undefined (or null, as kept for a replay) is an empty one. */
export function send(reply: FastifyReply, answer: TossAnswer): void {
  if (reply.sent || reply.raw.destroyed) return;
  if (answer.body === undefined || answer.body === null) {
    void reply.status(answer.status).send();
    return;
  }
  void reply
    .status(answer.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(answer.body);
}

/**
 * Everything around one call of the emulated Toss API, in Toss's order: record the call, check the
 * Basic auth, honour the Idempotency-Key (replay / 409), then fault injection, then the operation.
 * Recording, key, fault, clock and payment read are one statement (SandboxCallsRepository), so a
 * LATENCY delay holds no connection. Answers directly on the Fastify reply so that resets and hangs
 * are possible.
 */
@Injectable()
export class TossCallRunner {
  private readonly logger = new Logger('TossSandbox');

  constructor(
    private readonly calls: SandboxCallsRepository,
    private readonly requests: SandboxRequestsRepository,
    private readonly idempotency: SandboxIdempotencyRepository,
    private readonly faults: SandboxFaultsRepository,
    private readonly connections: SandboxConnections,
  ) {}

  async run(
    request: FastifyRequest,
    reply: FastifyReply,
    target: CallTarget,
    execute: (call: TossCall) => Promise<TossAnswer>,
  ): Promise<void> {
    // When Fastify took the request (before body parsing, hooks and the route): Toss's clock starts on arrival.
    const received = performance.now() - reply.elapsedTime;
    let claimed: string | undefined;
    const release = async () => {
      const scope = claimed;
      claimed = undefined;
      if (scope) await this.idempotency.release(scope);
    };
    try {
      let scope: string | undefined;
      try {
        scope = idempotencyScope(request, authenticateSecretKey(header(request, 'authorization')));
      } catch (error) {
        // A refused call is still a call (the read-back counts it).
        await this.requests.record(target.operation, target.orderId, target.paymentKey);
        throw error;
      }
      // Test keys only: TossPayments-Test-Code forces that error (docs/toss.md §1); nothing runs.
      const testCode = header(request, 'tosspayments-test-code');
      const faultOperation = testCode ? null : faultOperationOf(target.operation);
      const opened = await this.calls.open({
        operation: target.operation,
        orderId: target.orderId,
        paymentKey: target.paymentKey,
        billingKey: target.billingKey,
        scopeHash: scope,
        faultOperation,
        read: target.read,
      });
      let fault = opened.fault;
      if (scope) {
        let claim = opened.claim!;
        if (claim.kind === 'retry') {
          claim = await this.idempotency.claim(scope);
          if (claim.kind === 'claimed' && faultOperation)
            fault = await this.faults.take(faultOperation, target);
        }
        // A repeat gets the first answer as it was, without running again (docs/toss.md §5).
        if (claim.kind === 'replay') return send(reply, claim.answer);
        if (claim.kind === 'processing') throw tossError('IDEMPOTENT_REQUEST_PROCESSING');
        claimed = scope;
      }
      if (testCode) {
        await release();
        return send(reply, errorAnswer(tossErrorFor(testCode)));
      }

      // Toss answering `latencyMs` after the request arrived: the sandbox's own work so far is part of it.
      if (fault?.latencyMs)
        await this.connections.delay(Math.max(0, fault.latencyMs - (performance.now() - received)));
      switch (fault?.kind) {
        case 'ERROR':
          await release();
          return send(
            reply,
            errorAnswer(
              tossErrorFor(
                fault.code ?? 'FAILED_INTERNAL_SYSTEM_PROCESSING',
                fault.httpStatus ?? undefined,
                fault.message ?? undefined,
              ),
            ),
          );
        case 'RATE_LIMIT':
          await release();
          return send(
            reply,
            errorAnswer(
              tossErrorFor(
                fault.code ?? 'TOO_MANY_REQUESTS',
                fault.httpStatus ?? 429,
                fault.message ?? undefined,
              ),
            ),
          );
        case 'RESET':
          await release();
          return this.connections.reset(request, reply);
        case 'HANG':
          // Held like a request still running: a retry with the same key gets 409 until the client gives up.
          await this.connections.hold(request, reply);
          // On shutdown the database may already be closing; an unreleased key is reclaimed later.
          return await release().catch(() => undefined);
        case 'LATENCY':
        case 'DECLINE':
        case 'APPROVE_THEN_ERROR':
        case 'APPROVE_THEN_HANG':
        case undefined:
          break;
      }

      const decline =
        fault?.kind === 'DECLINE'
          ? tossErrorFor(
              fault.code ?? 'REJECT_CARD_PAYMENT',
              fault.httpStatus ?? undefined,
              fault.message ?? undefined,
            )
          : undefined;
      // Only a confirm or a charge turns a decline into a state (ABORTED); elsewhere it is just the answer.
      const answer =
        decline && !DECLINES_INTO_PAYMENT.has(faultOperationOf(target.operation))
          ? errorAnswer(decline)
          : await execute({
              clockOffsetMs: opened.clockOffsetMs,
              payment: opened.payment,
              cancels: opened.cancels,
              forcedDecline: decline,
              idempotencyScope: claimed,
            }).catch((error: unknown): TossAnswer => {
              if (error instanceof TossApiError) return errorAnswer(error);
              throw error;
            });
      // Toss's final answers are kept for replay (by the operation's own write, or here); a 5xx is
      // not final, so the key is freed for a retry.
      if (claimed && !answer.stored) {
        if (answer.status < 500) await this.idempotency.complete(claimed, answer);
        else await this.idempotency.release(claimed);
      }
      claimed = undefined;
      if (fault?.kind === 'APPROVE_THEN_ERROR') {
        return send(
          reply,
          errorAnswer(
            tossErrorFor(
              fault.code ?? 'FAILED_INTERNAL_SYSTEM_PROCESSING',
              fault.httpStatus ?? undefined,
              fault.message ?? undefined,
            ),
          ),
        );
      }
      if (fault?.kind === 'APPROVE_THEN_HANG') return await this.connections.hold(request, reply);
      return send(reply, answer);
    } catch (error) {
      await release().catch(() => undefined);
      if (error instanceof TossApiError) return send(reply, errorAnswer(error));
      if (error instanceof SandboxClosingError) return this.connections.reset(request, reply);
      this.logger.error(
        `${request.method} ${request.url.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
      return send(reply, errorAnswer(tossError('FAILED_INTERNAL_SYSTEM_PROCESSING')));
    }
  }
}

/** The scope of a POST's Idempotency-Key (undefined without one); a bad key is refused. */
function idempotencyScope(request: FastifyRequest, secretKey: string): string | undefined {
  const idempotencyKey = request.method === 'POST' ? header(request, 'idempotency-key') : undefined;
  if (idempotencyKey === undefined) return undefined;
  if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)
    throw tossError('INVALID_IDEMPOTENCY_KEY');
  return scopeHash(idempotencyKey, secretKey, request.method, request.url.split('?')[0]);
}

/** Key + secret key + method + path; the body is not part of it (docs/toss.md §5). Hashed: no secret at rest. */
export function scopeHash(
  idempotencyKey: string,
  secretKey: string,
  method: string,
  path: string,
): string {
  return createHash('sha256')
    .update([idempotencyKey, secretKey, method.toUpperCase(), path].join('\n'))
    .digest('hex');
}
