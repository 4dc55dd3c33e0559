/**
 * The sandbox's own contract: an OpenAPI document of Toss's API as emulated and of the test
 * controls, with Swagger UI at /sandbox/docs and the JSON at /sandbox/docs-json, wherever the
 * sandbox runs (mounted in an app or alone). Committed as packages/toss-sandbox/openapi.json
 * (`npm run openapi -w toss-sandbox`).
 */
import { INestApplication } from '@nestjs/common';
import { DECORATORS, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SANDBOX_TAGS, TOSS_BASIC_AUTH } from './api-docs';
import { SandboxModule } from './sandbox.module';
import { SandboxTestController } from './sandbox-test.controller';
import { TossApiController } from './toss-api.controller';

/** Where the document is served. */
export const SANDBOX_DOCS = {
  /** Swagger UI. */
  ui: '/sandbox/docs',
  /** The OpenAPI document (JSON). */
  json: '/sandbox/docs-json',
  /**
   * The document's server: paths are Toss's (/v1/…) and the test controls' (/test/…) under it,
   * so that a client generated from it takes TOSS_API_BASE_URL as its base URL.
   */
  server: '/sandbox/toss',
} as const;

/**
 * The controllers the document describes. They carry @ApiExcludeController so that a host app's
 * own document (built over all its modules) leaves them out; this one includes them while it is
 * built (see withControllersDocumented).
 */
const DOCUMENTED = [TossApiController, SandboxTestController];

/**
 * Runs `build` with the sandbox's controllers no longer excluded, then excludes them again.
 * SwaggerModule.createDocument is synchronous, so no other document is built meanwhile.
 */
function withControllersDocumented<T>(build: () => T): T {
  const key = DECORATORS.API_EXCLUDE_CONTROLLER;
  const saved = DOCUMENTED.map((controller) => Reflect.getOwnMetadata(key, controller) as unknown);
  try {
    for (const controller of DOCUMENTED) Reflect.defineMetadata(key, [false], controller);
    return build();
  } finally {
    DOCUMENTED.forEach((controller, i) => Reflect.defineMetadata(key, saved[i], controller));
  }
}

function description(): string {
  return [
    "A Toss Payments emulator: Toss's core API (version 2022-11-16) on Toss's own paths, and the " +
      "test controls that do what Toss's payment window, the customer's bank and a test harness " +
      'would: authorize, deposit, faults, the clock and read-back.',
    '',
    `The server is \`${SANDBOX_DOCS.server}\` on this host: that URL is TOSS_API_BASE_URL. Toss's ` +
      'API takes Basic auth with any test secret key (user name `test_sk_…` or `test_gsk_…`, ' +
      'empty password: `Authorization: Basic base64(secretKey + ":")`); the test controls take ' +
      "none. Every error is Toss's `{code, message}`.",
    '',
    'To pay from here: authorizePayment (`POST /test/authorize`), then confirmPayment with its ' +
      'paymentKey, orderId and amount (Authorize with any `test_sk_` key first).',
  ].join('\n');
}

/**
 * The sandbox's OpenAPI document, from the SandboxModule's routes only, as any app that mounts it
 * (or the standalone server) has them. The same document wherever it is built: paths are relative
 * to SANDBOX_DOCS.server, whatever global prefix the host app has (the sandbox's routes are
 * excluded from it).
 */
export function buildSandboxDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Toss sandbox')
    .setDescription(description())
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .setExternalDoc("Toss Payments' API reference", 'https://docs.tosspayments.com/reference')
    .addServer(SANDBOX_DOCS.server, 'This sandbox (TOSS_API_BASE_URL)')
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description:
          "Toss's server auth: the secret key as user name, an empty password. Any test key " +
          '(`test_sk_…`, `test_gsk_…`) is accepted; `live_` keys are refused.',
      },
      TOSS_BASIC_AUTH,
    );
  for (const tag of SANDBOX_TAGS) builder.addTag(tag.name, tag.description);
  const config = builder.build();
  config.info.contact = { name: 'toss-sandbox (packages/toss-sandbox/README.md)' };
  const document = withControllersDocumented(() =>
    SwaggerModule.createDocument(app, config, {
      include: [SandboxModule],
      // Tags are the operations' own (SANDBOX_TAGS), not the controllers' names.
      autoTagControllers: false,
    }),
  );
  if (Object.keys(document.paths).length === 0)
    throw new Error('the SandboxModule is not mounted in this app: no sandbox document to build');
  return relativeToServer(document);
}

/** Paths under SANDBOX_DOCS.server; operations without a security requirement say so (`[]`). */
function relativeToServer(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`${SANDBOX_DOCS.server}/`))
      throw new Error(`the sandbox's route ${path} is not under ${SANDBOX_DOCS.server}`);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
    paths[path.slice(SANDBOX_DOCS.server.length)] = item;
  }
  return { ...document, paths };
}

/**
 * Serves Swagger UI at /sandbox/docs and the document at /sandbox/docs-json. Call it once the
 * app is created and before it listens (the standalone server does; a host app that mounts the
 * SandboxModule calls it too). Returns the document.
 */
export function setupSandboxDocs(app: INestApplication): OpenAPIObject {
  const document = buildSandboxDocument(app);
  SwaggerModule.setup(SANDBOX_DOCS.ui.slice(1), app, () => document, {
    jsonDocumentUrl: SANDBOX_DOCS.json.slice(1),
    // Its own page title, so that the tab is not confused with the host app's /docs.
    customSiteTitle: 'Toss sandbox API',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}
