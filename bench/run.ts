/**
 * npm run bench [-- --quick] [--duration 60] [--latency 200] [--pool 10] [--confirm-connections 10] [--only a,b,c,d,e] [--profile]
 *
 * Starts PostgreSQL (embedded in a temp folder, or BENCH_DATABASE_URL, an admin URL where it may
 * create databases), the standalone Toss sandbox with a global LATENCY fault on confirm, and the app
 * as its own process from dist/ (so its RSS can be sampled), warms up, then runs for a fixed time
 * each, all against 127.0.0.1:
 *   a   GET /api/v1/products, 50 connections, against a raw node:http + pg server (the baseline)
 *   b   POST /api/v1/orders, 50 connections
 *   c   checkout (create order → sandbox authorize → confirm), 100 connections, DB pool 10
 *   d   the same checkout against the seed-style baseline (one transaction across the Toss call)
 *   e   the same checkout at 10 connections: confirm latency minus the sandbox's
 * and prints one table with the ratios, writing bench/results/latest.json. Missing a target is
 * reported, never an error; a crash of the bench is (exit 1).
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { CheckoutResult, runCheckouts, runSandboxOnly } from './checkout-load';
import {
  freePort,
  HOST,
  JsonClient,
  machineBusyFor,
  mb,
  rssBetween,
  sampleRss,
  Started,
  startNode,
} from './support';

// The repository root, whether this runs from bench/ (ts-node) or dist/bench/.
const ROOT = existsSync(join(__dirname, '..', 'package.json'))
  ? join(__dirname, '..')
  : join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
/** The standalone Toss sandbox (packages/toss-sandbox; its dist/ comes from npm run build). */
const SANDBOX_DIST = join(ROOT, 'packages/toss-sandbox/dist');
const RESULTS = join(ROOT, 'bench', 'results');
const LOGS = join(RESULTS, 'logs');
/** Node's flags as `npm run start:prod` gives them (e.g. --max-semi-space-size): the app runs as in production. */
const PRODUCTION_NODE_FLAGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts['start:prod']
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const durationS = Number(option('duration') ?? (quick ? 5 : 60));
const warmupS = quick ? 2 : 10;
const latencyMs = Number(option('latency') ?? 200);
const only = new Set((option('only') ?? 'a,b,c,d,e').split(','));
const POOL = Number(option('pool') ?? 10);
const confirmConnections = Number(option('confirm-connections') ?? 10);

interface Row {
  id: string;
  scenario: string;
  target: string;
  connections: number;
  rps: number;
  unit: string;
  p50: number;
  p99: number;
  errors: number;
  /** Median RSS over 40–60 % and over the last 20 % of the run. */
  rssEnd: number;
  rssMid: number;
  /** The target process's CPU use, in cores, and the machine's busy share, over the run. */
  cpuCores: number;
  machineBusy: number;
  /** RSS once a second: [seconds into the run, MB]. */
  rssSeries: [number, number][];
  extra?: Record<string, number | string[]>;
}

interface Targets {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

async function main(): Promise<void> {
  for (const file of [
    join(DIST, 'src/main.js'),
    join(SANDBOX_DIST, 'main.js'),
    join(DIST, 'bench/seed-style-app.js'),
    join(DIST, 'bench/raw-products-server.js'),
  ]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run "npm run build" first (npm run bench does)`);
  }
  mkdirSync(LOGS, { recursive: true });
  const idleBusy = await machineBusyFor(2000);
  if (idleBusy > 0.15)
    console.log(
      `note: the machine is ${(idleBusy * 100).toFixed(0)} % busy before the bench starts; other load skews the numbers`,
    );
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const rows: Row[] = [];
    const { adminUrl, stop: stopDb, embedded } = await database();
    cleanups.push(stopDb);
    const suffix = `${Date.now().toString(36)}_${process.pid}`;
    const appDb = await createDatabase(adminUrl, `bench_app_${suffix}`);
    const sandboxDb = await createDatabase(adminUrl, `bench_sandbox_${suffix}`);
    cleanups.unshift(() =>
      dropDatabases(adminUrl, [`bench_app_${suffix}`, `bench_sandbox_${suffix}`]),
    );

    // No --webhook-url: the sandbox sends no webhooks. The app never received the bench's webhooks
    // (the bench measures checkout, not webhook processing), so they were only load on the machine.
    const sandboxPort = await freePort();
    const sandbox = await startNode({
      name: 'sandbox',
      args: [
        ...profileArgs(profile),
        join(SANDBOX_DIST, 'main.js'),
        '--port',
        String(sandboxPort),
        '--host',
        HOST,
      ],
      env: { DATABASE_URL: sandboxDb },
      url: `http://${HOST}:${sandboxPort}`,
      readyPath: '/sandbox/toss/test/faults',
      logFile: join(LOGS, 'sandbox.log'),
    });
    cleanups.unshift(() => sandbox.stop());
    const toss = new JsonClient(sandbox.url, 4);
    await toss.json('POST', '/sandbox/toss/test/faults', {
      kind: 'LATENCY',
      operation: 'confirm',
      latencyMs,
    });

