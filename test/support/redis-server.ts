import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A throwaway redis-server on a free loopback port, nothing saved; stop() and start() again keep the port. */
export interface RedisServer {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its folder. */
  remove(): Promise<void>;
}

/** The Debian package's binary (apt-get install redis-server); .ci/run installs it. */
function redisServerBinary(): string {
  const folders = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/bin',
    '/usr/sbin',
    '/usr/local/bin',
  ];
  for (const folder of folders.filter(Boolean)) {
    const path = join(folder, 'redis-server');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      /* next folder */
    }
  }
  throw new Error(
    'redis-server is not installed, and this test runs against a real one: install it (Debian: apt-get install redis-server; .ci/run does)',
  );
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

export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'toss-test-redis-'));
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((ready, fail) => {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      const server = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          server.stdout.off('data', onData);
          server.stdout.resume();
          ready();
        }
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.once('exit', (code) =>
        fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
      );
      server.once('error', (error) =>
        fail(new Error(`could not start ${binary}: ${error.message}`)),
      );
    });

  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.removeAllListeners('exit');
    await new Promise<void>((done) => {
      server.once('exit', () => done());
      server.kill('SIGTERM');
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    remove: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
