import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpsConfig } from '../../config/app.config';

/** Toss's SDK v2 and the payment window it opens, for the demo page with a real client key. */
const TOSS_SCRIPT = 'https://js.tosspayments.com';
const TOSS_ANY = 'https://*.tosspayments.com';

/**
 * The Content-Security-Policy of every answer. The pages this service serves (Swagger UI at /docs,
 * the demo at /demo, the sandbox window at /sandbox/checkout) load scripts from this origin only;
 * Swagger UI writes inline <style> blocks and style attributes, hence 'unsafe-inline' for styles
 * (never for scripts). test/e2e/protection.e2e-spec.ts checks each page against it.
 */
export function contentSecurityPolicy(production: boolean): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'self'"],
    scriptSrc: ["'self'", TOSS_SCRIPT],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'https:'],
    fontSrc: ["'self'", 'data:', 'https:'],
    connectSrc: ["'self'", TOSS_ANY],
    frameSrc: ["'self'", TOSS_ANY],
    formAction: ["'self'", TOSS_ANY],
    // Plain-HTTP development (a LAN address, a container) must not be pushed to https.
    upgradeInsecureRequests: production ? [] : null,
  };
}

/**
 * The policy's header value, built once with helmet's own CSP code. Left to @fastify/helmet, the
 * directives are parsed again on every request: ~22 µs each, 4 % of a catalogue request's CPU.
 */
export function contentSecurityPolicyHeader(production: boolean): string {
  let header = '';
  const response = {
    setHeader: (name: string, value: string) => {
      if (name.toLowerCase() === 'content-security-policy') header = value;
    },
    removeHeader: () => undefined,
  };
  helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: contentSecurityPolicy(production),
  })({} as never, response as never, () => undefined);
  return header;
}

/** Security headers (helmet) and CORS, registered before any route. */
export async function applyHttpSecurity(
  app: NestFastifyApplication,
  ops: OpsConfig,
  production: boolean,
): Promise<void> {
  const csp = contentSecurityPolicyHeader(production);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.header('content-security-policy', csp);
      done();
    });
  await app.register(helmet, {
    // Sent by the hook above, computed once.
    contentSecurityPolicy: false,
    // Toss's SDK opens its window as a popup and talks to it.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // Browsers ignore HSTS over plain HTTP; sent in production, where TLS is in front.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  const origins = ops.corsOrigins;
  app.enableCors({
    // true: any origin (development default); a list: those only; empty (production default): none.
    origin: origins === true ? true : origins.length > 0 ? origins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}
