/**
 * npm run chaos [-- --duration 60] [--customers 24] [--settle 60]
 *
 * The chaos soak (issue 11). Starts two PostgreSQL servers (the app's, and the sandbox's so that
 * restarting the app's leaves Toss up), the standalone Toss sandbox and two app instances from dist/
 * on the app's database, all on 127.0.0.1. For --duration seconds customers check out with random
 * methods and per-payment Toss faults (some buying the tax-free 도서), confirm (sometimes on both
 * instances at once), pay virtual accounts (sometimes twice), ask for cash receipts and are refunded
 * (concurrent partial, full and by-line refunds with their own keys, on both instances, cancelling
 * part of the receipt), while the tool SIGKILLs and restarts an instance every ~25 s, restarts
 * PostgreSQL once, and takes Toss down (SIGSTOP) for 4 s every ~30 s. Then it stops the faults,
 * waits until nothing is in flight (--settle seconds at most), checks every order (and its cash
 * receipts) against the sandbox's records and reads the books report. It prints a summary, the violations and the
 * unexpected answers, and exits 1 on any violation, unexpected 5xx or crash (2 if the tool broke).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort, JsonClient } from '../../bench/support';
import { MAX_WEBHOOK_ATTEMPTS } from '../../src/webhooks/webhooks.repository';
import { judgeAnswer, judgeNoAnswer, ROUTES } from './answers';
import { Api, Bucket, Stats } from './api';
import { AppInstance, appEnv, Crash, Postgres, Sandbox, WebhookForwarder } from './cluster';
import { Customer } from './customers';
import { checkBooks, OurOrder, OurReceipt, TossOrder, TossReceipt, Violation } from './invariants';

const ROOT = existsSync(join(__dirname, '..', '..', 'package.json'))
  ? join(__dirname, '..', '..')
  : join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');
/** The standalone Toss sandbox (packages/toss-sandbox; its dist/ comes from npm run build). */
const SANDBOX_BIN = join(ROOT, 'packages/toss-sandbox/bin/toss-sandbox.js');
/** Node's flags as `npm run start:prod` gives them: the instances run as in production. */
const PRODUCTION_NODE_FLAGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts['start:prod']
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return fallback;
  const text = args[index].includes('=')
    ? args[index].slice(args[index].indexOf('=') + 1)
    : args[index + 1];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 3600)
    throw new Error(`--${name} must be a whole number from 1 to 3600 (got "${text}")`);
  return value;
}

const durationS = option('duration', 60);
const customersN = option('customers', 24);
const settleS = option('settle', 60);
/** How long after the PostgreSQL restart a 503 is still expected. */
const DB_RESTART_GRACE_MS = 5000;
const TOSS_OUTAGE_MS = 4000;

interface Chaos {
  at: number;
  kind: 'kill' | 'db-restart' | 'toss-down';
}

/** When to break what: a kill every ~25 s, Toss down every ~30 s, one PostgreSQL restart at 60 % of the run. */
function plan(durationMs: number): Chaos[] {
  const events: Chaos[] = [];
  for (let at = 25_000; at < durationMs - 5000; at += 25_000)
    events.push({ at: at + Math.round((Math.random() - 0.5) * 6000), kind: 'kill' });
  for (let at = 10_000; at < durationMs - 5000; at += 30_000)
    events.push({ at, kind: 'toss-down' });
  if (durationMs >= 20_000) events.push({ at: Math.round(durationMs * 0.6), kind: 'db-restart' });
  return events.sort((a, b) => a.at - b.at);
}

class Run {
  readonly stats = new Stats();
  readonly crashes: Crash[] = [];
  readonly violations: Violation[] = [];
  private readonly dbWindows: { from: number; to: number }[] = [];
  private readonly cleanups: (() => Promise<unknown>)[] = [];
  private readonly restarts = new Set<Promise<void>>();
  private readonly instances: AppInstance[] = [];
  private sandbox?: Sandbox;
  private appPg?: Postgres;
  private forwarder?: WebhookForwarder;
  readonly api: Api;
  private root = '';
  private logDir = '';
  private closing = false;
  notes: string[] = [];
  private readonly began = Date.now();
  /** The paymentKey of each order, printed beside its violations (the app logs refunds by paymentKey). */
  private readonly paymentKeys = new Map<string, string>();

