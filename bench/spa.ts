/**
 * The dashboard's first load: the gzipped JavaScript the overview needs before its first render (from a
 * production build), and Lighthouse (desktop preset, the system Chromium) on the dashboard served by
 * `npm start`:
 * - a cold first visit of `/` (navigation mode: performance, accessibility, best practices), which loads
 *   the same bundle the overview renders from, up to the sign-in screen;
 * - the overview after signing in as the CFO (snapshot mode: accessibility and best practices of the
 *   page with its data; Lighthouse cannot navigate to it, since the session lives in the page's memory).
 *
 *   npx tsx bench/spa.ts [--size-only]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { desktopConfig, startFlow } from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { startProduct } from './product';
import { writeResult } from './results';
import { describeSpaSize, measureSpaSize } from './spa-size';

const { values } = parseArgs({ options: { 'size-only': { type: 'boolean', default: false } } });
const root = fileURLToPath(new URL('../', import.meta.url));
const PORT = 3980;
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';
const BUDGETS = { performance: 90, accessibility: 100, 'best-practices': 95 } as const;
type Category = keyof typeof BUDGETS;

const size = await measureSpaSize(root);
process.stdout.write(`${describeSpaSize(size)}\n`);
const figures: Record<string, unknown> = { size };
let allOk = size.overview_gzip_bytes <= size.budget_bytes;

if (!values['size-only']) {
  const staticDir = mkdtempSync(join(tmpdir(), 'finvis-spa-dist-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'finvis-spa-data-'));
  try {
    await build({
      root,
      logLevel: 'silent',
      build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
    });
    const product = await startProduct(dataDir, staticDir, PORT);
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      // A closed network: no sandbox as root, and none of Chromium's calls home.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const flow = await startFlow(page, { config: desktopConfig, name: 'Finvis dashboard' });
      await flow.navigate(`${product.url}/`, { name: 'first visit of / (cold)' });
      await page.locator('::-p-text(Logga in)').click();
      await page.locator('::-p-text(Astrid Lindqvist)').click();
      await page.waitForSelector('[data-testid="signed-in-person"]');
      await page.waitForSelector('[data-testid="total-liquidity"]', { timeout: 30_000 });
      await flow.snapshot({ name: 'overview signed in as the CFO' });
      const result = await flow.createFlowResult();
      const lines = ['', `Lighthouse (desktop preset) on ${product.url}, served by npm start`];
      const steps: Record<string, Partial<Record<Category, number>>> = {};
      for (const step of result.steps) {
        const scores: Partial<Record<Category, number>> = {};
        const parts: string[] = [];
        for (const category of Object.keys(BUDGETS) as Category[]) {
          const score = step.lhr.categories[category]?.score;
          // A snapshot has no page load to score for performance.
          if (score === null || score === undefined) continue;
          if (category === 'performance' && step.lhr.gatherMode !== 'navigation') continue;
          const points = Math.round(score * 100);
          scores[category] = points;
          const ok =
            category === 'accessibility' ? points === BUDGETS[category] : points >= BUDGETS[category];
          allOk &&= ok;
          parts.push(
            `${category} ${points} (${category === 'accessibility' ? '=' : '>='} ${BUDGETS[category]}: ${ok ? 'yes' : 'NO'})`,
          );
        }
        steps[step.name] = scores;
        lines.push(`  ${step.name.padEnd(34)} ${parts.join(', ')}`);
        const failing = Object.values(step.lhr.audits)
          .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode === 'binary')
          .map((audit) => audit.id);
        for (const id of failing) {
          const details = step.lhr.audits[id]?.details;
          const items: unknown[] = details && 'items' in details ? (details.items as unknown[]) : [];
          const where = items
            .slice(0, 5)
            .map((item) => {
              const node = (item as { node?: { selector?: string; snippet?: string } }).node;
              return node?.selector ?? JSON.stringify(item).slice(0, 160);
            })
            .join(' | ');
          lines.push(`    failing audit ${id}: ${where}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      figures.lighthouse = steps;
    } finally {
      await browser.close();
      await product.stop();
    }
  } finally {
    rmSync(staticDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const path = writeResult('spa', { ...figures, all_within_budget: allOk });
process.stdout.write(`written to ${path}\n`);
