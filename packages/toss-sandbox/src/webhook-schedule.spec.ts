import { isDelivered, MAX_ATTEMPTS, nextAttemptDelay, RETRY_DELAYS_MS } from './webhook-schedule';

describe('webhook-schedule', () => {
  it("follows Toss's 7 retries (+1, 4, 16, 64, 256, 1024, 4096) in seconds, then gives up", () => {
    expect(RETRY_DELAYS_MS).toEqual([1000, 4000, 16000, 64000, 256000, 1024000, 4096000]);
    expect([1, 2, 3, 4, 5, 6, 7].map(nextAttemptDelay)).toEqual(RETRY_DELAYS_MS);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptDelay(8)).toBeNull();
  });

  it('counts only HTTP 200 as delivered', () => {
    expect(isDelivered(200)).toBe(true);
    for (const status of [201, 204, 301, 404, 500]) expect(isDelivered(status)).toBe(false);
  });
});
