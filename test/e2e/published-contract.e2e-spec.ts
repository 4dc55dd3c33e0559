import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabase } from '../setup/test-database';
import { startTestApp } from '../setup/test-app';
import { listeningPort, outputOf } from '../support/npm-command';

const ROOT = join(__dirname, '..', '..');
const PUBLISHED = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as unknown;

/**
 * The contract at /docs-json is openapi.json, byte for byte in meaning, however the README starts
 * the app: `npm start` builds with SWC (no Swagger CLI plugin), `start:prod` runs the tsc build
 * (plugin), the e2e app runs under @swc/jest. The commands run in a copy of the working tree so
 * their builds (which empty dist/) leave this checkout alone.
 */
describe('the published contract in every start mode (e2e)', () => {
  let project: string;

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'toss-contract-'));
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file !== '' && !file.startsWith('node_modules/'));
    for (const file of files) {
      mkdirSync(dirname(join(project, file)), { recursive: true });
      try {
        copyFileSync(join(ROOT, file), join(project, file));
      } catch {
        // Listed but deleted in the working tree: not part of what is being tested.
      }
    }
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  });
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('the e2e app serves openapi.json', async () => {
    const t = await startTestApp();
    try {
      const served = (await t.http.get('/docs-json').expect(200)).body as unknown;
      expect(served).toEqual(PUBLISHED);
    } finally {
      await t.close();
    }
  });

  it('npm start (SWC build) serves openapi.json', async () => {
    expect(await docsServedBy(['start'])).toEqual(PUBLISHED);
  }, 180_000);

  it('npm run build, then npm run start:prod (tsc build) serves openapi.json', async () => {
    execFileSync('npm', ['run', 'build'], { cwd: project, stdio: 'pipe' });
    expect(await docsServedBy(['run', 'start:prod'])).toEqual(PUBLISHED);
  }, 240_000);

  /** Runs `npm <args>` as a newcomer would (on a fresh database), and reads its /docs-json. */
  async function docsServedBy(args: string[]): Promise<unknown> {
    const child = spawn('npm', args, {
      cwd: project,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/root',
        TZ: 'UTC',
        PORT: '0',
        DATABASE_URL: await createTestDatabase(),
        RECONCILE_INTERVAL_MS: '0',
        RECONCILE_AUDIT_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = outputOf(child);
    try {
      const port = await listeningPort(child, output, 150_000);
      const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(response.status).toBe(200);
      return await response.json();
    } finally {
      const ended = new Promise((done) => child.once('close', done));
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      await ended;
    }
  }
});
