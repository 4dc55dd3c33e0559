/**
 * Where a `node --cpu-prof` profile spent its time: self time by package (or app folder) and by
 * function, and inclusive time of chosen frames. `npm run bench -- --profile` writes the app's
 * profile to bench/results/profiles/.
 *
 *   ts-node --transpile-only bench/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top] [from-seconds]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function where(url: string): string {
  if (url === '') return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node core';
  const app = /\/dist\/(src\/[^/]+|bench)/.exec(url) ?? /\/(src\/[^/]+)/.exec(url);
  return app ? app[1] : url;
}

function main(): void {
  const [file, topText, fromText] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topText ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Optionally only samples after `from` seconds (skips start-up and warm-up).
  const fromUs = Number(fromText ?? 0) * 1e6;
  const self = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i] ?? 0;
    if (clock >= fromUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) =>
    ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName),
  );
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const special = frame.functionName.startsWith('(') ? frame.functionName : undefined;
    const key = special ?? where(frame.url);
    byPackage.set(key, (byPackage.get(key) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${special ? '' : `${where(frame.url)}:${frame.lineNumber + 1}`}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled; ${idle.map(([id, us]) => `${byId.get(id)!.callFrame.functionName} ${pct(us)}`).join(', ')}`,
  );
  console.log('\nself time by package / folder:');
  for (const [key, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${pct(us).padStart(7)}  ${key}`);
  console.log('\nself time by function:');
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${pct(us).padStart(7)}  ${key}`);

  // Inclusive: a frame's self time plus its descendants', counted once per function per stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.functionName.startsWith('(') || frame.url === '') continue;
      const key = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  console.log('\ninclusive time by function (app and library frames):');
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2))
    console.log(`  ${pct(us).padStart(7)}  ${key}`);
}

main();