  constructor() {
    // The Api reads this array, which is filled once both instances exist.
    this.api = new Api(this.instances, this.stats, (at) => this.nearDbRestart(at));
  }

  nearDbRestart(at: number): boolean {
    return this.dbWindows.some((w) => at >= w.from && at <= w.to);
  }

  async main(): Promise<number> {
    for (const file of [
      join(DIST, 'src/main.js'),
      join(ROOT, 'packages/toss-sandbox/dist/main.js'),
    ])
      if (!existsSync(file))
        throw new Error(`${file} is missing: run "npm run build" first (npm run chaos does)`);
    this.root = mkdtempSync(join(tmpdir(), 'toss-chaos-'));
    // As root, PostgreSQL runs as the OS user postgres, which must be able to enter this folder.
    chmodSync(this.root, 0o755);
    this.logDir = join(this.root, 'logs');
    mkdirSync(this.logDir);
    this.say(
      `chaos soak: ${durationS} s, ${customersN} customers, 2 app instances; logs in ${this.logDir}`,
    );

    const [appPg, tossPg] = await Promise.all([
      Postgres.start(join(this.root, 'app-pg')),
      // The sandbox stands in for Toss and is never restarted: no need to wait for its disk.
      Postgres.start(join(this.root, 'toss-pg'), { fsync: 'off' }),
    ]);
    this.appPg = appPg;
    this.cleanups.push(
      () => appPg.stop(),
      () => tossPg.stop(),
    );
    const appDb = await appPg.createDatabase('chaos_app');
    const tossDb = await tossPg.createDatabase('chaos_sandbox');

    this.forwarder = new WebhookForwarder(
      () => this.instances,
      (r) => this.judgeWebhook(r),
      0.25,
    );
    await this.forwarder.start();
    this.cleanups.unshift(() => this.forwarder!.stop());
    this.sandbox = await Sandbox.start({
      script: SANDBOX_BIN,
      databaseUrl: tossDb,
      webhookUrl: this.forwarder.url,
      logFile: join(this.logDir, 'sandbox.log'),
    });
    this.cleanups.unshift(() => this.sandbox!.stop());
    const toss = new JsonClient(this.sandbox.url, 64);

    const admin = { email: 'chaos-admin@chaos.local', password: 'chaos-admin-password' };
    const env = appEnv({ databaseUrl: appDb, tossUrl: this.sandbox.url, admin });
    for (const name of ['A', 'B']) {
      this.instances.push(
        new AppInstance(name, await freePort(), {
          args: [...PRODUCTION_NODE_FLAGS, join(DIST, 'src/main.js')],
          env,
          logDir: this.logDir,
          onCrash: (crash) => this.onCrash(crash),
        }),
      );
    }
    this.cleanups.unshift(() => Promise.all(this.instances.map((i) => i.stop())));
    // One after the other: the first applies the migrations.
    for (const instance of this.instances) await instance.start();

    const login = await this.api.call({
      route: 'login',
      method: 'POST',
      path: '/api/v1/auth/login',
      body: admin,
    });
    if (login?.status !== 200) throw new Error(`admin login failed: ${login?.status}`);
    const adminToken = (login.body as { accessToken: string }).accessToken;
    const products = await this.instances[0].client.json<{
      items: { id: string; name: string; taxClass: string }[];
    }>('GET', '/api/v1/products?limit=100');
    const productIds = products.items
      .filter((p) => ['상품1', '상품2', '상품3'].includes(p.name))
      .map((p) => p.id);
    if (productIds.length === 0) throw new Error('the seed catalogue (상품1–3) is missing');
    const book = products.items.find((p) => p.name === '도서' && p.taxClass === 'TAX_FREE');
    if (!book) throw new Error('the seed catalogue has no tax-free 도서');

    const shop = {
      api: this.api,
      toss,
      instances: this.instances,
      adminToken: () => adminToken,
      productIds,
      taxFreeProductId: book.id,
      deadline: Number.POSITIVE_INFINITY,
    };
    const customers = Array.from({ length: customersN }, (_, i) => new Customer(shop, i));
    // Sign-ups (password hashing) before the clock starts, a few at a time.
    for (let i = 0; i < customers.length; i += 6)
      await Promise.all(customers.slice(i, i + 6).map((c) => c.signUp()));

    this.say(
      `started in ${((Date.now() - this.began) / 1000).toFixed(1)} s; load for ${durationS} s (times below from its start) …`,
    );
    const runStarted = Date.now();
    this.stats.zero = runStarted;
    const deadline = runStarted + durationS * 1000;
    shop.deadline = deadline;
    await Promise.all([
      this.conduct(plan(durationS * 1000), runStarted, deadline),
      ...customers.map((c) => c.run()),
    ]);
    this.say(
      `load stopped at ${this.stats.seconds()} s; clearing faults, waiting for quiescence (at most ${settleS} s) …`,
    );

    // Faults off, Toss up, both instances up: from here on everything should settle by itself.
    this.sandbox.resume();
    await toss.json('POST', '/sandbox/toss/test/reset');
    await Promise.all([...this.restarts]);
    for (const instance of this.instances) if (!instance.up) await this.restart(instance);

    const db = new Client({ connectionString: appDb });
    const tossDbClient = new Client({ connectionString: tossDb });
    await Promise.all([db.connect(), tossDbClient.connect()]);
    try {
      // The tool only reads the app's books.
      await db.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
      const settled = await this.quiesce(db, tossDbClient);
      await this.check(db, toss, adminToken, settled);
    } finally {
      await Promise.all([db.end(), tossDbClient.end()]);
      toss.close();
    }
    if (this.sandbox.exitedBy)
      this.notes.push(`the sandbox exited by itself (${this.sandbox.exitedBy})`);
    return this.report();
  }

