import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { CFO, chooseTheme, openPage, sek } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

test.describe.configure({ timeout: 180_000 });

interface CashflowBody {
  interval: string;
  periods: { period: string; inflow: { amount: string }; closing_balance: { amount: string } }[];
}

/** The cashflow the page asked for with `interval`, fetched again independently with its session. */
async function apiCashflow(page: Page, interval: string, act: () => Promise<void>): Promise<CashflowBody> {
  const requested = page.waitForRequest(
    (request) =>
      request.url().includes('/api/reporting/cashflow') &&
      request.url().includes(`interval=${interval}`) &&
      !request.url().includes('account_id='),
  );
  await act();
  const request = await requested;
  const response = await page.request.get(request.url(), {
    headers: { authorization: bearerOf(request) },
    timeout: 60_000,
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as CashflowBody;
}

test('the cashflow chart and its table follow the interval and the intra-group toggle, with the API’s numbers', async ({
  page,
}) => {
  await signIn(page, CFO);
  const months = await apiCashflow(page, 'month', () => openPage(page, 'Kassaflöde'));
  const chart = page.getByTestId('cashflow-chart');
  const table = page.getByTestId('cashflow-table');

  await expect(chart).toHaveAttribute('data-interval', 'month');
  await expect(table).toHaveAttribute('data-interval', 'month');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(chart).toHaveAttribute('data-points', String(months.periods.length));
  await expect(table.locator('tbody tr')).toHaveCount(months.periods.length);
  await expect(chart.locator('figcaption')).toContainText(`per månad: ${months.periods.length} perioder`);
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-\d{2}$/);
  await expect(chart.locator('.recharts-xAxis-tick-labels text').first()).toHaveText(/^\p{L}+\.? \d{4}$/u);
  // The table's numbers are the API's, in sv-SE.
  const firstMonth = months.periods[0];
  if (!firstMonth) throw new Error('no periods');
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText(
    sek(firstMonth.inflow.amount, 'sv-SE'),
  );
  await expect(table.locator('tbody tr').first().locator('td').last()).toHaveText(
    sek(firstMonth.closing_balance.amount, 'sv-SE'),
  );

  // By keyboard: the chart takes focus and the arrow keys step through the periods, each with its exact
  // figures, the same as its table row.
  await chart.locator('[tabindex="0"]').first().focus();
  const tooltip = chart.locator('.recharts-tooltip-wrapper');
  await expect(tooltip).toContainText(sek(firstMonth.closing_balance.amount, 'sv-SE'));
  await expect(tooltip).toContainText(sek(firstMonth.inflow.amount, 'sv-SE'));
  const secondMonth = months.periods[1];
  if (secondMonth) {
    await page.keyboard.press('ArrowRight');
    await expect(tooltip).toContainText(sek(secondMonth.closing_balance.amount, 'sv-SE'));
  }
  await page.keyboard.press('Escape');

  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: 'e2e/screenshots/cashflow-light.png', fullPage: true });
  await chooseTheme(page, 'Tema', 'dark');
  await page.screenshot({ path: 'e2e/screenshots/cashflow-dark.png', fullPage: true });
  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');

  // Intra-group transfers: shown apart (bars and a column), or hidden from both.
  const legend = chart.locator('.recharts-legend-wrapper');
  await expect(legend).toContainText('Koncerninternt netto');
  await expect(table.getByRole('columnheader', { name: 'Koncerninternt netto' })).toBeVisible();
  const intraToggle = page.getByLabel('Visa koncerninterna överföringar');
  // A click, not check(): the box follows the URL, which the router updates a moment later.
  await intraToggle.click();
  await expect(intraToggle).not.toBeChecked();
  await expect(page).toHaveURL(/intra=hide/);
  await expect(legend).not.toContainText('Koncerninternt');
  await expect(table.getByRole('columnheader', { name: 'Koncerninternt netto' })).toHaveCount(0);
  await intraToggle.click();
  await expect(intraToggle).toBeChecked();
  await expect(legend).toContainText('Koncerninternt netto');

  // Weeks: the chart and the table change together.
  const weeks = await apiCashflow(page, 'week', () => page.getByRole('button', { name: 'Vecka' }).click());
  await expect(chart).toHaveAttribute('data-interval', 'week', { timeout: 30_000 });
  await expect(table).toHaveAttribute('data-interval', 'week');
  await expect(chart).toHaveAttribute('data-points', String(weeks.periods.length));
  await expect(table.locator('tbody tr')).toHaveCount(weeks.periods.length);
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-W\d{2}$/);
  await expect(chart.locator('.recharts-xAxis-tick-labels text').first()).toHaveText(/^v\. \d{1,2}$/);
  await expect(page).toHaveURL(/interval=week/);

  // The table's periods export as CSV, one line per period.
  const periods = await table.locator('tbody th').allTextContents();
  expect(periods).toEqual(weeks.periods.map((period) => period.period));
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportera CSV' }).click();
  const csv = (await readFile(await (await downloading).path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]?.startsWith('period;start;end;opening_balance;')).toBe(true);
  expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(periods);

  // Days: 30 of them by default.
  await page.getByRole('button', { name: 'Dag' }).click();
  // A day-by-day report is the API's slowest: allow it more than the default ten seconds.
  await expect(chart).toHaveAttribute('data-interval', 'day', { timeout: 45_000 });
  await expect(chart).toHaveAttribute('data-points', '30');
  await expect(table.locator('tbody tr')).toHaveCount(30);
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-\d{2}-\d{2}$/);

  // English: the chart's labels and the table's money in en-GB.
  await page.getByLabel('Språk').selectOption('en');
  await expect(chart.locator('figcaption')).toContainText('per day: 30 periods');
  await expect(chart.locator('.recharts-xAxis-tick-labels text').first()).toHaveText(
    /^\d{1,2} [A-Z][a-z]{2}$/,
  );
  await expect(table.locator('tbody tr').first().locator('td').last()).toHaveText(/^SEK\s-?[\d,]+\.\d{2}$/);
});
