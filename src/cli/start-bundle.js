// @ts-check
/*
 * The bundle `npm start` runs (launch.js): `src/cli/start.ts` and the sources it imports in one file, built by
 * esbuild, with packages left outside, and known to be stale once a file it was built from or the lockfile
 * changed. Plain JavaScript: it runs before any TypeScript loader.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Besides the sources: a change of packages (the lockfile) or of how bundles are made changes the bundle. */
const ALWAYS_CHECKED = ['package-lock.json', 'src/cli/start-bundle.js'];

/**
 * @typedef {{ root: string; entry: string; cacheDir: string }} BundleSpec
 * @typedef {Record<string, { mtimeMs: number; size: number }>} Inputs
 */

/** @param {BundleSpec} spec */
export function bundlePath(spec) {
  return join(spec.cacheDir, 'start.mjs');
}

/** @param {string} root @param {string[]} paths @returns {Inputs} */
function stamp(root, paths) {
  /** @type {Inputs} */
  const inputs = {};
  for (const path of paths) {
    const stat = statSync(join(root, path), { throwIfNoEntry: false });
    inputs[path] = stat ? { mtimeMs: stat.mtimeMs, size: stat.size } : { mtimeMs: -1, size: -1 };
  }
  return inputs;
}

/** Whether the bundle exists and every file it was built from is as it was then. @param {BundleSpec} spec */
export function bundleIsFresh(spec) {
  try {
    statSync(bundlePath(spec));
    /** @type {Inputs} */
    const built = JSON.parse(readFileSync(join(spec.cacheDir, 'inputs.json'), 'utf8'));
    // A bundle made before a file was always checked cannot say how that file stood.
    if (!ALWAYS_CHECKED.every((path) => path in built)) return false;
    const now = stamp(spec.root, Object.keys(built));
    return Object.entries(built).every(
      ([path, was]) => now[path]?.mtimeMs === was.mtimeMs && now[path]?.size === was.size,
    );
  } catch {
    return false;
  }
}

/**
 * Bundles `spec.entry` and the sources it imports. Each source keeps its own `import.meta.url` (and
 * `filename`, `dirname`), so paths
 * worked out from it (the migrations, the dashboard's dist/, the repository) stay what they are in src/.
 * Written beside the cache and renamed into place, so a start running meanwhile never reads half a file.
 * @param {BundleSpec} spec
 */
export async function buildBundle(spec) {
  const { build } = await import('esbuild');
  const staging = join(spec.cacheDir, `building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const sources = join(spec.root, 'src') + '/';
  try {
    const result = await build({
      entryPoints: [spec.entry],
      absWorkingDir: spec.root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      // Made for its final place, so the map names the sources relative to it; written to staging below.
      outfile: bundlePath(spec),
      write: false,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'own-import-meta-url',
          setup(plugin) {
            plugin.onLoad({ filter: /\.ts$/ }, async (args) => {
              if (!args.path.startsWith(sources)) return undefined;
              const text = await readFile(args.path, 'utf8');
              const own = {
                'import.meta.url': pathToFileURL(args.path).href,
                'import.meta.filename': args.path,
                'import.meta.dirname': dirname(args.path),
              };
              return {
                contents: text.replace(/import\.meta\.(url|filename|dirname)\b/g, (found) =>
                  JSON.stringify(own[/** @type {keyof typeof own} */ (found)]),
                ),
                loader: 'ts',
              };
            });
          },
        },
      ],
    });
    for (const file of result.outputFiles) writeFileSync(join(staging, basename(file.path)), file.contents);
    // The metafile names its inputs relative to absWorkingDir, the repository.
    const inputs = stamp(spec.root, [...Object.keys(result.metafile.inputs), ...ALWAYS_CHECKED]);
    writeFileSync(join(staging, 'inputs.json'), JSON.stringify(inputs));
    // The map and the inputs first: whoever sees the new bundle sees what belongs to it.
    renameSync(join(staging, 'start.mjs.map'), join(spec.cacheDir, 'start.mjs.map'));
    renameSync(join(staging, 'inputs.json'), join(spec.cacheDir, 'inputs.json'));
    renameSync(join(staging, 'start.mjs'), bundlePath(spec));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
