/**
 * The soak's HTTP client of the two app instances: every answer is judged (answers.ts) and tallied;
 * no answer from a killed instance, or a 503 during the PostgreSQL restart, is retried on an
 * instance that is up, as a load balancer would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { judgeAnswer, judgeNoAnswer, Route, Verdict } from './answers';
import { AppInstance, NO_ANSWER_SETTLE_MS } from './cluster';

export type Bucket = Verdict | 'no-answer-instance-down' | 'no-answer-unexpected';

export interface Unexpected {
  /** Seconds since the soak started. */
  at: number;
  instance: string;
  method: string;
  path: string;
  status: number | string;
  body: string;
}

/** Everything counted during a run; printed as the summary. */
export class Stats {
  /** Times are printed from here: the start of the load. */
  zero = Date.now();
  readonly counters = new Map<string, number>();
  readonly answers = new Map<Route, Map<Bucket, number>>();
  readonly refusals = new Map<string, number>();
  readonly unexpected: Unexpected[] = [];
  /** Distinct remarks (e.g. why a sandbox call failed), with how often each came. */
  readonly notes = new Map<string, number>();

  note(text: string): void {
    this.notes.set(text, (this.notes.get(text) ?? 0) + 1);
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  answer(route: Route, bucket: Bucket): void {
    const row = this.answers.get(route) ?? new Map<Bucket, number>();
    row.set(bucket, (row.get(bucket) ?? 0) + 1);
    this.answers.set(route, row);
  }

  refusal(route: Route, status: number, code: string | undefined): void {
    const key = `${route} ${status} ${code ?? '-'}`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  seconds(at = Date.now()): number {
    return Math.round((at - this.zero) / 100) / 10;
  }
}

export interface Call {
  route: Route;
  method: string;
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** The instance to ask first (when it is up). */
  prefer?: AppInstance;
}

export interface Reply {
  status: number;
  body: unknown;
  code?: string;
  instance: AppInstance;
}

const MAX_ATTEMPTS = 8;
const RETRY_BUDGET_MS = 30_000;

export class Api {
  constructor(
    private readonly instances: AppInstance[],
    readonly stats: Stats,
    private readonly nearDbRestart: (at: number) => boolean,
  ) {}

  /** Asks an instance that is up; undefined when no instance answered within the retry budget. */
  async call(call: Call): Promise<Reply | undefined> {
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    let avoid: AppInstance | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < giveUpAt; attempt++) {
      const target = this.pick(attempt === 0 ? call.prefer : undefined, avoid);
      if (!target) {
        await sleep(250);
        continue;
      }
      const headers = {
        ...call.headers,
        ...(call.token && { authorization: `Bearer ${call.token}` }),
      };
      let res: { status: number; body: unknown };
      try {
        res = await target.client.request(call.method, call.path, call.body, headers);
      } catch (error) {
        const message = (error as Error).message;
        // A crash cuts connections before its exit is reported: judge once the exit had time to arrive.
        await sleep(NO_ANSWER_SETTLE_MS);
        const verdict = judgeNoAnswer({
          up: target.up,
          downAt: target.downAt,
          upAt: target.upAt,
          now: Date.now(),
          timedOut: message === 'timeout',
        });
        this.stats.answer(
          call.route,
          verdict === 'instance-down' ? 'no-answer-instance-down' : 'no-answer-unexpected',
        );
        if (verdict === 'unexpected')
          this.flagUnexpected(target, call, `no answer (${message})`, '');
        avoid = target;
        continue;
      }
      const code = (res.body as { code?: unknown } | undefined)?.code;
      const reply = {
        status: res.status,
        body: res.body,
        code: typeof code === 'string' ? code : undefined,
        instance: target,
      };
      const verdict = judgeAnswer(call.route, res.status, reply.code, {
        nearDbRestart: this.nearDbRestart(Date.now()),
      });
      this.stats.answer(call.route, verdict);
      if (verdict === 'refused') this.stats.refusal(call.route, res.status, reply.code);
      if (verdict === 'unexpected')
        this.flagUnexpected(target, call, res.status, JSON.stringify(res.body));
      if (verdict === 'db-restart') {
        await sleep(400);
        continue;
      }
      return reply;
    }
    return undefined;
  }

  /** The preferred instance if it is up, else a random one that is up, not `avoid` when there is a choice. */
  pick(prefer?: AppInstance, avoid?: AppInstance): AppInstance | undefined {
    if (prefer?.up) return prefer;
    const up = this.instances.filter((i) => i.up);
    const others = up.filter((i) => i !== avoid);
    const from = others.length > 0 ? others : up;
    return from[Math.floor(Math.random() * from.length)];
  }

  /** Counts an answer as unexpected (here, or where a caller knows more, e.g. a refund that fit refused). */
  flagUnexpected(target: AppInstance, call: Call, status: number | string, body: string): void {
    this.stats.unexpected.push({
      at: this.stats.seconds(),
      instance: target.name,
      method: call.method,
      path: call.path,
      status,
      body: body.slice(0, 300),
    });
  }
}
