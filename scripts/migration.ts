/**
 * npm run migration:<command>:
 *   run | revert      against DATABASE_URL, or the app's embedded server (DATA_DIR, ./data)
 *   generate <Name>   diff the entities against a throwaway database with every migration applied
 *   check             fail when the entities differ from what the migrations build (CI drift check)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '../src/config/env';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

const [command, name] = process.argv.slice(2);
const root = join(__dirname, '..');

function typeorm(url: string, ...args: string[]): void {
  execFileSync(
    join(root, 'node_modules/.bin/typeorm-ts-node-commonjs'),
    ['-d', 'ormconfig.ts', ...args],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: url, TS_NODE_TRANSPILE_ONLY: 'true' },
    },
  );
}

async function withDatabase(throwaway: boolean, work: (url: string) => void): Promise<void> {
  const env = parseEnv();
  if (env.databaseUrl && !throwaway) return work(env.databaseUrl);
  const dataDir = throwaway ? mkdtempSync(join(tmpdir(), 'migrations-')) : env.dataDir;
  const server = await EmbeddedPostgres.start({ dataDir });
  try {
    work(server.url);
  } finally {
    await server.stop();
    if (throwaway) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  switch (command) {
    case 'run':
      return withDatabase(false, (url) => typeorm(url, 'migration:run'));
    case 'revert':
      return withDatabase(false, (url) => typeorm(url, 'migration:revert'));
    case 'generate':
      if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name))
        throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
      return withDatabase(true, (url) => {
        typeorm(url, 'migration:run');
        typeorm(url, 'migration:generate', '--pretty', `src/database/migrations/${name}`);
      });
    case 'check':
      return withDatabase(true, (url) => {
        typeorm(url, 'migration:run');
        typeorm(url, 'migration:generate', '--check', 'src/database/migrations/Drift');
      });
    default:
      throw new Error('usage: migration.ts run|revert|generate <Name>|check');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
