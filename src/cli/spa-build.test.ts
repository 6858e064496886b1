import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildDashboard, dashboardNeedsBuild } from './spa-build';

/*
 * `npm start` builds the dashboard in its own process when dist/ is missing or stale (a fresh clone, a
 * pull). A page of its own stands in for the dashboard here: what is checked is what the build leaves
 * behind in the process, not the dashboard.
 */
const root = mkdtempSync(join(tmpdir(), 'finvis-spa-build-'));
const outDir = join(root, 'dist');
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Finvis</title><p>built</p>\n');
const nodeEnvOfTheRunner = process.env.NODE_ENV;

afterEach(() => {
  if (nodeEnvOfTheRunner === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnvOfTheRunner;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('building the dashboard inside npm start', () => {
  it('leaves NODE_ENV unset when it was unset, so the sandbox keeps its live updates', async () => {
    delete process.env.NODE_ENV;
    expect(dashboardNeedsBuild(root, outDir)).toBe(true);

    await buildDashboard(root, outDir);

    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
    expect(dashboardNeedsBuild(root, outDir)).toBe(false);
    expect(process.env.NODE_ENV).toBeUndefined();
  });

  it('keeps a NODE_ENV that was set', async () => {
    process.env.NODE_ENV = 'development';
    await buildDashboard(root, outDir);
    expect(process.env.NODE_ENV).toBe('development');
  });
});
