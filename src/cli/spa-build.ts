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

/**
 * Builds the dashboard into `staticDir` inside this process. Vite sets `NODE_ENV=production` for the
 * whole process when it finds none; `npm start` reads NODE_ENV after the build (the sandbox's webhook
 * allowance, which the live updates need), so the build must leave it as it found it.
 */
export async function buildDashboard(root: string, staticDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  try {
    const { build } = await import('vite');
    await build({ root, logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
