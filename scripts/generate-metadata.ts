/**
 * Writes src/metadata.ts: what the Swagger CLI plugin learns from the DTOs (types, class-validator
 * rules, JSDoc), for the code paths where the plugin cannot run (@swc/jest, ts-node).
 */
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { join } from 'node:path';

const root = join(__dirname, '..');
new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      classValidatorShim: true,
      pathToSource: join(root, 'src'),
    }),
  ],
  outputDir: join(root, 'src'),
  filename: 'metadata.ts',
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});
