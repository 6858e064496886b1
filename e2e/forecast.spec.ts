import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { formatAmount } from '../src/banking/money';
import { CFO, chooseTheme, minor, openPage, sek } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

test.describe.configure({ timeout: 180_000 });

interface Sek {
  amount: string;
}

interface ForecastBody {
  interval: string;
  periods: unknown[];
  forecast: {
    weeks: number;
    lowest: { date: string; balance: Sek } | null;
    periods: {
      kind: string;
      period: string;
      closing_balance: Sek;
      band_80: { low: Sek; high: Sek };
      band_95: { low: Sek; high: Sek };
      known_flows: { counterparty: string; sek: Sek }[];
    }[];
  } | null;
}

interface AccuracyBody {
  origins: number;
  mape: number;
  coverage_80: number;
  baseline_mape: number;
}

/** The answer to a request the dashboard made, fetched again with the page's own session. */
async function answerOf<Body>(page: Page, request: Request): Promise<Body> {
  const response = await page.request.get(request.url(), {
    headers: { authorization: bearerOf(request) },
    timeout: 60_000,
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as Body;
}

interface WarningsBody {
  companies: { company_id: string; name: string; lowest: { balance: Sek } }[];
}

/**
 * The treasurer (who manages payments, and so buffers) sets, on the settings page, a liquidity buffer
 * 1 000 000 kr above the lowest projected balance of the company that runs lowest (at least
 * 1 000 000 kr: a buffer is never negative): the forecast must then warn about it.
 */
async function setBufferAsTreasurer(browser: Browser): Promise<{ name: string; buffer: string }> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  const page = await context.newPage();
  const firstCall = page.waitForRequest(
    (request) => request.url().includes('/api/') && request.headers()['authorization'] !== undefined,
  );
  await signIn(page, 'David Holm');
  const warnings = await page.request.get('/api/reporting/forecast/warnings', {
    headers: { authorization: bearerOf(await firstCall) },
    timeout: 60_000,
  });
  expect(warnings.status()).toBe(200);
  const { companies } = (await warnings.json()) as WarningsBody;
  const lowest = [...companies].sort((a, b) =>
    minor(a.lowest.balance.amount) < minor(b.lowest.balance.amount) ? -1 : 1,
  )[0];
  if (!lowest) throw new Error('no companies');
  const above = minor(lowest.lowest.balance.amount) + 100_000_000n;
  const buffer = formatAmount(above > 100_000_000n ? above : 100_000_000n, 'SEK');
  await openPage(page, 'Inställningar');
  await page.getByRole('textbox', { name: `Ny buffert i SEK för ${lowest.name}` }).fill(buffer);
  await page.getByRole('button', { name: `Spara bufferten för ${lowest.name}` }).click();
  await expect(
    page.getByTestId('liquidity-buffers').locator(`tr[data-company-id="${lowest.company_id}"]`),
  ).toContainText(sek(buffer, 'sv-SE'));
  await context.close();
  return { name: lowest.name, buffer };
}

const share = (fraction: number, locale: 'sv-SE' | 'en-GB') =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);