  /** Runs the plan until the deadline; each event waits for the one before. */
  private async conduct(events: Chaos[], started: number, deadline: number): Promise<void> {
    let nextVictim = 0;
    for (const event of events) {
      const wait = started + event.at - Date.now();
      if (wait > 0) await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
      if (Date.now() >= deadline - 2000) break;
      switch (event.kind) {
        case 'kill': {
          const victim = this.instances[nextVictim++ % this.instances.length];
          if (!victim.up) break;
          this.say(`  +${this.stats.seconds()} s: SIGKILL app ${victim.name} (pid ${victim.pid})`);
          await victim.kill();
          this.stats.count('instances SIGKILLed');
          await sleep(500 + Math.random() * 1000);
          await this.restart(victim);
          break;
        }
        case 'db-restart': {
          const window = { from: Date.now(), to: Number.POSITIVE_INFINITY };
          this.dbWindows.push(window);
          this.say(`  +${this.stats.seconds()} s: restarting the app's PostgreSQL`);
          await this.appPg!.restart();
          window.to = Date.now() + DB_RESTART_GRACE_MS;
          this.stats.count('PostgreSQL restarts');
          this.stats.count('PostgreSQL down (ms)', Date.now() - window.from);
          break;
        }
        case 'toss-down':
          this.say(
            `  +${this.stats.seconds()} s: Toss down (sandbox SIGSTOP) for ${TOSS_OUTAGE_MS / 1000} s`,
          );
          this.sandbox!.pause();
          await sleep(TOSS_OUTAGE_MS);
          this.sandbox!.resume();
          this.stats.count('Toss outages');
          break;
      }
    }
  }

  /** Starts a killed or crashed instance again; a start that fails while PostgreSQL restarts is tried again. */
  private restart(instance: AppInstance): Promise<void> {
    const attempt = (async () => {
      for (let tries = 0; tries < 5 && !this.closing; tries++) {
        try {
          await instance.start();
          this.stats.count('instance restarts');
          this.say(`  +${this.stats.seconds()} s: app ${instance.name} is up again`);
          return;
        } catch (error) {
          const during = this.nearDbRestart(Date.now());
          this.stats.count(
            during ? 'instance starts failed while PostgreSQL restarted' : 'instance starts failed',
          );
          if (!during)
            this.notes.push(`app ${instance.name} failed to start: ${(error as Error).message}`);
          await sleep(1000);
        }
      }
    })();
    this.restarts.add(attempt);
    void attempt.finally(() => this.restarts.delete(attempt));
    return attempt;
  }

