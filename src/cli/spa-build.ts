import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const APP_SOURCES = ['index.html', 'vite.config.ts', 'src/app', 'src/contract', 'src/banking', 'public'];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than any source of the dashboard. */
export function dashboardNeedsBuild(root: string, staticDir: string): boolean {
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return APP_SOURCES.some((source) => newestModification(join(root, source)) > built);
}

export async function buildDashboard(root: string, staticDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true } });
}
