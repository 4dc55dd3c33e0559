import { SchedulerRegistry } from '@nestjs/schedule';
import { RecurringPass } from './recurring-pass';

describe('RecurringPass', () => {
  const deferred = () => {
    let resolve!: (value: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('shares the pass under way with a second caller, and starts a new one after it', async () => {
    const pass = new RecurringPass<string>(new SchedulerRegistry(), 'test');
    const first = deferred();
    let started = 0;
    const run = () => pass.run(() => (started++, first.promise));
    const [a, b] = [run(), run()];
    first.resolve('done');
    expect(await Promise.all([a, b])).toEqual(['done', 'done']);
    expect(started).toBe(1);
    await pass.run(() => (started++, Promise.resolve('again')));
    expect(started).toBe(2);
  });

  it.each([
    [0, false],
    [-1, false],
    [60_000, true],
  ])('an interval of %d ms is scheduled: %s', async (intervalMs, scheduled) => {
    const scheduler = new SchedulerRegistry();
    const pass = new RecurringPass<void>(scheduler, 'test');
    pass.start(intervalMs, () => Promise.resolve(), { atStart: false });
    expect(scheduler.doesExist('interval', 'test')).toBe(scheduled);
    await pass.stop();
    expect(scheduler.doesExist('interval', 'test')).toBe(false);
  });

  it.each([
    [undefined, 1],
    [true, 1],
    [false, 0],
  ])(
    'runs once at start-up unless told not to (atStart: %p → %d ticks)',
    async (atStart, expected) => {
      let ticks = 0;
      const pass = new RecurringPass<void>(new SchedulerRegistry(), 'test');
      pass.start(60_000, () => Promise.resolve(void ticks++), { atStart });
      await new Promise((resolve) => setImmediate(resolve));
      expect(ticks).toBe(expected);
      await pass.stop();
    },
  );

  it('stop says so to the pass and waits for the pass under way', async () => {
    const pass = new RecurringPass<string>(new SchedulerRegistry(), 'test');
    const under = deferred();
    const running = pass.run(() => under.promise);
    let stopped = false;
    const stopping = pass.stop().then(() => (stopped = true));
    expect(pass.stopped).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    under.resolve('finished');
    await stopping;
    expect(await running).toBe('finished');
  });
});
