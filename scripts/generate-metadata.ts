/**
 * Writes src/metadata.ts: what the Swagger CLI plugin learns from the DTOs (types, class-validator
 * rules, JSDoc), for the code paths where the plugin cannot run (@swc/jest, ts-node).
 */
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      classValidatorShim: true,
      // Operations declare their responses themselves (src/common/openapi): DTOs only.
      controllerFileNameSuffix: [],
      pathToSource: join(root, 'src'),
    }),
  ],
  outputDir: join(root, 'src'),
  filename: 'metadata.ts',
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});

// The generator emits `import("./x.js")`, which only resolves in the compiled output. `require`
// resolves the same module under tsc output, ts-node and Jest alike.
const file = join(root, 'src', 'metadata.ts');
const source = readFileSync(file, 'utf8')
  .replace(/await import\("(\.[^"]+)\.js"\)/g, 'require("$1")')
  .replace(/import\("(\.[^"]+)\.js"\)/g, 'Promise.resolve(require("$1"))');
writeFileSync(file, source);
