import { pinoHttp } from 'pino-http';
import { loggerParams } from './logging.module';
import { basicCredential, lineScrubber, REDACTED } from './redaction';

const TOSS_KEY = 'test_sk_spec_0123456789abcdef';
const JWT_SECRET = 'jwt-secret-for-the-spec-0123456789abcdef';

/** The app's pino configuration, writing to memory. */
function appLogger(): { log: ReturnType<typeof pinoHttp>['logger']; text: () => string } {
  const lines: string[] = [];
  const params = loggerParams(
    { logLevel: 'trace', logFormat: 'json' } as never,
    { secretKey: TOSS_KEY } as never,
    { jwtSecret: JWT_SECRET } as never,
    { destination: { write: (line: string) => void lines.push(line) } },
  );
  const [options, destination] = params.pinoHttp as [object, { write(line: string): void }];
  return { log: pinoHttp(options, destination).logger, text: () => lines.join('') };
}

describe('log redaction', () => {
  it('removes credentials, deposit secrets and refund accounts from structured fields', () => {
    const { log, text } = appLogger();
    log.info(
      {
        password: 'hunter2-password',
        body: {
          email: 'a@b.c',
          password: 'nested-password',
          refundReceiveAccount: { bank: '88', accountNumber: '110222333444' },
        },
        headers: {
          authorization: 'Bearer header.jwt.value',
          Authorization: `Basic ${basicCredential(TOSS_KEY)}`,
        },
        data: { secret: 'va-deposit-secret', accessToken: 'access.token.value' },
        config: { headers: { Authorization: 'Basic Zm9vYmFyYmF6' } },
      },
      'something happened',
    );
    const line = text();
    for (const secret of [
      'hunter2-password',
      'nested-password',
      '110222333444',
      'header.jwt.value',
      'va-deposit-secret',
      'access.token.value',
      'Zm9vYmFyYmF6',
      basicCredential(TOSS_KEY),
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain(REDACTED);
    expect(line).toContain('a@b.c');
  });

  it('scrubs secrets that were written into a message', () => {
    const { log, text } = appLogger();
    log.warn(
      `calling Toss with ${TOSS_KEY} as Basic ${basicCredential(TOSS_KEY)} and Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl`,
    );
    log.error(
      `body was ${JSON.stringify({ password: 'in-a-message', secret: 'va-secret-in-message', accountNumber: '9988776655' })}`,
    );
    log.info(`jwt key ${JWT_SECRET} must not show`);
    const lines = text();
    for (const secret of [
      TOSS_KEY,
      basicCredential(TOSS_KEY),
      'eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl',
      'in-a-message',
      'va-secret-in-message',
      '9988776655',
      JWT_SECRET,
    ]) {
      expect(lines).not.toContain(secret);
    }
    expect(lines.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('leaves ordinary lines alone', () => {
    const scrub = lineScrubber([]);
    const line = '{"msg":"POST /api/v1/orders 201 12 ms","orderId":"a1b2c3d4","basicInfo":"ok"}';
    expect(scrub(line)).toBe(line);
  });
});
