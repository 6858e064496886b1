import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, bundleIsFresh, bundlePath } from './start-bundle.js';

/*
 * `npm start` runs a bundle of the sources (launch.js, start-bundle.js); these build one from a small project of the same
 * shape: an entry in src/ importing a module that works out a path from its own import.meta.url, as the
 * migrations folder and the dashboard's dist/ are found.
 */
const root = mkdtempSync(join(tmpdir(), 'finvis-launch-'));
const spec = {
  root,
  entry: join(root, 'src', 'cli', 'start.ts'),
  cacheDir: join(root, 'node_modules', '.cache', 'finvis-start'),
};

function writeProject(greeting: string): void {
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'src', 'api', 'db'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'api', 'db', 'client.ts'),
    `export const migrations: string = new URL('./migrations', import.meta.url).href;\n` +
      `export const folder: string = import.meta.dirname;\n`,
  );
  writeFileSync(
    spec.entry,
    `import { folder, migrations } from '../api/db/client.ts';\n` +
      `export const greeting: string = ${JSON.stringify(greeting)};\n` +
      `export async function startCommand(): Promise<void> {\n  process.stdout.write(JSON.stringify({ greeting, migrations, folder }));\n}\n`,
  );
}

/** What the bundle's startCommand prints, run by plain Node as `npm start` runs it. */
function runBundle(): { greeting: string; migrations: string; folder: string } {
  const url = pathToFileURL(bundlePath(spec)).href;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `await (await import(${JSON.stringify(url)})).startCommand();`],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as { greeting: string; migrations: string; folder: string };
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the bundle npm start runs', () => {
  it('is missing, then built, and its modules keep their own import.meta.url', async () => {
    writeProject('hej');
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    expect(bundleIsFresh(spec)).toBe(false);
    await buildBundle(spec);
    expect(bundleIsFresh(spec)).toBe(true);
    expect(runBundle()).toEqual({
      greeting: 'hej',
      migrations: pathToFileURL(join(root, 'src', 'api', 'db', 'migrations')).href,
      folder: join(root, 'src', 'api', 'db'),
    });
  });

  it('has a source map naming the sources where they are, so stack traces point into src/', () => {
    const map = JSON.parse(readFileSync(`${bundlePath(spec)}.map`, 'utf8')) as { sources: string[] };
    const sources = map.sources.map((source) => resolve(dirname(bundlePath(spec)), source));
    expect(sources.sort()).toEqual([join(root, 'src', 'api', 'db', 'client.ts'), spec.entry].sort());
  });

  it('is stale once a source it was built from changes, and rebuilt with the change', async () => {
    writeProject('hej då');
    expect(bundleIsFresh(spec)).toBe(false);
    await buildBundle(spec);
    expect(bundleIsFresh(spec)).toBe(true);
    expect(runBundle().greeting).toBe('hej då');
  });

  it('is stale when it was made before the bundler checked itself', async () => {
    await buildBundle(spec);
    const manifest = join(spec.cacheDir, 'inputs.json');
    const inputs = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(inputs)).toContain('src/cli/start-bundle.js');
    delete inputs['src/cli/start-bundle.js'];
    writeFileSync(manifest, JSON.stringify(inputs));
    expect(bundleIsFresh(spec)).toBe(false);
    await buildBundle(spec);
    expect(bundleIsFresh(spec)).toBe(true);
  });

  it('is stale once the lockfile changes (the packages it imports may have)', () => {
    expect(bundleIsFresh(spec)).toBe(true);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
    expect(bundleIsFresh(spec)).toBe(false);
  });
});
