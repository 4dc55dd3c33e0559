import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseError, reachableBinaries } from './embedded-postgres';

/** The user the server would run as: neither the owner of the copy nor in its group. */
const NOBODY = { uid: 65534, gid: 65534 };
const VERSION = '18.0.0-test.1';

describe('reachableBinaries: the copy of the binaries that the OS user postgres runs', () => {
  let work: string;
  let native: string;
  let cache: string;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const copy = () => reachableBinaries(NOBODY, log, { native, version: VERSION }, cache);

  beforeEach(() => {
    lines.length = 0;
    work = mkdtempSync(join(tmpdir(), 'pg-binaries-'));
    chmodSync(work, 0o755);
    // As npm may leave it: private modes, no library symlinks (postinstall not run).
    native = join(work, 'closed', 'native');
    for (const dir of ['bin', 'lib', 'share/timezone'])
      mkdirSync(join(native, dir), { recursive: true, mode: 0o700 });
    writeFileSync(join(native, 'bin', 'postgres'), '#!/bin/sh\n', { mode: 0o600 });
    writeFileSync(join(native, 'bin', 'initdb'), '#!/bin/sh\n', { mode: 0o700 });
    writeFileSync(join(native, 'lib', 'libpq.so.5.18'), 'elf', { mode: 0o700 });
    writeFileSync(join(native, 'share', 'timezone', 'UTC'), 'tz', { mode: 0o600 });
    writeFileSync(
      join(native, 'pg-symlinks.json'),
      JSON.stringify([{ source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' }]),
    );
    chmodSync(join(work, 'closed'), 0o700);
    cache = join(work, 'cache');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('copies bin, lib and share once per version, open to others, with the library symlinks', () => {
    const bin = copy();
    const target = join(cache, `${platform()}-${arch()}-${VERSION}`);
    expect(bin).toBe(join(target, 'bin'));
    const mode = (path: string) => statSync(join(target, path)).mode & 0o777;
    expect([mode('.'), mode('bin'), mode('lib'), mode('share/timezone')]).toEqual([
      0o755, 0o755, 0o755, 0o755,
    ]);
    expect([mode('bin/postgres'), mode('bin/initdb'), mode('lib/libpq.so.5.18')]).toEqual([
      0o755, 0o755, 0o755,
    ]);
    expect(mode('share/timezone/UTC')).toBe(0o644);
    expect(lstatSync(join(target, 'lib', 'libpq.so.5')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(target, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
    expect(lines).toEqual([
      expect.stringContaining(`copied the embedded PostgreSQL binaries to ${target}`),
    ]);

    // Once per version: a second start uses the copy, even with the package gone.
    rmSync(native, { recursive: true });
    expect(copy()).toBe(bin);
    expect(lines).toHaveLength(1);
  });

  it('leaves no half-made copy behind when the copy fails', () => {
    rmSync(join(native, 'bin', 'initdb'));
    expect(copy).toThrow(EmbeddedDatabaseError);
    expect(copy).toThrow(/could not be made .*set DATABASE_URL/);
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it('refuses a copy that others could have written to', () => {
    const bin = copy();
    chmodSync(join(bin, '..'), 0o777);
    expect(copy).toThrow(/must belong to root and be writable by root alone/);
  });

  it('says when the cache itself is out of reach', () => {
    cache = join(work, 'closed', 'cache');
    expect(copy).toThrow(/cannot reach .* \(.*closed is not traversable\)/);
  });
});
