import { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const UNAVAILABLE = {
  statusCode: 503,
  code: 'SERVICE_UNAVAILABLE',
  message: 'The service is shutting down; try again shortly.',
};

/**
 * Counts HTTP requests in flight and, once draining, answers new ones 503 SERVICE_UNAVAILABLE with
 * `Connection: close`, so a load balancer moves on while the requests already taken finish.
 */
export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private onIdle?: () => void;

  /** `exempt`: paths still served while draining (the built-in Toss sandbox the in-flight confirms call). */
  constructor(private readonly exempt: (url: string) => boolean = () => false) {}

  install(instance: FastifyInstance): void {
    // One shared listener (no closure per request); 'close' comes once per response, whether it
    // was sent, failed, hijacked and dropped, or abandoned by the client.
    const ended = () => {
      this.inFlight--;
      if (this.inFlight === 0) this.onIdle?.();
    };
    instance.addHook('onRequest', (request, reply, done) => {
      if (this.draining && !this.exempt(request.url)) {
        void reply.header('connection', 'close').code(503).send(UNAVAILABLE);
        return;
      }
      this.inFlight++;
      reply.raw.on('close', ended);
      done();
    });
  }

  get running(): number {
    return this.inFlight;
  }

  /** Stops taking requests; resolves true once none is in flight, false when `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return true;
    const idle = await within(new Promise<void>((resolve) => (this.onIdle = resolve)), timeoutMs);
    this.onIdle = undefined;
    return idle;
  }
}

/** True when `work` settled within `ms`; the timer never outlives the race. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Registration {
  drain: HttpDrain;
  /** Background work to stop when draining starts (it finishes what it holds, starts nothing new). */
  stopBackground: () => Promise<unknown>;
}

const registrations = new WeakMap<INestApplication, Registration>();

export function registerDrain(app: INestApplication, registration: Registration): void {
  registrations.set(app, registration);
}

/**
 * SIGTERM / SIGINT: stop taking requests, stop starting background work, let what is in flight (a
 * confirm waiting on Toss) finish within `timeoutMs`, then close the app: Nest's hooks stop the
 * sandbox's webhook worker and the Toss client, close the HTTP server, stop the reconciler and close
 * the database pool. The caller stops the embedded PostgreSQL afterwards.
 */
export async function gracefulShutdown(
  app: INestApplication,
  options: { signal: string; timeoutMs: number; log?: (line: string) => void },
): Promise<void> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const registration = registrations.get(app);
  const drain = registration?.drain;
  log(`${options.signal} received: draining (up to ${options.timeoutMs} ms), then closing`);
  const background = registration?.stopBackground().catch(() => undefined) ?? Promise.resolve();
  const drained = drain ? await drain.drain(options.timeoutMs) : true;
  if (!drained)
    log(
      `${drain?.running ?? 0} request(s) still running after ${options.timeoutMs} ms: closing anyway`,
    );
  await within(background, Math.max(0, options.timeoutMs - (Date.now() - started)));
  await app.close();
  log(`closed in ${Date.now() - started} ms`);
}
