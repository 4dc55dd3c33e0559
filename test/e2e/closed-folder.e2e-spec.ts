import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARY_CACHE, FALLBACK_DATA_ROOT } from '../../src/database/embedded-postgres';
import { listeningPort, outputOf } from '../support/npm-command';

const ROOT = join(__dirname, '..', '..');
const AS_ROOT = process.getuid?.() === 0;

/** What a fresh shell has: no DATABASE_URL, DATA_DIR or test settings from this run. */
const FRESH_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  TZ: 'UTC',
};

/**
 * README's two commands in a clone inside a folder closed to others (mode 700), as in a `mktemp -d`
 * folder or under /root. As root (CI), PostgreSQL runs as the OS user `postgres`, which can enter
 * neither the project's node_modules nor its ./data: the binaries must run from their copy under
 * /var/cache and `npm start`'s default data must move to a folder it can reach. As another user
 * nothing is out of reach, and the same commands must simply work.
 *
 * The clone is of the committed HEAD. Its node_modules is a copy (hard links where the file system
 * allows), inside the closed folder like an `npm ci` there, which would take minutes.
 */
describe('README commands from a mode-700 folder (e2e)', () => {
  let closed: string;
  let project: string;

  const run = (command: string, args: string[], env: Record<string, string> = {}) =>
    spawn(command, args, {
      cwd: project,
      env: { ...FRESH_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  /** Resolves once the command and everything it started that shares its output have ended. */
  const closedOf = (child: ChildProcess) =>
    new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  /** SIGTERM to the command's process group (npm, sh, node), as a terminal's Ctrl-C would reach. */
  const signal = (child: ChildProcess, name: NodeJS.Signals) => {
    if (!child.pid) throw new Error('the command has no pid');
    process.kill(-child.pid, name);
  };

  beforeAll(() => {
    closed = mkdtempSync(join(tmpdir(), 'toss-closed-'));
    chmodSync(closed, 0o700);
    project = join(closed, 'toss-payments-backend');
    // Trust this checkout whoever owns it (a root container over a bind mount): `-c` does not
    // reach the upload-pack of a local clone, a global config file does.
    const gitConfig = join(closed, 'gitconfig');
    writeFileSync(gitConfig, '[safe]\n\tdirectory = *\n');
    execFileSync('git', ['clone', '--quiet', ROOT, project], {
      stdio: 'pipe',
      env: { ...process.env, GIT_CONFIG_GLOBAL: gitConfig },
    });
    try {
      execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(project, 'node_modules')], {
        stdio: 'pipe',
      });
    } catch {
      rmSync(join(project, 'node_modules'), { recursive: true, force: true });
      execFileSync('cp', ['-a', join(ROOT, 'node_modules'), join(project, 'node_modules')], {
        stdio: 'pipe',
      });
    }
  }, 120_000);
  afterAll(() => {
    if (closed) rmSync(closed, { recursive: true, force: true });
  });

  it('npm test (one e2e file) passes', async () => {
    const child = run('npm', ['test', '--', 'test/e2e/smoke.e2e-spec.ts']);
    const output = outputOf(child);
    const code = await closedOf(child);
    expect({ code, output: code === 0 ? '' : output() }).toEqual({ code: 0, output: '' });
    expect(output()).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 150_000);

  it('npm start serves /health and stops cleanly on SIGTERM', async () => {
    const child = run('npm', ['start'], { PORT: '0' });
    const output = outputOf(child);
    const ended = closedOf(child);
    let dataDir: string | undefined;
    try {
      const port = await listeningPort(child, output, 120_000);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);

      const started = output();
      // As root the data leaves the closed folder for one that `postgres` can reach, named at start-up.
      dataDir = AS_ROOT
        ? /keeps this project's data in (\S+);/.exec(started)?.[1]
        : join(project, 'data');
      expect(started).toContain(`data in ${dataDir}/postgres`);
      // The server runs from the copy of the binaries as root, from node_modules otherwise.
      const pid = readFileSync(join(`${dataDir}`, 'postgres', 'postmaster.pid'), 'utf8').split(
        '\n',
      )[0];
      expect({
        relocated: dataDir?.startsWith(`${FALLBACK_DATA_ROOT}/toss-payments-backend-`),
        fromCopy: readlinkSync(`/proc/${pid}/exe`).startsWith(`${BINARY_CACHE}/`),
      }).toEqual({ relocated: AS_ROOT, fromCopy: AS_ROOT });

      signal(child, 'SIGTERM');
      await ended;
      expect(output()).toMatch(/SIGTERM received: draining/);
      expect(output()).toMatch(/closed in \d+ ms/);
      // The database server stopped with the app.
      expect(existsSync(join(`${dataDir}`, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) signal(child, 'SIGKILL');
      if (dataDir?.startsWith(`${FALLBACK_DATA_ROOT}/`))
        rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
