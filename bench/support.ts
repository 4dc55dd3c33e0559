import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Started {
  name: string;
  child: ChildProcess;
  url: string;
  /** Stops it with SIGTERM (its graceful path) and waits for the exit; SIGKILL after 30 s. */
  stop(): Promise<number | null>;
}

/**
 * Runs `node <args>` with its output written to `logFile` (this run's only), and resolves once `GET <url><readyPath>`
 * answers 200. A child that exits first fails the bench: the benchmark itself crashed.
 */
export async function startNode(options: {
  name: string;
  args: string[];
  env: Record<string, string>;
  url: string;
  readyPath: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<Started> {
  const log = openSync(options.logFile, 'w');
  const child = spawn(process.execPath, options.args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: string | undefined;
  child.once(
    'exit',
    (code, signal) =>
      (exited = `${options.name} exited (${code ?? signal}) — see ${options.logFile}`),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited) throw new Error(exited);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${options.name} did not answer ${options.readyPath} in time — see ${options.logFile}`,
      );
    }
    if ((await get(`${options.url}${options.readyPath}`).catch(() => 0)) === 200) break;
    await sleep(200);
  }
  return {
    name: options.name,
    child,
    url: options.url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/** Resident set size of a process in bytes (Linux /proc; 0 elsewhere). */
export function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used, in seconds (Linux /proc; 0 elsewhere). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of the whole machine (all cores). */
function machineTicks(): { busy: number; total: number } {
  try {
    const values = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - values[3] - (values[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** How busy the machine is without our load (other processes skew a benchmark), 0..1. */
export async function machineBusyFor(ms: number): Promise<number> {
  const before = machineTicks();
  await sleep(ms);
  const after = machineTicks();
  return after.total > before.total ? (after.busy - before.busy) / (after.total - before.total) : 0;
}

export interface Usage {
  rss: { t: number; bytes: number }[];
  /** The process's CPU use over the run, in cores (1.0 = one core busy). */
  cpuCores: number;
  /** The whole machine's busy share over the run, 0..1. */
  machineBusy: number;
}

/** Samples a process's RSS once a second while `work` runs, and its CPU use over the run. */
export async function sampleRss<T>(
  pid: number | undefined,
  work: () => Promise<T>,
): Promise<{ result: T } & Usage> {
  const started = Date.now();
  const cpuStart = cpuSecondsOf(pid);
  const ticksStart = machineTicks();
  const rss: { t: number; bytes: number }[] = [];
  const timer = setInterval(() => rss.push({ t: Date.now() - started, bytes: rssOf(pid) }), 1000);
  try {
    const result = await work();
    rss.push({ t: Date.now() - started, bytes: rssOf(pid) });
    const ticksEnd = machineTicks();
    const seconds = (Date.now() - started) / 1000;
    return {
      result,
      rss,
      cpuCores: (cpuSecondsOf(pid) - cpuStart) / seconds,
      machineBusy:
        ticksEnd.total > ticksStart.total
          ? (ticksEnd.busy - ticksStart.busy) / (ticksEnd.total - ticksStart.total)
          : 0,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The median RSS of the samples between two fractions of the run: GC makes RSS saw up and down by
 * 10 % or more from one second to the next, so single samples compare noise.
 */
export function rssBetween(
  samples: { t: number; bytes: number }[],
  durationMs: number,
  from: number,
  to: number,
): number {
  const inside = samples
    .filter((s) => s.t >= from * durationMs && s.t <= to * durationMs)
    .map((s) => s.bytes);
  inside.sort((a, b) => a - b);
  return inside.length > 0
    ? inside[Math.floor(inside.length / 2)]
    : (samples[samples.length - 1]?.bytes ?? 0);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** A small JSON client on a keep-alive agent. */
export class JsonClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(payload)),
            }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              /* not JSON: keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.once('error', reject);
        },
      );
      req.once('error', reject);
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.end(payload);
    });
  }

  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    expected = [200, 201],
  ): Promise<T> {
    const res = await this.request(method, path, body, headers);
    if (!expected.includes(res.status))
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