    const appEnv = {
      DATABASE_URL: appDb,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      BILLING_KEY_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      TOSS_SECRET_KEY: `test_sk_bench_${randomBytes(8).toString('hex')}`,
      TOSS_API_BASE_URL: `${sandbox.url}/sandbox/toss`,
      DATABASE_POOL_SIZE: String(POOL),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
      // The limits are per client IP, and all of the load comes from 127.0.0.1.
      RATE_LIMIT_GLOBAL: '1000000000',
      RATE_LIMIT_AUTH_PER_IP: '1000000000',
      RATE_LIMIT_AUTH_PER_EMAIL: '1000000000',
      RATE_LIMIT_CONFIRM_PER_CUSTOMER: '1000000000',
    };

    const app = await startApp('app', join(DIST, 'src/main.js'), appEnv, profile);
    cleanups.unshift(() => app.stop());
    const client = new JsonClient(app.url, 4);
    const products = await client.json<{ items: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/products?limit=100',
    );
    const productId = products.items.find((p) => p.name === '상품1')?.id ?? products.items[0].id;
    const tokens = await customers(client, 10);
    const checkout = (target: Started, connections: number, seconds: number) =>
      runCheckouts({
        appUrl: target.url,
        sandboxUrl: sandbox.url,
        connections,
        durationMs: seconds * 1000,
        tokens,
        productId,
      });
    const measure = async (
      id: string,
      scenario: string,
      target: Started,
      connections: number,
      work: () => Promise<
        Omit<
          Row,
          | 'id'
          | 'scenario'
          | 'target'
          | 'connections'
          | 'rssEnd'
          | 'rssMid'
          | 'cpuCores'
          | 'machineBusy'
          | 'rssSeries'
        >
      >,
    ) => {
      process.stdout.write(
        `  ${id}: ${scenario} (${target.name}, ${connections} connections, ${durationS} s) … `,
      );
      const { result, rss, cpuCores, machineBusy } = await sampleRss(target.child.pid, work);
      const row: Row = {
        id,
        scenario,
        target: target.name,
        connections,
        ...result,
        rssMid: rssBetween(rss, durationS * 1000, 0.4, 0.6),
        rssEnd: rssBetween(rss, durationS * 1000, 0.8, 1.01),
        cpuCores,
        machineBusy,
        rssSeries: rss.map((r) => [Math.round(r.t / 1000), Math.round(r.bytes / 1048576)]),
      };
      rows.push(row);
      const perUnit = row.rps > 0 ? (cpuCores / row.rps) * 1e6 : 0;
      process.stdout.write(
        `${row.rps.toFixed(1)} ${row.unit}, p50 ${row.p50.toFixed(1)} ms, ${row.errors} errors, ${target.name} CPU ${cpuCores.toFixed(2)} cores = ${(perUnit / 1000).toFixed(2)} ms CPU per ${row.unit.split('/')[0]}, machine ${(machineBusy * 100).toFixed(0)} % busy\n`,
      );
      return row;
    };
    const cannon = async (
      url: string,
      connections: number,
      seconds: number,
      init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    ) => {
      const result = await autocannon({ url, connections, duration: seconds, ...init });
      return {
        rps: result.requests.average,
        unit: 'req/s',
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
      };
    };

