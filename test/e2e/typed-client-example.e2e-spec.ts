import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { admin, SignedIn } from '../factories/auth.factory';
import { tossRecord } from '../factories/sandbox.factory';
import { startTestApp, TestApp } from '../setup/test-app';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'typed-client');

interface Run {
  code: number;
  stdout: string;
  /** stdout and stderr, for the failure message. */
  output: string;
}

/** Runs a command in the example's folder; resolves with its exit code and what it printed. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: EXAMPLE, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** The casts (`as`, `<T>x`), non-null assertions and `any` of a source: the example has none. */
function escapes(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const escape =
      ts.isAsExpression(node) ||
      ts.isTypeAssertionExpression(node) ||
      ts.isNonNullExpression(node) ||
      node.kind === ts.SyntaxKind.AnyKeyword;
    if (escape) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file}:${line + 1}: ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * examples/typed-client: types generated from openapi.json by openapi-typescript, calls through
 * openapi-fetch, a strict program doing a whole checkout. It must compile with no type error, and
 * its checkout must work against the real app with the mounted sandbox, as README.md there says.
 */
describe('examples/typed-client (e2e)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let build: Run;

  // `npm start` there is `npm run build` (generate, then tsc with noEmitOnError) and
  // `node dist/checkout.js`: built once here, beside the app starting, from no earlier output.
  beforeAll(async () => {
    rmSync(join(EXAMPLE, 'dist'), { recursive: true, force: true });
    [t, build] = await Promise.all([startTestApp(), run('npm', ['run', '--silent', 'build'])]);
    boss = await admin(t.http);
  }, 180_000);
  afterAll(() => t.close());

  it('is strict TypeScript with no cast, non-null assertion or any', () => {
    const config = JSON.parse(readFileSync(join(EXAMPLE, 'tsconfig.json'), 'utf8'));
    expect(config.extends).toBeUndefined();
    expect(config.compilerOptions).toMatchObject({
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
    });
    const sources = readdirSync(join(EXAMPLE, 'src'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
      .map((name) => join(EXAMPLE, 'src', name));
    expect(sources).not.toHaveLength(0);
    expect(sources.flatMap(escapes)).toEqual([]);
  });

  it('compiles against the types generated from openapi.json with no type error', () => {
    expect({ code: build.code, output: build.code === 0 ? '' : build.output }).toEqual({
      code: 0,
      output: '',
    });
  });

  it('completes a checkout (PAID) and reads the typed details of AMOUNT_MISMATCH', async () => {
    const checkout = await run(process.execPath, ['dist/checkout.js'], { API_BASE_URL: t.baseUrl });
    expect({ code: checkout.code, output: checkout.code === 0 ? '' : checkout.output }).toEqual({
      code: 0,
      output: '',
    });

    const { stdout } = checkout;
    const paid = /^order (\S+) is PAID \(10000 KRW\)$/m.exec(stdout);
    const mismatch = /^AMOUNT_MISMATCH on order (\S+): expected (\d+), got (\d+)$/m.exec(stdout);
    expect({ paid: paid !== null, mismatch: mismatch?.slice(2), stdout }).toEqual({
      paid: true,
      mismatch: ['10000', '9000'],
      stdout,
    });

    // What the program printed is what the books hold: one approval, and none for the refused one.
    const paidOrderId = paid?.[1] ?? '';
    const refusedOrderId = mismatch?.[1] ?? '';
    const order = await t.http.get(`/api/v1/orders/${paidOrderId}`).set(boss.auth).expect(200);
    expect(order.body).toMatchObject({ status: 'PAID', amount: 10_000 });
    expect(await tossRecord(t.http, paidOrderId)).toMatchObject({ approvals: 1 });
    const refused = await t.http.get(`/api/v1/orders/${refusedOrderId}`).set(boss.auth).expect(200);
    expect(refused.body).toMatchObject({ status: 'PENDING', amount: 10_000 });
    expect(await tossRecord(t.http, refusedOrderId)).toMatchObject({
      approvals: 0,
      confirmCalls: 0,
    });
  });
});
