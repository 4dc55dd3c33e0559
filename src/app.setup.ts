import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SANDBOX_MOUNT } from './app.module';
import { installTextRules } from './common/validation';
import metadata from './metadata';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP app that main.ts and the e2e app factory must share. */
export async function setupApp(app: INestApplication): Promise<void> {
  configureRoutes(app);
  installTextRules(app, `/${API_PREFIX}/`);
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, () => document, { jsonDocumentUrl: 'docs-json' });
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
  // The Swagger CLI plugin does not run under @swc/jest or ts-node: load its generated metadata.
  await SwaggerModule.loadPluginMetadata(metadata);
  const config = new DocumentBuilder()
    .setTitle('Toss Payments backend')
    .setDescription(
      'Catalogue, pending orders and money-safe payments on Toss Payments. Every error answers ' +
        '`{statusCode, code, message, details?}`; clients switch on `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}
