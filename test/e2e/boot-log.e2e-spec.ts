import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { WORKERS_OFF } from '../setup/test-app';
import { createTestDatabase } from '../setup/test-database';
import { LogCapture } from '../support/log-capture';

/**
 * The start-up log names every route where it is served. (Nest's own controller lines put /api/v1
 * before controllers whose routes live outside it: /api/v1/metrics, /api/v1/sandbox/….)
 */
describe('start-up log: routes (e2e)', () => {
  const capture = new LogCapture();
  let app: INestApplication;
  let routeLines: string[];

  beforeAll(async () => {
    Object.assign(
      process.env,
      { TZ: 'UTC', LOG_LEVEL: 'info', SANDBOX_ENABLED: 'true' },
      WORKERS_OFF,
    );
    const databaseUrl = await createTestDatabase();
    app = await createApp({ databaseUrl, migrationsRun: false, logDestination: capture });
    await app.listen(0, '127.0.0.1');
    routeLines = capture
      .records()
      .filter((record) => record.context === 'Routes')
      .map((record) => String(record.msg));
  });
  afterAll(() => app?.close());

  it('has one line per path with its methods, for the API and for what lives outside /api/v1', () => {
    expect(routeLines).toEqual(
      expect.arrayContaining([
        '/api/v1/products (GET, HEAD, POST)',
        '/api/v1/products/:id (GET, HEAD, PATCH, DELETE)',
        '/api/v1/webhooks/toss (POST)',
        '/health (GET, HEAD)',
        '/health/ready (GET, HEAD)',
        '/metrics (GET, HEAD)',
        '/demo (GET, HEAD)',
        '/sandbox/toss/v1/payments/confirm (POST)',
        '/sandbox/toss/test/authorize (POST)',
        '/sandbox/sdk.js (GET, HEAD)',
        '/docs-json (GET, HEAD)',
      ]),
    );
  });

  it('names no route under /api/v1 that is served elsewhere, on any line', () => {
    const text = capture.text();
    for (const outside of ['metrics', 'health', 'demo', 'sandbox', 'docs']) {
      expect({ outside, named: text.includes(`/api/v1/${outside}`) }).toEqual({
        outside,
        named: false,
      });
    }
  });

  it('answers a GET at every GET path of the app it names (no 404, no 405)', async () => {
    const http = request(app.getHttpServer());
    const getPaths = routeLines
      .map((line) => /^(\S+) \((.+)\)$/.exec(line))
      .filter((match) => match !== null && match[2].split(', ').includes('GET'))
      .map((match) => match![1])
      .filter((path) => !path.includes(':') && !path.includes('*'))
      // Swagger UI's own files (/docs/LICENSE, …) are there only if swagger-ui-dist ships them.
      .filter((path) => !/^(\/sandbox)?\/docs\//.test(path));
    expect(getPaths.length).toBeGreaterThan(20);
    for (const path of getPaths) {
      const res = await http.get(path);
      expect({ path, status: String(res.status) }).toEqual({
        path,
        status: expect.not.stringMatching(/^40[45]$/),
      });
    }
  });
});
