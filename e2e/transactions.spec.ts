import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { CFO, openPage } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

test.describe.configure({ timeout: 180_000 });

interface TransactionPage {
  results: { id: string; amount: { amount: string; currency: string }; booking_date: string }[];
  next_cursor: string | null;
}

test('the transaction table scrolls through pages, keeping only a window of rows in the DOM', async ({
  page,
}) => {
  await signIn(page, CFO);
  await openPage(page, 'Transaktioner');
  const table = page.getByTestId('transactions-table');
  const count = page.getByTestId('row-count');
  await expect(count).toHaveText(/^200 rader visas$/);
  await expect(table).toHaveAttribute('aria-rowcount', '-1');
  await expect(table.locator('tbody tr[aria-rowindex]').first()).toHaveAttribute('aria-rowindex', '2');
  const rendered = await table.locator('tbody tr[aria-rowindex]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  await expectNoAxeViolations(page);

  // By keyboard: the scroll area takes focus, End goes to the bottom and the next page comes.
  const scroller = page.getByRole('region', { name: 'Transaktionslista, rulla för fler rader' });
  await scroller.focus();
  await page.keyboard.press('End');
  await expect(count).toHaveText(/^400 rader visas/);
  await page.keyboard.press('End');
  await expect(count).toHaveText(/^600 rader visas/);
  // Still a window: the DOM holds the rows near the bottom, not all 600.
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(80);
  const last = Number(await table.locator('tbody tr[aria-rowindex]').last().getAttribute('aria-rowindex'));
  expect(last).toBeGreaterThan(350);
});

test('filtered transactions export as CSV whose rows are the API’s whole filtered set', async ({ page }) => {
  await signIn(page, CFO);
  await openPage(page, 'Transaktioner');
  await expect(page.getByTestId('transactions-table')).toBeVisible();

  const filtered = page.waitForRequest(
    (request) => request.url().includes('/api/transactions') && request.url().includes('direction=out'),
  );
  await page.getByLabel('Riktning').selectOption('out');
  await page.getByLabel('Valuta').selectOption('EUR');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  const request = await filtered;
  await expect(page).toHaveURL(/direction=out/);
  await expect(page).toHaveURL(/currency=EUR/);
  const table = page.getByTestId('transactions-table');
  await expect(table.locator('tbody tr[aria-rowindex]').first()).toContainText('EUR');
  await expectNoAxeViolations(page);

  // The API's whole filtered set, walked page by page with the page's own session.
  const all: TransactionPage['results'] = [];
  const url = new URL(request.url());
  url.searchParams.set('limit', '500');
  for (;;) {
    const response = await page.request.get(url.toString(), {
      headers: { authorization: bearerOf(request) },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as TransactionPage;
    all.push(...body.results);
    if (!body.next_cursor) break;
    url.searchParams.set('cursor', body.next_cursor);
  }
  // More than the table has loaded: the export is of the set, not of the rows on screen.
  expect(all.length).toBeGreaterThan(200);
  for (const row of all) {
    expect(row.amount.amount.startsWith('-')).toBe(true);
    expect(row.amount.currency).toBe('EUR');
  }

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportera CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('transactions.csv');
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id;account_id;booking_date;value_date;amount;currency;counterparty_name;message;ocr;bank_reference;intra_group;reconciliation_state',
  );
  const rows = lines.slice(1).map((line) => line.split(';'));
  expect(rows.map((row) => row[0])).toEqual(all.map((row) => row.id));
  expect(rows.map((row) => row[4])).toEqual(all.map((row) => row.amount.amount.replace('.', ',')));
  expect(rows.map((row) => row[2])).toEqual(all.map((row) => row.booking_date));
});
