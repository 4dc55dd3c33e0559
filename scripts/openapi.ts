/**
 * Writes openapi.json at the repo root from the real app's routes and DTOs, so frontend teams can
 * generate clients. Preview mode builds the module graph without instantiating providers, so no
 * database is needed.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { buildOpenApiDocument, configureRoutes } from '../src/app.setup';

async function main(): Promise<void> {
  const app = await NestFactory.create(
    AppModule.forRoot({ databaseUrl: 'postgres://unused@127.0.0.1:1/none' }),
    new FastifyAdapter(),
    {
      logger: false,
      preview: true,
    },
  );
  configureRoutes(app);
  const document = await buildOpenApiDocument(app);
  writeFileSync(join(process.cwd(), 'openapi.json'), JSON.stringify(document, null, 2) + '\n');
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
