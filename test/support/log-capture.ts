import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line in memory, for tests that read the app's logs. */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join('');
  }

  /** The lines as JSON records (the app logs one JSON object a line). */
  records(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
