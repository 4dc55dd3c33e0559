import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A background pass a worker runs on an interval and by hand (the reconciler, its audit, the
 * subscription scheduler, the cash receipt sweeper): one at a time in a process, a call while one
 * runs shares it; shutdown stops the interval and waits for the pass under way. Many instances
 * may run the same pass at once: the pass itself claims its rows (src/database/claim.ts).
 */
export class RecurringPass<R> {
  private running?: Promise<R>;
  private stopping = false;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly name: string,
  ) {}

  /** Shutdown has begun: a pass stops between batches. */
  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * `tick` every `intervalMs` (never when it is 0 or less), and once at start-up unless told
   * otherwise: a process killed mid-work is healed by the next one to start. `tick` must not throw.
   */
  start(intervalMs: number, tick: () => Promise<void>, options: { atStart?: boolean } = {}): void {
    if (intervalMs <= 0) return;
    if (options.atStart ?? true) setImmediate(() => void tick());
    this.scheduler.addInterval(
      this.name,
      setInterval(() => void tick(), intervalMs),
    );
  }

  /** The pass under way, or `pass()` started now. */
  run(pass: () => Promise<R>): Promise<R> {
    this.running ??= pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', this.name)) this.scheduler.deleteInterval(this.name);
    await this.running?.catch(() => undefined);
  }
}
