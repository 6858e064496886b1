/**
 * What the overview costs before its first render: the gzipped JavaScript of the entry, everything it
 * imports statically, and the overview route's own chunk with its static imports (what the browser must
 * fetch before it can draw the overview), from a production build's manifest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';

export const OVERVIEW_BUDGET_BYTES = 180 * 1024;
const OVERVIEW_MODULE = 'src/app/features/overview/OverviewPage.tsx';

export interface SpaSize {
  files: { file: string; gzip_bytes: number }[];
  overview_gzip_bytes: number;
  budget_bytes: number;
  all_javascript_gzip_bytes: number;
}

/** The chunk of `key` and every chunk it imports statically (not its dynamic imports). */
function staticClosure(manifest: Manifest, key: string, into: Set<string>): void {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
}

export async function measureSpaSize(root: string): Promise<SpaSize> {
  const outDir = mkdtempSync(join(tmpdir(), 'finvis-spa-size-'));
  try {
    await build({
      root,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
    if (!entry) throw new Error('the build has no entry chunk');
    const needed = new Set<string>();
    staticClosure(manifest, entry, needed);
    // Where the overview is a route chunk of its own, the browser fetches it before the first render too.
    staticClosure(manifest, OVERVIEW_MODULE, needed);
    const gzipOf = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;
    const files = [...needed]
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({ file, gzip_bytes: gzipOf(file) }))
      .sort((a, b) => b.gzip_bytes - a.gzip_bytes);
    const allJs = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((f) =>
      f.endsWith('.js'),
    );
    return {
      files,
      overview_gzip_bytes: files.reduce((sum, f) => sum + f.gzip_bytes, 0),
      budget_bytes: OVERVIEW_BUDGET_BYTES,
      all_javascript_gzip_bytes: allJs.reduce((sum, file) => sum + gzipOf(file), 0),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function describeSpaSize(size: SpaSize): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    'JavaScript the overview needs before its first render (gzip):',
    ...size.files.map((f) => `  ${f.file.padEnd(48)} ${kb(f.gzip_bytes).padStart(10)}`),
    `  ${'total'.padEnd(48)} ${kb(size.overview_gzip_bytes).padStart(10)}   budget ${kb(size.budget_bytes)}: ${size.overview_gzip_bytes <= size.budget_bytes ? 'yes' : 'NO'}`,
    `All JavaScript of the app (every route, gzip): ${kb(size.all_javascript_gzip_bytes)}`,
  ].join('\n');
}
