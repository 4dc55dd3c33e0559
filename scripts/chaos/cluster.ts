/**
 * The processes the chaos soak runs and breaks: PostgreSQL servers (restartable on a fixed port),
 * the standalone Toss sandbox (pausable), app instances (killable, crash-detecting) and the
 * webhook forwarder between the sandbox and whichever instances are up.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort, HOST, JsonClient, Started, startNode } from '../../bench/support';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

/** How long to wait after a refused or reset connection before asking whether its instance is down. */
export const NO_ANSWER_SETTLE_MS = 300;

/** An embedded PostgreSQL server whose port stays the same across restarts, so URLs stay valid. */
export class Postgres {
  private constructor(
    private server: EmbeddedPostgres,
    private readonly dataDir: string,
    private readonly settings: Record<string, string | number>,
    /** The server's admin URL (database `postgres`). */
    readonly adminUrl: string,
  ) {}

  static async start(
    dataDir: string,
    settings: Record<string, string | number> = {},
  ): Promise<Postgres> {
    const port = await freePort();
    // `-c port=` comes after the starter's own `-p`, so it wins: a restart listens where the apps look.
    const all = { ...settings, port };
    const server = await EmbeddedPostgres.start({ dataDir, settings: all });
    const url = new URL(server.url);
    url.port = String(port);
    return new Postgres(server, dataDir, all, url.toString());
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Fast shutdown (every connection dropped, open transactions rolled back), then a start on the same data and port. */
  async restart(): Promise<void> {
    await this.server.stop();
    this.server = await EmbeddedPostgres.start({ dataDir: this.dataDir, settings: this.settings });
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** The standalone sandbox (Toss), which the tool pauses to take Toss down. */
export class Sandbox {
  private paused = false;
  /** Set when it exits without being asked to. */
  exitedBy?: string;
  private stopping = false;

  private constructor(
    private readonly started: Started,
    readonly url: string,
  ) {
    started.child.once('exit', (code, signal) => {
      if (!this.stopping) this.exitedBy = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
    });
  }

  static async start(options: {
    script: string;
    databaseUrl: string;
    webhookUrl: string;
    logFile: string;
  }): Promise<Sandbox> {
    const port = await freePort();
    const started = await startNode({
      name: 'sandbox',
      args: [
        options.script,
        '--port',
        String(port),
        '--host',
        HOST,
        '--webhook-url',
        options.webhookUrl,
      ],
      env: { DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn' },
      url: `http://${HOST}:${port}`,
      readyPath: '/sandbox/toss/test/faults',
      logFile: options.logFile,
    });
    return new Sandbox(started, started.url);
  }

  /** Toss stops answering: connections are accepted by the kernel but nothing is read or answered. */
  pause(): void {
    if (this.started.child.kill('SIGSTOP')) this.paused = true;
  }

  resume(): void {
    if (this.paused) this.started.child.kill('SIGCONT');
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.resume();
    await this.started.stop();
  }
}

export interface Crash {
  instance: string;
  at: number;
  how: string;
  logFile: string;
}

/** One app instance on a fixed port; each start is a new process ("incarnation") with its own log. */
export class AppInstance {
  readonly url: string;
  readonly client: JsonClient;
  up = false;
  upAt = 0;
  downAt = 0;
  starts = 0;
  private started?: Started;
  private expectingExit = false;
  private logFile = '';

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly options: {
      args: string[];
      env: Record<string, string>;
      logDir: string;
      onCrash: (crash: Crash) => void;
    },
  ) {
    this.url = `http://${HOST}:${port}`;
    this.client = new JsonClient(this.url, 64);
  }

  /** Starts a new process and resolves when it is ready; throws if it exits or times out first. */
  async start(): Promise<void> {
    this.starts++;
    this.logFile = join(this.options.logDir, `app-${this.name}-${this.starts}.log`);
    this.expectingExit = false;
    const started = await startNode({
      name: `app ${this.name}`,
      args: this.options.args,
      env: { ...this.options.env, PORT: String(this.port) },
      url: this.url,
      readyPath: '/health/ready',
      logFile: this.logFile,
      timeoutMs: 60_000,
    });
    this.started = started;
    this.up = true;
    this.upAt = Date.now();
    const logFile = this.logFile;
    started.child.once('exit', (code, signal) => {
      this.up = false;
      this.downAt = Date.now();
      if (!this.expectingExit)
        this.options.onCrash({
          instance: this.name,
          at: Date.now(),
          how: `exit code ${code ?? '-'}, signal ${signal ?? '-'}`,
          logFile,
        });
    });
  }

  /** SIGKILL: no drain, no shutdown hooks; requests in flight are cut. */
  async kill(): Promise<void> {
    const child = this.started?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    // Down from now: the connections it cuts fail before its exit is reported.
    this.up = false;
    this.downAt = Date.now();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, the graceful path (SIGKILL after 30 s). */
  async stop(): Promise<void> {
    this.expectingExit = true;
    await this.started?.stop();
    this.up = false;
    this.client.close();
  }

  get pid(): number | undefined {
    return this.started?.child.pid;
  }
}

/** The env both instances share: one database, one JWT key, the standalone sandbox as Toss. */
export function appEnv(options: {
  databaseUrl: string;
  tossUrl: string;
  admin: { email: string; password: string };
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    NODE_ENV: 'production',
    SANDBOX_ENABLED: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'),
    BILLING_KEY_ENCRYPTION_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
    TOSS_SECRET_KEY: `test_sk_chaos_${randomBytes(8).toString('hex')}`,
    TOSS_API_BASE_URL: `${options.tossUrl}/sandbox/toss`,
    // Short Toss timeouts: hung calls give up in seconds, so unknown outcomes come often and fast.
    TOSS_CONNECT_TIMEOUT_MS: '1000',
    TOSS_READ_TIMEOUT_MS: '3000',
    TOSS_CONFIRM_TIMEOUT_MS: '3000',
    // The reconciler settles stuck orders and refunds within seconds, so quiescence comes fast.
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_AFTER_MS: '4000',
    ADMIN_EMAIL: options.admin.email,
    ADMIN_PASSWORD: options.admin.password,
    // Every request comes from 127.0.0.1: per-IP limits would throttle the whole soak.
    RATE_LIMIT_GLOBAL: '0',
    RATE_LIMIT_AUTH_PER_IP: '0',
    RATE_LIMIT_AUTH_PER_EMAIL: '0',
    RATE_LIMIT_CONFIRM_PER_CUSTOMER: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
  };
}

export interface ForwardedWebhook {
  instance: string;
  status: number | undefined;
  code?: string;
  body?: unknown;
  /** Set when no answer came (refused, reset, timeout). */
  error?: string;
  path: string;
}

/**
 * Receives the sandbox's webhooks and hands each to an instance that is up; some go to both at once
 * (a duplicate delivery). Answers 200 when an instance took it, else 503 so the sandbox retries.
 */
export class WebhookForwarder {
  private server?: http.Server;
  url = '';
  forwarded = 0;
  duplicated = 0;

  constructor(
    private readonly instances: () => AppInstance[],
    private readonly record: (result: ForwardedWebhook) => void,
    private readonly duplicateShare: number,
  ) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void this.forward(req, Buffer.concat(chunks).toString('utf8')).then((status) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, HOST, resolve));
    this.url = `http://${HOST}:${port}/api/v1/webhooks/toss`;
  }

  private async forward(req: http.IncomingMessage, text: string): Promise<number> {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* forwarded as it came */
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (name.startsWith('tosspayments-') && typeof value === 'string') headers[name] = value;
    const path = req.url ?? '/api/v1/webhooks/toss';
    const up = this.instances().filter((i) => i.up);
    if (up.length === 0) return 503;
    this.forwarded++;
    const shuffled = up.sort(() => Math.random() - 0.5);
    const both = shuffled.length > 1 && Math.random() < this.duplicateShare;
    if (both) this.duplicated++;
    const send = async (target: AppInstance): Promise<boolean> => {
      try {
        const res = await target.client.request('POST', path, body, headers);
        const code = (res.body as { code?: string } | undefined)?.code;
        this.record({ instance: target.name, status: res.status, code, body: res.body, path });
        return res.status === 200;
      } catch (error) {
        // A crash cuts connections before its exit is reported: judge once the exit had time to arrive.
        await sleep(NO_ANSWER_SETTLE_MS);
        this.record({
          instance: target.name,
          status: undefined,
          error: (error as Error).message,
          path,
        });
        return false;
      }
    };
    if (both) return (await Promise.all(shuffled.map(send))).some(Boolean) ? 200 : 503;
    // One at a time: the other instance takes it when the first cannot.
    for (const target of shuffled) if (await send(target)) return 200;
    return 503;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