test('the CFO sees the 13-week forecast, its bands, its accuracy in words, a week’s known flows and a buffer warning', async ({
  page,
  browser,
}) => {
  const shortOfBuffer = await setBufferAsTreasurer(browser);
  await signIn(page, CFO);
  const accuracyRequest = page.waitForRequest((request) =>
    request.url().includes('/api/reporting/forecast/accuracy'),
  );
  await openPage(page, 'Kassaflöde');
  const accuracyText = page.getByTestId('forecast-accuracy');
  // The backtest is the API's heaviest report: ask again only once the page has its answer.
  await expect(accuracyText).toBeVisible({ timeout: 60_000 });
  const backtest = await answerOf<AccuracyBody>(page, await accuracyRequest);
  const weekRequest = page.waitForRequest(
    (request) => request.url().includes('interval=week') && request.url().includes('forecast_weeks=13'),
  );
  await page.getByRole('button', { name: 'Vecka' }).click();
  const chart = page.getByTestId('cashflow-chart');
  await expect(chart).toHaveAttribute('data-interval', 'week', { timeout: 60_000 });
  const weeks = await answerOf<ForecastBody>(page, await weekRequest);
  expect(weeks.interval).toBe('week');
  const forecast = weeks.forecast;
  if (!forecast) throw new Error('no forecast');
  expect(forecast.weeks).toBe(13);
  expect(forecast.periods.every((period) => period.kind === 'forecast')).toBe(true);

  // The accuracy in words, with the API's own numbers.
  expect(backtest.origins).toBeGreaterThan(0);
  await expect(accuracyText).toContainText(
    `Senaste 12 månaderna: veckosaldot inom ${share(backtest.mape, 'sv-SE')} i genomsnitt; ` +
      `${share(backtest.coverage_80, 'sv-SE')} av veckorna inom 80 %-intervallet.`,
  );
  await expect(accuracyText).toContainText(`missade med ${share(backtest.baseline_mape, 'sv-SE')}`);

  // The chart continues into the forecast; the forecast table lists each period with its bands.
  await expect(chart).toHaveAttribute('data-points', String(weeks.periods.length));
  await expect(chart).toHaveAttribute('data-forecast-points', String(forecast.periods.length));
  await expect(chart.locator('.recharts-area-area').first()).toBeVisible();
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('80 %-intervall');
  const table = page.getByTestId('forecast-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(forecast.periods.length);
  const first = forecast.periods[0];
  if (!first) throw new Error('no forecast period');
  await expect(rows.first().locator('th')).toContainText(`${first.period} Prognos`);
  await expect(rows.first().locator('td').nth(4)).toHaveText(sek(first.closing_balance.amount, 'sv-SE'));
  await expect(rows.first().locator('td').nth(5)).toHaveText(
    `${sek(first.band_80.low.amount, 'sv-SE')} – ${sek(first.band_80.high.amount, 'sv-SE')}`,
  );
  if (forecast.lowest) {
    await expect(page.getByTestId('forecast-lowest')).toHaveText(
      new RegExp(`^Lägsta prognostiserade saldo: ${sek(forecast.lowest.balance.amount, 'sv-SE')} den `),
    );
    await expect(chart.getByText('Lägsta')).toBeVisible();
  }

  // A week's known flows, from the table: each one with its date and amount.
  const busiest = [...forecast.periods].sort((a, b) => b.known_flows.length - a.known_flows.length)[0];
  if (!busiest || busiest.known_flows.length === 0) throw new Error('no known flows in the demo forecast');
  const open = table.getByRole('button', { name: `Visa kända flöden för ${busiest.period}` });
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const drillDown = page.getByTestId('known-flows');
  await expect(drillDown).toHaveAttribute('data-period', busiest.period);
  const flows = page.getByTestId('known-flows-table').locator('tbody tr');
  await expect(flows).toHaveCount(busiest.known_flows.length);
  const firstFlow = busiest.known_flows[0];
  if (!firstFlow) throw new Error('no known flow');
  await expect(flows.first()).toContainText(firstFlow.counterparty);
  await expect(flows.first().locator('td').last()).toHaveText(sek(firstFlow.sek.amount, 'sv-SE'));

  // By keyboard in the chart: the arrow keys step past the history into the forecast, Enter opens it.
  await chart.locator('[tabindex="0"]').first().focus();
  for (let step = 0; step < weeks.periods.length + 1; step += 1) await page.keyboard.press('ArrowRight');
  const second = forecast.periods[1];
  if (!second) throw new Error('a one-week forecast');
  await expect(chart.locator('.recharts-tooltip-wrapper')).toContainText('Prognos v.');
  await expect(chart.locator('.recharts-tooltip-wrapper')).toContainText(
    sek(second.band_95.high.amount, 'sv-SE'),
  );
  await page.keyboard.press('Enter');
  await expect(drillDown).toHaveAttribute('data-period', second.period);
  await expect(drillDown.getByRole('heading')).toBeFocused();

  // By pointer: hover a forecast bar, click, and its week opens.
  await chart.scrollIntoViewIfNeeded();
  const plot = await chart.locator('.recharts-wrapper').boundingBox();
  if (!plot) throw new Error('no chart');
  await page.mouse.move(plot.x + plot.width * 0.85, plot.y + plot.height * 0.4);
  const title = chart.locator('.recharts-tooltip-wrapper p').first();
  await expect(title).toHaveText(/^Prognos v\. \d+$/);
  const week = (await title.textContent())?.replace('Prognos ', '') ?? '';
  await page.mouse.down();
  await page.mouse.up();
  await expect(drillDown.getByRole('heading')).toContainText(`Kända flöden ${week}`);

  // The company short of its buffer: warned about in words, its weeks shaded and marked in the table.
  const warnings = page.getByTestId('liquidity-warnings');
  await expect(warnings).toContainText(
    `${shortOfBuffer.name} väntas hamna under sin buffert på ${sek(shortOfBuffer.buffer, 'sv-SE')} den `,
  );
  await expect(chart.locator('.recharts-reference-area').first()).toBeAttached();
  await expect(table.locator('tbody tr[data-below-buffer="true"]').first()).toContainText('Under buffert');
  await expect(page.getByTestId('forecast-summary')).toContainText('Skuggade perioder');

  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'dark');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: 'e2e/screenshots/forecast-dark.png', fullPage: true });
  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');
  await page.screenshot({ path: 'e2e/screenshots/forecast-light.png', fullPage: true });

  // English: the same numbers in en-GB.
  await page.getByLabel('Språk').selectOption('en');
  await expect(accuracyText).toContainText(
    `Last 12 months: weekly balance within ${share(backtest.mape, 'en-GB')} on average; ` +
      `${share(backtest.coverage_80, 'en-GB')} of weeks inside the 80% band.`,
  );
  await expect(rows.first().locator('td').nth(4)).toHaveText(sek(first.closing_balance.amount, 'en-GB'));
});
