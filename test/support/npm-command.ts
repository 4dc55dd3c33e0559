import { ChildProcess } from 'node:child_process';
import { eventually } from './poll';

/** Everything a command printed so far, stdout and stderr interleaved. */
export function outputOf(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/**
 * The port an app started by a README command listens on, from its start-up log line; fails with
 * everything it printed if it exits or does not listen in time.
 */
export async function listeningPort(
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<number> {
  const port = await eventually(
    () =>
      Promise.resolve(
        child.exitCode !== null
          ? 'exited'
          : /listening on http:\/\/[^\s:/]+:(\d+)/.exec(output())?.[1],
      ),
    (found) => found !== undefined,
    { timeoutMs, intervalMs: 100 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output()}`);
  });
  if (port === 'exited' || port === undefined)
    throw new Error(`the command exited (${child.exitCode}):\n${output()}`);
  return Number(port);
}