    process.stdout.write(`warming up the app (${warmupS} s) …\n`);
    await cannon(`${app.url}/api/v1/products`, 50, Math.max(1, Math.round(warmupS / 2)));
    await checkout(app, 50, Math.max(1, Math.round(warmupS / 2)));

    if (only.has('a')) {
      const rawPort = await freePort();
      const raw = await startNode({
        name: 'raw',
        args: [join(DIST, 'bench/raw-products-server.js')],
        env: { DATABASE_URL: appDb, PORT: String(rawPort), DATABASE_POOL_SIZE: String(POOL) },
        url: `http://${HOST}:${rawPort}`,
        readyPath: '/api/v1/products',
        logFile: join(LOGS, 'raw.log'),
      });
      await cannon(`${raw.url}/api/v1/products`, 50, warmupS / 2);
      await measure('a-raw', 'GET /api/v1/products (raw node:http + pg)', raw, 50, () =>
        cannon(`${raw.url}/api/v1/products`, 50, durationS),
      );
      await raw.stop();
      await measure('a', 'GET /api/v1/products', app, 50, () =>
        cannon(`${app.url}/api/v1/products`, 50, durationS),
      );
    }
    if (only.has('b')) {
      const body = JSON.stringify({ items: [{ productId, quantity: 1 }] });
      const headers = { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' };
      await measure('b', 'POST /api/v1/orders', app, 50, () =>
        cannon(`${app.url}/api/v1/orders`, 50, durationS, { method: 'POST', headers, body }),
      );
    }
    const checkoutRow = (r: CheckoutResult) => ({
      rps: r.perSecond,
      unit: 'checkout/s',
      p50: r.p50,
      p99: r.p99,
      errors: r.errors,
      extra: {
        confirmP50: r.confirmP50,
        confirmP99: r.confirmP99,
        checkouts: r.checkouts,
        firstErrors: r.firstErrors,
      },
    });
    if (only.has('c')) {
      // What the sandbox alone can do here: no checkout through it can be faster.
      await measure(
        's',
        'sandbox alone (authorize → confirm), the ceiling of c and d',
        sandbox,
        100,
        async () => checkoutRow(await runSandboxOnly(sandbox.url, 100, durationS * 1000)),
      );
    }
    if (only.has('c'))
      await measure('c', 'checkout (order → authorize → confirm)', app, 100, async () =>
        checkoutRow(await checkout(app, 100, durationS)),
      );
    if (only.has('e')) {
      const since = new Date();
      const row = await measure(
        'e',
        'checkout, confirm latency',
        app,
        confirmConnections,
        async () => checkoutRow(await checkout(app, confirmConnections, durationS)),
      );
      // The Toss confirm as the app timed it (its audit rows): what the sandbox took, latency included.
      row.extra!.tossConfirmP50 = await tossConfirmP50(appDb, since);
    }
    const scans = await tableScans(appDb);
    await app.stop();
    cleanups.shift();

    if (only.has('d')) {
      const seed = await startApp(
        'seed-style',
        join(DIST, 'bench/seed-style-app.js'),
        appEnv,
        false,
      );
      cleanups.unshift(() => seed.stop());
      await checkout(seed, 50, Math.max(1, Math.round(warmupS / 2)));
      await measure(
        'd',
        'checkout, seed-style baseline (one transaction across the Toss call)',
        seed,
        100,
        async () => checkoutRow(await checkout(seed, 100, durationS)),
      );
    }
    toss.close();
    client.close();
    report(rows, { embedded, idleBusy }, scans);
  } finally {
    for (const cleanup of cleanups)
      await cleanup().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
  }
}

async function tossConfirmP50(url: string, since: Date): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ p50: number }>(
      "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50 FROM toss_calls WHERE operation = 'confirm' AND caller = 'confirm' AND created_at >= $1",
      [since],
    );
    return Number(rows[0]?.p50 ?? NaN);
  } finally {
    await client.end();
  }
}

