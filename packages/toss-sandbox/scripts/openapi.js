#!/usr/bin/env node
/**
 * Writes packages/toss-sandbox/openapi.json, the sandbox's OpenAPI document (what /sandbox/docs-json
 * serves), from the compiled package (`npm run openapi` builds it first). Preview mode builds the
 * module graph without instantiating providers, so no database is needed.
 */
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildSandboxDocument, SandboxStandaloneModule } = require('../dist/index.js');

async function main() {
  const app = await NestFactory.create(
    SandboxStandaloneModule.forRoot({ databaseUrl: 'postgres://unused@127.0.0.1:1/none' }),
    new FastifyAdapter(),
    { logger: false, preview: true },
  );
  const document = buildSandboxDocument(app);
  writeFileSync(join(__dirname, '..', 'openapi.json'), JSON.stringify(document, null, 2) + '\n');
  await app.close();
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
