import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SANDBOX_MOUNT } from './app.module';
import { installMethodNotAllowed } from './common/method-not-allowed';
import { installTextRules } from './common/validation';
import { tossConfig } from './config/app.config';
import { closeRequestSchemas, markPublicOperations } from './common/openapi/contract-rules';
import { publishErrorResponses } from './common/openapi/error-responses';
import metadata from './metadata';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP app that main.ts and the e2e app factory must share. */
export async function setupApp(app: INestApplication): Promise<void> {
  configureRoutes(app);
  installMethodNotAllowed(app);
  installTextRules(app, `/${API_PREFIX}/`);
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, () => document, { jsonDocumentUrl: 'docs-json' });
  // The Toss sandbox's own contract (/sandbox/docs, /sandbox/docs-json), where it is mounted.
  if (tossConfig().sandboxEnabled) SANDBOX_MOUNT.setupDocs(app);
}

/** JSON endpoints under /api/v1; health (and other operational pages) outside it. */
export function configureRoutes(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      // Browser pages: the demo checkout.
      { path: 'demo', method: RequestMethod.GET },
      { path: 'demo/{*path}', method: RequestMethod.GET },
      // The Toss sandbox's API, window and SDK, where Toss has them (when mounted).
      ...SANDBOX_MOUNT.prefixExclusions,
    ],
  });
}

export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  // The Swagger CLI plugin does not run under @swc/jest, ts-node or an SWC build: load its
  // generated metadata (DTOs only; every operation declares its responses itself, so the document
  // is the same whichever compiler built the app).
  await SwaggerModule.loadPluginMetadata(metadata);
  const builder = new DocumentBuilder()
    .setTitle('Toss Payments backend')
    .setDescription(
      'Catalogue, pending orders and money-safe payments on Toss Payments. Every error answers ' +
        '`{statusCode, code, message, details?}`; clients switch on `code`, and each operation ' +
        'lists the codes it can answer per status, with the schema of their `details`.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'The server that serves this document')
    .addBearerAuth();
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const config = builder.build();
  config.info.contact = { name: 'toss-payments-backend maintainers' };
  const document = SwaggerModule.createDocument(app, config);
  markPublicOperations(document);
  closeRequestSchemas(document);
  publishErrorResponses(document, `/${API_PREFIX}/`);
  return document;
}

/** The document's tags, in the order Swagger UI shows them. */
const API_TAGS: Record<string, string> = {
  auth: 'Customer accounts and bearer tokens.',
  products: 'The catalogue; admins manage it.',
  orders: 'Pending orders priced by the server, the thing a payment is checked against.',
  payments: "Confirming what the customer authorised in Toss's window, reading payments, refunds.",
  billing: "Recurring payments: the customer's cards (billing keys kept encrypted, never shown).",
  plans: 'Recurring payments: the plans customers subscribe to; admins manage them.',
  subscriptions:
    'Recurring payments: subscriptions, charged on schedule with retries; cancel now or at the period end.',
  admin: 'Operators: the books report against Toss.',
  webhooks: "Toss's webhook receiver.",
  health: 'Liveness and readiness for load balancers and orchestrators.',
};
