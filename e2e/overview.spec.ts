import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { formatMoney, parseAmount } from '../src/banking/money';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

// Several pages, each scanned by axe: more than the default minute.
test.describe.configure({ timeout: 180_000 });

const CFO = 'Astrid Lindqvist';

function minor(amount: string): bigint {
  const parsed = parseAmount(amount, 'SEK');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function sek(amount: string, locale: 'sv-SE' | 'en-GB'): string {
  return formatMoney(minor(amount), 'SEK', locale, { currencyDisplay: 'code' });
}

async function chooseTheme(page: Page, label: 'Tema' | 'Theme', theme: 'light' | 'dark'): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).selectOption(theme);
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/dark/);
  else await expect(page.locator('html')).not.toHaveClass(/dark/);
}

test('the overview total equals the API positions, in sv-SE and then en-GB; drill into a company and an account', async ({
  page,
}) => {
  const positionsRequest = page.waitForRequest(
    (request) =>
      request.url().includes('/api/reporting/positions') && request.url().includes('group_by=company'),
  );
  await signIn(page, CFO);
  const request = await positionsRequest;

  // The same call, made independently with the page's own session.
  const api = await page.request.get(request.url(), { headers: { authorization: bearerOf(request) } });
  expect(api.status()).toBe(200);
  const positions = (await api.json()) as { total: { amount: string; currency: string }; date: string };
  expect(positions.total.currency).toBe('SEK');

  const total = page.getByTestId('total-liquidity');
  await expect(total).toHaveText(sek(positions.total.amount, 'sv-SE'));
  await expect(total).toHaveText(/^−?\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0SEK$/);
  await expect(page.getByTestId('positions-company')).toBeVisible();

  // The change since yesterday: today's total minus the total at the end of the day before.
  const yesterdayUrl = new URL(request.url());
  const today = new Date(`${positions.date}T12:00:00Z`);
  yesterdayUrl.searchParams.set('date', new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10));
  const yesterday = (await (
    await page.request.get(yesterdayUrl.toString(), { headers: { authorization: bearerOf(request) } })
  ).json()) as { total: { amount: string } };
  const change = minor(positions.total.amount) - minor(yesterday.total.amount);
  const changeText = formatMoney(change, 'SEK', 'sv-SE', { currencyDisplay: 'code' });
  await expect(page.getByTestId('change-since-yesterday')).toContainText(
    `${change > 0n ? '+' : ''}${changeText}`,
  );
  await expectNoAxeViolations(page);

  await chooseTheme(page, 'Tema', 'light');
  await page.screenshot({ path: 'e2e/screenshots/overview-light.png', fullPage: true });
  await chooseTheme(page, 'Tema', 'dark');
  await page.screenshot({ path: 'e2e/screenshots/overview-dark.png', fullPage: true });
  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');

  // English: en-GB formats, and only the language is remembered.
  await page.getByLabel('Språk').selectOption('en');
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible();
  await expect(total).toHaveText(sek(positions.total.amount, 'en-GB'));
  await expect(total).toHaveText(/^SEK\s-?\d{1,3}(,\d{3})*\.\d{2}$/);
  const stored = await page.evaluate(() => ({ ...window.localStorage }));
  expect(stored['finvis.lang']).toBe('en');
  expect(JSON.stringify(stored)).not.toMatch(/eyJ/);

  // Positions by bank and by currency.
  await page.getByRole('button', { name: 'Bank', exact: true }).click();
  await expect(page.getByTestId('positions-bank')).toBeVisible();
  await page.getByRole('button', { name: 'Currency', exact: true }).click();
  await expect(
    page.getByTestId('positions-currency').getByRole('rowheader', { name: 'SEK', exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Company', exact: true }).click();

  // The koncern tree: the parent with all its subsidiaries holds the whole total; it collapses and expands.
  const tree = page.getByTestId('positions-company');
  await expect(tree.locator('tbody tr').first().locator('td').last()).toHaveText(
    sek(positions.total.amount, 'en-GB'),
  );
  const rowCount = await tree.locator('tbody tr').count();
  await tree
    .getByRole('button', { name: /^Hide the subsidiaries of/ })
    .first()
    .click();
  await expect(tree.locator('tbody tr')).toHaveCount(1);
  await tree
    .getByRole('button', { name: /^Show the subsidiaries of/ })
    .first()
    .click();
  await expect(tree.locator('tbody tr')).toHaveCount(rowCount);

  // Drill into a company: its accounts.
  const companyLink = page.getByTestId('positions-company').getByRole('link').first();
  const companyName = (await companyLink.textContent()) ?? '';
  await companyLink.click();
  await expect(page).toHaveURL(/\/accounts\?.*company=co_/);
  await expect(page.getByLabel('Company')).toHaveValue(/^co_/);
  const accounts = page.getByTestId('accounts-table');
  await expect(accounts.getByRole('row').nth(1)).toContainText(companyName);
  await expectNoAxeViolations(page);

  // And into an account: details and its transactions.
  const accountLink = accounts.getByRole('link').first();
  const accountName = (await accountLink.textContent()) ?? '';
  await accountLink.click();
  await expect(page.getByRole('heading', { level: 2, name: accountName })).toBeVisible();
  await expect(page.getByTestId('account-booked')).toHaveText(/\d/);
  await expect(page.getByTestId('transactions-table').getByRole('row').nth(1)).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the cashflow table follows the interval', async ({ page }) => {
  await signIn(page, CFO);
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kassaflöde' }).click();
  const table = page.getByTestId('cashflow-table');
  await expect(table).toHaveAttribute('data-interval', 'month');
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-\d{2}$/);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: 'e2e/screenshots/cashflow-light.png', fullPage: true });
  await chooseTheme(page, 'Tema', 'dark');
  await page.screenshot({ path: 'e2e/screenshots/cashflow-dark.png', fullPage: true });
  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');

  await page.getByRole('button', { name: 'Vecka' }).click();
  await expect(table).toHaveAttribute('data-interval', 'week', { timeout: 30_000 });
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-W\d{2}$/);
  await expect(page).toHaveURL(/interval=week/);

  // The table's periods export as CSV, one line per period.
  const periods = await table.locator('tbody th').allTextContents();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportera CSV' }).click();
  const csv = (await readFile(await (await downloading).path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]?.startsWith('period;start;end;opening_balance;')).toBe(true);
  expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(periods);

  await page.getByRole('button', { name: 'Dag' }).click();
  // A day-by-day report is the API's slowest: allow it more than the default ten seconds.
  await expect(table).toHaveAttribute('data-interval', 'day', { timeout: 45_000 });
  await expect(table.locator('tbody tr')).toHaveCount(30);
  await expect(table.locator('tbody th').first()).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
});