function profileArgs(on: boolean): string[] {
  const dir = join(RESULTS, 'profiles');
  if (on) mkdirSync(dir, { recursive: true });
  return on ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function startApp(
  name: string,
  script: string,
  env: Record<string, string>,
  withProfile: boolean,
): Promise<Started> {
  const port = await freePort();
  return startNode({
    name,
    args: [...profileArgs(withProfile), ...PRODUCTION_NODE_FLAGS, script],
    env: { ...env, PORT: String(port) },
    url: `http://${HOST}:${port}`,
    readyPath: '/health/ready',
    logFile: join(LOGS, `${name.replace(/[^a-z0-9-]/gi, '_')}.log`),
  });
}

async function customers(client: JsonClient, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${i}-${randomBytes(4).toString('hex')}@bench.local`;
    await client.json('POST', '/api/v1/auth/register', {
      email,
      password: 'bench-password',
      name: `bench ${i}`,
    });
    tokens.push(
      (
        await client.json<{ accessToken: string }>('POST', '/api/v1/auth/login', {
          email,
          password: 'bench-password',
        })
      ).accessToken,
    );
  }
  return tokens;
}

async function database(): Promise<{
  adminUrl: string;
  stop: () => Promise<void>;
  embedded: boolean;
}> {
  if (process.env.BENCH_DATABASE_URL)
    return {
      adminUrl: process.env.BENCH_DATABASE_URL,
      stop: () => Promise.resolve(),
      embedded: false,
    };
  // Under the OS temp folder: as root the server runs as `postgres`, which cannot enter /root.
  const dataDir = mkdtempSync(join(tmpdir(), 'toss-bench-pg-'));
  const server = await EmbeddedPostgres.start({ dataDir });
  return {
    adminUrl: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  return databaseUrl(adminUrl, name);
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  for (const name of names) await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

interface TableScans {
  table: string;
  rows: number;
  seqScans: number;
  seqRowsRead: number;
  indexScans: number;
}

/** Which of the app's tables were read by sequential scans during the run (a missing index shows here). */
async function tableScans(url: string): Promise<TableScans[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      relname: string;
      n_live_tup: string;
      seq_scan: string;
      seq_tup_read: string;
      idx_scan: string | null;
    }>(
      'SELECT relname, n_live_tup, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables ORDER BY seq_tup_read DESC',
    );
    return rows.map((r) => ({
      table: r.relname,
      rows: Number(r.n_live_tup),
      seqScans: Number(r.seq_scan),
      seqRowsRead: Number(r.seq_tup_read),
      indexScans: Number(r.idx_scan ?? 0),
    }));
  } finally {
    await client.end();
  }
}

function report(
  rows: Row[],
  context: { embedded: boolean; idleBusy: number },
  scans: TableScans[],
): void {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ratio = (a?: Row, b?: Row) => (a && b && b.rps > 0 ? a.rps / b.rps : undefined);
  const productsRatio = ratio(byId.get('a'), byId.get('a-raw'));
  const checkoutRatio = ratio(byId.get('c'), byId.get('d'));
  const confirmOverhead = byId.get('e')
    ? (byId.get('e')!.extra!.confirmP50 as number) - latencyMs
    : undefined;
  const c = byId.get('c');
  const rssDrift = c && c.rssMid > 0 ? (c.rssEnd - c.rssMid) / c.rssMid : undefined;
  /** The lowest RSS (MB, once a second) in 20–60 % and in 60–100 % of the run: the level after each major GC. */
  const rssFloors = (row?: Row) => {
    const lowest = (from: number, to: number) =>
      Math.min(
        ...(row?.rssSeries ?? [])
          .filter(([t]) => t >= from * durationS && t <= to * durationS)
          .map(([, m]) => m),
      );
    return `${lowest(0.2, 0.6)} → ${lowest(0.6, 1.01)} MB`;
  };
  const targets: Targets[] = [];
  const target = (
    name: string,
    value: number | undefined,
    text: string,
    goal: string,
    met: (v: number) => boolean,
  ) => {
    if (value !== undefined) targets.push({ name, value: text, goal, met: met(value) });
  };
  target(
    'products vs raw node:http + pg',
    productsRatio,
    `${productsRatio?.toFixed(2)}×`,
    '≥ 0.5×',
    (v) => v >= 0.5,
  );
  target(
    'checkout vs seed-style',
    checkoutRatio,
    `${checkoutRatio?.toFixed(2)}×, ${c?.errors ?? '?'} errors`,
    '≥ 4× with 0 errors',
    (v) => v >= 4 && c?.errors === 0,
  );
  const e = byId.get('e');
  const ownOverhead = e
    ? (e.extra!.confirmP50 as number) - (e.extra!.tossConfirmP50 as number)
    : undefined;
  target(
    `confirm p50 − sandbox latency (${latencyMs} ms), ${e?.connections ?? confirmConnections} connections`,
    confirmOverhead,
    `${confirmOverhead?.toFixed(1)} ms`,
    '≤ 5 ms',
    (v) => v <= 5,
  );
  target(
    `confirm p50 − the Toss call as the app timed it (the app's own share), ${e?.connections ?? confirmConnections} connections`,
    ownOverhead,
    `${ownOverhead?.toFixed(1)} ms (Toss call p50 ${(e?.extra?.tossConfirmP50 as number | undefined)?.toFixed(0)} ms)`,
    '≤ 5 ms',
    (v) => v <= 5,
  );
  target(
    `app RSS (median), middle → end of the ${durationS} s checkout run`,
    rssDrift,
    `${((rssDrift ?? 0) * 100).toFixed(1)} % (${mb(c?.rssMid ?? 0)} → ${mb(c?.rssEnd ?? 0)}; lowest ${rssFloors(c)}: a GC sawtooth moves the median, a leak raises the floor)`,
    'within 10 % (of a 60 s run)',
    (v) => Math.abs(v) <= 0.1,
  );

  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: mb(totalmem()),
    node: process.version,
    os: `${platform()} ${release()}`,
    database: context.embedded
      ? 'embedded PostgreSQL 18 (temp dir, default settings)'
      : 'BENCH_DATABASE_URL',
    busyBeforeRun: `${(context.idleBusy * 100).toFixed(0)} %`,
  };
  const header = [
    '',
    'scenario',
    'target',
    'conns',
    'throughput',
    'p50 ms',
    'p99 ms',
    'errors',
    'RSS (end, median)',
    'CPU (target / machine)',
  ];
  const table = [
    header,
    ...rows.map((r) => [
      r.id,
      r.scenario,
      r.target,
      String(r.connections),
      `${r.rps.toFixed(1)} ${r.unit}`,
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      String(r.errors),
      mb(r.rssEnd),
      `${r.cpuCores.toFixed(2)} cores / ${(r.machineBusy * 100).toFixed(0)} %`,
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((line) => line[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `\n${machine.cpus} × ${machine.cpu}, ${machine.memory}, Node ${machine.node}, ${machine.database} (machine ${machine.busyBeforeRun} busy before the run); ` +
      `${durationS} s per scenario, sandbox confirm latency ${latencyMs} ms, app pool ${POOL}`,
  );
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const cells of table.slice(1)) console.log(line(cells));
  const confirmRows = rows.filter((r) => r.extra?.confirmP50 !== undefined);
  for (const r of confirmRows)
    console.log(
      `  ${r.id}: confirm step p50 ${(r.extra!.confirmP50 as number).toFixed(1)} ms, p99 ${(r.extra!.confirmP99 as number).toFixed(1)} ms`,
    );
  for (const r of rows.filter((x) => (x.extra?.firstErrors as string[] | undefined)?.length))
    console.log(`  ${r.id} errors, first: ${(r.extra!.firstErrors as string[]).join(' | ')}`);
  // A scan of a small table is the planner's right choice; one that reads a big table many times over is a missing index.
  const scanned = scans.filter((t) => t.rows >= 1000 && t.seqRowsRead > 20 * t.rows);
  console.log(
    `\nsequential scans on the app's tables: ${scanned.length === 0 ? 'none that read more than a table (indexes cover the queries)' : scanned.map((t) => `${t.table} ${t.seqScans} scans, ${t.seqRowsRead} rows read (${t.rows} rows)`).join('; ')}`,
  );
  console.log('\ntargets (report only):');
  for (const t of targets)
    console.log(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.value} (goal ${t.goal})`);
  writeFileSync(
    join(RESULTS, 'latest.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        options: { quick, durationS, warmupS, latencyMs, pool: POOL, profile },
        rows,
        targets,
        tableScans: scans,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
