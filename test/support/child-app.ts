import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ChildApp {
  process: ChildProcess;
  baseUrl: string;
  /** Everything the child wrote, for diagnostics when a test fails. */
  output(): string;
}

const ROOT = join(__dirname, '..', '..');

/** Starts test/support/app-process.ts under ts-node and resolves once it is listening. */
export function startChildApp(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildApp> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/support/app-process.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child app did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, baseUrl: `http://127.0.0.1:${match[1]}`, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child app exited with ${code}:\n${output}`));
    });
  });
}

/** Resolves when the child has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