  private onCrash(crash: Crash): void {
    if (this.closing) return;
    this.crashes.push(crash);
    this.say(
      `  +${this.stats.seconds(crash.at)} s: app ${crash.instance} CRASHED (${crash.how}) — see ${crash.logFile}`,
    );
    void this.restart(this.instances.find((i) => i.name === crash.instance)!);
  }

  private judgeWebhook(r: {
    instance: string;
    status: number | undefined;
    code?: string;
    body?: unknown;
    error?: string;
    path: string;
  }): void {
    const instance = this.instances.find((i) => i.name === r.instance)!;
    let bucket: Bucket;
    if (r.status === undefined) {
      const verdict = judgeNoAnswer({
        up: instance.up,
        downAt: instance.downAt,
        upAt: instance.upAt,
        now: Date.now(),
        timedOut: r.error === 'timeout',
      });
      bucket = verdict === 'instance-down' ? 'no-answer-instance-down' : 'no-answer-unexpected';
    } else {
      bucket = judgeAnswer('webhook', r.status, r.code, {
        nearDbRestart: this.nearDbRestart(Date.now()),
      });
    }
    this.stats.answer('webhook', bucket);
    if (bucket === 'unexpected' || bucket === 'no-answer-unexpected') {
      this.stats.unexpected.push({
        at: this.stats.seconds(),
        instance: r.instance,
        method: 'POST',
        path: `${r.path} (webhook)`,
        status: r.status ?? `no answer (${r.error})`,
        body: JSON.stringify(r.body ?? '').slice(0, 300),
      });
    }
  }

