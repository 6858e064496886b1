// @ts-check
/*
 * `npm start`. Loading the servers' code as some 200 TypeScript files through tsx's loader took about 0.9 s
 * of every start on this workplace's VM (spawn to running on an existing data directory: 3.2 s through tsx,
 * 2.3 s from one bundle). So `npm start` runs plain Node on a bundle of `src/cli/start.ts` and what it
 * imports, built by esbuild into node_modules/.cache and rebuilt whenever a file it was built from (or the
 * lockfile) changed. Packages stay outside the bundle and load as they always do. The CLI's other commands
 * and the tests run the sources through tsx. Plain JavaScript: it runs before any TypeScript loader.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBundle, bundleIsFresh, bundlePath } from './start-bundle.js';

/** @returns {Promise<{ startCommand: () => Promise<void> }>} */
async function loadStart() {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const spec = {
    root,
    entry: join(root, 'src', 'cli', 'start.ts'),
    cacheDir: join(root, 'node_modules', '.cache', 'finvis-start'),
  };
  try {
    if (!bundleIsFresh(spec)) await buildBundle(spec);
    process.setSourceMapsEnabled(true);
    return await import(pathToFileURL(bundlePath(spec)).href);
  } catch (error) {
    // Without a bundle (a read-only node_modules, say) the sources still run, through tsx as the tests run them.
    process.stderr.write(
      `finvis: starting from the sources (no bundle: ${error instanceof Error ? error.message : String(error)})\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    return await import('./start.ts');
  }
}

try {
  await (await loadStart()).startCommand();
} catch (error) {
  process.stderr.write(`finvis: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