test('filtered transactions export as CSV whose rows match the API', async ({ page }) => {
  await signIn(page, CFO);
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Transaktioner' })
    .click();
  await expect(page.getByTestId('transactions-table')).toBeVisible();
  await expectNoAxeViolations(page);

  const filtered = page.waitForRequest(
    (request) => request.url().includes('/api/transactions') && request.url().includes('direction=out'),
  );
  await page.getByLabel('Riktning').selectOption('out');
  await page.getByLabel('Valuta').selectOption('SEK');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  const request = await filtered;
  await expect(page).toHaveURL(/direction=out/);
  const table = page.getByTestId('transactions-table');
  await expect(table.locator('tbody tr').first()).toContainText('SEK');

  const api = await page.request.get(request.url(), { headers: { authorization: bearerOf(request) } });
  const body = (await api.json()) as {
    results: { id: string; amount: { amount: string; currency: string }; booking_date: string }[];
  };
  expect(body.results.length).toBeGreaterThan(0);
  for (const row of body.results) {
    expect(row.amount.amount.startsWith('-')).toBe(true);
    expect(row.amount.currency).toBe('SEK');
  }

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportera CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('transactions.csv');
  const path = await download.path();
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id;account_id;booking_date;value_date;amount;currency;counterparty_name;message;ocr;bank_reference;intra_group;reconciliation_state',
  );
  const rows = lines.slice(1).map((line) => line.split(';'));
  expect(rows.map((row) => row[0])).toEqual(body.results.map((row) => row.id));
  expect(rows.map((row) => row[4])).toEqual(body.results.map((row) => row.amount.amount.replace('.', ',')));
  expect(rows.map((row) => row[2])).toEqual(body.results.map((row) => row.booking_date));
});

test('the placeholders say plainly that they come later', async ({ page }) => {
  await signIn(page, CFO);
  for (const name of ['Betalningar', 'Attester', 'Avstämning', 'Inställningar']) {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(page.getByText('kommer i en senare version')).toBeVisible();
  }
  await expectNoAxeViolations(page);
});