  /** Polls until nothing is in flight twice in a row; what is still in flight at the deadline is stuck. */
  private async quiesce(db: Client, tossDb: Client): Promise<boolean> {
    const started = Date.now();
    let quietPolls = 0;
    let pending: Record<string, number> = {};
    for (let poll = 0; poll < settleS * 2 && Date.now() - started < settleS * 1000; poll++) {
      const ours = await db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM orders WHERE status = 'IN_PROGRESS') AS "orders IN_PROGRESS",
                (SELECT count(*)::int FROM refunds WHERE status = 'REQUESTED') AS "refunds REQUESTED",
                (SELECT count(*)::int FROM cash_receipts WHERE status = 'REQUESTED') AS "cash receipts REQUESTED",
                (SELECT count(*)::int FROM cash_receipt_cancels WHERE status = 'REQUESTED') AS "receipt cancels REQUESTED",
                (SELECT count(*)::int FROM webhook_deliveries WHERE status IN ('RECEIVED', 'FAILED') AND attempts < $1) AS "webhooks in the app's inbox"`,
        [MAX_WEBHOOK_ATTEMPTS],
      );
      const theirs = await tossDb.query<Record<string, number>>(
        `SELECT count(*)::int AS "webhooks the sandbox still has to deliver" FROM toss_sandbox.sandbox_webhook_deliveries WHERE status = 'PENDING'`,
      );
      pending = { ...ours.rows[0], ...theirs.rows[0] };
      quietPolls = Object.values(pending).every((n) => n === 0) ? quietPolls + 1 : 0;
      if (quietPolls >= 2) break;
      await sleep(500);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (quietPolls >= 2) {
      this.say(`quiescent after ${seconds} s`);
      this.stats.count('quiescence (s)', Number(seconds));
      return true;
    }
    const left = Object.entries(pending).filter(([, n]) => n > 0);
    this.say(
      `NOT quiescent after ${seconds} s: ${left.map(([what, n]) => `${n} ${what}`).join(', ')}`,
    );
    // Orders, refunds and receipts are reported one by one by the order checks; webhooks here.
    for (const [what, n] of left)
      if (what.startsWith('webhooks'))
        this.violations.push({
          orderId: '-',
          kind: 'STUCK_WEBHOOK',
          detail: `${n} ${what} after ${seconds} s`,
        });
    return false;
  }

  /** Every order against the sandbox's read-back, then the books report. */
  private async check(
    db: Client,
    toss: JsonClient,
    adminToken: string,
    settled: boolean,
  ): Promise<void> {
    const orders = await db.query<{
      order_id: string;
      status: string;
      amount: string;
      payment_key: string | null;
      p_status: string | null;
      total: string | null;
      balance: string | null;
      tax_free: string | null;
      window_receipt_key: string | null;
    }>(
      `SELECT o.order_id, o.status, o.amount::text, o.payment_key, p.status AS p_status, p.total_amount::text AS total,
              p.balance_amount::text AS balance, p.tax_free_amount::text AS tax_free,
              p.cash_receipt->>'receiptKey' AS window_receipt_key
         FROM orders o LEFT JOIN payments p ON p.payment_key = o.payment_key`,
    );
    const refunds = await db.query<{
      order_id: string;
      payment_key: string;
      amount: string;
      tax_free_amount: string;
      status: string;
    }>('SELECT order_id, payment_key, amount::text, tax_free_amount::text, status FROM refunds');
    const refundsOf = new Map<string, OurOrder['refunds']>();
    for (const r of refunds.rows) {
      const list = refundsOf.get(r.order_id) ?? [];
      list.push({
        paymentKey: r.payment_key,
        amount: Number(r.amount),
        taxFreeAmount: Number(r.tax_free_amount),
        status: r.status,
      });
      refundsOf.set(r.order_id, list);
    }
    const receiptsOf = await this.readReceipts(db);
    const ours: OurOrder[] = orders.rows.map((o) => ({
      orderId: o.order_id,
      status: o.status,
      amount: Number(o.amount),
      paymentKey: o.payment_key,
      payment:
        o.p_status === null
          ? null
          : {
              status: o.p_status,
              totalAmount: Number(o.total),
              balanceAmount: Number(o.balance),
              taxFreeAmount: Number(o.tax_free),
              windowReceiptKey: o.window_receipt_key,
            },
      refunds: refundsOf.get(o.order_id) ?? [],
      receipts: receiptsOf.get(o.order_id) ?? [],
    }));

    for (const o of ours) if (o.paymentKey) this.paymentKeys.set(o.orderId, o.paymentKey);
    const records = new Map<string, TossOrder | null>();
    /** The sandbox's answer for a read-back, or null (404); undefined when it did not answer. */
    const readBack = async (path: string): Promise<unknown> => {
      for (let tries = 0; tries < 3; tries++) {
        const res = await toss.request('GET', path).catch(() => undefined);
        if (res?.status === 200) return res.body;
        if (res?.status === 404) return null;
        await sleep(200);
      }
      return undefined;
    };
    let next = 0;
    const reader = async () => {
      while (next < ours.length) {
        const order = ours[next++];
        const payments = await readBack(
          `/sandbox/toss/test/payments?orderId=${encodeURIComponent(order.orderId)}`,
        );
        if (payments === undefined) continue;
        // Each requested receipt has an orderId of its own at Toss: its issue and cancels.
        const receipts: TossReceipt[] = [];
        let unread = false;
        for (const receipt of order.receipts) {
          const back = (await readBack(
            `/sandbox/toss/test/cash-receipts?orderId=${encodeURIComponent(receipt.tossOrderId)}`,
          )) as { receipts: TossReceipt[] } | null | undefined;
          if (back === undefined) unread = true;
          else receipts.push(...(back?.receipts ?? []));
        }
        if (unread) continue;
        records.set(
          order.orderId,
          payments === null && receipts.length === 0
            ? null
            : {
                ...((payments as Omit<TossOrder, 'receipts'> | null) ?? {
                  approvals: 0,
                  deposits: 0,
                  payments: [],
                }),
                receipts,
              },
        );
      }
    };
    await Promise.all(Array.from({ length: 6 }, reader));
    const unread = ours.filter((o) => !records.has(o.orderId));
    if (unread.length > 0)
      this.notes.push(
        `${unread.length} orders could not be read back from the sandbox and were not checked`,
      );
    this.violations.push(
      ...checkBooks(
        ours.filter((o) => records.has(o.orderId)),
        (id) => records.get(id) ?? null,
      ),
    );
    this.stats.count('orders checked against Toss', records.size);
    this.stats.count('refund rows checked', refunds.rows.length);
    await this.countTaxFreeAndReceipts(db);

    const report = await this.api.call({
      route: 'report',
      method: 'GET',
      path: '/api/v1/admin/reconciliation?days=1',
      token: adminToken,
    });
    if (report?.status !== 200) {
      this.notes.push(`the books report did not answer 200 (${report?.status ?? 'no answer'})`);
      return;
    }
    const body = report.body as {
      checked: number;
      discrepancies: { orderId: string; problems: string[]; ours: unknown; toss: unknown }[];
    };
    this.stats.count('orders in the books report', body.checked);
    if (body.checked < ours.length)
      this.notes.push(
        `the books report covers ${body.checked} of ${ours.length} orders (its limit)`,
      );
    for (const d of body.discrepancies)
      this.violations.push({
        orderId: d.orderId,
        kind: 'BOOKS_REPORT',
        detail: `${d.problems.join(', ')}: ours ${JSON.stringify(d.ours)}, Toss ${JSON.stringify(d.toss)}`,
      });
    if (!settled)
      this.notes.push(
        'the checks ran before quiescence: some violations may be work still in flight',
      );
  }

  /** Our requested cash receipts with their cancels, by our orderId. */
  private async readReceipts(db: Client): Promise<Map<string, OurReceipt[]>> {
    const receipts = await db.query<{
      id: string;
      order_id: string;
      payment_key: string;
      toss_order_id: string;
      status: string;
      amount: string;
      tax_free_amount: string;
      canceled_amount: string;
      receipt_key: string | null;
    }>(
      `SELECT id, order_id, payment_key, toss_order_id, status, amount::text, tax_free_amount::text,
              canceled_amount::text, receipt_key
         FROM cash_receipts ORDER BY created_at`,
    );
    const cancels = await db.query<{ receipt_id: string; amount: string; status: string }>(
      'SELECT receipt_id, amount::text, status FROM cash_receipt_cancels',
    );
    const cancelsOf = new Map<string, OurReceipt['cancels']>();
    for (const c of cancels.rows)
      cancelsOf.set(c.receipt_id, [
        ...(cancelsOf.get(c.receipt_id) ?? []),
        { amount: Number(c.amount), status: c.status },
      ]);
    const byOrder = new Map<string, OurReceipt[]>();
    for (const r of receipts.rows)
      byOrder.set(r.order_id, [
        ...(byOrder.get(r.order_id) ?? []),
        {
          id: r.id,
          paymentKey: r.payment_key,
          tossOrderId: r.toss_order_id,
          status: r.status,
          amount: Number(r.amount),
          taxFreeAmount: Number(r.tax_free_amount),
          canceledAmount: Number(r.canceled_amount),
          receiptKey: r.receipt_key,
          cancels: cancelsOf.get(r.id) ?? [],
        },
      ]);
    this.stats.count('receipt rows checked', receipts.rows.length);
    return byOrder;
  }

  /** What the tax-free and cash receipt scenarios left in our books (failures by code), for the summary. */
  private async countTaxFreeAndReceipts(db: Client): Promise<void> {
    const { rows } = await db.query<{ name: string; n: number }>(
      `SELECT 'receipts ' || status || coalesce(' ' || failure_code, '') AS name, count(*)::int AS n
         FROM cash_receipts GROUP BY 1
       UNION ALL
       SELECT 'receipt cancels ' || status || coalesce(' ' || failure_code, ''), count(*)::int
         FROM cash_receipt_cancels GROUP BY 1
       UNION ALL
       SELECT 'window receipts', count(*)::int FROM payments WHERE cash_receipt->>'type' IN ('소득공제', '지출증빙')
       UNION ALL
       SELECT 'refunds DONE with a tax-free part', count(*)::int FROM refunds WHERE status = 'DONE' AND tax_free_amount > 0
       UNION ALL
       SELECT 'refunds DONE by lines', count(*)::int FROM refunds WHERE status = 'DONE' AND lines IS NOT NULL`,
    );
    for (const row of rows) this.stats.count(`books: ${row.name}`, row.n);
  }

  private report(): number {
    const s = this.stats;
    const n = (name: string) => s.get(name);
    const family = (prefix: string) =>
      [...s.counters.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .sort((a, b) => b[1] - a[1])
        .map(([name, value]) => `${name.slice(prefix.length)} ${value}`)
        .join(', ') || '-';
    const row = (label: string, value: string | number) =>
      this.say(`  ${label.padEnd(34)} ${value}`);
    const unexpected5xx = s.unexpected.filter(
      (u) => typeof u.status === 'number' && u.status >= 500,
    );

    this.say(`\nsummary (${durationS} s of load, ${customersN} customers, instances A and B)`);
    row('orders created', n('orders created'));
    row(
      'confirms',
      `${n('confirm requests')} requests, ${n('confirms sent to both instances at once')} sent to both instances at once, ${n('confirms retried by the customer')} retried; ${n('payments approved')} payments approved (${family('approved: ')})`,
    );
    row(
      'virtual accounts',
      `${n('virtual accounts issued')} issued, ${n('deposits taken by Toss')} deposits taken, ${n('deposits made twice at once')} made twice at once (${n('deposits refused by Toss (already paid or canceled)')} refused), ${n('order cancels racing a deposit')} order cancels racing a deposit, ${n('unpaid accounts refunded by the admin')} refunded unpaid`,
    );
    row(
      'refunds',
      `${n('refund requests')} requests in ${n('refund batches')} batches, ${n('refunds retried with their key')} retried and ${n('refunds replayed with their key')} replayed with their key`,
    );
    row('refund batches', family('refunds: '));
    row(
      'tax-free (도서)',
      `${n('mixed orders')} mixed orders, ${n('tax-free only orders')} tax-free only; ${n('refund requests by lines')} refund requests by lines, ${n('refund requests with a tax-free part')} by amount with a tax-free part; done: ${n('books: refunds DONE by lines')} by lines, ${n('books: refunds DONE with a tax-free part')} with a tax-free part`,
    );
    row(
      'cash receipts',
      `${n('receipt requests')} requests (${family('receipts: ')}), ${n('receipt requests repeated after an unseen outcome')} repeated after an unseen outcome, ${n('receipts asked for while refunds run')} while refunds ran, ${n('receipts asked for beside a window receipt')} beside a window receipt`,
    );
    row('receipt answers', family('receipt answers: '));
    row(
      'receipts in our books',
      `${family('books: receipts ')}; cancels ${family('books: receipt cancels ')}; ${n('books: window receipts')} issued in the window (${n('window receipts asked for')} asked for)`,
    );
    row('Toss faults injected', family('fault: '));
    row(
      'webhooks forwarded',
      `${this.forwarder?.forwarded ?? 0}, ${this.forwarder?.duplicated ?? 0} to both instances at once`,
    );
    row(
      'instances',
      `${n('instances SIGKILLed')} SIGKILLed, ${n('instance restarts')} restarted, ${this.crashes.length} crashed (exits the tool did not cause)`,
    );
    row(
      'PostgreSQL restarts',
      `${n('PostgreSQL restarts')} (down ${n('PostgreSQL down (ms)')} ms)`,
    );
    row('Toss outages', `${n('Toss outages')} × ${TOSS_OUTAGE_MS / 1000} s (sandbox SIGSTOP)`);
    row(
      'quiescence',
      `${n('quiescence (s)') || 'not reached'}${n('quiescence (s)') ? ' s after the load' : ''}`,
    );
    row(
      'checked',
      `${n('orders checked against Toss')} orders, ${n('refund rows checked')} refunds and ${n('receipt rows checked')} cash receipts against Toss; the books report checked ${n('orders in the books report')}`,
    );
    row(
      'unexpected 5xx',
      `${unexpected5xx.length}${unexpected5xx.length ? ` (${byKind(unexpected5xx)})` : ''}`,
    );
    row('other unexpected answers', s.unexpected.length - unexpected5xx.length);

    const buckets: Bucket[] = [
      'ok',
      'refused',
      'outcome-unknown',
      'db-restart',
      'unexpected',
      'no-answer-instance-down',
      'no-answer-unexpected',
    ];
    const heads = [
      '2xx',
      '4xx',
      '502 unknown',
      '503 db restart',
      'unexpected',
      'cut (killed)',
      'no answer',
    ];
    this.say(
      `\nanswers by endpoint\n  ${'endpoint'.padEnd(13)}${heads.map((h) => h.padStart(15)).join('')}`,
    );
    for (const route of ROUTES) {
      const counts = s.answers.get(route);
      if (counts)
        this.say(
          `  ${route.padEnd(13)}${buckets.map((b) => String(counts.get(b) ?? 0).padStart(15)).join('')}`,
        );
    }
    const refusals = [...s.refusals.entries()].sort((a, b) => b[1] - a[1]);
    if (refusals.length > 0)
      this.say(`  4xx: ${refusals.map(([k, count]) => `${k} ×${count}`).join('; ')}`);

    const notes = [...this.notes, ...[...s.notes].map(([text, count]) => `${text} (×${count})`)];
    if (notes.length > 0) this.say('');
    for (const note of notes) this.say(`note: ${note}`);

    const byViolation = new Map<string, Violation[]>();
    for (const v of this.violations)
      byViolation.set(v.kind, [...(byViolation.get(v.kind) ?? []), v]);
    this.say(`\nviolations: ${this.violations.length}`);
    for (const [kind, list] of byViolation) {
      this.say(`  ${kind} ×${list.length}`);
      for (const v of list.slice(0, 10))
        this.say(
          `    ${v.orderId}${this.paymentKeys.has(v.orderId) ? ` (${this.paymentKeys.get(v.orderId)})` : ''}: ${v.detail}`,
        );
      if (list.length > 10) this.say(`    … and ${list.length - 10} more`);
    }
    this.say(
      `unexpected answers: ${s.unexpected.length}${s.unexpected.length ? ` (${byKind(s.unexpected)})` : ''}`,
    );
    for (const u of s.unexpected.slice(0, 25))
      this.say(`  +${u.at} s app ${u.instance} ${u.method} ${u.path} → ${u.status} ${u.body}`);
    if (s.unexpected.length > 25) this.say(`  … and ${s.unexpected.length - 25} more`);
    this.say(`crashes: ${this.crashes.length}`);
    for (const c of this.crashes)
      this.say(`  +${s.seconds(c.at)} s app ${c.instance}: ${c.how} — ${c.logFile}`);
    const failed =
      this.violations.length > 0 ||
      s.unexpected.length > 0 ||
      this.crashes.length > 0 ||
      this.sandbox?.exitedBy !== undefined;
    this.say(
      `\nchaos soak ${failed ? 'FAILED' : 'passed'}: ${this.violations.length} violations, ${s.unexpected.length} unexpected answers, ${this.crashes.length} crashes (${((Date.now() - this.began) / 1000).toFixed(0)} s in all)${failed ? `; logs kept in ${this.logDir}` : ''}`,
    );
    return failed ? 1 : 0;
  }

  async close(keepLogs: boolean): Promise<void> {
    this.closing = true;
    // Taken at once: a signal or the watchdog may close while the run's own finally does too.
    for (const cleanup of this.cleanups.splice(0))
      await cleanup().catch((error: unknown) => this.say(`cleanup: ${String(error)}`));
    if (!this.root) return;
    for (const dir of ['app-pg', 'toss-pg'])
      rmSync(join(this.root, dir), { recursive: true, force: true });
    if (!keepLogs) rmSync(this.root, { recursive: true, force: true });
  }

  say(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}

/** "500 INTERNAL_ERROR on POST /api/v1/orders ×12, …": unexpected answers grouped by what they were. */
function byKind(
  list: { status: number | string; method: string; path: string; body: string }[],
): string {
  const kinds = new Map<string, number>();
  for (const u of list) {
    let code = '';
    try {
      code = (JSON.parse(u.body) as { code?: string } | null)?.code ?? '';
    } catch {
      /* not JSON */
    }
    // Ids in paths vary: group by the route's shape.
    const path = u.path.replace(
      /\/[0-9a-f-]{36}|\/tgen_[A-Za-z0-9]+|\/[A-Za-z0-9_-]{20,}/g,
      '/:id',
    );
    const key = `${u.status}${code ? ` ${code}` : ''} on ${u.method} ${path}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ×${count}`)
    .join(', ');
}

async function run(): Promise<void> {
  const chaos = new Run();
  // The tool stops by itself, whatever hangs.
  const limitMs = (durationS + settleS + 300) * 1000;
  const watchdog = setTimeout(() => {
    chaos.say(`chaos soak: over its time limit (${limitMs / 1000} s); stopping`);
    void chaos.close(true).finally(() => process.exit(2));
  }, limitMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void chaos.close(true).finally(() => process.exit(130)));
  let code = 2;
  try {
    code = await chaos.main();
  } catch (error) {
    chaos.say(
      `chaos soak broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    clearTimeout(watchdog);
    await chaos.close(code !== 0);
  }
  process.exit(code);
}

void run();
